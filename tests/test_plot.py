"""Diagrams: real Graphviz draws every recipe, names and shapes shown; a missing piece is named."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pngcheck import assert_png

from keras_recipes import RECIPES, UnknownRecipeError, build_cnn, build_mlp
from keras_recipes.cli import main
from keras_recipes.plot import (
    GraphvizMissingError,
    graphviz_install_command,
    plot_recipe,
    png_size,
    require_graphviz,
    to_dot,
    write_diagrams,
)

ROOT = Path(__file__).resolve().parents[1]


def test_plot_recipe_writes_a_png(tmp_path):
    target = tmp_path / "nested" / "mlp.png"
    written = plot_recipe("mlp", target)
    assert written == target
    width, height = assert_png(target)
    assert png_size(target) == (width, height)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # as open() makes it, not private
    assert list(target.parent.iterdir()) == [target]


def test_png_size_refuses_a_png_cut_short(tmp_path):
    whole = plot_recipe("mlp", tmp_path / "mlp.png")
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole.read_bytes()[:-200])  # header intact, the last chunks gone
    with pytest.raises(ValueError, match=r"cut\.png is not a whole PNG image"):
        png_size(cut)
    svg = plot_recipe("mlp", tmp_path / "mlp.svg")
    with pytest.raises(ValueError, match=r"mlp\.svg is not a whole PNG image"):
        png_size(svg)


def test_corrected_cnn_is_drawn_from_builder_arguments(tmp_path):
    as_printed = assert_png(plot_recipe("cnn", tmp_path / "cnn.png"))
    corrected = assert_png(plot_recipe("cnn", tmp_path / "fixed.png", flatten=True))
    # One more box (the Flatten) makes a taller picture.
    assert corrected[1] > as_printed[1]


@pytest.mark.parametrize("name", RECIPES)
def test_diagram_shows_every_layer_name_and_output_shape(built, name):
    model = built[name]
    source = to_dot(model).to_string()
    for layer in model.layers:
        assert f"<b>{layer.name}</b> ({type(layer).__name__})" in source
        assert f"Output shape: <b>{layer.output.shape}</b>" in source


def test_diagram_of_the_mlp_reads_like_its_summary():
    source = to_dot(build_mlp()).to_string()
    assert "<b>hidden2</b> (Dense)" in source
    assert "Output shape: <b>(None, 216)</b>" in source
    assert "Activation: <b>softmax</b>" in source


def test_write_diagrams_draws_every_recipe_and_variant(tmp_path):
    written = write_diagrams(tmp_path)
    names = [p.name for p in written]
    # A variant's file is named by its label as --variant takes it back.
    assert names == [
        "sequential.png",
        "mlp.png",
        "cnn.png",
        "cnn-flatten=True.png",
        "rnn.png",
        "shared-input.png",
        "shared-feature-extractor.png",
        "multi-input.png",
        "multi-output.png",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    for path in written:
        assert_png(path)


# Under this limit on the size of any file the process writes, Graphviz's input
# (a few kB of text) can still be written, no recipe's PNG (21 kB and more) can.
FILE_SIZE_LIMIT = 16_000

UNDER_A_FILE_SIZE_LIMIT = """
import resource, signal, sys
from keras_recipes.cli import main
from keras_recipes.plot import plot_recipe

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, not the process
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
{call}
"""


@pytest.mark.parametrize(
    "call",
    [
        "plot_recipe('mlp', {path!r})",
        "sys.exit(main(['plot', 'mlp', '-o', {path!r}]))",
        "sys.exit(main(['diagrams', 'mlp', '--out', {folder!r}]))",
    ],
)
def test_a_failed_write_leaves_the_previous_diagram_whole(tmp_path, call):
    target = tmp_path / "mlp.png"
    plot_recipe("sequential", target)
    before = target.read_bytes()
    code = UNDER_A_FILE_SIZE_LIMIT.format(
        limit=FILE_SIZE_LIMIT, call=call.format(path=str(target), folder=str(tmp_path))
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert "File too large" in done.stderr
    assert target.read_bytes() == before  # whole, not cut at the limit
    assert_png(target)
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left either


def test_missing_dot_raises_naming_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a folder with no programs in it
    target = tmp_path / "mlp.png"
    with pytest.raises(GraphvizMissingError) as caught:
        plot_recipe("mlp", target)
    message = str(caught.value)
    assert "needs Graphviz's 'dot' program, not found on PATH" in message
    assert f"install it with: {graphviz_install_command()} (elsewhere: " in message
    for command in ("apt-get install", "brew install", "conda install"):
        assert f"{command} graphviz" in message
    assert not target.exists()


def test_missing_dot_is_a_runtime_error_also_for_a_built_model(tmp_path, monkeypatch):
    model = build_cnn(flatten=True)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="install it with"):
        plot_recipe(model, tmp_path / "cnn.png")


def test_install_command_names_a_program_this_system_has():
    command = graphviz_install_command()
    assert "graphviz" in command
    words = command.split()
    program = words[1] if words[0] == "sudo" else words[0]
    if program == "your":  # no package manager recognised: only advice to give
        pytest.skip(f"no known package manager here: {command}")
    assert shutil.which(program) is not None, command


def test_missing_pydot_raises_naming_pip(monkeypatch):
    monkeypatch.setitem(sys.modules, "pydot", None)  # what an uninstalled package looks like
    with pytest.raises(GraphvizMissingError, match=r"pydot, which is missing.*pip install pydot"):
        require_graphviz()


def test_path_must_name_an_image_format(tmp_path):
    with pytest.raises(ValueError, match=r"plot_recipe\(\): path='.*mlp.txt' is not usable"):
        plot_recipe("mlp", tmp_path / "mlp.txt")


def test_other_formats_follow_the_suffix(tmp_path):
    svg = plot_recipe("sequential", tmp_path / "sequential.svg")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert "hidden" in svg.read_text(encoding="utf-8")
    pdf = plot_recipe("sequential", tmp_path / "sequential.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_builder_arguments_need_a_recipe_name(tmp_path):
    with pytest.raises(ValueError, match=r"builder arguments \['flatten'\] are not usable"):
        plot_recipe(build_mlp(), tmp_path / "mlp.png", flatten=True)


def test_unknown_recipe_lists_the_known_ones(tmp_path):
    with pytest.raises(UnknownRecipeError, match="known recipes: sequential, mlp"):
        plot_recipe("lenet", tmp_path / "lenet.png")


def test_cli_diagrams_writes_the_named_recipes(tmp_path, capsys):
    assert main(["diagrams", "rnn", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [str(tmp_path / "rnn.png")]
    assert_png(tmp_path / "rnn.png")


def test_cli_diagrams_without_dot_exits_2_with_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "keras_recipes", "diagrams", "--out", str(tmp_path)],
        env={"PATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        "keras-recipes: error: drawing a model needs Graphviz's 'dot' program, not found on PATH"
    )
    assert list(tmp_path.iterdir()) == []


def test_setup_script_passes_when_dot_is_there():
    result = subprocess.run(
        ["sh", str(ROOT / "scripts" / "ensure-graphviz.sh")], capture_output=True, text=True
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_setup_script_stops_with_advice_when_it_cannot_install(tmp_path):
    # No dot and no package manager on PATH: nothing it may run, so it must say what to do.
    result = subprocess.run(
        ["/bin/sh", str(ROOT / "scripts" / "ensure-graphviz.sh")],
        env={"PATH": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Graphviz's 'dot' program is not on PATH" in result.stderr
    assert "To fix: install a Graphviz package from https://graphviz.org/download/" in (
        result.stderr
    )
