"""Every subcommand fails cleanly: its exit code, one line on stderr, nothing half-written."""

import signal
import subprocess
import sys
import time

import pytest

from keras_recipes import cli


def _subcommands():
    parser = cli.build_parser()
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    return sorted(commands.choices)


def _one_line(stderr):
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_every_subcommand_is_covered_here():
    assert _subcommands() == [
        "diagrams", "explain", "list", "plot", "summary", "train", "verify",
    ]  # fmt: skip


@pytest.mark.parametrize("command", _subcommands())
def test_unknown_option_exits_2_with_one_line(capsys, command):
    assert cli.main([command, "mlp", "--no-such-option"]) == 2
    line = _one_line(capsys.readouterr().err)
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
        (["plot", "mlp", "-o", "mlp.svg"], "use a file name ending in .png"),
    ],
)
def test_bad_values_exit_2_with_one_line(capsys, args, message):
    assert cli.main(args) == 2
    line = _one_line(capsys.readouterr().err)
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
def test_unwritable_output_exits_2_before_any_work(capsys, tmp_path, args):
    # A folder cannot be made under a file, whoever runs the test (root included).
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    argv = [a.format(blocked=blocked) for a in args]
    started = time.perf_counter()
    assert cli.main(argv) == 2
    line = _one_line(capsys.readouterr().err)
    assert line.startswith("keras-recipes: error: cannot write")
    assert str(blocked) in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
    assert time.perf_counter() - started < 5  # refused up front, not after training


def test_ctrl_c_during_train_exits_130_and_leaves_no_partial_file(tmp_path):
    out = tmp_path / "run"
    more = ["--samples", "256", "--out", str(out)]
    process = subprocess.Popen(
        [sys.executable, "-m", "keras_recipes", "train", "mlp", "--epochs", "200", *more],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = ""
    while "Epoch 2/" not in seen:  # interrupt while fit is running
        char = process.stdout.read(1)
        assert char, f"train ended before it could be interrupted: {process.stderr.read()}"
        seen += char
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert _one_line(stderr) == "keras-recipes: interrupted"
    assert list(out.iterdir()) == []
