"""A teacher grades learners' files: `keras-recipes check FILE.py|DIR --recipe NAME`.

Each file runs in a process of its own (a real Python running the file), so these tests
write the files a class hands in and run the command on them.
"""

import textwrap

import keras
import pytest
from keras import layers

from keras_recipes import cli
from keras_recipes.grade import GradeError, pick_model


def _mlp(hidden2=216):
    inputs = keras.Input((784,))
    x = layers.Dense(512, activation="relu")(inputs)
    x = layers.Dense(hidden2, activation="relu")(x)
    x = layers.Dense(128, activation="relu")(x)
    return keras.Model(inputs, layers.Dense(10, activation="softmax")(x))


MLP = textwrap.dedent(
    """
    import keras
    from keras import layers

    inputs = keras.Input((784,))
    x = layers.Dense(512, activation="relu")(inputs)
    x = layers.Dense({hidden2}, activation="relu")(x)
    x = layers.Dense(128, activation="relu")(x)
    model = keras.Model(inputs, layers.Dense(10, activation="softmax")(x))
    """
)


# ---------------------------------------------------------------- which model a file defines


def test_the_model_named_model_is_taken_first():
    chosen = _mlp()
    assert pick_model({"model": chosen, "other": _mlp(200)}) is chosen


def test_else_the_only_model_or_the_only_function_building_one():
    alone = _mlp()
    assert pick_model({"net": alone, "_private": _mlp(), "n": 3}) is alone

    def build():
        return keras.Model(*_io())

    built = pick_model({"build": build})
    assert isinstance(built, keras.Model)


def _io():
    inputs = keras.Input((4,))
    return inputs, layers.Dense(2)(inputs)


def test_an_unclear_choice_lists_the_candidates():
    encoder, decoder = _mlp(), _mlp()
    with pytest.raises(GradeError) as unclear:
        pick_model({"encoder": encoder, "decoder": decoder})
    assert str(unclear.value) == (
        "the file defines several models (encoder, decoder); choose one with --model"
    )
    assert pick_model({"encoder": encoder, "decoder": decoder}, "decoder") is decoder
    with pytest.raises(GradeError, match="no model named autoencoder"):
        pick_model({"encoder": encoder}, "autoencoder")
    with pytest.raises(GradeError, match=r"no keras\.Model and no function"):
        pick_model({"x": 1})


# ---------------------------------------------------------------- the command


CNN_KERNELS_OF_3 = textwrap.dedent(
    """
    import keras
    from keras import layers

    inputs = keras.Input((28, 28, 1))
    x = layers.MaxPooling2D(2)(layers.Conv2D(128, 3, activation="relu")(inputs))
    x = layers.MaxPooling2D(2)(layers.Conv2D(64, 4, activation="relu")(x))
    x = layers.Dense(64, activation="relu")(layers.Flatten()(x))
    net = keras.Model(inputs, layers.Dense(10, activation="softmax")(x))
    """
)


def test_one_file_prints_its_report_and_exits_1_on_a_mistake(tmp_path, capsys):
    (tmp_path / "ming.py").write_text(CNN_KERNELS_OF_3)
    argv = ["check", str(tmp_path / "ming.py"), "--recipe", "cnn", "--variant", "flatten=True"]
    assert cli.main([*argv, "--lang", "zh-TW"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("cnn flatten=True：由本專案推算（第 3.2 節補上文章漏掉的 Flatten）\n")
    assert out.endswith(
        "! conv1（你的 conv2d）：`kernel_size` 應為 4："
        "conv1 把 28x28 變成 25x25，而 28 − 4 + 1 = 25\n"
        "  因此 pool1, conv2, pool2, flatten, hidden1 也不符\n"
    )


def test_a_folder_gets_one_line_per_file_and_a_tally(tmp_path, capsys):
    files = {
        "a_right.py": MLP.format(hidden2=216),
        "b_units.py": MLP.format(hidden2=256),
        "c_broken.py": "x = 1 / 0\n",
        "d_empty.py": "print('no model yet')\n",
        "e_memory.py": "import numpy as np\n\nx = np.ones((2**40,))\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "notes.txt").write_text("not a Python file")
    assert cli.main(["check", str(tmp_path), "--recipe", "mlp"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "a_right.py: OK",
        "b_units.py: mismatch: hidden2 (your dense_1): `units` should be 216: "
        "its 110,808 parameters are 512×216 + 216",
        "c_broken.py: not graded: it stopped with ZeroDivisionError: division by zero (line 1)",
        "d_empty.py: not graded: the file defines no keras.Model and no function that builds one",
        "e_memory.py: not graded: it ran out of memory",
        "5 files: 1 pass, 1 mismatch, 3 not graded",
    ]


def test_a_file_that_runs_too_long_is_stopped(tmp_path, capsys, one_line):
    (tmp_path / "loop.py").write_text("while True:\n    pass\n")
    argv = ["check", str(tmp_path / "loop.py"), "--recipe", "mlp", "--timeout", "1"]
    assert cli.main(argv) == 2
    assert one_line(capsys.readouterr().err) == (
        "keras-recipes: error: loop.py: not graded: it ran for more than 1 second"
    )
