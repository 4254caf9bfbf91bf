"""The escaping gate: every text that comes from data passes here before it reaches an output.

One function per target. Text from data/, params, tekst/*.md and workbooks is untrusted: it is
shown as text, never interpreted as markup, formula or code.
"""

from __future__ import annotations

import html as _html
import re

# Every character with a meaning in pandoc Markdown inline syntax (emphasis, code, links,
# raw HTML, tables, math, citations, footnotes, strikeout, super/subscript, entities).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#|$@~^&])")
# typst markup: functions (#), math ($), labels and references (<>, @), emphasis (*, _),
# raw (`), escapes (\), comments (/), headings (=), lists (-, +), links and brackets.
_TYPST = re.compile(r"([\\#$*_`<>@\[\]=~/+-])")
# OWASP CSV injection: a cell starting with one of these can be read as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def markdown(text: object) -> str:
    """Text for inline Markdown, on one line: markup characters escaped, whitespace collapsed."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def html(text: object) -> str:
    """Text for HTML element content and quoted attribute values."""
    return _html.escape(str(text), quote=True)


def typst(text: object) -> str:
    """Text for typst markup: markup characters backslash-escaped."""
    return _TYPST.sub(r"\\\1", str(text))


def spreadsheet_cell(text: object) -> str:
    """Text for a CSV or spreadsheet cell: a leading formula character is neutralised.

    As the OWASP CSV-injection guidance describes, a cell that begins with =, +, -, @, tab or
    carriage return gets a leading apostrophe, so spreadsheet programs show it as text.
    """
    tekst = str(text)
    return "'" + tekst if tekst.startswith(_FORMULA_START) else tekst
