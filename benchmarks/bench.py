"""Speed benchmark of `evalkit run` (and the report step); prints its figures, asserts nothing.

Usage: python benchmarks/bench.py [--n 150] [--jobs 2] [--skip-naive] [--naive-sample K] [--keep]

(a) `evalkit run --jobs 2` cold over N synthetic jaarplannen, (b) a naive sequential loop of
the papermill CLI over the same inputs, (c) `evalkit run` cold over the shipped jaarplannen,
(d) a second run with nothing changed, (e) rendering one jaarplan with the built-in renderer.
Everything runs in temporary project copies (EVALKIT_ROOT); the repository is not touched.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STANDIN = REPO / "tests" / "fixtures" / "runner" / "notebooks" / "grafiek.ipynb"
RONDE = "M12"
COMMON = (
    "basisondersteuning",
    "extra-ondersteuning",
    "dekkend-netwerk",
    "samenwerking-jeugd",
    "ouders-communicatie",
    "toeleiding",
    "kwaliteit-verantwoording",
    "bedrijfsvoering",
)
GOAL_STATUSES = ("behaald", "deels behaald", "niet behaald", "nog niet te beoordelen")
ACTIVITY_STATUSES = ("niet gestart", "loopt", "afgerond", "uitgesteld")
OPTIES = {"publiek": False, "grafieken": True}
DOELKOLOMMEN = [
    *("id", "thema", "tekst", "indicator", "eenheid", "nulmeting", "streefwaarde"),
    *("richting", "deadline", "soort", "eigenaar", "langetermijndoel", "bron"),
]
ACTIVITEITKOLOMMEN = [
    *("id", "thema", "doelen", "omschrijving", "wie", "wanneer", "budget"),
    *("begrotingsonderdeel", "uren", "project", "bron"),
]


# --------------------------------------------------------------------------------------------
# Synthetic data in the real format (docs/dataformaat.md)


def _schrijf_csv(pad: Path, kop: list[str], rijen: list[list[object]]) -> None:
    pad.parent.mkdir(parents=True, exist_ok=True)
    with open(pad, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(kop)
        for rij in rijen:
            w.writerow(["" if v is None else v for v in rij])


def genereer_jaarplan(rng: random.Random, plan_id: str, map_: Path) -> None:
    """Write one valid, random-but-seeded jaarplan with one realisation round into map_."""
    bron = "synthetisch.txt r. 1"
    map_.mkdir(parents=True, exist_ok=True)
    sector = rng.choice(("PO", "VO", "PO+VO"))
    (map_ / "jaarplan.yaml").write_text(
        f"id: {plan_id}\n"
        f"naam: Jaarplan 2023 {plan_id}\n"
        f"organisatie: Samenwerkingsverband {plan_id}\n"
        f"sector: {sector}\n"
        "periode: {start: 2023-01-01, eind: 2023-12-31}\n"
        "bron:\n"
        "  - bestand: synthetisch.txt\n"
        "    titel: Synthetisch jaarplan voor de benchmark\n"
        "normen:\n"
        f"  doelen_behaald: {rng.choice((0.7, 0.75, 0.8))}\n"
        "  projecten_binnen_uren: 0.75\n"
        "  deels_behaald_telt: 0.5\n"
        "  extra:\n"
        "    - id: verschuiving\n"
        "      naam: Verschuiving van gespecialiseerde voorziening naar regulier\n"
        "      teller: verschoven_groepsgericht\n"
        "      noemer: leerlingen_gespecialiseerd\n"
        "      minimum: 0.05\n"
        f'      bron: "{bron}"\n'
        "rondes:\n"
        f"  - {{id: {RONDE}, naam: Voortgangsrapportage {RONDE}}}\n",
        encoding="utf-8",
    )
    n_themas = rng.randint(3, 6)
    themas = [f"T{i}" for i in range(1, n_themas + 1)]
    _schrijf_csv(
        map_ / "themas.csv",
        ["id", "naam", "langetermijndoel", "gemeenschappelijk_thema", "bron"],
        [[t, f"Thema {t} van {plan_id}", None, rng.choice(COMMON), bron] for t in themas],
    )
    doelen, realisatie_doelen = [], []
    for i in range(1, rng.randint(6, 15) + 1):
        d, thema = f"D{i:02d}", rng.choice(themas)
        soort = ("numeriek", "mijlpaal", "kwalitatief")[i % 3]
        rij = [d, thema, f"Doel {d} van {plan_id}", None, None, None, None, None, None]
        if soort == "numeriek":
            nul = rng.randint(10, 200)
            hoger = rng.random() < 0.5
            doel = nul + rng.randint(5, 50) if hoger else max(0, nul - rng.randint(5, 50))
            rij[3:8] = ["Aantal per jaar", "leerlingen", nul, doel, "hoger" if hoger else "lager"]
            realisatie_doelen.append([d, nul + rng.randint(-40, 60), None, None, None])
        elif soort == "mijlpaal":
            rij[8] = f"2023-{rng.randint(3, 12):02d}-{rng.randint(1, 28):02d}"
            gereed = f"2023-{rng.randint(2, 12):02d}-15" if rng.random() < 0.7 else None
            realisatie_doelen.append([d, None, gereed, None, None])
        else:
            realisatie_doelen.append([d, None, None, rng.choice(GOAL_STATUSES), "Toelichting."])
        doelen.append([*rij, soort, "Coördinator", None, bron])
    _schrijf_csv(
        map_ / "doelen.csv",
        DOELKOLOMMEN,
        doelen,
    )
    activiteiten, realisatie_act = [], []
    for i in range(1, rng.randint(5, 20) + 1):
        a, thema = f"A{i:02d}", rng.choice(themas)
        eigen = [d[0] for d in doelen if d[1] == thema][:3]
        budget = rng.choice((None, rng.randint(5, 300) * 1000))
        project = rng.random() < 0.4
        uren = rng.randint(40, 800) if project else None
        activiteiten.append(
            [
                *(a, thema, ",".join(eigen), f"Activiteit {a}", "Team", "2023"),
                *(budget, "Begroting" if budget else None, uren, "ja" if project else None, bron),
            ]
        )
        besteed = round(budget * rng.uniform(0.3, 1.2)) if budget else None
        uren_besteed = round(uren * rng.uniform(0.5, 1.3)) if uren else None
        realisatie_act.append([a, besteed, uren_besteed, rng.choice(ACTIVITY_STATUSES), None])
    _schrijf_csv(
        map_ / "activiteiten.csv",
        ACTIVITEITKOLOMMEN,
        activiteiten,
    )
    _schrijf_csv(
        map_ / "indicatoren.csv",
        ["id", "naam", "eenheid", "doel", "nulmeting", "streefwaarde", "richting", "bron"],
        [
            [
                *("leerlingen_gespecialiseerd", "Leerlingen in gespecialiseerde voorziening"),
                *("leerlingen", None, rng.randint(80, 400), None, None, bron),
            ],
            [
                *("verschoven_groepsgericht", "Verschoven naar groepsgerichte ondersteuning"),
                *("leerlingen", None, 0, None, "hoger", bron),
            ],
        ],
    )
    ronde = map_ / "realisatie" / RONDE
    ronde.mkdir(parents=True, exist_ok=True)
    (ronde / "ronde.yaml").write_text(
        f"id: {RONDE}\nnaam: Voortgangsrapportage {RONDE}\npeildatum: 2023-12-31\n"
        'voorbeelddata: true\ntoelichting: "Synthetische voorbeelddata voor de benchmark."\n',
        encoding="utf-8",
    )
    _schrijf_csv(
        ronde / "doelen.csv",
        ["doel", "waarde", "datum_gereed", "status", "toelichting"],
        realisatie_doelen,
    )
    _schrijf_csv(
        ronde / "activiteiten.csv",
        ["activiteit", "besteed", "uren_besteed", "status", "toelichting"],
        realisatie_act,
    )
    gespecialiseerd = rng.randint(80, 400)
    _schrijf_csv(
        ronde / "indicatoren.csv",
        ["indicator", "peildatum", "waarde", "toelichting"],
        [
            ["leerlingen_gespecialiseerd", "2023-12-31", gespecialiseerd, None],
            ["verschoven_groepsgericht", "2023-12-31", rng.randint(0, gespecialiseerd // 5), None],
        ],
    )


def maak_synthetisch_project(doel: Path, n: int, seed: int = 2023) -> tuple[list[str], str]:
    """Temp project with N generated jaarplannen, params (evaluatie only) and the notebooks."""
    rng = random.Random(seed)
    ids = [f"bench-{i:03d}" for i in range(1, n + 1)]
    for plan_id in ids:
        genereer_jaarplan(rng, plan_id, doel / "data" / plan_id)
        p = doel / "params" / plan_id
        p.mkdir(parents=True, exist_ok=True)
        (p / f"{RONDE}.yaml").write_text(
            f"jaarplan: {plan_id}\nronde: {RONDE}\nnotebooks: [evaluatie]\nopties:\n"
            + "".join(f"  {k}: {str(v).lower()}\n" for k, v in OPTIES.items()),
            encoding="utf-8",
        )
    kopieer_projectbestanden(doel)
    bron = kopieer_notebooks(doel / "notebooks")
    return ids, bron


def kopieer_notebooks(doel: Path) -> str:
    """Copy the real notebooks/ (or the stand-in as evaluatie.ipynb until it exists)."""
    echt = REPO / "notebooks"
    if (echt / "evaluatie.ipynb").is_file():
        shutil.copytree(echt, doel, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        return "notebooks/ (echt)"
    doel.mkdir(parents=True, exist_ok=True)
    shutil.copy(STANDIN, doel / "evaluatie.ipynb")
    return f"stand-in {STANDIN.relative_to(REPO)}"


# --------------------------------------------------------------------------------------------
# Timing


def _env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["EVALKIT_ROOT"] = str(root)
    env.pop("EVALKIT_FRESH_KERNELS", None)
    return env


def tijd(cmd: list[str], root: Path, stil: bool = True) -> tuple[float, int, str]:
    """Wall time, exit code and the tail of the output of one command in project root."""
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=root, env=_env(root), capture_output=stil, text=True, check=False)
    duur = time.perf_counter() - t0
    regels = (p.stdout + p.stderr).strip().splitlines() if stil else []
    staart = [r for r in regels if r.startswith("Reden:")] + regels[-3:]
    return duur, p.returncode, "\n".join(staart)


def evalkit(*args: str) -> list[str]:
    return [sys.executable, "-m", "evalkit", *args]


def naief(root: Path, ids: list[str], papermill: str) -> tuple[float, int]:
    """Sequential loop of the papermill CLI, one process per notebook; returns (time, failures).

    The error of every failing execution is printed (its last lines), so a failure caused by
    the environment is told apart from a slow notebook.
    """
    uit = root / "naief"
    uit.mkdir(exist_ok=True)
    data = str(root / "data")
    fouten = 0
    t0 = time.perf_counter()
    for plan_id in ids:
        cmd = [papermill, "notebooks/evaluatie.ipynb", str(uit / f"{plan_id}.ipynb")]
        cmd += ["-k", "python3", "--no-progress-bar", "-p", "jaarplan", plan_id]
        cmd += ["-p", "ronde", RONDE, "-p", "data_dir", data]
        for k, v in OPTIES.items():
            cmd += ["-p", k, str(v)]
        p = subprocess.run(cmd, cwd=root, env=_env(root), capture_output=True, check=False)
        if p.returncode != 0:
            fouten += 1
            staart = p.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            print(f"    papermill {plan_id} mislukt:", *staart, sep="\n      ", flush=True)
    return time.perf_counter() - t0, fouten


@dataclass
class Regel:
    meting: str
    waarde: str
    doel: str = ""
    gehaald: str = ""


def _s(sec: float) -> str:
    return f"{sec:.1f}".replace(".", ",") + " s"


def druk_tabel(regels: list[Regel]) -> None:
    breed = [max(len(getattr(r, k)) for r in regels) for k in ("meting", "waarde", "doel")]
    kop = Regel("meting", "waarde", "doel", "gehaald")
    for r in [kop, *regels]:
        print(
            f"{r.meting:<{breed[0]}}  {r.waarde:>{max(breed[1], 6)}}  "
            f"{r.doel:<{max(breed[2], 4)}}  {r.gehaald}"
        )


def _parse(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=150, help="aantal synthetische jaarplannen")
    ap.add_argument("--jobs", type=int, default=2, help="parallelle uitvoeringen voor (a) en (c)")
    ap.add_argument("--skip-naive", action="store_true", help="sla de naïeve papermill-lus over")
    ap.add_argument(
        "--naive-sample",
        type=int,
        help="meet de naïeve lus op K jaarplannen en extrapoleer naar N",
    )
    ap.add_argument("--repeat", type=int, default=3, help="herhalingen van (c) en (d) (mediaan)")
    ap.add_argument("--keep", action="store_true", help="bewaar de tijdelijke projectmappen")
    return ap.parse_args(argv)


def _median(cmd: list[str], root: Path, n: int) -> tuple[float, int]:
    """Median wall time of n runs of a command (and the last exit code)."""
    tijden, rc = [], 0
    for _ in range(n):
        t, rc, staart = tijd(cmd, root)
        if rc:
            print(staart)
        tijden.append(t)
    return statistics.median(tijden), rc


def naief_render(root: Path, ids: list[str]) -> float:
    """One `evalkit report ID` process per plan, each book rendered again (state removed)."""
    t = 0.0
    for plan_id in ids:
        (root / "reports" / plan_id / ".evalkit-render.json").unlink(missing_ok=True)
        duur, rc, staart = tijd(evalkit("report", plan_id, "--renderer", "ingebouwd"), root)
        if rc:
            print(f"    render {plan_id} mislukt:\n{staart}", flush=True)
        t += duur
    return t


def meet_synthetisch(werk: Path, args: argparse.Namespace) -> list[Regel]:
    """The yearly build of N synthetic plans (run, then render) against the naive approach."""
    jobs = str(args.jobs)
    synth = werk / "synthetisch"
    ids, bron = maak_synthetisch_project(synth, args.n)
    print(f"{args.n} synthetische jaarplannen in {synth}; notebook: {bron}", flush=True)
    ta, rc, staart = tijd(evalkit("run", "--jobs", jobs), synth)
    print(f"(a) evalkit run --jobs {jobs}: {_s(ta)} (exitcode {rc})", flush=True)
    if rc:
        print(staart)
    tr, rc2, staart = tijd(evalkit("report", "--jobs", jobs, "--renderer", "ingebouwd"), synth)
    print(f"(a) evalkit report --jobs {jobs}: {_s(tr)} (exitcode {rc2})", flush=True)
    if rc2:
        print(staart)
    totaal = ta + tr
    regels = [
        Regel(f"(a) evalkit run --jobs {jobs}, {args.n} plannen, koud", _s(ta)),
        Regel(f"(a) evalkit report --jobs {jobs}, {args.n} boeken", _s(tr)),
        Regel("(a) jaarlijkse bouw, samen", _s(totaal), "<= 120 s", _ja(totaal <= 120)),
    ]
    if args.skip_naive:
        return [*regels, Regel("(b) naïeve aanpak", "overgeslagen")]
    papermill = str(Path(sys.executable).parent / "papermill")
    sample = ids[: args.naive_sample] if args.naive_sample else ids
    tb, fouten = naief(synth, sample, papermill)
    tbr = naief_render(synth, sample)
    label = f"{len(sample)} plannen"
    if len(sample) < len(ids):
        tb, tbr = tb * len(ids) / len(sample), tbr * len(ids) / len(sample)
        label += f", geëxtrapoleerd naar {len(ids)}"
    print(f"(b) naïef ({label}): papermill {_s(tb)} ({fouten} mislukt), render {_s(tbr)}")
    ratio = totaal / (tb + tbr)
    verhouding = f"{ratio:.2f}".replace(".", ",")
    return [
        *regels,
        Regel(f"(b) naïeve papermill-CLI-lus, {label}", _s(tb)),
        Regel(f"(b) naïef: één render per plan, {label}", _s(tbr)),
        Regel("    verhouding (a)/(b)", verhouding, "<= 0,25", _ja(ratio <= 0.25)),
    ]


def _echt_project(echt: Path) -> None:
    echt.mkdir()
    for naam in ("data", "params"):
        shutil.copytree(REPO / naam, echt / naam)
    kopieer_projectbestanden(echt)
    kopieer_notebooks(echt / "notebooks")


def kopieer_projectbestanden(doel: Path) -> None:
    """The project files the report step reads from reports/ (e.g. _quarto.yml), no outputs."""
    (doel / "reports").mkdir(parents=True, exist_ok=True)
    for pad in (REPO / "reports").glob("*"):
        if pad.is_file() and pad.name != "run-log.jsonl":
            shutil.copy(pad, doel / "reports" / pad.name)


def meet_geleverd(werk: Path, args: argparse.Namespace) -> list[Regel]:
    """(c) cold build of the shipped plans (run, then report), (d) the no-change rebuild."""
    jobs, koud = str(args.jobs), []
    for i in range(args.repeat):
        echt = werk / f"echt-{i}"
        _echt_project(echt)
        tc, rc, staart = tijd(evalkit("run", "--jobs", jobs), echt)
        tr, rc2, staart2 = tijd(evalkit("report", "--jobs", jobs), echt)
        if rc or rc2:
            print(staart, staart2, sep="\n")
        print(f"(c) koud: run {_s(tc)} + report {_s(tr)} = {_s(tc + tr)}", flush=True)
        koud.append((tc + tr, tc, tr, rc or rc2))
    tk, tc, tr, rc = sorted(koud)[len(koud) // 2]
    td, rc_d = _median(evalkit("run", "--jobs", jobs), echt, args.repeat)
    te, rc_e = _median(evalkit("report", "--jobs", jobs), echt, args.repeat)
    print(f"(d) niets gewijzigd: run {_s(td)} + report {_s(te)}", flush=True)
    mediaan = f" (mediaan van {args.repeat})" if args.repeat > 1 else ""
    regels = [
        Regel("(c) geleverde plannen koud: evalkit run" + mediaan, _s(tc)),
        Regel("(c) geleverde plannen koud: evalkit report", _s(tr)),
        Regel("(c) koude bouw, samen", _s(tk), "<= 10 s", _ja(not rc and tk <= 10)),
        Regel("(d) niets gewijzigd: run + report" + mediaan, _s(td + te), "<= 2 s"),
    ]
    regels[-1].gehaald = _ja(td + te <= 2 and not rc_d and not rc_e)
    return regels + uitsplitsing(echt)


def uitsplitsing(echt: Path) -> list[Regel]:
    """Where the cold build's time goes (benchmarks/bench_breakdown.py, in its own process)."""
    script = Path(__file__).with_name("bench_breakdown.py")
    p = subprocess.run(
        [sys.executable, str(script), str(echt)],
        env=_env(echt),
        capture_output=True,
        text=True,
        check=False,
    )
    if p.returncode:
        print("Uitsplitsing mislukt:", p.stderr.strip().splitlines()[-3:], flush=True)
        return [Regel("uitsplitsing", "mislukt")]
    t = json.loads(p.stdout.strip().splitlines()[-1])
    n, w = t["notebooks"], t["workers"]
    code = t["notebook_code"] - t["figures"]
    return [
        Regel("waar de tijd heen gaat (koude bouw, geleverde plannen):", ""),
        Regel(f"  kernelstart (1 kernel; {w} werkers starten er elk één)", _s(t["kernel_start"])),
        Regel("  imports in de kernel (opwarmen, 1 kernel)", _s(t["imports"])),
        Regel(f"  notebookcode zonder figuren ({n} notebooks, 1 kernel)", _s(code)),
        Regel("  figuren renderen naar PNG (idem)", _s(t["figures"])),
        Regel(
            "  papermill/nbclient-overhead (run-log min het bovenstaande)",
            _s(t["papermill_overhead"]),
        ),
        Regel(f"  run-log: seconden per notebook opgeteld ({n})", _s(t["runlog_notebooks"])),
        Regel("  pandoc (hoofdstukken tegelijk: opgeteld)", _s(t["pandoc"])),
        Regel("  typst (PDF)", _s(t["typst"])),
        Regel("  renderen van alle boeken in 1 proces, totaal", _s(t["render_total"])),
    ]


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    werk = Path(tempfile.mkdtemp(prefix="evalkit-bench-"))
    try:
        regels = meet_synthetisch(werk, args) + meet_geleverd(werk, args)
    finally:
        if args.keep:
            print(f"Bewaard: {werk}")
        else:
            shutil.rmtree(werk, ignore_errors=True)
    print()
    print(f"Machine: {os.cpu_count()} kernen, Python {sys.version.split()[0]}")
    druk_tabel(regels)
    return 0


def _ja(ok: bool) -> str:
    return "ja" if ok else "nee"


if __name__ == "__main__":
    sys.exit(main())
