"""The who-meets-whom notebook: committed without outputs, library API only, and it runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).parent.parent / "notebooks" / "who_meets_whom.ipynb"

nbformat = pytest.importorskip("nbformat")


@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(NOTEBOOK, as_version=4)


def code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_notebook_is_committed_without_outputs(notebook):
    nbformat.validate(notebook)
    for cell in code_cells(notebook):
        assert cell.outputs == [] and cell.execution_count is None


def test_notebook_imports_only_the_library_and_plotting(notebook):
    source = "\n".join(cell.source for cell in code_cells(notebook))
    modules = {m.split(".")[0] for m in re.findall(r"^\s*(?:from|import)\s+([\w.]+)", source, re.M)}
    assert modules == {"kg", "pandas", "matplotlib", "IPython"}
    assert "from kg.pipeline import build_corpus" in source and "run_query" in source


@pytest.mark.slow
def test_notebook_runs_on_the_bundled_sample(notebook, tmp_path):
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("matplotlib")
    run = nbformat.from_dict(notebook)
    nbclient.NotebookClient(run, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [output for cell in code_cells(run) for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 2  # roles bar chart, person × week heat map
    tables = [o.data["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("<th>chair</th>" in t and "赵立香" in t for t in tables)  # the SPARQL answer
    assert tables[-1].startswith('<div class="kg-coattendance"><iframe ')
    assert list(tmp_path.iterdir()) == []  # the notebook writes no files
