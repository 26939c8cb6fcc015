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
    assert modules == {"kg", "pandas", "matplotlib", "IPython", "pathlib"}
    assert "from kg.pipeline import build_corpus" in source and "run_query" in source
    assert "matplotlib_cjk_font" in source and "top_people(graph, 20)" in source


SHARED_CORPUS = NOTEBOOK.parents[2] / "shared" / "corpus"


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_notebook_tells_the_story_of_the_shared_corpus(notebook):
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("matplotlib")
    from kg.fonts import cjk_font_families

    folder = NOTEBOOK.parent
    before = sorted(folder.iterdir())
    run = nbformat.from_dict(notebook)
    nbclient.NotebookClient(run, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}}).execute()
    outputs = [output for cell in code_cells(run) for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    printed = "".join(o.text for o in outputs if o.output_type == "stream")
    assert "5 chronicles, 95 events" in printed  # the shared corpus, not the sample
    assert ("in characters, with " in printed) == bool(cjk_font_families())  # Chinese labels where a font exists
    assert "20 people × " in printed  # the heat map shows the 20 it asks for
    assert "SELECT ?name" in printed  # the SPARQL query, shown as text
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 4  # roles, a pair's timeline, person × week heat map, map
    tables = [o.data["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("<th>chair</th>" in t and "赵立香" in t for t in tables)  # the SPARQL answer
    assert any("binding events" in t for t in tables)  # communities and their events
    assert tables[-1].startswith('<div class="kg-coattendance"><iframe ')
    assert "kg-pair-events" in tables[-1] and "&quot;views&quot;:{" in tables[-1]  # the page with the events
    assert sorted(folder.iterdir()) == before  # the notebook writes no files
