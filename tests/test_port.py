"""A teacher ports another Keras 2 tutorial: its printed summary, a Keras 3 model, a check.

The summary is Hands-On Machine Learning's wide-and-deep network (ageron/handson-ml2,
Apache-2.0), as tf.keras printed it: `tests/data/summaries/ageron__handson-ml2/`.
"""

import dataclasses
from pathlib import Path

import keras
import pytest
from keras import layers

from keras_recipes import UnknownRecipeError, check, cli, parse_summary
from keras_recipes.registry import find_configuration

PRINTED = Path(__file__).parent / "data" / "summaries" / "ageron__handson-ml2"
WIDE_AND_DEEP = PRINTED / "10-neural-nets-with-keras--model.txt"


def _wide_and_deep(units=30):
    keras.backend.clear_session()  # unnamed layers are numbered per session
    inputs = keras.Input(shape=(8,))
    hidden1 = layers.Dense(units, activation="relu")(inputs)
    hidden2 = layers.Dense(30, activation="relu")(hidden1)
    concat = layers.Concatenate()([inputs, hidden2])
    return keras.Model(inputs, layers.Dense(1)(concat))


def test_the_tutorials_model_written_in_keras_3_passes_and_one_change_fails():
    printed = parse_summary(WIDE_AND_DEEP.read_text(encoding="utf-8"))
    assert check(_wide_and_deep(), printed).ok  # input_1 / input_layer, [(None, 8)] / (None, 8)
    report = check(_wide_and_deep(units=20), printed)
    assert report.problems() == [
        "dense_5 (your dense): `units` should be 30: its 270 parameters are 8×30 + 30",
        "  and so dense_6 differs",
    ]


def test_parse_shows_what_it_read(capsys):
    assert cli.main(["parse", str(WIDE_AND_DEEP)]) == 0
    assert capsys.readouterr().out == (
        "Layer (type)               Output shape  Param #  Connected to\n"
        "input_1 (InputLayer)       (None, 8)           0  -\n"
        "dense_5 (Dense)            (None, 30)        270  input_1\n"
        "dense_6 (Dense)            (None, 30)        930  dense_5\n"
        "concatenate (Concatenate)  (None, 38)          0  input_1, dense_6\n"
        "dense_7 (Dense)            (None, 1)          39  concatenate\n"
        "Total params: 1,239\n"
        "Trainable params: 1,239\n"
        "Non-trainable params: 0\n"
    )


def test_a_summary_that_does_not_read_is_one_line_naming_the_line(tmp_path, capsys, one_line):
    text = WIDE_AND_DEEP.read_text(encoding="utf-8").replace("930 ", "9x0 ")
    (tmp_path / "printed.txt").write_text(text, encoding="utf-8")
    assert cli.main(["parse", str(tmp_path / "printed.txt")]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"keras-recipes: error: {tmp_path / 'printed.txt'}: line 9: expected a parameter count "
        "such as 1,290, found '9x0'"
    )


def test_a_learners_file_is_checked_against_a_printed_summary(tmp_path, capsys):
    (tmp_path / "wide.py").write_text(
        "import keras\n"
        "from keras import layers\n\n"
        "inputs = keras.Input(shape=(8,))\n"
        'hidden1 = layers.Dense(30, activation="relu")(inputs)\n'
        'hidden2 = layers.Dense(30, activation="relu")(hidden1)\n'
        "concat = layers.Concatenate()([inputs, hidden2])\n"
        "model = keras.Model(inputs, layers.Dense(1)(concat))\n",
        encoding="utf-8",
    )
    argv = ["check", str(tmp_path / "wide.py"), "--summary", str(WIDE_AND_DEEP), "--lang", "zh-TW"]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("wide：10-neural-nets-with-keras--model.txt\n")
    assert "參數總數" in out and "不符" not in out


def test_a_cell_cut_in_print_is_compared_on_what_it_shows_and_the_report_says_so():
    printed = parse_summary(WIDE_AND_DEEP.read_text(encoding="utf-8"))
    rows = list(printed.rows)
    rows[3] = dataclasses.replace(rows[3], type="Concatenat…", params=None)  # as a print cuts it
    cut = dataclasses.replace(printed, rows=tuple(rows))
    report = check(_wide_and_deep(), cut)
    assert report.ok
    assert report.notes == ("concatenate was cut short in print: only what it shows is compared",)
    added_up = check(_wide_and_deep(), dataclasses.replace(printed, total=1_240, trainable=1_240))
    assert added_up.notes == (
        "its rows add up to 1,239, not its total 1,240: a shared layer is counted once in the "
        "total, tied weights twice in the rows",
    )


def test_a_label_that_names_no_model_suggests_the_nearest():
    with pytest.raises(UnknownRecipeError) as near:
        find_configuration("cnn flatten=Flase")
    assert (
        str(near.value)
        == "no model is labelled 'cnn flatten=Flase'; did you mean 'cnn flatten=True'?"
    )
    with pytest.raises(UnknownRecipeError) as far:
        find_configuration("zzz a=1")
    assert str(far.value) == (
        "no model is labelled 'zzz a=1'; the labels are cnn flatten=True, "
        "encoder input_name=original_img, autoencoder nested=True"
    )
