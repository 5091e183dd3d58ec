"""Every subcommand fails cleanly: its exit code, one line on stderr, nothing half-written."""

import pytest

from keras_recipes import Recipe, cli

# Whatever a command writes by default lands in the test's tmp_path, never in the work tree.
pytestmark = pytest.mark.usefixtures("in_tmp_path")


def _subcommands():
    parser = cli.build_parser()
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    return sorted(commands.choices)


def test_every_subcommand_is_covered_here():
    assert _subcommands() == [
        "check", "diagrams", "explain", "list", "parse", "plot", "summary", "train", "verify",
    ]  # fmt: skip


@pytest.mark.parametrize("command", _subcommands())
def test_unknown_option_exits_2_with_one_line(capsys, one_line, command):
    recipe = ["--recipe", "mlp"] if command == "check" else []  # check's one required option
    assert cli.main([command, "mlp", *recipe, "--no-such-option"]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("keras-recipes: error: unrecognized arguments: ")
    assert "--no-such-option" in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["summary", "lenet"], "unknown recipe 'lenet'"),
        (["explain", "lenet"], "unknown recipe 'lenet'"),
        (["diagrams", "lenet"], "unknown recipe 'lenet'"),
        (["train", "mlp", "--epochs", "0"], "argument --epochs: expected a whole number"),
        (["train", "mlp", "--samples", "ten"], "argument --samples: expected a whole number"),
        (["train", "mlp", "--source", "web"], "argument --source: invalid choice: 'web'"),
        (["train", "cnn", "--variant", "wide"], "recipe 'cnn' has no variant 'wide'"),
        (["train", "mlp", "--input-shape", "a,b"], "argument --input-shape: expected whole"),
        (["plot", "mlp", "-o", "mlp.gif"], "expected a file name ending in .png, .svg, .pdf, .jpg"),
        (["summary", "cnn", "--variant", "wide"], "recipe 'cnn' has no variant 'wide'"),
        (["explain", "cnn", "--variant", "wide"], "recipe 'cnn' has no variant 'wide'"),
        (["plot", "cnn", "--variant", "wide"], "recipe 'cnn' has no variant 'wide'"),
        (["verify", "cnn", "--variant", "wide"], "recipe 'cnn' has no variant 'wide'"),
        (["verify", "--variant", "flatten=True"], "--variant takes exactly one recipe NAME, not 0"),
        (["verify", "cnn", "mlp", "--variant", "flatten=True"], "exactly one recipe NAME, not 2"),
    ],
)
def test_bad_values_exit_2_with_one_line(capsys, one_line, args, message):
    assert cli.main(args) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("keras-recipes: error: ")
    assert message in line


@pytest.mark.parametrize(
    "args",
    [
        ["train", "mlp", "--out", "{blocked}/run"],
        ["diagrams", "mlp", "--out", "{blocked}/pictures"],
        ["plot", "mlp", "-o", "{blocked}/mlp.png"],
    ],
)
def test_unwritable_output_exits_2_before_any_work(capsys, tmp_path, monkeypatch, one_line, args):
    def must_not_build(*args, **kwargs):
        raise AssertionError("built a model for an output that cannot be written")

    monkeypatch.setattr(Recipe, "build", must_not_build)
    # A folder cannot be made under a file, whoever runs the test (root included).
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    argv = [a.format(blocked=blocked) for a in args]
    assert cli.main(argv) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("keras-recipes: error: cannot write")
    assert str(blocked) in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
