"""The tutorial notebook, docs/tutorial.ipynb, runs from top to bottom and every result in it
displays as HTML (through the ``_repr_html_`` methods of deterrence.report.notebook).

Known result checked inside the notebook: the least credibility that deters in
extended-deterrence is p* = 7/10 at the default values (docs/gallery, after Huth 1988).
"""

from __future__ import annotations

from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "tutorial.ipynb"


def test_the_tutorial_notebook_runs_and_shows_html() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    # The game, the solve result, the threshold and the table frame each display as HTML.
    assert len(html) >= 4
    assert any("closed form" in h for h in html)
    printed = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "\\begin{tabularx}" in printed and "Status quo" in printed
