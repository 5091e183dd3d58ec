"""Every notebook, in both editions, runs top to bottom in a real Jupyter kernel.

The notebooks come in two editions with the same file names, ``notebooks/en`` and
``notebooks/zh-TW``: the code cells are the same, only the prose differs, and each
edition's kernel runs under its own locale, so the package prints in its language.
Each notebook is executed at most once per change: runs are kept by the content of the
notebook and of the package (``notebook_cache``, shared with ``make site``), so the first
test that asks reads the cached run or makes it, and every other test, in whichever
pytest-xdist worker, reads that run back (``run_notebook``). Notebooks are found by file
name, so a new one is tested as soon as it exists.
"""

import base64
import io
import math
import os
import re
import tokenize
from pathlib import Path

import jupytext
import notebook_cache
import pytest
from notebook_cache import locked
from notebook_runner import (
    DIAGRAMS_ENV,
    EDITIONS,
    execute_notebook,
    find_editions,
    kernel_environment,
)

from keras_recipes import RECIPES, guide, i18n, registry
from keras_recipes.article import SECTIONS
from keras_recipes.i18n import ENGLISH

try:
    import fcntl
except ImportError:  # Windows: each worker runs the notebooks it needs itself
    fcntl = None

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "notebooks"
NOTEBOOKS = [path for paths in find_editions(FOLDER).values() for path in paths]
# The edition the tests execute. The other's code cells are the same, cell for cell
# (test_both_editions_have_the_same_header_and_code_cells), and only its kernel's language
# differs, which the package's own tests hold in both languages: running it again would
# prove nothing more. `make site` and `make notebooks` run both.
EXECUTED = find_editions(FOLDER)["zh-TW"]
# File names found in every edition: the pairs whose code must not drift apart.
NAMES = sorted(
    name
    for name in {path.name for path in NOTEBOOKS}
    if all((FOLDER / edition / name).is_file() for edition in EDITIONS)
)
# Which document a notebook follows, by its file name: "NN_guide_<topic>.py" follows the
# Keras guide, every other notebook the article.
GUIDE_NOTEBOOK = re.compile(r"\d\d_guide_\w+\.py")
# The article's headings as the package keeps them, one "number heading" a line.
HEADINGS = "\n".join(f"{number} {heading}" for number, heading in SECTIONS.items())
# The article itself, where shared/ lies beside the clone (as in CI).
ARTICLE = ROOT.parent / "shared" / "article" / "keras-functional-api.zh-TW.txt"
# The notebooks of the article's sections, of its CNN erratum and of the guide: each writes
# its models out in plain Keras and checks them before it calls a builder.
WRITTEN_OUT = [
    path
    for path in EXECUTED
    if path.name[:2] in ("01", "02", "03", "04", "05") or GUIDE_NOTEBOOK.fullmatch(path.name)
]

# What TensorFlow's C++ side and its Python logger print when not kept quiet.
TF_LOG = re.compile(
    r"^[IWEF]\d{4} |absl::InitializeLog|oneDNN|cuda|WARNING:tensorflow", re.IGNORECASE
)
# The cell showing that a builder's model and the one written out have the same rows.
SAME_ROWS = re.compile(r"read_rows\(\w+\) == read_rows\(\w+\)")
# A CJK ideograph: what a table printed in zh-TW has and an English one lacks.
HAN = re.compile(r"[\u4e00-\u9fff]")


def _id(path):
    return f"{path.parent.name}-{path.stem}"


def _document(path):
    """The registry's document that the notebook at ``path`` follows."""
    return registry.GUIDE if GUIDE_NOTEBOOK.fullmatch(path.name) else registry.ARTICLE


def _runs(paths):
    """Test parameters for tests that execute ``paths``. Each is grouped with every other
    test of its file name, in either edition: under ``pytest -n N --dist loadgroup`` one
    worker runs all of them, so no worker sits waiting for another's run of a notebook."""
    return [
        pytest.param(path, id=_id(path), marks=pytest.mark.xdist_group(f"notebook-{path.stem}"))
        for path in paths
    ]


def _run_folder(tmp_path_factory):
    """Where this session notes which notebooks failed: one folder for all pytest-xdist
    workers (they take turns through a file lock), or this worker's own where there is no lock."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER") and fcntl is not None:
        base = base.parent  # the session's folder, above each worker's own
    return base / "notebook-runs"


def _run_once(source, folder):
    """The run of ``source`` from the executed-notebook cache that ``make site`` shares (made
    now if the notebook or the package changed since), or the failure this session saw."""
    folder.mkdir(parents=True, exist_ok=True)
    failure = folder / "failure.txt"
    with locked(folder / "lock"):
        if not failure.exists():
            try:
                run = notebook_cache.executed(source)
            except Exception as error:  # kept, so that a broken notebook runs once, not per test
                failure.write_text(f"{type(error).__name__}: {error}", encoding="utf-8")
    if failure.exists():
        pytest.fail(f"{_id(source)} did not run:\n{failure.read_text(encoding='utf-8')}")
    return source, run.read(), run.diagrams


@pytest.fixture(scope="module")
def run_notebook(tmp_path_factory):
    """Executes a notebook the first time this session asks for it (or takes it from the
    cache), then hands back that run: (source, executed notebook, folder its diagrams went to)."""
    folder = _run_folder(tmp_path_factory)
    runs = {}

    def run(source):
        if source not in runs:
            runs[source] = _run_once(source, folder / _id(source))
        return runs[source]

    return run


@pytest.fixture(scope="module", params=_runs(EXECUTED))
def executed(request, run_notebook):
    return run_notebook(request.param)


def _code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def _cell_text(cell):
    """What a code cell shows as text: its stdout, then the value it ends with."""
    return "".join(
        output.text if output.output_type == "stream" else output.data.get("text/plain", "")
        for output in cell.outputs
        if output.get("name") == "stdout" or output.output_type == "execute_result"
    )


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


def _code(source):
    return [cell.source for cell in jupytext.read(source).cells if cell.cell_type == "code"]


def _uncommented(code):
    """Python's tokens of ``code`` but its comments and blank lines (code that Python cannot
    read, a cell magic, is kept whole)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):
        return code
    dropped = (tokenize.COMMENT, tokenize.NL)
    return [(token.type, token.string) for token in tokens if token.type not in dropped]


def _heading_number(heading, article):
    """The number of the article's section headed ``heading``, verbatim; None if none is."""
    for line in article.splitlines():
        match = re.fullmatch(rf"(\d+(?:\.\d+)?)\.?\s*{re.escape(heading)}", line.strip())
        if match:
            return match.group(1)
    return None


def _sections(text, article, edition):
    """The article's sections ``text`` names, as (number, heading). zh-TW names one as
    第 N 節「heading」, and also uses 「」 as its quotation marks; English prose has no other
    use for 「」, so each 「heading」 there must be one, its number named in ``text`` too."""
    if edition == ENGLISH:
        named = []
        for heading in re.findall(r"「([^」]+)」", text):
            number = _heading_number(heading, article)
            assert number, f"「{heading}」 is no section heading of the article"
            assert re.search(rf"(?<![\d.]){re.escape(number)}(?![.\d]*\d)", text), (
                f"「{heading}」 is quoted without its section number, {number}"
            )
            named.append((number, heading))
        return named
    named = re.findall(r"第\s*(\d+(?:\.\d+)?)\s*節\s*「([^」]+)」", text)
    for number, heading in named:
        found = _heading_number(heading, article)
        assert found, f"「{heading}」 is no section heading of the article"
        assert found == number, f"「{heading}」 is section {found}, not {number}"
    return named


def _guide_sections(text):
    """The guide's sections ``text`` names: each heading quoted verbatim, "like this" in
    English, 〈like this〉 in zh-TW; a heading reworded, or quoted otherwise, is none."""
    found = re.findall(r'"([^"]+)"|〈([^〉]+)〉', text)
    quoted = (" ".join("".join(words).split()) for words in found)  # unwrapped
    return [heading for heading in quoted if heading in guide.SECTIONS]


def _followed(path, text=None):
    """The sections of its document that the notebook at ``path`` names (in ``text``,
    by default its first cell): (number, heading) for the article, headings for the guide."""
    if text is None:
        text = jupytext.read(path).cells[0].source
    if _document(path) is registry.GUIDE:
        return _guide_sections(text)
    return _sections(text, HEADINGS, path.parent.name)


# ---------------------------------------------------------------- the two editions


def test_each_edition_holds_the_same_notebooks():
    names = {edition: [p.name for p in find_editions(FOLDER)[edition]] for edition in EDITIONS}
    assert names[ENGLISH], f"no notebooks in {FOLDER / ENGLISH}"
    for edition in EDITIONS:
        assert names[edition] == names[ENGLISH], f"notebooks/{edition} differs from notebooks/en"


def test_each_edition_runs_under_its_own_locale(monkeypatch):
    # A developer's own locale must not leak into either edition's kernel.
    monkeypatch.setenv("LC_ALL", "zh_TW.UTF-8")
    monkeypatch.setenv("LC_MESSAGES", "zh_TW.UTF-8")
    english = kernel_environment(FOLDER / ENGLISH / "01_x.py")
    chinese = kernel_environment(FOLDER / "zh-TW" / "01_x.py", {DIAGRAMS_ENV: "d"})
    assert (english["LANG"], chinese["LANG"]) == ("C.UTF-8", "zh_TW.UTF-8")
    assert {"LC_ALL", "LC_MESSAGES"}.isdisjoint({*english, *chinese})
    assert chinese[DIAGRAMS_ENV] == "d"
    assert i18n.language_from_environment(english) == ENGLISH
    assert i18n.language_from_environment(chinese) == "zh-TW"
    # A notebook outside the edition folders runs under the caller's locale.
    assert kernel_environment(ROOT / "01_x.py")["LC_ALL"] == "zh_TW.UTF-8"


@pytest.mark.parametrize("name", NAMES)
def test_both_editions_have_the_same_header_and_code_cells(name):
    # Only the prose is translated: the code a reader runs, and what it prints, is one. The
    # one line that differs names the edition's language, so that a notebook opened anywhere
    # (Colab) prints in it: the set-up cell's set_language("en") or set_language("zh-TW").
    english = jupytext.read(FOLDER / ENGLISH / name)
    for edition in EDITIONS:
        other = jupytext.read(FOLDER / edition / name)
        assert other.metadata == english.metadata, f"{edition}/{name}: jupytext header differs"
        # Comments aside: each edition comments the same code in its own language.
        first, *rest = _code(FOLDER / edition / name)
        assert _set_language_lines(first) == [f'set_language("{edition}")'], (
            f"{edition}/{name}: the first code cell must call set_language({edition!r}) once"
        )
        english_first, *english_rest = _code(FOLDER / ENGLISH / name)
        assert _uncommented(_without_set_language(first)) == _uncommented(
            _without_set_language(english_first)
        ), f"{edition}/{name}: the first code cell differs from en/{name} by more than set_language"
        assert [_uncommented(c) for c in rest] == [_uncommented(c) for c in english_rest], (
            f"{edition}/{name}: code cells differ from en/{name}"
        )


def _set_language_lines(code):
    return [line for line in code.splitlines() if line.startswith("set_language(")]


def _without_set_language(code):
    return "\n".join(line for line in code.splitlines() if not line.startswith("set_language("))


@pytest.mark.parametrize("source", NOTEBOOKS, ids=_id)
def test_notebook_is_paired_with_an_ipynb(source):
    # Jupytext's header: opening the .py in Jupyter keeps an .ipynb beside it in step.
    header = jupytext.read(source).metadata.get("jupytext", {})
    assert header.get("formats") == "ipynb,py:percent"


@pytest.mark.parametrize("source", NOTEBOOKS, ids=_id)
def test_first_cell_names_the_section_it_follows(source):
    first = jupytext.read(source).cells[0]
    assert first.cell_type == "markdown"
    assert _followed(source, first.source), (
        f"{_id(source)}: the first cell names no section of {_document(source).called}"
    )


@pytest.mark.parametrize("name", NAMES)
def test_both_editions_follow_the_same_sections(name):
    named = {edition: _followed(FOLDER / edition / name) for edition in EDITIONS}
    for edition in EDITIONS:
        assert named[edition] == named[ENGLISH], f"{edition}/{name}"


@pytest.mark.skipif(not ARTICLE.is_file(), reason="the article (shared/) is not beside this clone")
def test_the_headings_kept_are_the_article_s_own():
    lines = {line.strip() for line in ARTICLE.read_text(encoding="utf-8").splitlines()}
    for number, heading in SECTIONS.items():
        assert {f"{number}.{heading}", f"{number}. {heading}", f"{number} {heading}"} & lines, (
            f"section {number}: 「{heading}」 is not how the article prints it"
        )


@pytest.mark.parametrize("source", WRITTEN_OUT, ids=_id)
def test_model_is_written_out_and_checked_before_any_builder(source):
    # The section's few lines of functional-API code come first, held to the article;
    # only then the builder that makes the same model.
    code = "\n".join(_code(source))
    builder = re.search(r"\bbuild_\w+\(", code)
    assert builder, f"{_id(source)} calls no builder"
    before = code[: builder.start()]
    for call in ("keras.Input(", "keras.Model(", "check("):
        assert re.search(rf"\b{re.escape(call)}", before), (
            f"{_id(source)}: no {call} before the first builder call, {builder.group()}"
        )


@pytest.mark.parametrize("source", _runs(WRITTEN_OUT))
def test_builder_gives_the_same_summary_as_the_model_written_out(source, run_notebook):
    _, notebook, _ = run_notebook(source)
    compared = [cell for cell in _code_cells(notebook) if SAME_ROWS.search(cell.source)]
    assert compared, f"{_id(source)} never shows read_rows(a) == read_rows(b)"
    for cell in compared:
        shown = _cell_text(cell).split()
        assert shown and set(shown) == {"True"}, f"{cell.source!r} shows {shown}"


# The notebooks whose code prints a check table, read from the source.
CHECK_CALL = re.compile(r"\bcheck\(")
CHECKING = [path for path in EXECUTED if any(CHECK_CALL.search(code) for code in _code(path))]
# What a check table says of a matching row and of the totals in zh-TW.
ZH_TW_TABLE = ("相符", "參數總數")


def test_every_notebook_but_the_training_one_prints_check_tables():
    assert [path.name for path in CHECKING] == [name for name in NAMES if name != "07_training.py"]


@pytest.mark.parametrize("source", _runs(CHECKING))
def test_zh_TW_edition_prints_its_check_tables_in_zh_TW(source, run_notebook):
    # The runner starts the kernel under the edition's locale; the package does the rest.
    _, notebook, _ = run_notebook(source)
    for cell in _code_cells(notebook):
        if CHECK_CALL.search(cell.source) and not cell.source.endswith(".ok"):
            shown = _cell_text(cell)
            assert all(word in shown for word in ZH_TW_TABLE), f"{cell.source!r} shows {shown}"


# ---------------------------------------------------------------- every notebook runs


def test_notebook_runs_top_to_bottom(executed):
    _, notebook, _ = executed
    cells = _code_cells(notebook)
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))
    assert not [o for cell in cells for o in cell.outputs if o.output_type == "error"]


def test_notebook_shows_its_diagrams_as_valid_pngs(executed, png_pixels):
    source, notebook, diagrams = executed
    files = sorted(diagrams.glob("*.png"))
    assert files, f"{_id(source)} wrote no diagram"
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
    assert _stream(notebook, "stderr") == "", f"{_id(source)} writes to stderr"


def test_notebook_output_has_no_tensorflow_log_lines(executed):
    source, notebook, _ = executed
    noise = [line for line in _output_text(notebook) if TF_LOG.search(line)]
    assert noise == [], f"{_id(source)} shows TensorFlow's log"


@pytest.mark.parametrize("level", [None, "0"], ids=["as set up", "log asked for"])
def test_tensorflows_run_time_log_stays_out_of_a_notebook(tmp_path, level):
    # A learner's cell after which TensorFlow's C++ writes a warning at run time, on any CPU
    # (a cached dataset read in part); the kernel shows it only where the log was asked for.
    # (tf.print would not do: in a kernel, TensorFlow sends it to the cell's output.)
    source = tmp_path / "logs.py"
    source.write_text(
        "# %%\n"
        "import keras_recipes\n"
        "import tensorflow as tf\n"
        "\n"
        "for _ in tf.data.Dataset.range(10).cache().take(2):\n"
        "    pass\n"
        'print("read")\n',
        encoding="utf-8",
    )
    notebook = execute_notebook(source, env={"TF_CPP_MIN_LOG_LEVEL": level} if level else None)
    assert _stream(notebook, "stdout") == "read\n"
    logged = [line for line in _output_text(notebook) if TF_LOG.search(line)]
    if level is None:
        assert (_stream(notebook, "stderr"), logged) == ("", [])
    else:
        assert "did not fully read the dataset being cached" in _stream(notebook, "stderr")


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_recipe_appears_in_a_notebook_of_its_document(edition):
    # The article's recipes in the article's notebooks, the guide's in the guide's.
    notebooks = find_editions(FOLDER)[edition]
    missing = [
        recipe.name
        for recipe in RECIPES.values()
        if not any(
            f"{recipe.builder_name}(" in path.read_text(encoding="utf-8")
            for path in notebooks
            if _document(path) is recipe.document
        )
    ]
    assert missing == []


def test_readme_lists_exactly_the_notebooks_that_run_here():
    # Every notebook README promises, in each edition, is one these tests execute, and
    # the other way round.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`notebooks/([\w-]+)/(\d\d_\w+\.py)`", readme))
    assert listed == {(path.parent.name, path.name) for path in NOTEBOOKS}


# ---------------------------------------------------------------- what the text says


@pytest.mark.parametrize("source", _runs([FOLDER / "zh-TW" / "05_cnn_erratum.py"]))
def test_cnn_erratum_measures_the_untrained_loss_on_real_digits(source, run_notebook):
    _, notebook, _ = run_notebook(source)
    [loss] = _printed(notebook, r"loss, untrained: (\d\.\d{4})")
    [ln10] = _printed(notebook, r"ln 10: +(\d\.\d{4})")
    low, high = _printed(notebook, r"probabilities from (0\.\d{3}) to (0\.\d{3})")
    assert ln10 == 2.3026
    # What the text says: close to ln 10, because every class gets about 1/10.
    assert math.isclose(loss, ln10, abs_tol=0.05)
    assert 0.05 < low < 0.1 < high < 0.15


@pytest.mark.parametrize("source", _runs([FOLDER / "zh-TW" / "07_training.py"]))
def test_training_notebook_text_agrees_with_the_per_row_accuracy(source, run_notebook):
    _, notebook, _ = run_notebook(source)
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
