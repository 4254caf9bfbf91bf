"""The `evalkit` command line: parses options and calls the library; no logic of its own."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from evalkit.errors import EvalkitError, os_reason

# argparse looks its messages up through its module-level `_` at call time; give it Dutch.
_ARGPARSE_NL = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "expected one argument": "verwacht één waarde",
    "expected at least one argument": "verwacht ten minste één waarde",
    "invalid %(type)s value: %(value)r": "ongeldige waarde (%(type)s): %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ongeldige keuze: %(value)r (kies uit %(choices)s)"
    ),
    "ambiguous option: %(option)s could match %(matches)s": (
        "dubbelzinnige optie: %(option)s kan %(matches)s zijn"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
}
argparse._ = lambda tekst: _ARGPARSE_NL.get(tekst, tekst)  # type: ignore[attr-defined]


def cmd_validate(args: argparse.Namespace) -> int:
    """Print per folder 'in orde' (stdout) or its problems (stderr); 1 when any was found."""
    from evalkit.data.validate import validate_path

    gevonden = False
    for map_, problemen in validate_path(args.pad):
        if not problemen:
            print(f"{map_.name}: in orde")
            continue
        gevonden = True
        n = len(problemen)
        print(f"{map_.name}: {n} {'probleem' if n == 1 else 'problemen'}", file=sys.stderr)
        for p in problemen:
            print(f"  {p}", file=sys.stderr)
    return 1 if gevonden else 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from evalkit.present.console import evaluation_output

    print(evaluation_output(args.id, ronde=args.ronde, als_json=args.json, data_dir=args.data))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from evalkit.tools.excel import write_template

    pad = write_template(args.bestand, plan_id=args.van, data_dir=args.data)
    gevuld = f", gevuld met jaarplan '{args.van}'" if args.van else ""
    print(f"Sjabloon geschreven: {pad}{gevuld}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from evalkit.tools.excel import import_workbook

    resultaat = import_workbook(args.bestand, data_dir=args.data, overschrijf=args.overschrijf)
    print("\n".join(resultaat.lines()))
    return 0


@contextlib.contextmanager
def _progress_output(eenheid: str):
    """The progress and warn callbacks of `run` and `report`: (say, warn).

    On a terminal a tqdm bar counts the finished items (`[i/n] ...` lines of the runner, a
    finished or unchanged report); the lines themselves are written above the bar. Otherwise
    (a pipe, a file, a test) every line is printed as it comes.
    """
    import re
    from functools import partial

    if not sys.stdout.isatty():
        yield partial(print, flush=True), partial(print, file=sys.stderr, flush=True)
        return
    from tqdm import tqdm

    balk = tqdm(total=None, unit=f" {eenheid}", leave=False, dynamic_ncols=True, file=sys.stdout)

    def say(regel: str) -> None:
        m = re.match(r"\[(\d+)/(\d+)\]", regel)
        if m:
            balk.total = int(m.group(2))
            balk.update(int(m.group(1)) - balk.n)
        elif re.match(r"\S+: (jaarverslag gemaakt|ongewijzigd)", regel):
            balk.update(1)
        balk.write(regel, file=sys.stdout)

    def warn(regel: str) -> None:
        balk.write(regel, file=sys.stderr)

    try:
        yield say, warn
    finally:
        balk.close()


def cmd_run(args: argparse.Namespace) -> int:
    from evalkit.build.runner import run

    with _progress_output("notebooks") as (say, warn):
        return int(run(args.ids, jobs=args.jobs, force=args.force, progress=say, warn=warn))


def cmd_report(args: argparse.Namespace) -> int:
    from evalkit.build.report import make_reports

    with _progress_output("stappen") as (say, warn):
        result = make_reports(
            args.ids,
            renderer=args.renderer,
            force=args.force,
            jobs=args.jobs,
            progress=say,
            warn=warn,
        )
    return int(result)


def cmd_review_copy(args: argparse.Namespace) -> int:
    from evalkit.tools.review import make_copy

    uitkomst = make_copy(args.id)
    print("\n".join(uitkomst.lines()))
    for waarschuwing in uitkomst.warnings:
        print(waarschuwing, file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from evalkit.tools.export import export_tables

    resultaat = export_tables(args.format, uit=args.out)
    print("\n".join(resultaat.lines()))
    return 0


def cmd_new_jaarplan(args: argparse.Namespace) -> int:
    from evalkit.tools.newplan import new_jaarplan

    resultaat = new_jaarplan(args.van, args.periode, nieuw_id=args.id)
    print("\n".join(resultaat.lines()))
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    """Print the summary of every jaarplan; a plan with an error goes to stderr (exit 1)."""
    from evalkit.present.console import all_summaries

    code = 0
    for i, uitkomst in enumerate(all_summaries(data_dir=args.data) or ()):
        if i:
            print()
        if uitkomst.fout is None:
            print(uitkomst.tekst)
        else:
            code = 1
            sys.stdout.flush()
            print(uitkomst.fout, file=sys.stderr)
    return code


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("evalkit")
    except metadata.PackageNotFoundError:
        return "onbekend"


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser (Dutch help texts)."""
    p = argparse.ArgumentParser(
        prog="evalkit",
        description="Evaluatie van jaarplannen van samenwerkingsverbanden passend onderwijs.",
    )
    p.add_argument("--version", action="version", version=f"evalkit {_version()}")
    sub = p.add_subparsers(dest="commando", required=True, metavar="COMMANDO")

    s = sub.add_parser("validate", help="controleer de data van een of alle jaarplannen")
    s.add_argument("pad", nargs="?", type=Path, help="jaarplanmap of data-map (standaard: data/)")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("evaluate", help="evalueer een jaarplan voor een ronde")
    s.add_argument("id", help="id van het jaarplan, bijv. plein013-2023")
    s.add_argument(
        "--round", "--ronde", dest="ronde", help="evaluatieronde (standaard: de laatste)"
    )
    s.add_argument("--json", action="store_true", help="uitvoer als JSON")
    s.add_argument("--data", type=Path, help="data-map (standaard: data/)")
    s.set_defaults(func=cmd_evaluate)

    s = sub.add_parser("summary", help="toon de evaluatie van alle jaarplannen")
    s.add_argument("--data", type=Path, help="data-map (standaard: data/)")
    s.set_defaults(func=cmd_summary)

    s = sub.add_parser("template", help="schrijf een Excel-sjabloon (.xlsx)")
    s.add_argument("bestand", type=Path, help="doelbestand, bijv. jaarplan.xlsx")
    s.add_argument(
        "--from", "--van", dest="van", help="vul het sjabloon met dit bestaande jaarplan"
    )
    s.add_argument("--data", type=Path, help="data-map (standaard: data/)")
    s.set_defaults(func=cmd_template)

    s = sub.add_parser("import", help="zet een ingevuld Excel-bestand om naar een jaarplanmap")
    s.add_argument("bestand", type=Path, help="ingevuld .xlsx-bestand")
    s.add_argument("--data", type=Path, help="data-map (standaard: data/)")
    s.add_argument(
        "--overwrite",
        "--overschrijf",
        dest="overschrijf",
        action="store_true",
        help="vervang een bestaande map",
    )
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("run", help="voer de notebooks uit voor alle (of de genoemde) jaarplannen")
    s.add_argument("ids", nargs="*", help="jaarplan-ids (standaard: alle parameterbestanden)")
    s.add_argument("--jobs", type=int, help="aantal parallelle uitvoeringen (standaard: #kernen)")
    s.add_argument("--force", action="store_true", help="ook uitvoeren als er niets veranderd is")
    s.set_defaults(func=cmd_run)

    s = sub.add_parser("report", help="maak het jaarverslag (HTML en PDF)")
    s.add_argument("ids", nargs="*", help="jaarplan-ids (standaard: alle)")
    s.add_argument(
        "--renderer",
        choices=("auto", "quarto", "ingebouwd"),
        default="auto",
        help="auto: Quarto als het geïnstalleerd is, anders de ingebouwde renderer",
    )
    s.add_argument(
        "--force",
        action="store_true",
        help="notebooks opnieuw uitvoeren en elk jaarverslag opnieuw renderen",
    )
    s.add_argument("--jobs", type=int, help="aantal parallelle uitvoeringen")
    s.set_defaults(func=cmd_report)

    s = sub.add_parser("review-copy", help="maak een conceptversie voor de OPR")
    s.add_argument("id", help="id van het jaarplan")
    s.set_defaults(func=cmd_review_copy)

    s = sub.add_parser("export", help="exporteer alle tabellen voor onderzoek")
    s.add_argument("--format", choices=("csv", "parquet", "xlsx"), default="csv")
    s.add_argument("--out", type=Path, help="doelmap (standaard: reports/export/)")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("new-jaarplan", help="maak het volgende jaarplan op basis van dit jaarplan")
    s.add_argument("--from", "--van", dest="van", required=True, help="id van het huidige jaarplan")
    s.add_argument(
        "--period",
        "--periode",
        dest="periode",
        required=True,
        help="nieuwe periode, bijv. 2024-2025",
    )
    s.add_argument("--id", help="id van het nieuwe jaarplan (standaard afgeleid van de periode)")
    s.set_defaults(func=cmd_new_jaarplan)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point: run one subcommand; a Dutch message and exit code 1 on any input problem.

    Library errors (EvalkitError) carry their own Dutch message. File-system and encoding
    errors that reach this point get one too, naming the file, instead of a traceback
    (set EVALKIT_DEBUG=1 to see the traceback). Output into a closed pipe (`| head`) ends
    quietly.
    """
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except EvalkitError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Afgebroken; eerdere uitvoer is ongewijzigd.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `evalkit summary | head -1`).
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the exit-time flush
        return 0
    except (OSError, UnicodeDecodeError) as exc:
        if os.environ.get("EVALKIT_DEBUG"):
            raise
        print(f"Fout: {_system_error(exc)}", file=sys.stderr)
        return 1


def _system_error(exc: OSError | UnicodeDecodeError) -> str:
    """A Dutch one-liner for an unexpected file-system or encoding error."""
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"een bestand is geen UTF-8-tekst (byte {exc.start}); sla het op als UTF-8 en "
            "probeer opnieuw. Er is niets gewijzigd."
        )
    bestand = f"{exc.filename}: " if exc.filename else ""
    return f"{bestand}{os_reason(exc)}. Eerdere uitvoer is ongewijzigd."


if __name__ == "__main__":
    sys.exit(main())
