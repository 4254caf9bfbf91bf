"""Notebook display of figures: the PNG with its alternative text in the output metadata."""

from __future__ import annotations

import base64

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from evalkit.present import charts, display


def test_figure_output_carries_the_charts_alt_text_in_the_image_metadata():
    fig = charts.plot_categories(["Een", "Twee"], [3, 7], "Aantal keer genoemd")
    data, metadata = display.figure_output(fig)
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")
    assert metadata["image/png"]["alt"] == "Staafdiagram, aantal keer genoemd: Een 3, Twee 7."
    # an explicit text wins; the PNG bytes stay the same
    data2, metadata2 = display.figure_output(fig, alt="Eigen  beschrijving")
    assert metadata2["image/png"]["alt"] == "Eigen beschrijving"
    assert data2["image/png"] == data["image/png"]
    plt.close(fig)


def test_figure_without_alt_text_has_no_alt_metadata():
    fig, _ = plt.subplots()
    _, metadata = display.figure_output(fig)
    assert "alt" not in metadata.get("image/png", {})
    plt.close(fig)
