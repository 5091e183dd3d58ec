"""The keras-recipes command: exit codes, one-line errors, and what each command prints."""

import dataclasses
import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from keras_recipes import DOCUMENTS, RECIPES, cli
from keras_recipes import explain as explain_module
from keras_recipes.arithmetic import dense_params


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it: a fresh process, through ``python -m``."""
    return subprocess.run(
        [sys.executable, "-m", "keras_recipes", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


ERROR = "keras-recipes: error: "

# Every command here, in process or not, runs in a folder of its own.
pytestmark = pytest.mark.usefixtures("in_tmp_path")


# ---------------------------------------------------------------- as a real process


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["list"], ["plot", "--help"]])
def test_help_and_list_do_not_import_tensorflow(args):
    code = (
        "import sys\n"
        "from keras_recipes.cli import main\n"
        "try:\n"
        f"    code = main({args!r})\n"
        "except SystemExit as done:\n"
        "    code = done.code\n"
        "assert code == 0, code\n"
        "assert 'tensorflow' not in sys.modules, 'tensorflow was imported'\n"
        "assert 'keras' not in sys.modules, 'keras was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_explain_mlp_shows_where_541_794_comes_from():
    done = run("explain", "mlp")
    assert done.returncode == 0, done.stderr
    assert "hidden1 (Dense)" in done.stdout
    assert "in×units + units = 784×512 + 512 = 401,920" in done.stdout
    assert "Total params: 0 + 401,920 + 110,808 + 27,776 + 1,290 = 541,794" in done.stdout
    assert "Keras 3 count_params(): 541,794  ✓" in done.stdout
    assert "MISMATCH" not in done.stdout


def test_unknown_recipe_exits_2_with_one_line_and_no_traceback(one_line):
    done = run("explain", "lenet")
    assert done.returncode == 2
    assert one_line(done.stderr) == (
        f"{ERROR}argument NAME: unknown recipe 'lenet'; known recipes: "
        f"{', '.join(RECIPES)} (see 'keras-recipes explain --help')"
    )
    assert done.stdout == ""


def test_plot_without_graphviz_exits_2_and_says_how_to_install_it(tmp_path, one_line):
    # A PATH holding only the environment's own programs: no Graphviz 'dot' on it.
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    assert shutil.which("dot", path=env["PATH"]) is None
    done = run("plot", "mlp", "-o", str(tmp_path / "mlp.png"), env=env)
    assert done.returncode == 2
    line = one_line(done.stderr)
    assert line.startswith(
        f"{ERROR}drawing a model needs Graphviz's 'dot' program, not found on PATH"
    )
    for command in ("apt-get install", "brew install", "conda install -c conda-forge"):
        assert f"{command} graphviz" in line
    assert not (tmp_path / "mlp.png").exists()


# ---------------------------------------------------------------- in process


def test_version_is_the_package_version(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == "keras-recipes 0.1.0\n"
    assert importlib.metadata.version("keras-recipes") == "0.1.0"


HEADINGS = [f"{d.title}; {d.figures}" for d in DOCUMENTS.values()]


def test_list_names_every_recipe(capsys):
    assert cli.main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    recipe_lines = [
        line for line in lines if line and line not in HEADINGS and not line.startswith((" ", "*"))
    ]
    assert [line.split()[0] for line in recipe_lines] == list(RECIPES)


def test_list_groups_the_recipes_under_their_document(capsys):
    assert cli.main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        'the article: "How to Use the Keras Functional API for Deep Learning", in a '
        "Traditional-Chinese translation; summaries printed by Keras 2.2.4"
    )
    guide = lines.index('the guide: "The Functional API", a guide on keras.io; '
                        "summaries printed by Keras 3")  # fmt: skip
    # A blank line and the article's note end the article's group.
    assert lines[guide - 2 : guide] == ["* not printed by the article: derived here", ""]
    firsts = [line.split()[0] for line in lines[guide + 1 :] if not line.startswith((" ", "*"))]
    assert firsts == [name for name, r in RECIPES.items() if r.document.name == "guide"]
    assert lines[guide + 1] == (
        'mnist-model        "Introduction"                                            '
        "MNIST classifier                             build_mnist_model()  guide total 55,050"
    )
    assert lines[-1] == "* not printed by the guide: derived here"


def test_list_shows_each_variant_under_its_recipe(capsys):
    assert cli.main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    (cnn,) = [i for i, line in enumerate(lines) if line.startswith("cnn ")]
    assert lines[cnn + 1] == (
        "  --variant flatten=True  total 199,562 *: "
        "the corrected classifier: one prediction per image"
    )
    variants = [line for line in lines if line.startswith("  --variant ")]
    assert len(variants) == sum(len(recipe.variants) for recipe in RECIPES.values())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "the following arguments are required: COMMAND (see 'keras-recipes --help')"),
        (["fit"], "argument COMMAND: invalid choice: 'fit'"),
        (["summary", "nope"], "argument NAME: unknown recipe 'nope'; known recipes: sequential"),
        (["verify", "mlp", "nope"], "argument NAME: unknown recipe 'nope'"),
        (["plot", "nope"], "argument NAME: unknown recipe 'nope'"),
        (["explain"], "the following arguments are required: NAME"),
        (["explain", "mlp", "cnn"], "unrecognized arguments: cnn"),
        (["plot", "mlp", "--dpi", "9"], "unrecognized arguments: --dpi 9"),
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, one_line, args, message):
    assert cli.main(args) == 2
    captured = capsys.readouterr()
    assert one_line(captured.err).startswith(f"{ERROR}{message}")
    assert captured.out == ""


@pytest.mark.usefixtures("forbid_building")
def test_plot_refuses_an_output_it_cannot_write_before_building(capsys, tmp_path, one_line):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("")
    (tmp_path / "folder.png").mkdir()
    cases = {
        "missing/mlp.png": "cannot write 'missing/mlp.png': No such file or directory",
        f"{a_file}/mlp.png": f"cannot write '{a_file}/mlp.png': '{a_file}' is not a folder",
        "folder.png": "cannot write 'folder.png': Is a directory",
        "mlp.txt": "argument -o/--output: expected a file name ending in .png, .svg, .pdf, .jpg, "
        ".jpeg, got 'mlp.txt' (see 'keras-recipes plot --help')",
    }
    for output, message in cases.items():
        assert cli.main(["plot", "mlp", "-o", output]) == 2, output
        assert one_line(capsys.readouterr().err) == f"{ERROR}{message}"


def test_plot_writes_a_png_named_after_the_recipe_by_default(capsys, tmp_path, png_pixels):
    assert cli.main(["plot", "sequential"]) == 0
    assert capsys.readouterr().out.strip() == "wrote sequential.png"
    png_pixels(tmp_path / "sequential.png")


def test_plot_writes_the_file_asked_for(capsys, tmp_path):
    target = tmp_path / "diagram.pdf"
    assert cli.main(["plot", "multi-input", "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {target}"
    assert target.read_bytes()[:5] == b"%PDF-"


def test_plot_without_pydot_exits_2_and_says_how_to_install_it(tmp_path, one_line):
    # The process is started as if pydot were not installed: its import fails.
    code = (
        "import sys\n"
        "sys.modules['pydot'] = None\n"
        "from keras_recipes.cli import main\n"
        f"sys.exit(main(['plot', 'mlp', '-o', {str(tmp_path / 'mlp.png')!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2
    assert one_line(done.stderr) == (
        f"{ERROR}drawing a model needs the Python package pydot, which is "
        f"missing; install it with: {sys.executable} -m pip install pydot"
    )
    assert not (tmp_path / "mlp.png").exists()


def test_explain_shows_the_corrected_cnn_too(capsys):
    assert cli.main(["explain", "cnn"]) == 0
    out = capsys.readouterr().out
    assert "cnn: Convolutional neural network (article section 3.2)" in out
    assert "cnn flatten=True: Convolutional neural network (article section 3.2)" in out
    assert "Total params: 0 + 2,176 + 0 + 131,136 + 0 + 4,160 + 650 = 138,122" in out
    assert "Total params: 0 + 2,176 + 0 + 131,136 + 0 + 0 + 65,600 + 650 = 199,562" in out


def test_explain_exits_1_when_a_formula_disagrees_with_keras(capsys, monkeypatch, one_line):
    # A Dense formula that forgets the bias: the cross-check must catch it.
    def dense_without_bias(layer, config, inputs):
        right = explain_module._dense(layer, config, inputs)
        wrong = dense_params(inputs[0][-1], config["units"], use_bias=False)
        return dataclasses.replace(right, params=wrong)

    monkeypatch.setitem(explain_module._FORMULAS, "Dense", dense_without_bias)
    assert cli.main(["explain", "mlp"]) == 1
    captured = capsys.readouterr()
    assert (
        "hidden1 (Dense)     (None, 512)   (None, 512)    401,408    401,920  MISMATCH: params"
        in (captured.out)
    )
    assert "Keras 3 count_params(): 541,794  MISMATCH" in captured.out
    assert one_line(captured.err) == (
        "our arithmetic and Keras 3 disagree on 1 model: see MISMATCH rows"
    )


def test_verify_exits_1_on_a_mismatch_and_0_when_all_match(capsys, monkeypatch, one_line):
    assert cli.main(["verify", "mlp"]) == 0
    assert "1 recipe matches the article" in capsys.readouterr().out

    real = cli.get_recipe

    def one_more_param(name):
        # A consistent but wrong summary: hidden1 and the totals one higher.
        recipe = real(name)
        rows = tuple(
            dataclasses.replace(r, params=r.params + 1) if r.name == "hidden1" else r
            for r in recipe.expected.rows
        )
        expected = dataclasses.replace(recipe.expected, rows=rows, total=541_795, trainable=541_795)
        return dataclasses.replace(recipe, expected=expected)

    monkeypatch.setattr(cli, "get_recipe", one_more_param)
    assert cli.main(["verify", "mlp"]) == 1
    captured = capsys.readouterr()
    assert "hidden1: params 401,921 expected, got 401,920" in captured.out
    assert "Total params: 541,795 expected, got 541,794" in captured.out
    assert one_line(captured.err) == "1 model differs from the article"


def test_explain_falls_back_to_ascii_where_the_terminal_cannot_show_signs():
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = run("explain", "sequential", env=env)
    assert done.returncode == 0, done.stderr
    assert "in*units + units = 1*2 + 2 = 4" in done.stdout
    assert "Keras 3 count_params(): 7  ok" in done.stdout


# ---------------------------------------------------------------- names, variants, labels


@pytest.mark.parametrize(
    ("typed", "total"),
    [("MLP", "541,794"), ("multi_input", "424,874"), ("Shared_Input", "399,610")],
)
def test_summary_takes_a_name_in_any_case_with_underscores(capsys, typed, total):
    assert cli.main(["summary", typed]) == 0
    assert f"Total params: {total}" in capsys.readouterr().out


def test_a_misspelt_name_gets_a_suggestion(capsys, one_line):
    assert cli.main(["verify", "mpl"]) == 2
    captured = capsys.readouterr()
    assert one_line(captured.err) == (
        f"{ERROR}argument NAME: unknown recipe 'mpl'; did you mean 'mlp'? "
        f"known recipes: {', '.join(RECIPES)} (see 'keras-recipes verify --help')"
    )
    assert captured.out == ""


def test_verify_checks_only_the_variant_asked_for(capsys):
    assert cli.main(["verify", "cnn", "--variant", "flatten=True"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "recipe            article     Keras 3  rows  result",
        "cnn flatten=True  199,562  *  199,562   8/8  OK",
        "* not printed by the article: derived here",
        "1 recipe matches the article",
    ]


def test_verify_puts_each_document_in_a_table_of_its_own(capsys):
    assert cli.main(["verify", "ensemble", "mlp", "encoder"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "recipe  article    Keras 3  rows  result",
        "mlp     541,794    541,794   5/5  OK",
        "* not printed by the article: derived here",
        "1 recipe matches the article",
        "",
        "recipe                              guide     Keras 3  rows  result",
        "ensemble                              387  *      387   5/5  OK",
        "encoder                            18,672      18,672   7/7  OK",
        "  encoder input_name=original_img  18,672      18,672   7/7  OK",
        "* not printed by the guide: derived here",
        "all 2 recipes match the guide",
    ]


def test_train_refuses_a_model_no_digit_trains_before_building_it(
    capsys, one_line, forbid_building
):
    assert cli.main(["train", "ensemble"]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"{ERROR}train(): ensemble is not fitted on handwritten digits: the guide builds it to "
        "show models averaged; its input is 128 numbers, not a digit"
    )


def test_explain_and_summary_take_a_variant(capsys):
    assert cli.main(["explain", "cnn", "--variant", "flatten=True"]) == 0
    out = capsys.readouterr().out
    titles = [line for line in out.splitlines() if line.startswith("cnn")]
    assert titles == ["cnn flatten=True: Convolutional neural network (article section 3.2)"]
    assert "Total params: 0 + 2,176 + 0 + 131,136 + 0 + 0 + 65,600 + 650 = 199,562" in out

    assert cli.main(["summary", "cnn", "--variant", "flatten=True"]) == 0
    out = capsys.readouterr().out
    assert "flatten (Flatten)" in out
    assert "Total params: 199,562" in out


def test_plot_draws_a_variant_to_a_file_named_by_its_label(capsys, tmp_path, png_pixels):
    assert cli.main(["plot", "cnn", "--variant", "flatten=True"]) == 0
    assert capsys.readouterr().out.strip() == "wrote cnn-flatten=True.png"
    png_pixels(tmp_path / "cnn-flatten=True.png")


def test_plot_writes_svg(capsys, tmp_path):
    assert cli.main(["plot", "cnn", "--variant", "flatten=True", "-o", "cnn.svg"]) == 0
    assert capsys.readouterr().out.strip() == "wrote cnn.svg"
    svg = (tmp_path / "cnn.svg").read_text()
    assert svg.lstrip().startswith("<?xml")
    assert "<svg" in svg
    assert "flatten" in svg  # the variant was drawn, with its Flatten layer


def test_train_refused_by_its_own_checks_leaves_no_folder(capsys, tmp_path, one_line):
    assert cli.main(["train", "cnn"]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith(ERROR)
    assert "train the variant flatten=True" in line
    assert list(tmp_path.iterdir()) == []


def test_train_writes_a_variant_to_a_folder_named_by_its_label(capsys, tmp_path):
    args = ["train", "cnn", "--variant", "flatten=True", "--epochs", "1", "--samples", "32"]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    report = "cnn flatten=True on digits: 32 training samples x5 (shifted copies), 1 epoch,"
    assert any(line.startswith(report) for line in out.splitlines()), out
    run = Path("runs", "cnn-flatten=True")
    assert out.splitlines()[-1] == f"wrote {run / 'history.json'}, {run / 'curves.png'}"
    assert sorted(p.name for p in (tmp_path / run).iterdir()) == ["curves.png", "history.json"]


def test_output_cut_short_by_its_reader_is_not_an_error():
    # The reading end is closed before the command starts: every write meets a broken pipe.
    read, write = os.pipe()
    os.close(read)
    with os.fdopen(write, "wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "keras_recipes", "list"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 141
    assert done.stderr == ""
