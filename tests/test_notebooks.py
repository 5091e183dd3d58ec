"""Every notebook runs top to bottom in a real Jupyter kernel and shows real diagrams.

One kernel per notebook, started once (module-scoped fixture) and inspected
by the tests below. Notebooks are found by file name, so a new one is tested
as soon as it exists.
"""

import base64
import re
from pathlib import Path

import pytest
from pngcheck import assert_png

from keras_recipes import RECIPES
from keras_recipes._notebooks import DIAGRAMS_ENV, execute_notebook, find_notebooks

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = find_notebooks(ROOT / "notebooks")

# What TensorFlow's C++ side and its Python logger print when not kept quiet.
TF_LOG = re.compile(
    r"^[IWEF]\d{4} |absl::InitializeLog|oneDNN|cuda|WARNING:tensorflow", re.IGNORECASE
)


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda path: path.stem)
def executed(request, tmp_path_factory):
    """(source, executed notebook, folder its diagrams went to)."""
    diagrams = tmp_path_factory.mktemp(f"{request.param.stem}-diagrams")
    notebook = execute_notebook(request.param, env={DIAGRAMS_ENV: str(diagrams)})
    return request.param, notebook, diagrams


def _code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def _output_text(notebook):
    for cell in _code_cells(notebook):
        for output in cell.outputs:
            if output.output_type == "stream":
                yield from output.text.splitlines()
            elif output.output_type == "error":
                yield from output.traceback
            elif "data" in output:
                yield from output.data.get("text/plain", "").splitlines()


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 6


def test_notebook_runs_top_to_bottom(executed):
    _, notebook, _ = executed
    cells = _code_cells(notebook)
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))
    assert not [o for cell in cells for o in cell.outputs if o.output_type == "error"]


def test_notebook_shows_its_diagrams_as_valid_pngs(executed):
    source, notebook, diagrams = executed
    files = sorted(diagrams.glob("*.png"))
    assert files, f"{source.name} wrote no diagram"
    for path in files:
        assert path.name.startswith(f"{source.stem}-")
        assert path.stat().st_size > 0
        assert_png(path)
    shown = [
        base64.b64decode(output.data["image/png"])
        for cell in _code_cells(notebook)
        for output in cell.outputs
        if "image/png" in output.get("data", {})
    ]
    # Each picture displayed is one of the files written, and each file is displayed.
    assert sorted(shown) == sorted(path.read_bytes() for path in files)


def test_notebook_output_has_no_tensorflow_log_lines(executed):
    source, notebook, _ = executed
    noise = [line for line in _output_text(notebook) if TF_LOG.search(line)]
    assert noise == [], f"{source.name} shows TensorFlow's log"


def test_every_recipe_appears_in_a_notebook():
    sources = "\n".join(path.read_text(encoding="utf-8") for path in NOTEBOOKS)
    missing = [r.name for r in RECIPES.values() if f"{r.builder_name}(" not in sources]
    assert missing == []


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [p.name for p in NOTEBOOKS if f"notebooks/{p.name}" not in readme] == []
