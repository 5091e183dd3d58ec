"""The exercises that end every notebook: each runs as shipped and each folded answer passes.

Every notebook, in both editions, ends with a section "Exercises" (zh-TW: 「練習」): a cell
importing what the exercises use, then 2 to 4 exercises. Each exercise is a heading naming
its kind, the code cells a learner starts from, and a markdown cell holding the answer's
code, folded in a ``<details>`` block. Three kinds:

- predict, then check: the cell ends with ``prediction, <what Keras counts>``; as shipped
  ``prediction`` is ``None``, and the answer's prediction is what Keras counts;
- build from a summary, and fix a broken model: the cell leaves what ``check`` found in
  ``report``; as shipped the report fails with the hint the exercise is about, and the
  answer passes.

The exercises are run here as a learner runs them, in order, in one namespace per notebook,
without training anything: every code cell the notebook's kernel runs is also run by
test_notebooks.py, but only here are the answers, which the notebook folds away, run.
"""

import ast
import contextlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import jupytext
import keras
import pytest

import keras_recipes
from keras_recipes import language

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
EDITIONS = ("en", "zh-TW")

# What each exercise, "notebook number/exercise number", is about, in each edition's words.
# For a prediction: the number or shape Keras counts. For a model to build or fix: the
# first line starting with "!" of the report its starting cell prints, in English and in
# Traditional Chinese; its answer must print a report without one.
EXPECTED = {
    "01/1": 25,
    "01/2": (
        "one Dense layer (2 units) is missing before output",
        "output 之前少了一個 Dense 層（2 個神經元）",
    ),
    "01/3": 401_920,
    "02/1": 26_506,
    "02/2": (
        "one LSTM layer (128 units) is missing between input and hidden1",
        "input 和 hidden1 之間少了一個 LSTM 層（128 個神經元）",
    ),
    "02/3": (
        "conv1: `kernel_size` should be 4: conv1 gives 25x25 from 28x28, and 28 − 4 + 1 = 25",
        "conv1：`kernel_size` 應為 4：conv1 把 28x28 變成 25x25，而 28 − 4 + 1 = 25",
    ),
    "03/1": 6_208,
    "03/2": (
        "concatenate_5 (your merge) should join flatten_9, flatten_10 in that order, "
        "not flatten_10, flatten_9",
        "concatenate_5（你的 merge）：應該依序串連 flatten_9, flatten_10，"
        "而不是 flatten_10, flatten_9",
    ),
    "03/3": (
        "one Dense layer (32 units) is missing between interp21 and interp23",
        "interp21 和 interp23 之間少了一個 Dense 層（32 個神經元）",
    ),
    "04/1": 14_388,
    "04/2": (
        "conv22: `filters` should be 16: its output has 16 channels",
        "conv22：`filters` 應為 16：它的輸出有 16 個通道",
    ),
    "04/3": (
        "one TimeDistributed layer is missing after extract",
        "extract 之後少了一個 TimeDistributed 層",
    ),
    "05/1": 166_442,
    "05/2": (
        "one Flatten layer is missing between pool2 and hidden1",
        "pool2 和 hidden1 之間少了一個 Flatten 層",
    ),
    "05/3": (
        "pool1: `pool_size` should be 2: pool1 gives 12x12 from 25x25, and 25 ÷ 2 = 12",
        "pool1：`pool_size` 應為 2：pool1 把 25x25 變成 12x12，而 25 ÷ 2 = 12",
    ),
    "06/1": (
        "one Dense layer (216 units) is missing between hidden1 and hidden3",
        "hidden1 和 hidden3 之間少了一個 Dense 層（216 個神經元）",
    ),
    "06/2": ("conv2 should read input, not pool1", "conv2：輸入應該是 input，而不是 pool1"),
    "07/1": [(None, 10), (None, 784, 10)],
    "07/2": 98_186,
    "08/1": 18_672,
    "08/2": (
        "one Functional layer is missing between input and average",
        "input 和 average 之間少了一個 Functional 層",
    ),
    "08/3": (
        "one Dense layer (64 units) is missing between input_layer and dense_1",
        "input_layer 和 dense_1 之間少了一個 Dense 層（64 個神經元）",
    ),
    "09/1": (
        "one Dense layer (32 units) is missing between input_1 and dense_1",
        "input_1 和 dense_1 之間少了一個 Dense 層（32 個神經元）",
    ),
    "09/2": 640_000,
    "09/3": (
        "dense_1 (your hidden2): `units` should be 16: its 528 parameters are 32×16 + 16",
        "dense_1（你的 hidden2）：`units` 應為 16：它的 528 個參數是 32×16 + 16",
    ),
}

# Each edition's words: the section's heading, an exercise's heading and its kinds, and
# the answer's fold, closed (no `open`), its code fenced with a blank line on either side
# so that Jupyter, Colab and the website all render it as code.
WORDS = {
    "en": {
        "section": "## Exercises",
        "exercise": re.compile(r"### Exercise (\d+): (.+)"),
        "kinds": {
            "predict, then check": "predict",
            "build from a summary": "build",
            "fix a broken model": "fix",
        },
        "answer": "Answer",
    },
    "zh-TW": {
        "section": "## 練習",
        "exercise": re.compile(r"### 練習 (\d+)：(.+)"),
        "kinds": {"先預測，再驗證": "predict", "照摘要寫出模型": "build", "修好有錯的模型": "fix"},
        "answer": "答案",
    },
}


@dataclass(frozen=True)
class Exercise:
    key: str  # "notebook number/exercise number", as EXPECTED has it
    kind: str  # "predict", "build" or "fix"
    starts: tuple[str, ...]  # the code cells a learner starts from
    answer: str  # the folded answer's code


@dataclass(frozen=True)
class Section:
    imports: str  # the code cell that opens the section
    exercises: tuple[Exercise, ...]


def _answer(markdown, edition):
    fold = (
        rf"<details>\n<summary>{WORDS[edition]['answer']}</summary>\n\n"
        r"```python\n(.*?)\n```\n\n</details>"
    )
    match = re.fullmatch(fold, markdown.strip(), re.DOTALL)
    assert match, f"not a folded answer:\n{markdown}"
    return match.group(1)


def read_section(path) -> Section:
    """The exercises that end the notebook at ``path``; it fails on any other layout."""
    edition, words = path.parent.name, WORDS[path.parent.name]
    cells = jupytext.read(path).cells
    [start] = [i for i, c in enumerate(cells) if c.source.startswith(words["section"] + "\n")]
    imports, *rest = cells[start + 1 :]
    assert imports.cell_type == "code", f"{path.name}: the exercises open with no imports"
    exercises, number = [], path.name[:2]
    while rest:
        heading, *rest = rest
        match = words["exercise"].match(heading.source)
        assert match, f"{path.name}: not an exercise's heading: {heading.source[:60]!r}"
        starts = []
        while rest and rest[0].cell_type == "code":
            starts.append(rest.pop(0).source)
        assert starts and rest, f"{path.name}, {match.group()}: no starting cell or no answer"
        answer = _answer(rest.pop(0).source, edition)
        kind = words["kinds"][match.group(2)]
        exercises.append(Exercise(f"{number}/{match.group(1)}", kind, tuple(starts), answer))
    return Section(imports.source, tuple(exercises))


SECTIONS = {
    (edition, path.name): read_section(path)
    for edition in EDITIONS
    for path in sorted((NOTEBOOKS / edition).glob("[0-9][0-9]_*.py"))
}
NAMES = sorted({name for _, name in SECTIONS})
# The one edition whose exercises are run: the other's code is the same, cell for cell.
RUN = {name[:2]: SECTIONS["en", name] for name in NAMES}


def run_cell(source, namespace):
    """Runs ``source`` as a kernel does, its printing kept: (what it printed, the value of
    its last line if that is an expression, else None)."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(tree, "<cell>", "exec"), namespace)
        value = (
            eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace) if last else None
        )
    return printed.getvalue(), value


def first_hint(printed):
    """The first line of a printed report that starts with "!": the first mistake's hint."""
    hints = [line[2:] for line in printed.splitlines() if line.startswith("! ")]
    return hints[0] if hints else None


# ---------------------------------------------------------------- the notebooks' layout


@pytest.mark.parametrize(("edition", "name"), sorted(SECTIONS))
def test_each_notebook_ends_with_two_to_four_numbered_exercises(edition, name):
    keys = [exercise.key for exercise in SECTIONS[edition, name].exercises]
    assert 2 <= len(keys) <= 4
    assert keys == [f"{name[:2]}/{n}" for n in range(1, len(keys) + 1)]


def test_the_course_has_every_kind_and_each_notebook_more_than_one_but_training():
    kinds = {name: {e.kind for e in RUN[name[:2]].exercises} for name in NAMES}
    assert set().union(*kinds.values()) == {"predict", "build", "fix"}
    # The training notebook prints no check table (test_notebooks.py): it only predicts.
    assert kinds.pop("07_training.py") == {"predict"}
    assert all(len(found) >= 2 for found in kinds.values()), kinds


def _code(section):
    """The section's code as Python reads it: comments, which each edition writes in its own
    language, left out."""
    dump = lambda code: ast.dump(ast.parse(code))  # noqa: E731
    return dump(section.imports), [
        (e.key, e.kind, [dump(start) for start in e.starts], dump(e.answer))
        for e in section.exercises
    ]


@pytest.mark.parametrize("name", NAMES)
def test_both_editions_hold_the_same_exercises(name):
    # Only the prose and comments are translated: the kinds, the starting cells and the
    # answers are one.
    assert _code(SECTIONS["zh-TW", name]) == _code(SECTIONS["en", name])


def test_every_exercise_has_an_expected_outcome():
    keys = [e.key for section in RUN.values() for e in section.exercises]
    assert sorted(keys) == sorted(EXPECTED)
    for section in RUN.values():
        for exercise in section.exercises:
            predicted = not isinstance(EXPECTED[exercise.key], tuple)
            assert predicted == (exercise.kind == "predict"), exercise.key


# ---------------------------------------------------------------- running them


def _statements(source):
    return [ast.dump(statement) for statement in ast.parse(source).body]


def _predict_then_check(exercise, namespace):
    # The starting cell is the answer with its number left out: the same lines after the
    # first, which is `prediction = None`. So the answer alone is run.
    [start] = exercise.starts
    first, *rest = _statements(start)
    assert first == _statements("prediction = None")[0], exercise.key
    assert rest == _statements(exercise.answer)[1:], f"{exercise.key}: start and answer differ"
    _, value = run_cell(exercise.answer, namespace)
    assert isinstance(value, tuple) and len(value) == 2, (
        f"{exercise.key}: a prediction's cell ends with `prediction, <what Keras counts>`"
    )
    assert value == (EXPECTED[exercise.key], EXPECTED[exercise.key]), exercise.key
    explained = namespace.get("explained")
    assert explained is None or explained.ok, f"{exercise.key}: explain disagrees with Keras"


def _build_or_fix(exercise, namespace, asked):
    english, chinese = EXPECTED[exercise.key]
    with language("en"):
        for source in exercise.starts:
            printed, _ = run_cell(source, namespace)
    assert not namespace.pop("report").ok, exercise.key
    assert first_hint(printed) == english, exercise.key
    with language("zh-TW"):  # as the zh-TW edition's kernel words the same report
        report = keras_recipes.check(*asked[0], **asked[1])
    assert first_hint(str(report)) == chinese, exercise.key
    keras.backend.clear_session()
    printed, _ = run_cell(exercise.answer, namespace)
    assert namespace.pop("report").ok, f"{exercise.key}: the answer fails:\n{printed}"
    assert first_hint(printed) is None


def _keep_last_check(namespace):
    """Has the section's own ``check`` note what it was last asked, to ask it again."""
    check, asked = namespace.get("check"), []
    if check is not None:

        def noted(*args, **kwargs):
            asked[:] = [args, kwargs]
            return check(*args, **kwargs)

        namespace["check"] = noted
    return asked


@pytest.mark.parametrize("number", sorted(RUN))
def test_each_exercise_runs_as_shipped_and_its_answer_passes(number):
    section, namespace = RUN[number], {}
    run_cell(section.imports, namespace)
    asked = _keep_last_check(namespace)
    for exercise in section.exercises:
        keras.backend.clear_session()  # layers Keras names are numbered per session
        if exercise.kind == "predict":
            _predict_then_check(exercise, namespace)
        else:
            _build_or_fix(exercise, namespace, asked)
