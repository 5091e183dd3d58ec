"""Every notebook runs top to bottom in a real Jupyter kernel and shows real diagrams.

One kernel per notebook, started once per module (``run_notebook`` keeps each
run) and inspected by the tests below. Notebooks are found by file name, so a
new one is tested as soon as it exists.
"""

import base64
import math
import re
from pathlib import Path

import jupytext
import pytest
from notebook_runner import DIAGRAMS_ENV, execute_notebook, find_notebooks

from keras_recipes import RECIPES

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = find_notebooks(ROOT / "notebooks")

# What TensorFlow's C++ side and its Python logger print when not kept quiet.
TF_LOG = re.compile(
    r"^[IWEF]\d{4} |absl::InitializeLog|oneDNN|cuda|WARNING:tensorflow", re.IGNORECASE
)


@pytest.fixture(scope="module")
def run_notebook(tmp_path_factory):
    """Executes a notebook the first time it is asked for, then hands back that run:
    (source, executed notebook, folder its diagrams went to)."""
    runs = {}

    def run(source):
        if source not in runs:
            diagrams = tmp_path_factory.mktemp(f"{source.stem}-diagrams")
            notebook = execute_notebook(source, env={DIAGRAMS_ENV: str(diagrams)})
            runs[source] = (source, notebook, diagrams)
        return runs[source]

    return run


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda path: path.stem)
def executed(request, run_notebook):
    return run_notebook(request.param)


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


def _stream(notebook, name):
    """All the notebook printed to ``name`` ("stdout" or "stderr"), in order."""
    return "".join(
        output.text
        for cell in _code_cells(notebook)
        for output in cell.outputs
        if output.output_type == "stream" and output.name == name
    )


def _printed(notebook, pattern):
    """The groups of the one printed line that matches ``pattern``, as floats."""
    found = re.findall(f"^{pattern}$", _stream(notebook, "stdout"), re.MULTILINE)
    assert len(found) == 1, f"expected one line matching {pattern!r}, found {found}"
    groups = found[0] if isinstance(found[0], tuple) else (found[0],)
    return [float(group) for group in groups]


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_paired_with_an_ipynb(source):
    # Jupytext's header: opening the .py in Jupyter keeps an .ipynb beside it in step.
    header = jupytext.read(source).metadata.get("jupytext", {})
    assert header.get("formats") == "ipynb,py:percent"


def test_notebook_runs_top_to_bottom(executed):
    _, notebook, _ = executed
    cells = _code_cells(notebook)
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))
    assert not [o for cell in cells for o in cell.outputs if o.output_type == "error"]


def test_notebook_shows_its_diagrams_as_valid_pngs(executed, png_pixels):
    source, notebook, diagrams = executed
    files = sorted(diagrams.glob("*.png"))
    assert files, f"{source.name} wrote no diagram"
    for path in files:
        assert path.name.startswith(f"{source.stem}-")
        png_pixels(path)
    shown = [
        base64.b64decode(output.data["image/png"])
        for cell in _code_cells(notebook)
        for output in cell.outputs
        if "image/png" in output.get("data", {})
    ]
    # Each picture displayed is one of the files written, and each file is displayed.
    assert sorted(shown) == sorted(path.read_bytes() for path in files)


def test_notebook_writes_nothing_to_stderr(executed):
    # Jupyter shows stderr on red, like an error.
    source, notebook, _ = executed
    assert _stream(notebook, "stderr") == "", f"{source.name} writes to stderr"


def test_notebook_output_has_no_tensorflow_log_lines(executed):
    source, notebook, _ = executed
    noise = [line for line in _output_text(notebook) if TF_LOG.search(line)]
    assert noise == [], f"{source.name} shows TensorFlow's log"


def test_every_recipe_appears_in_a_notebook():
    sources = "\n".join(path.read_text(encoding="utf-8") for path in NOTEBOOKS)
    missing = [r.name for r in RECIPES.values() if f"{r.builder_name}(" not in sources]
    assert missing == []


def test_readme_lists_exactly_the_notebooks_that_run_here():
    # Every notebook README promises is one these tests execute, and the other way round.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`notebooks/(\d\d_\w+\.py)`", readme))
    assert listed == {path.name for path in NOTEBOOKS}


def test_cnn_erratum_measures_the_untrained_loss_on_real_digits(run_notebook):
    _, notebook, _ = run_notebook(ROOT / "notebooks" / "05_cnn_erratum.py")
    [loss] = _printed(notebook, r"loss, untrained: (\d\.\d{4})")
    [ln10] = _printed(notebook, r"ln 10: +(\d\.\d{4})")
    low, high = _printed(notebook, r"probabilities from (0\.\d{3}) to (0\.\d{3})")
    assert ln10 == 2.3026
    # What the text says: close to ln 10, because every class gets about 1/10.
    assert math.isclose(loss, ln10, abs_tol=0.05)
    assert 0.05 < low < 0.1 < high < 0.15


def test_training_notebook_text_agrees_with_the_per_row_accuracy(run_notebook):
    _, notebook, _ = run_notebook(ROOT / "notebooks" / "07_training.py")
    [first] = _printed(notebook, r"output2 after row 1: (0\.\d{3})")
    best_row, best = _printed(notebook, r"output2 at its best, after row (\d+): (0\.\d{3})")
    last_row, last = _printed(notebook, r"output2 after row (\d+), the last: (0\.\d{3})")
    [output1] = _printed(notebook, r"output1, from the whole sequence: (0\.\d{3})")
    [blanked] = _printed(
        notebook,
        rf"after row {last_row:.0f}, reading blank rows after row {best_row:.0f}: (0\.\d{{3}})",
    )
    ink_last, ink_whole = _printed(
        notebook,
        r"ink in row 1: \d\.\d\d, row \d+: \d\.\d\d, row 28: (\d\.\d\d)\nwhole digits: (\d\.\d\d)",
    )
    assert last_row == 28  # one step per row
    # "little better than a guess", "best a few rows before the last one",
    # "falls by more than 0.1", "output1 does better than output2 at any row"
    assert first < 0.2
    assert best_row <= last_row - 4
    assert last < best - 0.1
    assert output1 > best
    # Not blank at the bottom; and blank rows after the best one change little.
    assert ink_last > 0.9 * ink_whole
    assert math.isclose(blanked, last, abs_tol=0.05)


def test_training_notebook_shows_the_notes_of_train_as_plain_output(run_notebook):
    _, notebook, _ = run_notebook(ROOT / "notebooks" / "07_training.py")
    assert (
        "keras-recipes: sequential is a linear regression, not a digit classifier: "
        "fitted to noisy points of y = 2x + 1\n"
    ) in _stream(notebook, "stdout")
