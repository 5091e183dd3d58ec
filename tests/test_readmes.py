"""README.md and README.zh-TW.md tell the same facts in two languages.

The prose of each is written for its readers, so the tests compare what must not
differ: each links to the other at the top, both show the same commands, the same
figures (every number with a thousands separator or a decimal point: totals,
parameter counts, accuracies, times), and the same program output. Each check is
also run against a copy with one thing changed, so none of them can pass vacuously.
"""

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_golden import _follows  # the same "..." rule as README.md's blocks

import keras_recipes
from keras_recipes import _memory, cli

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = ROOT / "README.md"
CHINESE = ROOT / "README.zh-TW.md"
GOLDEN = ROOT / "tests" / "golden"

# How far down "the top" reaches: the title, then the link, before any section.
TOP_LINES = 5

# A command a reader types, in inline code: the package's command, a make target or a
# program of the environment, with any VAR=value settings before it.
COMMAND = re.compile(r"^(?:[A-Z_]+=\S+ +)*(?:keras-recipes \S|make \w|\.venv/bin/\S)")
# Inline code may wrap onto the next line of its paragraph, as markdown allows.
INLINE_CODE = re.compile(r"(?<!`)`((?:[^`\n]|\n(?!\n))+)`(?!`)")
# 541,794 / 0.989 / 4.5 / 3.15.1: digits grouped by commas, or with a decimal point.
FIGURE = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|(?<![\w.])\d+(?:\.\d+)+")


def _read(path):
    return path.read_text(encoding="utf-8")


def fenced_blocks(text) -> Iterator[tuple[str, list[str]]]:
    """Each fenced block as (the language it names, or "", its lines)."""
    language, lines = None, []
    for line in text.splitlines():
        if line.startswith("```"):
            if language is None:
                language, lines = line[3:].strip(), []
            else:
                yield language, lines
                language = None
        elif language is not None:
            lines.append(line)


def _outside_blocks(text):
    inside, kept = False, []
    for line in text.splitlines():
        if line.startswith("```"):
            inside = not inside
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def _code_line(line):
    """A line of a sh or python block without its comment, spaces evened out."""
    code = re.sub(r"(^|\s)#.*", "", line)
    return " ".join(code.split())


def commands(text) -> set[str]:
    """Every line of code in the sh and python blocks, and every command in inline code."""
    found = set()
    for language, lines in fenced_blocks(text):
        if language in ("sh", "python"):
            found |= {code for code in map(_code_line, lines) if code}
    for code in INLINE_CODE.findall(_outside_blocks(text)):
        code = " ".join(code.split())
        if COMMAND.match(code):
            found.add(code)
    return found


def figures(text) -> set[str]:
    return set(FIGURE.findall(text))


def plain_blocks(text) -> list[str]:
    """The fenced blocks that name no language: where a README shows program output."""
    return ["\n".join(lines) for language, lines in fenced_blocks(text) if not language]


def top_links(text) -> set[str]:
    """The files linked from the first lines, before any section or block."""
    top = []
    for line in text.splitlines()[:TOP_LINES]:
        if line.startswith(("## ", "```")):
            break
        top.append(line)
    return set(re.findall(r"\]\(([^)\s]+)\)", "\n".join(top)))


def missing(kind, english, chinese):
    """What one README has and the other lacks, said so a reader can find it; "" if none."""
    lines = []
    for name, only in (
        ("README.zh-TW.md", sorted(english - chinese)),
        ("README.md", sorted(chinese - english)),
    ):
        if only:
            other = "README.md" if name == "README.zh-TW.md" else "README.zh-TW.md"
            lines.append(f"{kind} in {other} but not in {name}:")
            lines += [f"    {item}" for item in only]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def readmes():
    assert CHINESE.exists(), "README.zh-TW.md is missing"
    return _read(ENGLISH), _read(CHINESE)


# --- each links to the other ---------------------------------------------------------


def test_each_readme_links_to_the_other_at_the_top(readmes):
    english, chinese = readmes
    assert "README.zh-TW.md" in top_links(english), (
        f"README.md's first {TOP_LINES} lines carry no link to README.zh-TW.md"
    )
    assert "README.md" in top_links(chinese), (
        f"README.zh-TW.md's first {TOP_LINES} lines carry no link to README.md"
    )


# --- the same commands -----------------------------------------------------------------


def test_both_readmes_show_the_same_commands(readmes):
    english, chinese = readmes
    assert commands(english), "found no command in README.md: the extraction is broken"
    difference = missing("commands", commands(english), commands(chinese))
    if difference:
        pytest.fail(difference, pytrace=False)


NOTEBOOK = re.compile(r"`(notebooks/[\w/-]*\d\d_\w+\.py)`")


def test_both_readmes_list_the_same_notebooks(readmes):
    english, chinese = readmes
    listed = set(NOTEBOOK.findall(chinese))
    assert "notebooks/zh-TW/02_standard_networks.py" in listed, "notebook extraction is broken"
    difference = missing("notebooks", set(NOTEBOOK.findall(english)), listed)
    if difference:
        pytest.fail(difference, pytrace=False)


# --- the same figures ------------------------------------------------------------------


def test_both_readmes_show_the_same_figures(readmes):
    english, chinese = readmes
    assert {"541,794", "199,562", "0.989"} <= figures(english), "figure extraction is broken"
    difference = missing("figures", figures(english), figures(chinese))
    if difference:
        pytest.fail(difference, pytrace=False)


# --- the same program output -------------------------------------------------------------


def _zh_tw_goldens():
    folder = GOLDEN / "zh-TW"
    return {
        p.relative_to(folder).with_suffix("").as_posix(): _read(p)
        for p in sorted(folder.rglob("*.txt"))
    }


# A block showing what a line typed in Python or at the shell prints: checked by running it.
TYPED = (">>> ", "$ keras-recipes ")
# The machine README's figures were measured on: the memory its refusal message names.
MEMORY_SHOWN = 25_300_000_000


def sort_outputs(english, chinese, goldens):
    """README.zh-TW.md's output blocks, sorted by what checks them: ({golden file: block}
    for those following a zh-TW golden file, the blocks of typed lines, the unchecked).
    A block identical to one of README.md's is README.md's, checked there."""
    shown_in_english = set(plain_blocks(english))
    followed, typed, unchecked = {}, [], []
    for block in plain_blocks(chinese):
        first = block.splitlines()[0] if block else ""
        stems = [
            s for s, golden in goldens.items()
            if golden.splitlines()[:1] == [first] and _follows(block, golden)
        ]  # fmt: skip
        if block in shown_in_english:
            continue
        if first.startswith(TYPED):
            typed.append(block)
        elif stems:
            followed[stems[0]] = block
        else:
            unchecked.append(block)
    return followed, typed, unchecked


def test_every_output_readme_zh_tw_shows_is_checked(readmes):
    english, chinese = readmes
    followed, _, unchecked = sort_outputs(english, chinese, _zh_tw_goldens())
    assert unchecked == [], (
        "README.zh-TW.md shows output that README.md does not show and no file in "
        "tests/golden/zh-TW/ holds:\n\n" + "\n\n".join(unchecked)
    )
    # It shows these two; if either stops following its golden file, this fails.
    assert {"verify", "explain-mlp"} <= set(followed)


def printed_now(typed_line, capsys):
    """What a line typed in Python (``>>> ``) or at the shell prints in zh-TW today."""
    if typed_line.startswith("$ keras-recipes "):
        cli.main(["--lang", "zh-TW", *shlex.split(typed_line.removeprefix("$ keras-recipes "))])
        captured = capsys.readouterr()
        return (captured.out + captured.err).rstrip("\n")
    namespace = {name: getattr(keras_recipes, name) for name in keras_recipes.__all__}
    with keras_recipes.language("zh-TW"):
        try:
            return repr(eval(typed_line.removeprefix(">>> "), namespace))
        except Exception as error:
            return f"{type(error).__name__}: {error}"


@pytest.fixture
def machine_shown(monkeypatch):
    monkeypatch.setattr(_memory, "memory_bytes", lambda: MEMORY_SHOWN)


def typed_mismatches(blocks, capsys):
    """The blocks whose typed first line prints, now, other than what they show after it."""
    mismatches = []
    for block in blocks:
        line, *shown = block.splitlines()
        if printed_now(line, capsys) != "\n".join(shown):
            mismatches.append(block)
    return mismatches


def test_typed_lines_print_what_readme_zh_tw_shows(readmes, machine_shown, capsys):
    english, chinese = readmes
    _, typed, _ = sort_outputs(english, chinese, _zh_tw_goldens())
    assert len(typed) == 3, "README.zh-TW.md shows two refused builders and a refused train"
    mismatches = typed_mismatches(typed, capsys)
    assert mismatches == [], "these print something else now:\n\n" + "\n\n".join(mismatches)
