"""Tidy tables and text of the stakeholder data set for the report."""

from __future__ import annotations

from typing import Any

import pandas as pd

from evalkit import fmt
from evalkit.data.stakeholders import (
    YES_NO,
    StakeholderData,
    question_kind,
    share_text,
)
from evalkit.escape import markdown as _md


def _respondents(sd: StakeholderData) -> dict[str, int | None]:
    return {
        r.id: (None if pd.isna(r.respondenten) else int(r.respondenten))
        for r in sd.instrumenten.itertuples()
    }


def _questions_with_kind(sd: StakeholderData) -> pd.DataFrame:
    met_gem = set(sd.antwoorden.loc[sd.antwoorden["gemiddelde"].notna(), "vraag_id"])
    v = sd.vragen.copy()
    v["soort"] = [
        question_kind(s, i in met_gem) for s, i in zip(v["schaal"], v["vraag_id"], strict=True)
    ]
    return v


def questions_of_kind(
    sd: StakeholderData, soort: str, behalve: tuple[str, ...] | list[str] = ()
) -> list[str]:
    """Ids of the questions of one kind (see soort_vraag) that have answers, in file order."""
    v = _questions_with_kind(sd)
    beantwoord = set(sd.antwoorden["vraag_id"])
    return [
        i
        for i, s in zip(v["vraag_id"], v["soort"], strict=True)
        if s == soort and i in beantwoord and i not in behalve
    ]


def table_respondents(sd: StakeholderData) -> pd.DataFrame:
    """Respondents and number of questions per instrument (empty count = not stated)."""
    vragen_per = sd.vragen.groupby("instrument", sort=False)["vraag_id"].count()
    rijen = []
    for r in sd.instrumenten.itertuples():
        rijen.append(
            {
                "Instrument": r.naam,
                "Respondenten": "niet vermeld"
                if pd.isna(r.respondenten)
                else fmt.number(r.respondenten),
                "Vragen": fmt.number(int(vragen_per.get(r.id, 0))),
                "Bron": r.bron,
            }
        )
    return pd.DataFrame(rijen, columns=["Instrument", "Respondenten", "Vragen", "Bron"])


def _yes_no_answers(sd: StakeholderData) -> list[tuple[str, str, int | None, Any]]:
    """(question id, question text, respondents, answer row) of every yes/no answer."""
    resp = _respondents(sd)
    vragen = sd.vragen.set_index("vraag_id")
    return [
        (vid, str(vragen.at[vid, "vraag"]), resp.get(vragen.at[vid, "instrument"]), a)
        for vid in questions_of_kind(sd, YES_NO)
        for a in sd.antwoorden[sd.antwoorden["vraag_id"] == vid].itertuples()
    ]


def table_yes_answers(sd: StakeholderData) -> pd.DataFrame:
    """Yes/no questions: the reported count against the instrument's respondents."""
    rijen = [
        {
            "Vraag": f"{tekst} ({vid})",
            "Uitkomst": a.categorie,
            "Aantal": share_text(a.aantal, totaal),
            "Bron": a.bron,
        }
        for vid, tekst, totaal, a in _yes_no_answers(sd)
    ]
    return pd.DataFrame(rijen, columns=["Vraag", "Uitkomst", "Aantal", "Bron"])


def without_source(tabel: pd.DataFrame) -> pd.DataFrame:
    """A table for display: its per-row source column left out (see source_note)."""
    return tabel.drop(columns=["Bron"], errors="ignore")


def source_note(tabel: pd.DataFrame) -> str:
    """The source of a table once, under it: 'Bron: 002_x.txt r. 62, 64; r. 460.' ('' if none).

    The references of the `Bron` column in row order, without repeats; the file name is
    named once when every reference starts with the same file.
    """
    if "Bron" not in tabel.columns:
        return ""
    bronnen = list(dict.fromkeys(str(b) for b in tabel["Bron"] if isinstance(b, str) and b))
    if not bronnen:
        return ""
    bestanden = {b.split(" ", 1)[0] for b in bronnen}
    if len(bestanden) == 1 and all(" " in b for b in bronnen):
        bestand = bestanden.pop()
        tekst = f"{bestand}, " + "; ".join(b.split(" ", 1)[1] for b in bronnen)
    else:
        tekst = "; ".join(bronnen)
    return f"*Bron: {_md(tekst)}.*"


def table_averages(sd: StakeholderData) -> pd.DataFrame:
    """Average marks as reported, with the note the source gives and its scale."""
    vragen = sd.vragen.set_index("vraag_id")
    rijen = []
    for a in sd.antwoorden[sd.antwoorden["gemiddelde"].notna()].itertuples():
        rijen.append(
            {
                "Vraag": a.vraag_id,
                "Omschrijving": vragen.at[a.vraag_id, "vraag"],
                "Gemiddelde": fmt.number(a.gemiddelde, 2).rstrip("0").rstrip(","),
                "Toelichting": a.categorie,
                "Schaal": vragen.at[a.vraag_id, "schaal"],
                "Bron": a.bron,
            }
        )
    kolommen = ["Vraag", "Omschrijving", "Gemiddelde", "Toelichting", "Schaal", "Bron"]
    return pd.DataFrame(rijen, columns=kolommen)


def categories(sd: StakeholderData, vraag_id: str) -> pd.DataFrame:
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


def table_categories(sd: StakeholderData, vraag_ids: list[str]) -> pd.DataFrame:
    """Counted answer categories of the given questions as a display table."""
    vragen = sd.vragen.set_index("vraag_id")
    resp = _respondents(sd)
    rijen = []
    for vid in vraag_ids:
        instrument = vragen.at[vid, "instrument"]
        naam = sd.instrumenten.set_index("id").at[instrument, "naam"]
        for r in categories(sd, vid).itertuples():
            rijen.append(
                {
                    "Vraag": vid,
                    "Instrument": naam,
                    "Categorie": r.categorie,
                    "Aantal": fmt.number(r.aantal),
                    "Respondenten": fmt.number(resp[instrument])
                    if resp.get(instrument)
                    else "niet vermeld",
                    "Bron": r.bron,
                }
            )
    kolommen = ["Vraag", "Instrument", "Categorie", "Aantal", "Respondenten", "Bron"]
    return pd.DataFrame(rijen, columns=kolommen)


def table_questions(sd: StakeholderData, vraag_ids: list[str]) -> pd.DataFrame:
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


def table_checks(sd: StakeholderData) -> pd.DataFrame:
    """The sum checks of bron.yaml: category sum against the total the document states."""
    rijen = []
    for c in sd.controles.itertuples():
        rijen.append(
            {
                "Vraag": c.vraag,
                "Som categorieën": fmt.number(c.som) if pd.notna(c.som) else fmt.EMPTY,
                "Totaal in document": fmt.number(c.totaal_document)
                if pd.notna(c.totaal_document)
                else "niet vermeld",
                "Uitkomst": c.uitkomst,
            }
        )
    kolommen = ["Vraag", "Som categorieën", "Totaal in document", "Uitkomst"]
    return pd.DataFrame(rijen, columns=kolommen)


def table_outputs_per_meeting(sd: StakeholderData) -> pd.DataFrame:
    """Number of uncounted statements (thema_opbrengsten.csv) per meeting, in meeting order."""
    namen = dict(zip(sd.bijeenkomsten["id"], sd.bijeenkomsten["naam"], strict=True))
    tellingen = sd.opbrengsten.groupby("bijeenkomst", sort=False)["uitspraak"].count()
    volgorde = [b for b in sd.bijeenkomsten["id"] if b in tellingen.index]
    volgorde += [b for b in tellingen.index if b not in volgorde]
    rijen = [
        {"Bijeenkomst": namen.get(b, b), "Uitspraken": fmt.number(int(tellingen[b]))}
        for b in volgorde
    ]
    return pd.DataFrame(rijen, columns=["Bijeenkomst", "Uitspraken"])


def heard_summary(sd: StakeholderData, vraag_id: str = "MEN-01") -> str:
    """One Dutch sentence for a yes/no outcome, e.g. 'Zich gehoord voelen: 86 van de 101 ...'."""
    vragen = sd.vragen.set_index("vraag_id")
    rijen = sd.antwoorden[sd.antwoorden["vraag_id"] == vraag_id]
    if vraag_id not in vragen.index or rijen.empty:
        return ""
    instrument = vragen.at[vraag_id, "instrument"]
    totaal = _respondents(sd).get(instrument)
    a = rijen.iloc[0]
    naam = sd.instrumenten.set_index("id").at[instrument, "naam"]
    categorie = str(a["categorie"])
    aantal = fmt.number(a["aantal"])
    if totaal:
        percent = fmt.percent(a["aantal"] / totaal)
        deel = f"{aantal} van de {fmt.number(totaal)} respondenten ({percent})"
    else:
        deel = f"{aantal} respondenten"
    return (
        f"**{_md(categorie[:1].upper() + categorie[1:])}:** {deel} van de {_md(naam)} "
        f"(bron: {_md(a['bron'])})."
    )


def _yes_shares(sd: StakeholderData) -> list[tuple[float, str, str]]:
    """(share, question id, outcome) of each yes/no answer with a known respondent count."""
    return [
        (a.aantal / totaal, vid, str(a.categorie))
        for vid, _, totaal, a in _yes_no_answers(sd)
        if totaal and pd.notna(a.aantal)
    ]


def _and_list(namen: list[str]) -> str:
    return namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]


def summary_markdown(sd: StakeholderData) -> str:
    """A short summary from the data: instruments, respondents, period and what stands out."""
    resp = _respondents(sd)
    geteld = [n for n in resp.values() if n]
    n_instr, n_zonder = len(resp), sum(1 for n in resp.values() if not n)
    delen = [
        f"**Samengevat.** {fmt.number(n_instr)} "
        f"{'instrument' if n_instr == 1 else 'instrumenten'}"
        + (f" in de periode {sd.periode}" if sd.periode else "")
        + f", met samen {fmt.number(len(sd.vragen))} vragen en stellingen."
    ]
    if geteld:
        delen.append(
            f"De vragenlijsten met een bekend aantal respondenten ({fmt.number(len(geteld))}) "
            f"telden samen {fmt.number(sum(geteld))} respondenten (een persoon kan aan meer dan "
            "één vragenlijst hebben meegedaan)."
        )
    if n_zonder:
        delen.append(
            f"Bij {fmt.number(n_zonder)} {'instrument' if n_zonder == 1 else 'instrumenten'} "
            "noemt het document geen aantal respondenten."
        )
    aandelen = sorted(_yes_shares(sd), reverse=True)
    if aandelen:
        hoog = aandelen[0]
        delen.append(
            f"Bij de ja/nee-vragen is het hoogste aandeel {fmt.percent(hoog[0])} "
            f"({_md(hoog[2])}, {_md(hoog[1])})."
        )
    afwijkend = [str(c.vraag) for c in sd.controles.itertuples() if c.uitkomst == "wijkt af"]
    if afwijkend:
        delen.append(
            f"Bij {_md(_and_list(afwijkend))} telt de som van de categorieën niet op tot het "
            "totaal dat het document noemt (zie de controles)."
        )
    return " ".join(delen)


def introduction_markdown(sd: StakeholderData) -> str:
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


def source_markdown(sd: StakeholderData) -> str:
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
    regels.append(
        "- Onder elke tabel staat de vindplaats in het document (bestand en regelnummers)."
    )
    return "\n".join(regels)
