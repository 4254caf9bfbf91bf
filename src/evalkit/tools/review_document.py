"""The review copy as blocks (headings, numbered paragraphs, lists, tables, the form) and the
writer that turns them into pandoc Markdown with numbers [1], [2], ... through the document."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from evalkit.escape import markdown as md

FORM_ROWS = 12


@dataclass(frozen=True)
class Heading:
    """A heading (unnumbered: only paragraphs, list items and tables carry numbers)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph; text is Markdown inline text. notice: shown as a notice."""

    text: str
    notice: bool = False


@dataclass(frozen=True)
class BulletList:
    """A bullet list; every item gets its own number. Items are Markdown inline text."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a numbered caption; cells are plain text, widths relative widths,
    right the indexes of the right-aligned columns."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]
    right: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Form:
    """The reactieformulier: a numbered title and a table of empty rows (plain-text title)."""

    title: str
    columns: tuple[str, ...]
    rows: int = FORM_ROWS


Block = Heading | Paragraph | BulletList | Table | Form


def _number(n: int) -> str:
    return f"[**\\[{n}\\]**]{{#p{n} .nr}} "


def _table_md(t: Table) -> str:
    total = sum(t.widths)
    separators = []
    for i, width in enumerate(t.widths):
        dashes = "-" * max(3, round(100 * width / total))
        separators.append(f"{dashes}:" if i in t.right else f":{dashes}")
    lines = [
        "| " + " | ".join(md(k) for k in t.columns) + " |",
        "|" + "|".join(separators) + "|",
    ]
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in t.rows]
    return "\n".join(lines)


def _form_html(f: Form, number: int | None) -> str:
    nr = (
        ""
        if number is None
        else f'<span id="p{number}" class="nr"><strong>[{number}]</strong></span> '
    )
    head = "".join(f"<th>{k}</th>" for k in f.columns)
    row = "<tr>" + "<td></td>" * len(f.columns) + "</tr>"
    return (
        f'<p>{nr}{f.title}</p>\n<table class="reactieformulier">\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join([row] * f.rows)
        + "\n</tbody>\n</table>"
    )


def _form_typst(f: Form, number: int | None) -> str:
    nr = "" if number is None else f"#strong[\\[{number}\\]]<p{number}> "
    head = ", ".join(f"[*{k}*]" for k in f.columns)
    return (
        "#block(breakable: false)[\n"
        f"{nr}{f.title}\n\n"
        "#table(\n"
        "  columns: (2.6cm, 1fr, 4.4cm),\n"
        f"  rows: (auto,) + (1.3cm,) * {f.rows},\n"
        "  stroke: 0.5pt + luma(110),\n"
        f"  table.header({head}),\n"
        f"  ..range({f.rows * len(f.columns)}).map(_ => []),\n"
        ")\n]"
    )


def _form_md(f: Form, number: int | None) -> str:
    """The form as raw HTML and raw typst (rows high enough to write in), title included.

    The title is plain text; the number is written in both formats exactly as _number shows it.
    """
    return (
        f"```{{=html}}\n{_form_html(f, number)}\n```\n\n"
        f"```{{=typst}}\n{_form_typst(f, number)}\n```"
    )


def markdown(blocks: list[Block], numbered: bool = True) -> str:
    """The document as pandoc Markdown; numbers [1], [2], ... run through the whole document.

    With numbered=False the same text without numbers (the basis of the version id).
    """
    counter = itertools.count(1)

    def nr() -> str:
        return _number(next(counter)) if numbered else ""

    parts = []
    for b in blocks:
        if isinstance(b, Heading):
            parts.append(f"{'#' * b.level} {md(b.text)}")
        elif isinstance(b, Paragraph):
            parts.append(("> " if b.notice else "") + nr() + b.text)
        elif isinstance(b, BulletList):
            parts.append("\n".join(f"- {nr()}{item}" for item in b.items))
        elif isinstance(b, Table):
            parts.append(_table_md(b) + "\n\n: " + nr() + b.title)
        elif isinstance(b, Form):
            parts.append(_form_md(b, next(counter) if numbered else None))
    return "\n\n".join(parts) + "\n"
