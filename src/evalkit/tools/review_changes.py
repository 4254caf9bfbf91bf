"""The key figures of a stored evaluation and the Dutch lines naming what changed between two
review copies; pupil counts appear suppressed, exactly as in the document."""

from __future__ import annotations

from datetime import date
from typing import Any

from evalkit import fmt
from evalkit.engine import privacy
from evalkit.present.numbers import number_short, percent_short, share, value_text, verdict

NOT_FILLED_IN = "niet ingevuld"

Figures = dict[str, tuple[str, str]]


def norm_texts(ev: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Suppressed texts per plan-specific ratio norm (Evaluation.to_dict()): 'teller' and
    'noemer' as privacy.ratio_display gives them, 'aandeel' worded by present.numbers.share
    ('×' when a count is hidden), as in the document."""
    texts = {}
    for n in ev.get("extra_norms", []):
        r = privacy.ratio_display(n.get("teller"), n.get("noemer"), n.get("aandeel"))
        aandeel = privacy.SECONDARY if r.verborgen else share(n.get("aandeel"))
        texts[n["id"]] = {"teller": r.teller, "noemer": r.noemer, "aandeel": aandeel}
    return texts


def euro_or_empty(value: float | None) -> str:
    """An amount in euros, or 'niet ingevuld'."""
    return NOT_FILLED_IN if value is None else fmt.euro(value)


def _status(status: str | None) -> str:
    return NOT_FILLED_IN if status is None else f"'{status}'"


def _goal_value(d: dict[str, Any]) -> str:
    if d.get("soort") == "mijlpaal":
        ready = d.get("datum_gereed")
        return "nog niet gereed" if not ready else fmt.date_text(date.fromisoformat(ready))
    if d.get("waarde") is None:
        return NOT_FILLED_IN
    if privacy.is_leerlingen(d.get("eenheid")):
        return f"{privacy.suppress_count(d['waarde'])} leerlingen"
    return value_text(d["waarde"], d.get("eenheid"))


def _goal_figures(ev: dict[str, Any], out: Figures) -> None:
    for d in ev.get("goals", []):
        out[f"doel:{d['id']}:status"] = (f"Doel {d['id']}: status", _status(d.get("status")))
        if d.get("soort") in ("numeriek", "mijlpaal"):
            word = "gereed" if d.get("soort") == "mijlpaal" else "gemeten waarde"
            out[f"doel:{d['id']}:waarde"] = (f"Doel {d['id']}: {word}", _goal_value(d))
        out[f"doel:{d['id']}:tekst"] = (f"doel {d['id']}", d.get("toelichting") or "")
    out["doelen:aandeel"] = ("Aandeel behaalde doelen:", share(ev.get("goals_achieved_share")))
    norm = percent_short(ev.get("goals_norm", 0.75))
    out["doelen:norm"] = (
        f"Norm aandeel behaalde doelen (ten minste {norm}):",
        verdict(ev.get("goals_norm_met")),
    )
    for t in ev.get("goals_per_theme", []):
        out[f"thema:{t['thema']}:aandeel"] = (
            f"Aandeel behaalde doelen in thema {t['naam']}:",
            share(t.get("aandeel")),
        )


def _overrun_text(a: dict[str, Any]) -> str:
    over = a["overschrijding"]
    text = "geen" if over == 0 else fmt.euro(over)
    if over and a.get("overschrijding_fractie") is not None:
        text += f" ({share(a['overschrijding_fractie'])})"
    return text


def _activity_figures(ev: dict[str, Any], out: Figures) -> None:
    for a in ev.get("activities", []):
        i = a["id"]
        if a.get("budget") is not None:
            out[f"activiteit:{i}:budget"] = (f"Budget {i}:", euro_or_empty(a["budget"]))
        out[f"activiteit:{i}:besteed"] = (f"Besteed {i}:", euro_or_empty(a.get("besteed")))
        if a.get("overschrijding") is not None:
            out[f"activiteit:{i}:overschrijding"] = (f"Overschrijding {i}:", _overrun_text(a))
        if a.get("project"):
            hours = a.get("uren_besteed")
            out[f"activiteit:{i}:uren"] = (
                f"Uren besteed {i}:",
                NOT_FILLED_IN if hours is None else number_short(hours),
            )
        out[f"activiteit:{i}:status"] = (f"Activiteit {i}: status", _status(a.get("status")))
        out[f"activiteit:{i}:tekst"] = (f"activiteit {i}", a.get("toelichting") or "")


def _money_figures(ev: dict[str, Any], out: Figures) -> None:
    for t in ev.get("budget_per_theme", []):
        out[f"thema:{t['thema']}:besteed"] = (
            f"Besteed in thema {t['naam']}:",
            euro_or_empty(t.get("besteed")),
        )
        out[f"thema:{t['thema']}:overschrijding"] = (
            f"Overschrijding in thema {t['naam']}:",
            fmt.euro(t["overschrijding"]) if t.get("overschrijding") else "geen",
        )
    out["budget:totaal"] = ("Begroot in totaal:", euro_or_empty(ev.get("budget_total")))
    out["besteed:totaal"] = ("Besteed in totaal:", euro_or_empty(ev.get("spent_total")))
    over = sum(t.get("overschrijding") or 0 for t in ev.get("budget_per_theme", []))
    out["overschrijding:totaal"] = (
        "Overschrijding in totaal:",
        fmt.euro(round(over, 2)) if over else "geen",
    )
    out["budget:aandeel"] = (
        "Aandeel activiteiten binnen het budget:",
        share(ev.get("activities_within_budget_share")),
    )
    if ev.get("projects"):
        out["uren:aandeel"] = (
            "Aandeel projecten binnen de uren:",
            share(ev.get("projects_within_hours_share")),
        )
        out["uren:norm"] = (
            f"Norm projecten binnen de uren (ten minste {percent_short(ev.get('hours_norm', 0))}):",
            verdict(ev.get("hours_norm_met")),
        )


def _indicator_and_norm_figures(ev: dict[str, Any], out: Figures) -> None:
    hidden = privacy.indicator_texts(ev.get("indicators", []), ev.get("extra_norms", []))
    for ind in ev.get("indicators", []):
        if ind["id"] in hidden:
            text = hidden[ind["id"]]["waarde"]
        else:
            text = value_text(ind.get("waarde"), ind.get("eenheid"))
        out[f"indicator:{ind['id']}"] = (
            f"Indicator {ind['naam']}:",
            NOT_FILLED_IN if text == fmt.EMPTY else text,
        )
    texts = norm_texts(ev)
    for n in ev.get("extra_norms", []):
        out[f"norm:{n['id']}:aandeel"] = (f"{n['naam']}:", texts[n["id"]]["aandeel"])
        out[f"norm:{n['id']}:oordeel"] = (
            f"Norm {n['naam']} (ten minste {percent_short(n['minimum'])}):",
            verdict(n.get("gehaald")),
        )


def key_figures(ev: dict[str, Any]) -> Figures:
    """The figures whose changes a review copy lists, from an Evaluation.to_dict() result.

    Returns key -> (label, display text): the round, goal statuses and values, the shares of
    goals achieved (overall and per theme) and the norm verdicts, budget, spend, overrun and
    status per activity, theme totals and overall totals, hours, indicator values and the
    plan-specific norms. Pupil counts appear suppressed, exactly as in the document; text
    fields (explanations) appear under a key ending in ':tekst' with their raw text.
    """
    out: Figures = {
        "ronde": (
            "Evaluatieronde:",
            f"{ev.get('ronde_name')} "
            f"(peildatum {fmt.date_text(date.fromisoformat(ev['peildatum']))})",
        )
    }
    _goal_figures(ev, out)
    _activity_figures(ev, out)
    _money_figures(ev, out)
    _indicator_and_norm_figures(ev, out)
    return out


def _explanation_change(label: str, was: str | None, now: str | None) -> str:
    if was and now:
        return f"Toelichting bij {label} is gewijzigd."
    if now:
        return f"Toelichting bij {label} is toegevoegd."
    return f"Toelichting bij {label} is verwijderd."


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Dutch lines naming every key figure that changed between two stored evaluations.

    E.g. "Doel D12: status van 'niet behaald' naar 'behaald'", "Besteed A19: van € 23.750
    naar € 25.000", "Aandeel behaalde doelen: van 77,5% naar 80%". A changed explanation is
    named without its text; figures that look the same after suppression are not listed.
    """
    a, b = key_figures(old), key_figures(new)
    lines = []
    for key in list(b) + [k for k in a if k not in b]:
        label = (b.get(key) or a[key])[0]
        was = a[key][1] if key in a else None
        now = b[key][1] if key in b else None
        if was == now:
            continue
        if key.endswith(":tekst"):
            lines.append(_explanation_change(label, was, now))
        elif was is None:
            lines.append(f"{label} {now} (nieuw)")
        elif now is None:
            lines.append(f"{label} {was} (vervallen: staat niet meer in het jaarplan)")
        else:
            lines.append(f"{label} van {was} naar {now}")
    return lines
