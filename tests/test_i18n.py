"""Traditional Chinese (zh-TW): every subcommand, every table and every error, with no English left.

The detector strips what is data in any language (layer names and types, recipe
names, argument and option names, numbers, shapes, paths, Keras' metric names,
proper names such as Keras or Graphviz) and fails on any English word of three
letters or more that remains. It is proved able to fail on an untranslated line.
"""

import argparse
import inspect
import os
import re
import string
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import keras_recipes
from keras_recipes import RECIPES, check_recipe, cli, explain_recipe, i18n
from keras_recipes.explain import SUPPORTED_TYPES
from keras_recipes.table import Column, Table, rule

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_ZH = Path(__file__).parent / "golden" / "zh-TW"
PO = ROOT / "keras_recipes" / "locale" / "zh_TW" / "LC_MESSAGES" / "keras_recipes.po"

pytestmark = pytest.mark.usefixtures("in_tmp_path")

# ---------------------------------------------------------------- the detector

# Words that stay as they are in every language: names of programs, formats and
# APIs, Python's constants, and the symbols of the worked arithmetic (units, stride).
PROPER = {
    "Keras", "TensorFlow", "Graphviz", "API", "PNG", "SVG", "PDF", "JPG", "JPEG", "LoRA",
    "LSTM", "MNIST", "NumPy", "Python", "None", "True", "False", "MirroredStrategy",
    "scikit-learn", "keras-recipes", "zh-TW", "functional", "ceil", "floor", "pool",
    "stride", "units", "filters", "valid", "same", "LANG", "ResNet",
}  # fmt: skip
# What Keras names the figures of a fit (``val_loss``); words without an underscore.
METRICS = {"loss", "accuracy"}
# Where train's data came from, when it is not a --source choice: the line y = 2x + 1.
SOURCES = {"line"}


def _builder_arguments():
    for recipe in RECIPES.values():
        yield from inspect.signature(recipe.builder).parameters


def _subcommands():
    parser = cli.build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(commands.choices)


def _option_words(parser):
    """Subcommand names, choices, metavars and positionals' names: what a user types."""
    for action in parser._actions:
        yield from (action.choices or ())
        if not action.option_strings and action.metavar is None:  # named so in argparse's errors
            yield action.dest
        if isinstance(action.metavar, str):
            yield action.metavar
        if hasattr(action, "_name_parser_map"):
            for name, sub in action._name_parser_map.items():
                yield name
                yield from _option_words(sub)


@pytest.fixture(scope="module")
def data_words():
    """Every word the program prints as data, from the registry, the models and the parser."""
    # Layer types are data too: those explain knows, which it names where it has no formula.
    words = PROPER | METRICS | SOURCES | set(_builder_arguments()) | set(SUPPORTED_TYPES)
    words |= set(_option_words(cli.build_parser()))
    for name, recipe in RECIPES.items():
        words |= {name, recipe.builder_name}
        specs = [*recipe.inputs, *recipe.outputs]
        words |= {spec.name for spec in specs}
        for config in recipe.configurations():
            words |= {w for row in config.expected.rows for w in (row.name, row.type)}
            words |= set(config.kwargs)
            model = recipe.build(**config.kwargs)
            words |= {w for layer in model.layers for w in (layer.name, type(layer).__name__)}
    return frozenset(words)


# Data whatever its words: options (--variant), quoted values ('lenet') and titles (the
# guide's sections in 〈〉), paths and file names, identifiers with digits, dots or
# underscores (hidden1, keras.Input, val_loss), the builder arguments of a variant label
# (flatten=True).
_DATA = re.compile(
    r"(?<![\w-])--?[A-Za-z][\w-]*"
    r"|'[^']*'|\"[^\"]*\"|〈[^〉]*〉"
    r"|\S*/\S*"
    r"|\b\w+=[^\s〈]+"
    r"|\b\w*(?:[\d_]|\.\w)[\w.]*"
    r"|(?<!\w)\.\w+"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]|[A-Za-z]")


def english_left(text, data_words):
    """The English words of ``text`` that are not data: what a translation missed."""
    left = []
    for line in text.splitlines():
        for word in _WORD.findall(_DATA.sub(" ", line)):
            if len(word) >= 3 and word not in data_words:
                left.append(word)
    return left


def has_chinese(text):
    return any(unicodedata.east_asian_width(c) == "W" for c in text)


# ---------------------------------------------------------------- every subcommand


def _zh(args):
    """``args`` with --lang zh-TW after the subcommand's name, as a user may type it."""
    return [args[0], "--lang", "zh-TW", *args[1:]]


# (arguments, exit code): every subcommand, and errors of each kind.
RUNS = [
    (["list"], 0),
    (["verify", "mlp", "cnn"], 0),
    (["explain", "multi-output"], 0),
    (["diagrams", "sequential", "--out", "pictures"], 0),
    (["plot", "sequential", "-o", "seq.png"], 0),
    (["train", "mlp", "--epochs", "1", "--samples", "16", "--out", "run"], 0),
    (["train", "sequential", "--epochs", "1", "--samples", "9999", "--out", "line"], 0),
    (["explain", "lenet"], 2),  # an unknown recipe
    (["explain", "cnn", "--variant", "nope=1"], 2),  # a variant the recipe lacks
    (["train", "mlp", "--epochs", "0"], 2),  # a number out of range
    (["train", "mlp", "--input-shape", "28,x"], 2),  # a shape that is no shape
    (["train", "cnn"], 2),  # a model no label per image fits
    (["train", "ticket-classifier"], 2),  # a model of the guide, which train does not fit
    (["verify", "mlp", "cnn", "--variant", "flatten=True"], 2),
    (["plot", "mlp", "-o", "mlp.txt"], 2),
    (["explain"], 2),  # argparse: a required argument
    (["explain", "mlp", "cnn"], 2),  # argparse: unrecognized arguments
    (["train", "mlp", "--source", "cifar"], 2),  # argparse: an invalid choice
]


def _id(value):
    return " ".join(value) if isinstance(value, list) else str(value)


def _output(capsys):
    captured = capsys.readouterr()
    return captured.out + captured.err


def _assert_zh_tw(args, out, data_words):
    if args[0] != "diagrams":  # which prints only the paths it wrote
        assert has_chinese(out), out
    assert english_left(out, data_words) == [], out


@pytest.mark.parametrize(("args", "code"), RUNS, ids=_id)
def test_every_subcommand_speaks_zh_tw_with_lang(args, code, capsys, data_words):
    assert cli.main(_zh(args)) == code
    _assert_zh_tw(args, _output(capsys), data_words)


@pytest.mark.parametrize(
    ("args", "code"),
    [run for run in RUNS if run[0][0] != "train" or run[1] == 2],
    ids=_id,
)
def test_every_subcommand_speaks_zh_tw_under_a_zh_tw_locale(
    args, code, capsys, monkeypatch, data_words
):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert cli.main(args) == code
    _assert_zh_tw(args, _output(capsys), data_words)


@pytest.mark.parametrize(
    ("args", "code"),
    [run for run in RUNS if run[0][0] != "train" or run[1] == 2],
    ids=_id,
)
def test_english_stays_the_default(args, code, capsys, monkeypatch):
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert cli.main(args) == code
    out = _output(capsys)
    assert out and not has_chinese(out), out


def test_errors_stay_one_line_in_zh_tw(capsys, one_line):
    assert cli.main(["--lang", "zh-TW", "explain", "lenet"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert one_line(captured.err).startswith("keras-recipes：錯誤：引數 名稱：")


@pytest.mark.parametrize(
    "args", [["--help"], *([name, "--help"] for name in _subcommands())], ids=" ".join
)
def test_help_speaks_zh_tw(args, capsys, data_words):
    assert cli.main(["--lang", "zh-TW", *args]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：keras-recipes")
    assert english_left(out, data_words) == [], out


def test_summary_prints_keras_table_as_keras_prints_it(capsys, data_words):
    # Keras' own summary is Keras' text: the same in both languages, nothing of ours around it.
    assert cli.main(["summary", "mlp", "--lang", "en"]) == 0
    english = capsys.readouterr()
    assert cli.main(["--lang", "zh-TW", "summary", "mlp"]) == 0
    chinese = capsys.readouterr()
    assert (chinese.out, chinese.err) == (english.out, english.err)
    assert "Total params: 541,794" in chinese.out


@pytest.mark.parametrize("path", sorted(GOLDEN_ZH.glob("*.txt")), ids=lambda p: p.stem)
def test_golden_zh_tw_outputs_hold_no_english(path, data_words):
    # What `list`, `verify`, every `explain` and every check report print in zh-TW.
    text = path.read_text(encoding="utf-8")
    assert has_chinese(text)
    assert english_left(text, data_words) == []


def test_the_lang_option_takes_both_spellings_and_places(capsys):
    outputs = []
    for args in (
        ["--lang", "zh-TW", "list"],
        ["--lang=zh-TW", "list"],
        ["list", "--lang", "zh-TW"],
        ["list", "--lang=zh-TW"],
    ):
        assert cli.main(args) == 0, args
        outputs.append(capsys.readouterr().out)
    assert len(set(outputs)) == 1
    assert "多層感知器" in outputs[0]


def test_the_lang_option_wins_over_the_locale(capsys, monkeypatch):
    monkeypatch.setenv("LC_ALL", "zh_TW.UTF-8")
    assert cli.main(["--lang", "en", "list"]) == 0
    assert not has_chinese(capsys.readouterr().out)


def test_an_unknown_language_is_a_usage_error(capsys, one_line):
    assert cli.main(["--lang", "fr", "list"]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("keras-recipes: error: argument --lang: invalid choice: 'fr'")


def test_the_command_restores_the_callers_language(capsys):
    with keras_recipes.language("en"):
        assert cli.main(["--lang", "zh-TW", "list"]) == 0
        assert keras_recipes.get_language() == "en"


# ---------------------------------------------------------------- as a real process


def _run(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "keras_recipes", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )


def _locale(value):
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    return {**env, "LANG": value, "PYTHONIOENCODING": "utf-8"}


def test_a_zh_tw_locale_makes_the_program_speak_zh_tw(data_words):
    done = _run("verify", "mlp", env=_locale("zh_TW.UTF-8"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "全部 1 個配方都與文章相符"
    assert english_left(done.stdout + done.stderr, data_words) == []


def test_a_zh_tw_locale_makes_errors_zh_tw(one_line):
    from keras_recipes.plot import FORMATS

    done = _run("plot", "mlp", "-o", "mlp.bmp", env=_locale("zh_TW.Big5"))
    assert done.returncode == 2
    assert one_line(done.stderr) == (
        f"keras-recipes：錯誤：引數 -o/--output：應為以 {', '.join(FORMATS)} 結尾的檔名，"
        "收到的是 'mlp.bmp'（請看 'keras-recipes plot --help'）"
    )


def test_python_callers_get_the_locales_language_at_import():
    code = "import keras_recipes; print(keras_recipes.get_language())"
    for locale, expected in [("zh_TW.UTF-8", "zh-TW"), ("en_US.UTF-8", "en"), ("C", "en")]:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=_locale(locale)
        )
        assert done.stdout.strip() == expected, (locale, done.stderr)


# ---------------------------------------------------------------- Python callers


def test_language_from_environment_follows_posix_order():
    def chosen(**environ):
        return i18n.language_from_environment(environ)

    assert chosen(LANG="zh_TW.UTF-8") == "zh-TW"
    assert chosen(LC_MESSAGES="zh_TW", LANG="en_US.UTF-8") == "zh-TW"
    assert chosen(LC_ALL="C", LANG="zh_TW.UTF-8") == "en"
    assert chosen(LC_ALL="", LANG="zh_TW.UTF-8") == "zh-TW"  # empty means unset
    assert chosen(LANG="zh_CN.UTF-8") == "en"
    assert chosen() == "en"


def test_check_and_explain_speak_the_language_they_were_made_in():
    with keras_recipes.language("zh-TW"):
        report = check_recipe("mlp", hidden_units=(512, 200, 128))
        explanation = explain_recipe("sequential")
    assert keras_recipes.get_language() == "en"
    # Printed later, in English surroundings: still zh-TW, whole.
    assert report.problems() == [
        "hidden2：`units` 應為 216：它的 110,808 個參數是 512×216 + 216",
        "  因此 hidden3 也不符",
    ]
    assert str(explanation).splitlines()[0] == "sequential：序貫模型（文章第 1 節）"
    # Made in English, it prints English inside a zh-TW block.
    english = check_recipe("mlp")
    with keras_recipes.language("zh-TW"):
        assert not has_chinese(str(english))


def test_set_language_refuses_another_language():
    with pytest.raises(ValueError) as refused:
        keras_recipes.set_language("fr")
    assert str(refused.value) == (
        "set_language(): language='fr' is not usable: expected one of en, zh-TW"
    )
    assert keras_recipes.get_language() == "en"


def test_set_language_takes_the_gettext_spelling_too():
    with keras_recipes.language("zh_TW"):
        assert keras_recipes.get_language() == "zh-TW"


def test_a_missing_catalogue_is_a_clear_error(tmp_path, monkeypatch, capsys, one_line):
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    with pytest.raises(i18n.CatalogMissingError) as missing:
        keras_recipes.set_language("zh-TW")
    assert str(missing.value) == (
        f"the zh-TW message catalogue is not compiled in {tmp_path}; "
        "reinstall the package (make verify, or pip install -e .) to build it"
    )
    assert keras_recipes.get_language() == "en"
    for args, environ in ((["--lang", "zh-TW", "list"], "C"), (["list"], "zh_TW.UTF-8")):
        monkeypatch.setenv("LC_ALL", environ)
        assert cli.main(args) == 2
        captured = capsys.readouterr()
        assert one_line(captured.err) == f"keras-recipes: error: {missing.value}"
        assert captured.out == ""


# ---------------------------------------------------------------- the catalogue


def test_the_catalogue_is_in_step_with_the_code():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "catalog.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def _fields(text):
    """The names of a message's str.format placeholders: {name}, {count}."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # not a format string: "%(prog)s" or a lone brace
        return set()


def test_every_message_has_a_whole_translation():
    with PO.open("rb") as source:
        catalog = read_po(source)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        for translated in strings:
            if _fields(translated) != _fields(ids[-1]):
                problems.append(f"placeholders differ: {ids[-1]!r} -> {translated!r}")
    # Babel's own checks: python-format placeholders (%(name)s) and plural forms.
    for message, errors in catalog.check():
        problems += [f"{message.id!r}: {error}" for error in errors]
    assert problems == []


# ---------------------------------------------------------------- tables


def test_tables_line_up_chinese_text_by_its_width_on_a_terminal():
    row = ["hidden1", "4", "相符"]
    table = Table([Column("層（類型）"), Column("參數", right=True), Column()], [row])
    heading = table.heading()
    # The heading is five wide characters: ten columns, three more than "hidden1".
    assert heading == ["層（類型）  參數"]
    assert table.lines(row) == ["hidden1        4  相符"]
    assert rule(heading) == "-" * 16
