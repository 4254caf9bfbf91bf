"""The stakeholder input data set (survey aggregates) and its tidy tables for the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from evalkit import opmaak, paths, schema, waarden
from evalkit.errors import Probleem, ValidatieFout
from evalkit.lezen import Verzamelaar, getal_tekst, lees_tabel, lees_yaml

STANDAARD_ID = "stakeholders-almere-2022"

# The columns of each table, in file order (defined in schema.STAKEHOLDERBESTANDEN).
KOLOMMEN = {
    soort.split("/")[1]: tuple(k.naam for k in kolommen)
    for soort, kolommen in schema.STAKEHOLDERBESTANDEN.items()
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


def _lees_csv(map_: Path, naam: str, v: Verzamelaar) -> list[tuple[int, dict]]:
    """Read one table of the set with lezen's reader; text cells are '' when empty."""
    pad = map_ / naam
    bestaat = v.bestaat(pad)
    if not bestaat:
        if bestaat is False:
            v.voeg_toe(pad, None, None, "bestand ontbreekt")
        v.onleesbaar.add(pad)
        return []
    soort = f"stakeholders/{naam}"
    rijen = lees_tabel(pad, soort, v, alle_kolommen_verplicht=True)
    tekstkolommen = [k.naam for k in schema.kolommen(soort) if k.soort == "tekst"]
    for _, rij in rijen:
        for k in tekstkolommen:
            if rij[k] is None:
                rij[k] = ""
    return rijen


def _lijst(meta: dict, sleutel: str, pad: Path, v: Verzamelaar) -> list:
    waarde = meta.get(sleutel)
    if waarde is None:
        return []
    if not isinstance(waarde, list):
        v.voeg_toe(pad, None, sleutel, "verwacht een lijst")
        return []
    return waarde


def _periode(meta: dict, pad: Path, v: Verzamelaar) -> str:
    periode = meta.get("periode")
    if not isinstance(periode, dict) or not periode.get("start") or not periode.get("eind"):
        return ""
    datums = []
    for sleutel in ("start", "eind"):
        waarde = periode[sleutel]
        if isinstance(waarde, datetime):
            waarde = waarde.date()
        if not isinstance(waarde, date):
            try:
                waarde = waarden.lees_datum(str(waarde))
            except waarden.WaardeFout as exc:
                v.voeg_toe(pad, None, f"periode.{sleutel}", str(exc))
                return ""
        datums.append(waarde)
    return f"{opmaak.datum(datums[0])} t/m {opmaak.datum(datums[1])}"


def laad_stakeholders(
    data_dir: Path | str | None = None, set_id: str = STANDAARD_ID
) -> Stakeholderdata:
    """Load a stakeholder data set from data/<set_id>/; raises ValidatieFout on bad input.

    The CSV files are read with the same reader as a jaarplan's (file, row and column in every
    message); references into a file that could not be read are not checked, so one broken
    file gives one message instead of a cascade.
    """
    basis = Path(data_dir) if data_dir else paths.DATA_DIR
    map_ = basis / set_id
    bronnaam = f"{set_id}/bron.yaml"
    v = Verzamelaar(map_)
    bron_bestaat = v.bestaat(map_ / "bron.yaml")
    if bron_bestaat is None:
        raise ValidatieFout(v.problemen)
    if not bron_bestaat:
        try:
            beschikbaar = sorted(p.parent.name for p in basis.glob("*/bron.yaml"))
        except OSError:
            beschikbaar = []
        hint = f" Beschikbaar: {', '.join(beschikbaar)}." if beschikbaar else ""
        raise ValidatieFout(
            [Probleem(bronnaam, None, None, f"bestand ontbreekt; geen stakeholdergegevens.{hint}")]
        )
    bron = map_ / "bron.yaml"
    meta = lees_yaml(bron, v, datums_als_tekst=False)
    meta_leesbaar = meta is not None
    meta = meta or {}

    instrumenten = []
    for i, ins in enumerate(_lijst(meta, "instrumenten", bron, v), start=1):
        if not isinstance(ins, dict) or not ins.get("id"):
            v.voeg_toe(bron, None, f"instrumenten[{i}]", "id ontbreekt")
            continue
        resp = ins.get("respondenten")
        if resp is not None and (isinstance(resp, bool) or not isinstance(resp, int)):
            tekst = "ja/nee" if isinstance(resp, bool) else resp
            v.voeg_toe(bron, None, f"instrumenten[{i}].respondenten", f"'{tekst}' is geen aantal")
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
    vragenbestand = map_ / "vragen.csv"
    for regel, rij in _lees_csv(map_, "vragen.csv", v):
        if meta_leesbaar and rij["instrument"] and rij["instrument"] not in instrument_ids:
            v.voeg_toe(
                vragenbestand, regel, "instrument", f"onbekend instrument '{rij['instrument']}'"
            )
        vragen.append(rij)
    vraag_ids = {r["vraag_id"] for r in vragen}
    vragen_leesbaar = vragenbestand not in v.onleesbaar

    antwoorden = []
    pad = map_ / "antwoorden.csv"
    for regel, rij in _lees_csv(map_, "antwoorden.csv", v):
        if vragen_leesbaar and rij["vraag_id"] and rij["vraag_id"] not in vraag_ids:
            v.voeg_toe(pad, regel, "vraag_id", f"onbekende vraag '{rij['vraag_id']}'")
        aantal = rij["aantal"]
        if aantal is not None and (aantal < 0 or not float(aantal).is_integer()):
            v.voeg_toe(pad, regel, "aantal", f"'{getal_tekst(aantal)}' is geen aantal")
        if (
            rij["aantal"] is None
            and rij["gemiddelde"] is None
            and not v.al_gemeld(pad, regel, "aantal")
            and not v.al_gemeld(pad, regel, "gemiddelde")
        ):
            v.voeg_toe(pad, regel, None, "aantal of gemiddelde verwacht")
        antwoorden.append(rij)

    opbrengsten = [r for _, r in _lees_csv(map_, "thema_opbrengsten.csv", v)]
    periode_tekst = _periode(meta, bron, v)
    bijeenkomsten = _lijst(meta, "bijeenkomsten", bron, v)
    controles = _lijst(meta, "controles", bron, v)
    if v.problemen:
        raise ValidatieFout(v.problemen)

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
            [b for b in bijeenkomsten if isinstance(b, dict)],
            columns=["id", "naam", "datum", "opbrengst", "bron"],
        ),
        controles=pd.DataFrame(
            [c for c in controles if isinstance(c, dict)],
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
