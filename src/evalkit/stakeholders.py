"""The stakeholder input data set (survey aggregates) and its tidy tables for the report."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from evalkit import opmaak, paths, waarden
from evalkit.errors import Probleem, ValidatieFout

STANDAARD_ID = "stakeholders-almere-2022"

KOLOMMEN = {
    "vragen.csv": ("vraag_id", "instrument", "vraag", "schaal", "bron"),
    "antwoorden.csv": ("vraag_id", "categorie", "aantal", "gemiddelde", "bron"),
    "thema_opbrengsten.csv": ("thema", "uitspraak", "bijeenkomst", "bron"),
}
VERPLICHT = {
    "vragen.csv": ("vraag_id", "instrument", "vraag"),
    "antwoorden.csv": ("vraag_id", "categorie"),
    "thema_opbrengsten.csv": ("thema", "uitspraak"),
}

# Kinds of question, derived from the `schaal` column (see soort_vraag).
JA_NEE = "ja/nee"
GEMIDDELDE = "gemiddelde"
OPEN_GECATEGORISEERD = "open, gecategoriseerd"
OPEN = "open"
ACHTERGROND = "achtergrond"
KEUZE = "keuze"


@dataclass(frozen=True, eq=False)
class Stakeholderdata:
    """One stakeholder data set: metadata from bron.yaml plus its three tables."""

    id: str
    titel: str
    organisatie: str
    bron: str
    periode: str
    voorbeelddata: bool
    instrumenten: pd.DataFrame
    vragen: pd.DataFrame
    antwoorden: pd.DataFrame
    opbrengsten: pd.DataFrame
    bijeenkomsten: pd.DataFrame
    controles: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)


def soort_vraag(schaal: str | None, heeft_gemiddelde: bool = False) -> str:
    """Classify a question by its scale text: ja/nee, gemiddelde, open, keuze and so on."""
    s = (schaal or "").strip().lower()
    if heeft_gemiddelde or s.startswith("gemiddeld"):
        return GEMIDDELDE
    if s.startswith("ja/nee"):
        return JA_NEE
    if s.startswith("open (gecategoriseerd"):
        return OPEN_GECATEGORISEERD
    if s.startswith("open"):
        return OPEN
    if s.startswith("categorie"):
        return ACHTERGROND
    return KEUZE


def aandeel_tekst(aantal: float | None, totaal: float | None) -> str:
    """'86 van 101 (85%)'; without a total only the count."""
    if aantal is None:
        return opmaak.LEEG
    if not totaal:
        return opmaak.getal(aantal)
    return f"{opmaak.getal(aantal)} van {opmaak.getal(totaal)} ({opmaak.procent(aantal / totaal)})"


def _lees_csv(pad: Path, naam: str, problemen: list[Probleem]) -> list[tuple[int, dict]]:
    try:
        tekst = pad.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        problemen.append(Probleem(naam, None, None, "bestand ontbreekt"))
        return []
    except (OSError, UnicodeDecodeError):
        problemen.append(Probleem(naam, None, None, "bestand is geen leesbare UTF-8-tekst"))
        return []
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=";")
    kop = [k.strip() for k in next(lezer, [])]
    verwacht = KOLOMMEN[pad.name]
    for k in verwacht:
        if k not in kop:
            problemen.append(Probleem(naam, 1, k, "kolom ontbreekt"))
    if any(k not in kop for k in verwacht):
        return []
    rijen = []
    for cellen in lezer:
        if not any(c.strip() for c in cellen):
            continue
        rij = {k: (cellen[i].strip() if i < len(cellen) else "") for i, k in enumerate(kop)}
        regel = lezer.line_num
        for k in VERPLICHT[pad.name]:
            if not rij.get(k):
                problemen.append(Probleem(naam, regel, k, "leeg, maar een waarde is verplicht"))
        rijen.append((regel, rij))
    return rijen


def _getal(tekst: str, naam: str, regel: int, kolom: str, problemen: list) -> float | None:
    if not tekst:
        return None
    try:
        return waarden.lees_getal(tekst)
    except waarden.WaardeFout as exc:
        problemen.append(Probleem(naam, regel, kolom, str(exc)))
        return None


def laad_stakeholders(
    data_dir: Path | str | None = None, set_id: str = STANDAARD_ID
) -> Stakeholderdata:
    """Load a stakeholder data set from data/<set_id>/; raises ValidatieFout on bad input."""
    basis = Path(data_dir) if data_dir else paths.DATA_DIR
    map_ = basis / set_id
    bronnaam = f"{set_id}/bron.yaml"
    if not (map_ / "bron.yaml").is_file():
        beschikbaar = sorted(p.parent.name for p in basis.glob("*/bron.yaml"))
        hint = f" Beschikbaar: {', '.join(beschikbaar)}." if beschikbaar else ""
        raise ValidatieFout(
            [Probleem(bronnaam, None, None, f"bestand ontbreekt; geen stakeholdergegevens.{hint}")]
        )
    problemen: list[Probleem] = []
    try:
        meta = yaml.safe_load((map_ / "bron.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        raise ValidatieFout(
            [Probleem(bronnaam, None, None, "bestand is geen leesbare UTF-8-tekst")]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        rij = mark.line + 1 if mark else None
        melding = f"geen geldige YAML ({getattr(exc, 'problem', None) or 'syntaxfout'})"
        raise ValidatieFout([Probleem(bronnaam, rij, None, melding)]) from None
    if not isinstance(meta, dict):
        raise ValidatieFout([Probleem(bronnaam, None, None, "verwacht een YAML-mapping")])

    instrumenten = []
    for i, ins in enumerate(meta.get("instrumenten") or [], start=1):
        if not isinstance(ins, dict) or not ins.get("id"):
            problemen.append(Probleem(bronnaam, None, f"instrumenten[{i}]", "id ontbreekt"))
            continue
        resp = ins.get("respondenten")
        if resp is not None and not isinstance(resp, int):
            problemen.append(
                Probleem(
                    bronnaam, None, f"instrumenten[{i}].respondenten", f"'{resp}' is geen aantal"
                )
            )
            resp = None
        instrumenten.append(
            {
                "id": str(ins["id"]),
                "naam": str(ins.get("naam") or ins["id"]),
                "bijeenkomst": str(ins.get("bijeenkomst") or ""),
                "respondenten": resp,
                "bron": str(ins.get("bron") or ""),
                "opmerking": str(ins.get("opmerking") or ""),
            }
        )
    instrument_ids = {i["id"] for i in instrumenten}

    vragen = []
    for regel, rij in _lees_csv(map_ / "vragen.csv", f"{set_id}/vragen.csv", problemen):
        if rij["instrument"] and rij["instrument"] not in instrument_ids:
            problemen.append(
                Probleem(
                    f"{set_id}/vragen.csv",
                    regel,
                    "instrument",
                    f"onbekend instrument '{rij['instrument']}'",
                )
            )
        vragen.append(rij)
    vraag_ids = {v["vraag_id"] for v in vragen}

    antwoorden = []
    naam = f"{set_id}/antwoorden.csv"
    for regel, rij in _lees_csv(map_ / "antwoorden.csv", naam, problemen):
        if rij["vraag_id"] and rij["vraag_id"] not in vraag_ids:
            problemen.append(
                Probleem(naam, regel, "vraag_id", f"onbekende vraag '{rij['vraag_id']}'")
            )
        aantal = _getal(rij["aantal"], naam, regel, "aantal", problemen)
        gemiddelde = _getal(rij["gemiddelde"], naam, regel, "gemiddelde", problemen)
        if aantal is not None and (aantal < 0 or not float(aantal).is_integer()):
            problemen.append(Probleem(naam, regel, "aantal", f"'{rij['aantal']}' is geen aantal"))
        if not rij["aantal"] and not rij["gemiddelde"]:
            problemen.append(Probleem(naam, regel, None, "aantal of gemiddelde verwacht"))
        antwoorden.append({**rij, "aantal": aantal, "gemiddelde": gemiddelde})

    opbrengsten = [
        r
        for _, r in _lees_csv(
            map_ / "thema_opbrengsten.csv", f"{set_id}/thema_opbrengsten.csv", problemen
        )
    ]
    if problemen:
        raise ValidatieFout(problemen)

    periode = meta.get("periode") or {}
    periode_tekst = ""
    if isinstance(periode, dict) and periode.get("start") and periode.get("eind"):
        periode_tekst = f"{opmaak.datum(periode['start'])} t/m {opmaak.datum(periode['eind'])}"
    return Stakeholderdata(
        id=set_id,
        titel=str(meta.get("titel") or set_id),
        organisatie=str(meta.get("organisatie") or ""),
        bron=str(meta.get("bron") or meta.get("bestand") or ""),
        periode=periode_tekst,
        voorbeelddata=bool(meta.get("voorbeelddata", False)),
        instrumenten=pd.DataFrame(
            instrumenten,
            columns=["id", "naam", "bijeenkomst", "respondenten", "bron", "opmerking"],
        ),
        vragen=pd.DataFrame(vragen, columns=list(KOLOMMEN["vragen.csv"])),
        antwoorden=pd.DataFrame(antwoorden, columns=list(KOLOMMEN["antwoorden.csv"])),
        opbrengsten=pd.DataFrame(opbrengsten, columns=list(KOLOMMEN["thema_opbrengsten.csv"])),
        bijeenkomsten=pd.DataFrame(
            [b for b in meta.get("bijeenkomsten") or [] if isinstance(b, dict)],
            columns=["id", "naam", "datum", "opbrengst", "bron"],
        ),
        controles=pd.DataFrame(
            [c for c in meta.get("controles") or [] if isinstance(c, dict)],
            columns=["vraag", "som", "totaal_document", "uitkomst", "toelichting"],
        ),
        meta=meta,
    )


def _respondenten(sd: Stakeholderdata) -> dict[str, int | None]:
    return {
        r.id: (None if pd.isna(r.respondenten) else int(r.respondenten))
        for r in sd.instrumenten.itertuples()
    }


def _vragen_met_soort(sd: Stakeholderdata) -> pd.DataFrame:
    met_gem = set(sd.antwoorden.loc[sd.antwoorden["gemiddelde"].notna(), "vraag_id"])
    v = sd.vragen.copy()
    v["soort"] = [
        soort_vraag(s, i in met_gem) for s, i in zip(v["schaal"], v["vraag_id"], strict=True)
    ]
    return v


def vragen_van_soort(
    sd: Stakeholderdata, soort: str, behalve: tuple[str, ...] | list[str] = ()
) -> list[str]:
    """Ids of the questions of one kind (see soort_vraag) that have answers, in file order."""
    v = _vragen_met_soort(sd)
    beantwoord = set(sd.antwoorden["vraag_id"])
    return [
        i
        for i, s in zip(v["vraag_id"], v["soort"], strict=True)
        if s == soort and i in beantwoord and i not in behalve
    ]


def tabel_respondenten(sd: Stakeholderdata) -> pd.DataFrame:
    """Respondents and number of questions per instrument (empty count = not stated)."""
    vragen_per = sd.vragen.groupby("instrument", sort=False)["vraag_id"].count()
    rijen = []
    for r in sd.instrumenten.itertuples():
        rijen.append(
            {
                "Instrument": r.naam,
                "Respondenten": "niet vermeld"
                if pd.isna(r.respondenten)
                else opmaak.getal(r.respondenten),
                "Vragen": opmaak.getal(int(vragen_per.get(r.id, 0))),
                "Bron": r.bron,
            }
        )
    return pd.DataFrame(rijen, columns=["Instrument", "Respondenten", "Vragen", "Bron"])


def tabel_ja_antwoorden(sd: Stakeholderdata) -> pd.DataFrame:
    """Yes/no questions: the reported count against the instrument's respondents."""
    resp = _respondenten(sd)
    vragen = sd.vragen.set_index("vraag_id")
    rijen = []
    for vid in vragen_van_soort(sd, JA_NEE):
        totaal = resp.get(vragen.at[vid, "instrument"])
        for a in sd.antwoorden[sd.antwoorden["vraag_id"] == vid].itertuples():
            rijen.append(
                {
                    "Vraag": vid,
                    "Uitkomst": a.categorie,
                    "Aantal": aandeel_tekst(a.aantal, totaal),
                    "Bron": a.bron,
                }
            )
    return pd.DataFrame(rijen, columns=["Vraag", "Uitkomst", "Aantal", "Bron"])


def tabel_gemiddelden(sd: Stakeholderdata) -> pd.DataFrame:
    """Average marks as reported, with the note the source gives and its scale."""
    vragen = sd.vragen.set_index("vraag_id")
    rijen = []
    for a in sd.antwoorden[sd.antwoorden["gemiddelde"].notna()].itertuples():
        rijen.append(
            {
                "Vraag": a.vraag_id,
                "Omschrijving": vragen.at[a.vraag_id, "vraag"],
                "Gemiddelde": opmaak.getal(a.gemiddelde, 2).rstrip("0").rstrip(","),
                "Toelichting": a.categorie,
                "Schaal": vragen.at[a.vraag_id, "schaal"],
                "Bron": a.bron,
            }
        )
    kolommen = ["Vraag", "Omschrijving", "Gemiddelde", "Toelichting", "Schaal", "Bron"]
    return pd.DataFrame(rijen, columns=kolommen)


def categorieen(sd: Stakeholderdata, vraag_id: str) -> pd.DataFrame:
    """Answer categories of one question with their counts, largest first (ties: file order)."""
    a = sd.antwoorden[(sd.antwoorden["vraag_id"] == vraag_id) & sd.antwoorden["aantal"].notna()]
    a = a.sort_values("aantal", ascending=False, kind="stable")
    return pd.DataFrame(
        {
            "categorie": a["categorie"].to_list(),
            "aantal": a["aantal"].astype(int).to_list(),
            "bron": a["bron"].to_list(),
        }
    )


def tabel_categorieen(sd: Stakeholderdata, vraag_ids: list[str]) -> pd.DataFrame:
    """Counted answer categories of the given questions as a display table."""
    vragen = sd.vragen.set_index("vraag_id")
    resp = _respondenten(sd)
    rijen = []
    for vid in vraag_ids:
        instrument = vragen.at[vid, "instrument"]
        naam = sd.instrumenten.set_index("id").at[instrument, "naam"]
        for r in categorieen(sd, vid).itertuples():
            rijen.append(
                {
                    "Vraag": vid,
                    "Instrument": naam,
                    "Categorie": r.categorie,
                    "Aantal": opmaak.getal(r.aantal),
                    "Respondenten": opmaak.getal(resp[instrument])
                    if resp.get(instrument)
                    else "niet vermeld",
                    "Bron": r.bron,
                }
            )
    kolommen = ["Vraag", "Instrument", "Categorie", "Aantal", "Respondenten", "Bron"]
    return pd.DataFrame(rijen, columns=kolommen)


def tabel_vragen(sd: Stakeholderdata, vraag_ids: list[str]) -> pd.DataFrame:
    """The question texts and scales of the given questions."""
    v = sd.vragen.set_index("vraag_id").loc[vraag_ids].reset_index()
    return pd.DataFrame(
        {
            "Vraag": v["vraag_id"],
            "Tekst": v["vraag"],
            "Schaal": v["schaal"],
            "Bron": v["bron"],
        }
    )


def tabel_controles(sd: Stakeholderdata) -> pd.DataFrame:
    """The sum checks of bron.yaml: category sum against the total the document states."""
    rijen = []
    for c in sd.controles.itertuples():
        rijen.append(
            {
                "Vraag": c.vraag,
                "Som categorieën": opmaak.getal(c.som) if pd.notna(c.som) else opmaak.LEEG,
                "Totaal in document": opmaak.getal(c.totaal_document)
                if pd.notna(c.totaal_document)
                else "niet vermeld",
                "Uitkomst": c.uitkomst,
            }
        )
    kolommen = ["Vraag", "Som categorieën", "Totaal in document", "Uitkomst"]
    return pd.DataFrame(rijen, columns=kolommen)


def tabel_opbrengsten_per_bijeenkomst(sd: Stakeholderdata) -> pd.DataFrame:
    """Number of uncounted statements (thema_opbrengsten.csv) per meeting, in meeting order."""
    namen = dict(zip(sd.bijeenkomsten["id"], sd.bijeenkomsten["naam"], strict=True))
    tellingen = sd.opbrengsten.groupby("bijeenkomst", sort=False)["uitspraak"].count()
    volgorde = [b for b in sd.bijeenkomsten["id"] if b in tellingen.index]
    volgorde += [b for b in tellingen.index if b not in volgorde]
    rijen = [
        {"Bijeenkomst": namen.get(b, b), "Uitspraken": opmaak.getal(int(tellingen[b]))}
        for b in volgorde
    ]
    return pd.DataFrame(rijen, columns=["Bijeenkomst", "Uitspraken"])


def gehoord_samenvatting(sd: Stakeholderdata, vraag_id: str = "MEN-01") -> str:
    """One Dutch sentence for a yes/no outcome, e.g. 'Zich gehoord voelen: 86 van de 101 ...'."""
    vragen = sd.vragen.set_index("vraag_id")
    rijen = sd.antwoorden[sd.antwoorden["vraag_id"] == vraag_id]
    if vraag_id not in vragen.index or rijen.empty:
        return ""
    instrument = vragen.at[vraag_id, "instrument"]
    totaal = _respondenten(sd).get(instrument)
    a = rijen.iloc[0]
    naam = sd.instrumenten.set_index("id").at[instrument, "naam"]
    categorie = str(a["categorie"])
    aantal = opmaak.getal(a["aantal"])
    if totaal:
        procent = opmaak.procent(a["aantal"] / totaal)
        deel = f"{aantal} van de {opmaak.getal(totaal)} respondenten ({procent})"
    else:
        deel = f"{aantal} respondenten"
    return (
        f"**{_md(categorie[:1].upper() + categorie[1:])}:** {deel} van de {_md(naam)} "
        f"(bron: {_md(a['bron'])})."
    )


def _md(tekst: str) -> str:
    from evalkit.figuren import md_tekst

    return md_tekst(tekst)


def inleiding_markdown(sd: Stakeholderdata) -> str:
    """The opening paragraph: who collected input when, for what, and that the data are real."""
    doel = sd.meta.get("doel")
    zin = f"{_md(sd.organisatie)} haalde"
    if sd.periode:
        zin += f" van {sd.periode}"
    zin += " input op bij scholen, netwerkpartners en de eigen organisatie"
    if doel:
        zin += f" ({_md(doel[:1].lower() + doel[1:])})"
    zin += ". Dit hoofdstuk geeft de cijfers uit die analyse weer."
    soort = (
        "> **Let op: voorbeelddata.** Deze cijfers zijn verzonnen ter illustratie."
        if sd.voorbeelddata
        else "Het zijn echte aggregaten uit het brondocument, geen voorbeelddata: alle aantallen "
        "en gemiddelden zijn overgenomen zoals ze in het document staan, zonder correctie of "
        "herberekening."
    )
    return f"{zin}\n\n{soort}"


def bron_markdown(sd: Stakeholderdata) -> str:
    """The source reference of the data set and the notes of bron.yaml, as Markdown."""
    regels = [
        f"- **Document:** {_md(sd.titel)}",
        f"- **Bestand:** {_md(str(sd.meta.get('bestand') or sd.bron))} ({_md(sd.bron)})",
    ]
    if sd.periode:
        regels.append(f"- **Periode:** {sd.periode}")
    for i in sd.instrumenten.itertuples():
        if i.opmerking:
            regels.append(f"- **{_md(i.naam)}:** {_md(i.opmerking)}")
    regels.append("- Elke tabelrij noemt de vindplaats in het document (bestand en regelnummers).")
    return "\n".join(regels)
