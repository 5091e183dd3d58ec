"""Golden outputs: what the command and the checker print, byte for byte.

Each file in ``tests/golden/`` is the exact text of one command (or one
``check_recipe`` report), in English; ``tests/golden/zh-TW/`` holds the same
outputs in Traditional Chinese. When a change to an output is meant, rewrite
them with ``make golden`` and review the diff. The outputs shown in README are
checked against the same files, so README cannot drift from the program.
"""

from pathlib import Path

import pytest

from keras_recipes import RECIPES, check_recipe, cli, language
from keras_recipes.registry import file_stem

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
# Each language's folder of golden files.
FOLDERS = {"en": GOLDEN, "zh-TW": GOLDEN / "zh-TW"}


@pytest.fixture(autouse=True)
def no_locale(monkeypatch):
    """English unless a test asks otherwise, whatever the locale of the machine running it."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)


def _commands():
    yield "list", ["list"]
    yield "verify", ["verify"]
    for name in RECIPES:
        yield f"explain-{name}", ["explain", name]


def _in_each_language(cases):
    cases = list(cases)
    return [(lang, *case) for lang in FOLDERS for case in cases]


def _reports():
    for name, recipe in RECIPES.items():
        for config in recipe.configurations():
            yield f"check-{file_stem(name, config.kwargs)}", name, dict(config.kwargs)


def _compare_or_write(path, text, regen):
    if regen:
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path.name}: run make golden"
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} differs from what the program prints now; "
        "if the change is meant, run make golden and review the diff"
    )


@pytest.mark.parametrize(
    ("lang", "stem", "argv"), _in_each_language(_commands()), ids=lambda v: str(v)
)
def test_command_prints_its_golden_output(lang, stem, argv, capsys, regen_golden):
    code = cli.main(["--lang", lang, *argv])
    out = capsys.readouterr().out
    _compare_or_write(FOLDERS[lang] / f"{stem}.txt", out, regen_golden)
    # explain exits 1 where a layer has no formula (some of the guide's layer
    # types); the golden file shows those rows.
    assert code == (1 if argv[0] == "explain" and _no_formula(argv[1]) else 0)


def _no_formula(name):
    from keras_recipes.explain import explain_recipe

    recipe = RECIPES[name]
    return any(
        not row.has_formula
        for config in recipe.configurations()
        for row in explain_recipe(name, **config.kwargs).layers
    )


@pytest.mark.parametrize(
    ("lang", "stem", "name", "kwargs"), _in_each_language(_reports()), ids=lambda v: str(v)
)
def test_check_report_is_golden(lang, stem, name, kwargs, regen_golden):
    with language(lang):
        report = check_recipe(name, **kwargs)
    _compare_or_write(FOLDERS[lang] / f"{stem}.txt", f"{report}\n", regen_golden)


def test_english_is_the_default(capsys):
    assert cli.main(["list"]) == 0
    assert capsys.readouterr().out == (GOLDEN / "list.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", FOLDERS)
def test_every_golden_file_is_still_produced(lang):
    # A recipe renamed or removed leaves a stale file behind: that is a failure too.
    made = {f"{stem}.txt" for stem, _ in _commands()} | {f"{s}.txt" for s, _, _ in _reports()}
    assert {p.name for p in FOLDERS[lang].glob("*.txt")} == made


def _readme_blocks():
    """The plain fenced blocks of README (no language named): where it shows output."""
    blocks, current, language = [], None, None
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            if current is None:
                current, language = [], line[3:].strip()
            else:
                if not language:
                    blocks.append("\n".join(current))
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def _follows(block, golden):
    """Whether the block's lines stand in ``golden`` in order; a line ``...`` skips any."""
    lines, at = golden.splitlines(), 0
    gap = False
    for line in block.splitlines():
        if line == "...":
            gap = True
            continue
        try:
            found = lines.index(line, at)
        except ValueError:
            return False
        if not gap and found != at:
            return False
        at, gap = found + 1, False
    return True


def test_readme_shows_only_what_the_program_prints():
    goldens = {
        p.relative_to(GOLDEN).with_suffix("").as_posix(): p.read_text(encoding="utf-8")
        for p in GOLDEN.rglob("*.txt")
        if "zh-TW" not in p.parts
    }
    shown = {}
    for block in _readme_blocks():
        first = block.splitlines()[0]
        same_start = [stem for stem, golden in goldens.items() if golden.splitlines()[0] == first]
        followed = [stem for stem in same_start if _follows(block, goldens[stem])]
        assert followed or not same_start, f"README's block differs from {same_start}:\n{block}"
        shown.update(dict.fromkeys(followed, block))
    # README shows these two; if either stops matching a golden file, this fails.
    assert {"verify", "explain-mlp"} <= set(shown)
