"""Executing one notebook: cleaning its output, describing failures in Dutch."""

from __future__ import annotations

import nbformat

from evalkit.build.execute import clean_notebook, error_of


def test_clean_notebook_drops_timestamps_and_fixes_ids():
    nb = nbformat.v4.new_notebook()
    nb.metadata.papermill = {
        "start_time": "t",
        "end_time": "t",
        "duration": 1.0,
        "input_path": "/abs/in.ipynb",
        "output_path": "/abs/.tmp",
    }
    bron = nbformat.v4.new_code_cell("x = 1", id="eigen")
    injectie = nbformat.v4.new_code_cell("x = 2", id="a1b2c3d4")
    injectie.metadata.tags = ["injected-parameters"]
    fout = nbformat.v4.new_markdown_cell("fout", id="ffffffff")
    fout.metadata.tags = ["papermill-error-cell-tag"]
    for c in (bron, injectie, fout):
        c.metadata.papermill = {"start_time": "t", "end_time": "t", "duration": 1, "status": "ok"}
        c.metadata.execution = {"iopub.status.busy": "t"}
    nb.cells = [fout, bron, injectie]
    clean_notebook(nb, {"eigen"}, "notebooks/n.ipynb", "reports/p/r/n.ipynb")
    assert nb.metadata.papermill == {
        "input_path": "notebooks/n.ipynb",
        "output_path": "reports/p/r/n.ipynb",
    }
    assert [c.id for c in nb.cells] == ["papermill-error-0", "eigen", "injected-parameters"]
    assert nb.cells[2].metadata.tags == ["injected-parameters", "remove-cell"]
    for c in nb.cells:
        assert c.metadata.papermill == {"status": "ok"}
        assert "execution" not in c.metadata


def _image_output(alt: str | None) -> dict:
    out = nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "F"})
    if alt is not None:
        out.metadata = {"image/png": {"alt": alt}}
    return out


def test_clean_notebook_copies_figure_alt_into_the_cell_metadata_for_quarto():
    nb = nbformat.v4.new_notebook()
    een = nbformat.v4.new_code_cell("show_figure(f)", id="een")
    een.outputs = [_image_output("Staafdiagram: T1 5 behaald")]
    twee = nbformat.v4.new_code_cell("show_figure(f); show_figure(g)", id="twee")
    twee.outputs = [_image_output("eerste"), _image_output(None), _image_output("derde")]
    zonder = nbformat.v4.new_code_cell("plt.show()", id="zonder")
    zonder.outputs = [_image_output(None)]
    tekst = nbformat.v4.new_code_cell("print(1)", id="tekst")
    tekst.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1")]
    nb.cells = [een, twee, zonder, tekst]
    clean_notebook(nb, {"een", "twee", "zonder", "tekst"}, "n.ipynb", "r.ipynb")
    assert een.metadata["fig-alt"] == "Staafdiagram: T1 5 behaald"
    # Quarto takes a list element by element, one per image
    assert twee.metadata["fig-alt"] == ["eerste", "", "derde"]
    assert "fig-alt" not in zonder.metadata and "fig-alt" not in tekst.metadata


def test_failures_outside_the_notebook_are_described_in_dutch(tmp_path):
    tijdelijk = tmp_path / "reports" / "x" / "M12" / ".evaluatie.123.tmp.ipynb"
    fout = error_of(PermissionError(13, "Permission denied", str(tijdelijk)), tmp_path)
    assert fout == {
        "ename": "PermissionError",
        "evalue": f"[Errno 13] Permission denied: '{tijdelijk}'",
        "melding": "kan de uitvoer niet schrijven in reports/x/M12/ (geen toegang)",
    }
    vol = error_of(
        OSError(28, "No space left on device", str(tmp_path / "data" / "a.csv")), tmp_path
    )
    assert vol["melding"] == "data/a.csv: schijf vol"
    assert error_of(RuntimeError("Kernel died before replying"))["melding"] == (
        "de Python-kernel is onverwacht gestopt of reageerde niet op tijd"
    )
    anders = error_of(ValueError("iets raars"))["melding"]
    assert anders.startswith("onverwachte fout bij het uitvoeren; de technische details staan in")
    assert "ValueError" not in anders
