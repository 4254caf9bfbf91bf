"""Notebook display: Markdown text, tables and figures as notebook outputs."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from evalkit.present.chart_alt import alt_of
from evalkit.present.markdown import markdown_table


def show_markdown(tekst: str) -> None:
    """Display Markdown text as a notebook output (the report parses it); nothing when empty."""
    from IPython.display import Markdown, display

    if tekst:
        display(Markdown(tekst))


def show_table(df: pd.DataFrame, leeg: str = "", **kwargs: Any) -> None:
    """Display a DataFrame as a Markdown table; without rows the `leeg` sentence (if any)."""
    show_markdown(markdown_table(df, **kwargs) if len(df) else leeg)


def figure_output(fig: Figure, alt: str = "") -> tuple[dict, dict]:
    """The display data and metadata of a figure, its alternative text in the metadata.

    The image is made by IPython's own formatters (the same PNG bytes as display(fig)); the
    alternative text (`alt`, else the one the chart function attached) goes into the metadata
    of each image type as 'alt', which pandoc's ipynb reader turns into an image attribute
    (cellen.lua makes it the alt text in HTML and typst).
    """
    from IPython import get_ipython
    from IPython.core.pylabtools import print_figure

    shell = get_ipython()
    data, metadata = shell.display_formatter.format(fig) if shell else ({}, {})
    if not any(mime.startswith("image/") for mime in data):
        # no inline backend (outside a kernel): the PNG the inline backend would make
        data = {"image/png": print_figure(fig, "png", base64=True, bbox_inches="tight")}
        data["text/plain"] = repr(fig)
    tekst = " ".join((alt or alt_of(fig)).split())
    if tekst:
        metadata = dict(metadata)
        for mime in data:
            if mime.startswith("image/"):
                metadata[mime] = {**metadata.get(mime, {}), "alt": tekst}
    return data, metadata


def show_figure(fig: Figure | None, leeg: str = "", alt: str = "") -> None:
    """Display a figure once with its alternative text and close it; without a figure show the
    `leeg` sentence (if any)."""
    if fig is None:
        show_markdown(leeg)
        return
    from IPython.display import display

    data, metadata = figure_output(fig, alt)
    display(data, raw=True, metadata=metadata)
    plt.close(fig)
