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
