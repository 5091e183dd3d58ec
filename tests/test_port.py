"""A teacher ports another Keras 2 tutorial: its printed summary, a Keras 3 model, a check.

The summary is Hands-On Machine Learning's wide-and-deep network (ageron/handson-ml2,
Apache-2.0), as tf.keras printed it: `tests/data/summaries/ageron__handson-ml2/`.
"""

import dataclasses
from pathlib import Path

import keras
import numpy as np
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
    assert report.notes == (
        "concatenate: not compared where the print does not show it whole: type, parameter count",
    )
    added_up = check(_wide_and_deep(), dataclasses.replace(printed, total=1_240, trainable=1_240))
    assert added_up.notes == (
        "its rows add up to 1,239, not its total 1,240: a shared layer is counted once in the "
        "total, tied weights twice in the rows, and summary(layer_range=...) lists part of a "
        "model",
    )


def _two_inputs():
    keras.backend.clear_session()
    wide, deep = keras.Input(shape=(5,)), keras.Input(shape=(6,))
    hidden = layers.Dense(30, activation="relu")(deep)
    concat = layers.Concatenate()([wide, hidden])
    return keras.Model([wide, deep], layers.Dense(1)(concat))


def _printed(model, **options):
    lines = []
    model.summary(print_fn=lambda text, line_break=False: lines.append(text), **options)
    return parse_summary("\n".join(lines))


@pytest.mark.parametrize("model", [_wide_and_deep, _two_inputs])
def test_a_summary_of_part_of_a_model_is_reported_as_partial_never_as_a_pass(model):
    part = _printed(model(), layer_range=["dense", "concatenate"])  # as Keras 3 prints it
    report = check(model(), part)
    assert not report.ok
    assert {r.status for r in report.rows} == {"ok", "unlisted"}
    assert report.problems()[0].startswith("the summary lists part of the model: ")
    assert report.problems()[1:] == []  # the rows it lists match
    assert check(model(), _printed(model())).ok


def test_a_total_printed_with_optimizer_params_is_compared_without_them():
    trained = _wide_and_deep()
    trained.compile(optimizer="adam", loss="mse")
    trained.fit(np.zeros((2, 8)), np.zeros((2, 1)), verbose=0)
    printed = _printed(trained)
    assert (printed.total, printed.optimizer) == (1_239 * 3 + 2, 1_239 * 2 + 2)  # m, v, counters
    report = check(_wide_and_deep(), printed)
    assert report.ok
    assert report.notes[-1] == (
        "its total counts 2,480 optimizer parameters, which a model has once trained: "
        "compared without them"
    )


def test_parse_says_what_the_print_does_not_show_whole(tmp_path, capsys):
    name = "rstudio__keras3/transfer-learning--functional-8.txt"
    assert cli.main(["parse", str(PRINTED.parent / name)]) == 0
    assert capsys.readouterr().out.endswith(
        "Total params: 20,867,629\n"
        "Trainable params: 20,809,001\n"
        "Non-trainable params: 54,528\n"
        "Optimizer params: 4,100\n"
    )
    text = WIDE_AND_DEEP.read_text(encoding="utf-8").replace("(None, 38)", "multiple  ")
    (tmp_path / "printed.txt").write_text(text.replace("(Concatenate)", "(Concatena…  "), "utf-8")
    assert cli.main(["parse", str(tmp_path / "printed.txt")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [" ".join(line.split()) for line in out[4:]] == [
        "concatenate (Concatena…) ? 0 input_1, dense_6",
        "dense_7 (Dense) (None, 1) 39 concatenate",
        "Total params: 1,239",
        "Trainable params: 1,239",
        "Non-trainable params: 0",
        "concatenate: not shown whole in print: type, output shape",
    ]


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
