"""Values the command cannot use: exit 2, one line naming the value and why, no traceback."""

import subprocess
import sys
from pathlib import Path

import pytest

from keras_recipes import Recipe, cli

BIG = "1" + "0" * 30  # past any 64-bit integer


# Whatever a command writes by default lands in the test's tmp_path, never in the work tree.
pytestmark = pytest.mark.usefixtures("in_tmp_path")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["train", "mlp", "--batch-size", BIG],
            f"argument --batch-size: expected a whole number from 1 to 2147483647, got '{BIG}'",
        ),
        (
            ["train", "mlp", "--batch-size", "9223372036854775808"],
            "argument --batch-size: expected a whole number from 1 to 2147483647, "
            "got '9223372036854775808'",
        ),
        (
            ["train", "mlp", "--epochs", "-1"],
            "argument --epochs: expected a whole number from 1 to 2147483647, got '-1'",
        ),
        (
            ["train", "mlp", "--samples", "2147483648"],
            "argument --samples: expected a whole number from 1 to 2147483647, got '2147483648'",
        ),
        (
            ["train", "mlp", "--seed", "-1"],
            "argument --seed: expected a whole number from 0 to 4294967295, got '-1'",
        ),
        (
            ["train", "mlp", "--seed", "4294967296"],
            "argument --seed: expected a whole number from 0 to 4294967295, got '4294967296'",
        ),
        (
            ["train", "rnn", "--input-shape", "-1,28"],
            "argument --input-shape: expected whole numbers from 1 to 2147483647 separated by "
            "commas (e.g. 28,28), got '-1,28'",
        ),
        (
            ["train", "rnn", "--input-shape", f"28,{BIG}"],
            "argument --input-shape: expected whole numbers from 1 to 2147483647 separated by "
            f"commas (e.g. 28,28), got '28,{BIG}'",
        ),
        (
            ["plot", "mlp", "-o", ""],
            "argument -o/--output: expected a file name ending in .png, .svg, .pdf, .jpg, .jpeg, "
            "got ''",
        ),
        (["train", "mlp", "--out", ""], "argument --out: expected a folder name, got ''"),
        (["diagrams", "--out", " "], "argument --out: expected a folder name, got ' '"),
    ],
)
def test_a_value_out_of_range_exits_2_naming_it(
    capsys, monkeypatch, tmp_path, one_line, args, line
):
    def must_not_build(*args, **kwargs):
        raise AssertionError("built a model with a value the command should have refused")

    monkeypatch.setattr(Recipe, "build", must_not_build)
    assert cli.main(args) == 2
    captured = capsys.readouterr()
    assert one_line(captured.err) == (
        f"keras-recipes: error: {line} (see 'keras-recipes {args[0]} --help')"
    )
    assert captured.out == ""
    assert list(tmp_path.iterdir()) == []


def test_the_bounds_themselves_are_accepted():
    args = cli.build_parser().parse_args(
        ["train", "mlp", "--seed", "4294967295", "--batch-size", "2147483647", "--epochs", "1"]
    )
    assert (args.seed, args.batch_size, args.epochs) == (4294967295, 2147483647, 1)


# The command under a 16 GiB address-space limit: room for TensorFlow, far less
# than the models below would take, so a missed check cannot swamp the machine.
LIMITED = (
    "import resource, runpy\n"
    "resource.setrlimit(resource.RLIMIT_AS, (16 * 2**30, 16 * 2**30))\n"
    "runpy.run_module('keras_recipes', run_name='__main__')\n"
)


@pytest.mark.parametrize(
    "args",
    [
        # 100,000,000 x 512 weights in hidden1: 205 GB.
        ["train", "mlp", "--input-shape", "100000000"],
        # A 30,000 x 30,000 colour image: 920 GB of hidden1 weights, 3.5 TB per batch.
        ["train", "cnn", "--variant", "flatten=True", "--input-shape", "30000,30000,3"],
    ],
)
def test_a_model_too_big_for_memory_exits_2_with_one_line(tmp_path, one_line, args):
    done = subprocess.run(
        [sys.executable, "-c", LIMITED, *args, "--out", str(tmp_path / "run")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    line = one_line(done.stderr)
    assert done.returncode == 2, done.stderr
    assert line.startswith("keras-recipes: error: ")
    assert "memory" in line.lower()
    assert list(tmp_path.iterdir()) == []


def _tensorflow_out_of_memory(self, **kwargs):
    from keras_recipes._keras import tf

    return tf.zeros((2**40,))  # 4 TiB of floats: TensorFlow's allocator refuses


def _numpy_out_of_memory(self, **kwargs):
    import numpy as np

    return np.ones(2**42)  # 32 TiB


@pytest.mark.parametrize(
    ("build", "line"),
    [
        (
            _tensorflow_out_of_memory,
            "out of memory in TensorFlow: "
            "OOM when allocating tensor with shape[1099511627776] and type float",
        ),
        (
            _numpy_out_of_memory,
            "out of memory: Unable to allocate 32.0 TiB for an array with shape "
            "(4398046511104,) and data type float64",
        ),
    ],
)
@pytest.mark.parametrize("command", ["summary", "verify", "explain", "train"])
def test_running_out_of_memory_exits_2_with_one_line(
    capsys, monkeypatch, one_line, build, line, command
):
    monkeypatch.setattr(Recipe, "build", build)
    assert cli.main([command, "mlp"]) == 2
    assert one_line(capsys.readouterr().err) == f"keras-recipes: error: {line}"


# ---------------------------------------------------------------- what the command echoes

HUGE = "x" * 100_000


@pytest.mark.parametrize(
    ("args", "quoted"),
    [
        (["summary", HUGE], "unknown recipe 'xxxx"),
        (["verify", "cnn", "--variant", HUGE], "recipe 'cnn' has no variant 'xxxx"),
        (["train", "mlp", "--source", HUGE], "invalid choice: 'xxxx"),
        (["list", HUGE], "unrecognized arguments: xxxx"),
        (["plot", "mlp", "-o", f"{HUGE}.png"], "('xxxx"),
    ],
)
@pytest.mark.parametrize("language", ["en", "zh-TW"])
def test_a_huge_value_is_quoted_short_with_its_length(capsys, one_line, args, quoted, language):
    assert cli.main(["--lang", language, *args]) == 2
    line = one_line(capsys.readouterr().err)
    assert len(line) < 400
    assert quoted in line or language != "en"
    assert "x" * 75 in line and "x" * 80 not in line
    length = "100,004" if args[0] == "plot" else "100,000"  # the file name ends in .png
    assert (f"({length} characters)" if language == "en" else f"（共 {length} 個字元）") in line


def test_positional_arguments_are_named_in_the_user_s_language(capsys, one_line):
    assert cli.main(["--lang", "zh-TW", "summary"]) == 2
    assert one_line(capsys.readouterr().err) == (
        "keras-recipes：錯誤：缺少必要的引數：名稱（請看 'keras-recipes summary --help'）"
    )
    assert cli.main(["--lang", "zh-TW", "lenet"]) == 2
    assert one_line(capsys.readouterr().err).startswith("keras-recipes：錯誤：引數 命令：")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["--help"], ["--version"], ["list"]])
@pytest.mark.parametrize(
    ("language", "reason"), [("en", "No space left on device"), ("zh-TW", "裝置上已沒有剩餘空間")]
)
def test_output_that_cannot_be_written_exits_2_saying_why(args, language, reason):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "keras_recipes", "--lang", language, *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == 2
    error = "keras-recipes: error: " if language == "en" else "keras-recipes：錯誤："
    assert done.stderr == f"{error}{reason}\n"


@pytest.mark.skipif(sys.platform != "linux", reason="file size limits as on Linux")
def test_a_file_too_large_for_the_size_limit_is_said_in_zh_tw(tmp_path):
    # As under `ulimit -f 10`: no file may grow past 10 kB; the diagram is larger.
    limited = (
        "import resource, runpy\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (10_000, 10_000))\n"
        "runpy.run_module('keras_recipes', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", limited, "--lang", "zh-TW", "plot", "mlp", "-o", "mlp.png"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stderr == "keras-recipes：錯誤：無法寫入 'mlp.png'：檔案太大\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform != "linux", reason="file names as bytes, as on Linux")
def test_a_file_name_that_is_not_utf_8_is_echoed_escaped(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "keras_recipes", "plot", "mlp", "-o", b"\xff.png"],
        capture_output=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"wrote \\xff.png\n"
    assert [path.name for path in tmp_path.iterdir()] == ["\udcff.png"]
