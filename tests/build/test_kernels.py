"""The reused-kernel machinery: which modules a kernel imports up front."""

from __future__ import annotations

import nbformat

from evalkit.build.kernels import imported_modules


def test_imported_modules_are_found_for_the_kernel_warm_up():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import pandas as pd\nfrom evalkit.present import figures, tables"
        ),
        nbformat.v4.new_code_cell("%matplotlib inline\nimport kapot"),
        nbformat.v4.new_code_cell("from . import relatief\ndef f():\n    import json"),
    ]
    assert imported_modules(nbformat.writes(nb)) == [
        "pandas",
        "evalkit.present",
        "evalkit.present.figures",
        "evalkit.present.tables",
        "json",
    ]


def _kernel_without_evalkit(tmp_path, monkeypatch):
    """A 'python3' kernel spec (first on JUPYTER_PATH) whose Python cannot import evalkit."""
    import json
    import sys

    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    launcher = (
        "import sys; sys.modules['evalkit'] = None; "
        "from ipykernel import kernelapp; kernelapp.launch_new_instance()"
    )
    argv = [sys.executable, "-c", launcher, "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "zonder evalkit", "language": "python"})
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))


def test_a_kernel_without_evalkit_says_how_to_register_one(tmp_path, monkeypatch):
    import sys

    import pytest

    from evalkit.build.kernels import Kernel
    from evalkit.errors import KernelMissing

    _kernel_without_evalkit(tmp_path, monkeypatch)
    with pytest.raises(KernelMissing) as fout:
        Kernel(str(tmp_path), ["evalkit"])
    melding = str(fout.value)
    assert "kan evalkit niet importeren" in melding
    assert f"{sys.executable} -m ipykernel install --user --name python3" in melding
    assert "--name evalkit" in melding


def test_the_runner_reports_the_missing_kernel_per_notebook(tmp_path, monkeypatch):
    from evalkit.build.execute import error_of
    from evalkit.build.kernels import missing_kernel_message
    from evalkit.errors import KernelMissing

    fout = error_of(KernelMissing(missing_kernel_message("/usr/bin/python3")))
    assert fout["ename"] == "KernelMissing"
    assert fout["melding"].startswith("de notebookkernel 'python3' (/usr/bin/python3) kan evalkit")
