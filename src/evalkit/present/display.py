"""Notebook display: Markdown text, tables and figures as notebook outputs."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from evalkit.present.markdown import markdown_table


def show_markdown(tekst: str) -> None:
    """Display Markdown text as a notebook output (the report parses it); nothing when empty."""
    from IPython.display import Markdown, display

    if tekst:
        display(Markdown(tekst))


def show_table(df: pd.DataFrame, leeg: str = "", **kwargs: Any) -> None:
    """Display a DataFrame as a Markdown table; without rows the `leeg` sentence (if any)."""
    show_markdown(markdown_table(df, **kwargs) if len(df) else leeg)


def show_figure(fig: Figure | None, leeg: str = "") -> None:
    """Display a figure once and close it; without a figure show the `leeg` sentence (if any)."""
    if fig is None:
        show_markdown(leeg)
        return
    from IPython.display import display

    display(fig)
    plt.close(fig)
