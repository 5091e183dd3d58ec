"""Training: refusals before any work, every kind of model fitted, results reported and saved."""

import errno
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from keras_recipes import RECIPES, _memory, build_mlp, data, files
from keras_recipes.arithmetic import byte_size
from keras_recipes.cli import main
from keras_recipes.i18n import language
from keras_recipes.registry import TensorSpec
from keras_recipes.train import TrainResult, default_epochs, default_out_dir, train


def test_train_fits_the_article_s_recipes_and_the_guide_s_digit_models():
    trained = {name: r.trainable_configuration() for name, r in RECIPES.items()}
    assert {name: c.label for name, c in trained.items() if c is not None} == {
        "sequential": "", "mlp": "", "cnn": "flatten=True", "rnn": "", "shared-input": "",
        "shared-feature-extractor": "", "multi-input": "", "multi-output": "",
        "mnist-model": "", "autoencoder": "", "toy-resnet": "",
    }  # fmt: skip
    assert RECIPES["autoencoder"].fits == "images"  # its target is the digit itself


# ---------------------------------------------------------------- refused before any work


def test_a_guide_model_no_digit_trains_is_refused_before_anything_is_built(forbid_building):
    inside = "it is one half of the autoencoder, with no target of its own, and learns inside it"
    said = {}
    for name in ("encoder", "decoder", "ensemble", "ticket-classifier"):
        with pytest.raises(ValueError) as caught:
            train(name, epochs=1)
        said[name] = str(caught.value)
    assert said == {
        "encoder": f"train(): encoder is not fitted on handwritten digits: {inside} "
                   "(keras-recipes train autoencoder)",
        "decoder": f"train(): decoder is not fitted on handwritten digits: {inside} "
                   "(keras-recipes train autoencoder)",
        "ensemble": "train(): ensemble is not fitted on handwritten digits: the guide builds it "
                    "to show models averaged; its input is 128 numbers, not a digit",
        "ticket-classifier": "train(): ticket-classifier is not fitted on handwritten digits: "
                             "its inputs are words and tags, not digits: notebook 09 trains it on "
                             "generated tickets",
    }  # fmt: skip
    with language("zh-TW"), pytest.raises(ValueError) as caught:
        train("ensemble", epochs=1)
    assert str(caught.value) == (
        "train()：ensemble 不用手寫數字訓練：指南建它是為了示範把幾個模型的輸出取平均；它的輸入是 "
        "128 個數，不是手寫數字"
    )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"epochs": 0}, "train(): epochs=0 is not usable: expected a whole number of at least 1"),
        ({"samples": 2.5}, "train(): samples=2.5 is not usable: expected a whole number of at "
                           "least 1"),
        ({"batch_size": True}, "train(): batch_size=True is not usable: expected a whole number "
                               "of at least 1"),
        ({"source": "emnist"}, "train(): source='emnist' is not usable: expected one of "
                               "'digits', 'mnist'"),
        ({"distribute": "tpu"}, "train(): distribute='tpu' is not usable: expected one of None, "
                                "'mirrored'"),
        ({"verbose": 3}, "train(): verbose=3 is not usable: expected one of 'auto', 0, 1, 2"),
        ({"out_dir": ""}, "train(): out_dir='' is not usable: name a folder, e.g. 'runs/mlp'"),
        ({"out_dir": "{file}/run"}, "train(): out_dir='{file}/run' is not usable: '{file}' is "
                                    "not a folder"),
    ],
)  # fmt: skip
def test_a_bad_argument_is_refused_by_name_and_value_before_anything_is_built(
    tmp_path, forbid_building, kwargs, message
):
    file = tmp_path / "a-file"
    file.write_text("not a folder")
    kwargs = {key: str(value).format(file=file) if key == "out_dir" else value
              for key, value in kwargs.items()}  # fmt: skip
    with pytest.raises(ValueError) as caught:
        train("mlp", **kwargs)
    assert str(caught.value) == message.format(file=file)
    assert list(tmp_path.iterdir()) == [file]


def test_an_unwritable_out_dir_is_refused_in_both_languages(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):  # as a folder root may not write to (a read-only mount)
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "TemporaryFile", refuse)
    out_dir = tmp_path / "runs"
    said = {}
    for language_name in ("en", "zh-TW"):
        with language(language_name), pytest.raises(ValueError) as caught:
            train("mlp", out_dir=out_dir)
        said[language_name] = str(caught.value)
    assert said == {
        "en": f"train(): out_dir={str(out_dir)!r} is not usable: folder {str(tmp_path)!r} is not "
              "writable (Permission denied)",
        "zh-TW": f"train()：out_dir={str(out_dir)!r} 無法使用：資料夾 {str(tmp_path)!r} 無法寫入"
                 "（權限不足）",
    }  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_an_argument_the_builder_lacks_is_refused_by_the_builder():
    with pytest.raises(ValueError) as caught:
        train("mlp", kernel_size=3)
    assert str(caught.value) == (
        "build_mlp() has no argument 'kernel_size'; its arguments: input_shape, hidden_units, "
        "num_classes, hidden_activation, output_activation, optimizer, loss, metrics, "
        "steps_per_execution, jit_compile, seed"
    )


ERRATUM = (
    "cnn as printed outputs (None, 4, 4, 10): one prediction per 4x4 cell, not per image; "
    "per-image labels of shape (N,) cannot be fitted -- train the variant flatten=True "
    "(the corrected classifier: one prediction per image): train('cnn', flatten=True) or "
    "keras-recipes train cnn --variant flatten=True"
)
NO_DIGIT = (
    "an input of shape (30000, 30000) cannot be made from a 28x28 digit: expected 784 values in "
    "any arrangement, or an (height, width, 1 or 3) image"
)
REBUILD = (
    "outputs (None, 28, 28, 1) for an input (None, 32, 32, 1): it is fitted to rebuild its "
    "input, so its output must have the input's shape; change input_shape together with the "
    "decoder's sizes"
)
# 1,295 digits x5 shifted copies + 143 + 359 = 6,977 images of 30000x30000x3 float32.
TOO_LARGE = (
    "its training data would take 75.4 TB (6,977 samples of 10.8 GB), held twice while fitting: "
    "more than this machine's {memory} of memory; use a smaller input shape"
)


@pytest.mark.parametrize(
    "name, kwargs, message",
    [
        ("cnn", {}, ERRATUM),
        ("cnn", {"input_shape": (56, 56, 1)},
         "cnn input_shape=56,56,1 outputs (None, 11, 11, 10): one prediction per 11x11 cell, not "
         "per image; per-image labels of shape (N,) cannot be fitted -- train the variant "
         "flatten=True (the corrected classifier: one prediction per image): train('cnn', "
         "flatten=True) or keras-recipes train cnn --variant flatten=True"),
        ("autoencoder", {"input_shape": (32, 32, 1)}, f"autoencoder input_shape=32,32,1 {REBUILD}"),
        # An LSTM reading 30,000 steps of 30,000 values has small weights, but no digit fills it.
        ("rnn", {"input_shape": (30000, 30000)},
         f"train(): rnn input_shape=30000,30000 cannot be fitted on digits: {NO_DIGIT}"),
        ("cnn", {"input_shape": (30000, 30000, 3)},
         f"train(): cnn input_shape=30000,30000,3 cannot be fitted on digits: {TOO_LARGE}"),
    ],
)  # fmt: skip
def test_a_model_no_digit_fits_is_refused_from_its_shapes_before_any_data(
    monkeypatch, tmp_path, name, kwargs, message
):
    def must_not_load(*args, **kwargs):
        raise AssertionError("loaded the digits where train should have stopped first")

    monkeypatch.setattr(data, "load", must_not_load)
    with pytest.raises(ValueError) as caught:
        train(name, out_dir=tmp_path / "run", **kwargs)
    memory = byte_size(_memory.memory_bytes() or 0)
    assert str(caught.value) == message.format(memory=memory)
    assert list(tmp_path.iterdir()) == []


def test_the_erratum_is_said_in_traditional_chinese_naming_the_same_fix():
    with language("zh-TW"), pytest.raises(ValueError) as caught:
        train("cnn")
    assert str(caught.value) == (
        "照文章原樣的 cnn 輸出為 (None, 4, 4, 10)：4x4 特徵圖的每一格各有一個預測，而不是每張圖片"
        "一個；形狀為 (N,) 的逐張圖片標籤無法用來訓練。請改為訓練變體 flatten=True（修正後的"
        "分類器，每張圖片一個預測）：train('cnn', flatten=True) 或 keras-recipes train cnn "
        "--variant flatten=True"
    )


def test_the_command_names_the_erratum_in_one_line_and_makes_no_folder(capsys, in_tmp_path):
    assert main(["train", "cnn"]) == 2  # runs/cnn would be made in in_tmp_path
    assert capsys.readouterr() == ("", f"keras-recipes: error: {ERRATUM}\n")
    assert list(in_tmp_path.iterdir()) == []


# ---------------------------------------------------------------- defaults and results


def test_sequences_of_784_pixel_steps_default_to_2_epochs_others_to_8():
    assert default_epochs(RECIPES["rnn"].inputs) == 2  # (784, 1): minutes per epoch
    assert default_epochs(RECIPES["multi-output"].inputs) == 2
    assert default_epochs((TensorSpec("input", (None, 28, 28), ""),)) == 8  # 28 rows
    assert default_epochs(RECIPES["cnn"].inputs) == 8


def test_the_default_out_dir_names_the_recipe_and_its_arguments_as_typed():
    def folder(name, **kwargs):
        return default_out_dir(RECIPES[name], kwargs)

    assert folder("mlp") == Path("runs", "mlp")
    assert folder("cnn", flatten=True) == Path("runs", "cnn-flatten=True")
    assert folder("rnn", input_shape=(28, 28)) == Path("runs", "rnn-input_shape=28,28")


MULTI = TrainResult(
    label="multi-output input_shape=28,28",
    source="digits",
    epochs=1,
    images=1295,
    copies=5,
    batch_size=32,
    replicas=2,
    seconds=12.345,
    test_samples=359,
    test={"loss": 3.5, "output1_accuracy": 0.5, "output2_accuracy": 0.25},
    best_epoch=1,
    history={"loss": [4.0], "val_loss": [3.6]},
    outputs=("output1", "output2"),
)
LINE = TrainResult(
    label="sequential",
    source="line",
    epochs=8,
    images=4096,
    copies=1,
    batch_size=32,
    replicas=1,
    seconds=4.98,
    test_samples=512,
    test={"loss": 0.00968},
    best_epoch=8,
    notes=("sequential is a linear regression, ...",),
    learned="learned y = 1.991x + 1.004 (true: y = 2x + 1)",
    history={"loss": [0.5, 0.01], "val_loss": [0.4, 0.01]},
    outputs=("output",),
)


def test_a_result_reports_its_run_and_its_test_scores():
    assert MULTI.accuracy() == {"output1": 0.5, "output2": 0.25}
    assert MULTI.report() == [
        "multi-output input_shape=28,28 on digits: 1,295 training samples x5 (shifted copies), "
        "1 epoch, batch 32 over 2 replicas, 12.3 s; kept the weights of epoch 1 (lowest "
        "validation loss)",
        "test accuracy, output1: 0.500 (359 samples)",
        "test accuracy, output2: 0.250 (359 samples)",
    ]
    assert LINE.accuracy() == {}  # a regression: its loss is its score
    assert LINE.report() == [
        "sequential on line: 4,096 training samples, 8 epochs, batch 32, 5.0 s; kept the weights "
        "of epoch 8 (lowest validation loss)",
        "test loss: 0.0097 (512 samples)",
        "learned y = 1.991x + 1.004 (true: y = 2x + 1)",
    ]
    with language("zh-TW"):
        assert MULTI.report()[0] == (
            "multi-output input_shape=28,28 以 digits 訓練：1,295 個訓練樣本 ×5（含平移副本），"
            "1 個訓練週期，批次大小 32 分散到 2 個副本，12.3 秒；保留第 1 個訓練週期的權重（驗證"
            "損失最低）"
        )


def test_a_result_is_saved_as_json_with_its_settings_first_and_its_history_last():
    assert LINE.to_json() == {
        "recipe": "sequential", "source": "line", "epochs": 8, "images": 4096, "copies": 1,
        "batch_size": 32, "replicas": 1, "seconds": 4.98, "test_samples": 512,
        "test": {"loss": 0.00968}, "best_epoch": 8,
        "notes": ("sequential is a linear regression, ...",),
        "learned": "learned y = 1.991x + 1.004 (true: y = 2x + 1)", "test_accuracy": {},
        "history": {"loss": [0.5, 0.01], "val_loss": [0.4, 0.01]},
    }  # fmt: skip
    assert list(MULTI.to_json())[-3:] == ["learned", "test_accuracy", "history"]


# ---------------------------------------------------------------- fitted for real


def test_the_command_trains_the_mlp_well_past_chance_and_writes_its_run(tmp_path, capsys):
    out = tmp_path / "run"
    argv = ["train", "mlp", "--samples", "256", "--epochs", "3", "--out", str(out)]
    assert main(argv) == 0
    stdout = capsys.readouterr().out
    # Not a terminal: Keras' one plain line per epoch, no progress bar redrawn.
    assert "\r" not in stdout and "\x1b[" not in stdout
    lines = stdout.splitlines()
    assert lines[0:6:2] == ["Epoch 1/3", "Epoch 2/3", "Epoch 3/3"]
    for line in lines[1:6:2]:  # 256 images x5 shifted copies, in batches of 32
        assert re.fullmatch(r"40/40 - .* - accuracy: .* - val_loss: \S+ - learning_rate: \S+", line)
    saved = json.loads((out / "history.json").read_text())
    accuracy = saved["test_accuracy"]["output"]
    assert accuracy > 0.8  # chance is 0.1
    assert lines[6].startswith(
        "mlp on digits: 256 training samples x5 (shifted copies), 3 epochs, batch 32, "
    )
    assert lines[7:] == [
        f"test accuracy, output: {accuracy:.3f} (359 samples)",
        f"wrote {out / 'history.json'}, {out / 'curves.png'}",
    ]
    assert (saved["recipe"], saved["epochs"], saved["images"], saved["copies"]) == (
        "mlp",
        3,
        256,
        5,
    )
    assert len(saved["history"]["val_accuracy"]) == 3
    assert sorted(p.name for p in out.iterdir()) == ["curves.png", "history.json"]  # no temp files
    assert (out / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    umask = os.umask(0)
    os.umask(umask)
    assert (out / "history.json").stat().st_mode & 0o777 == 0o666 & ~umask


def test_sequential_learns_the_line_it_is_given_and_says_so(capsys):
    result = train("sequential", samples=10_000, verbose=0)
    notes = (
        "sequential is a linear regression, not a digit classifier: fitted to noisy points of "
        "y = 2x + 1",
        "samples=10,000 is more than the 4,096 training samples of line: fitting all of them",
    )
    assert capsys.readouterr().err == "".join(f"keras-recipes: {note}\n" for note in notes)
    assert result.notes == notes
    assert (result.source, result.images, result.copies, result.epochs) == ("line", 4096, 1, 8)
    assert result.test["loss"] < 0.02  # the noise alone gives 0.01
    at = result.model.predict(np.array([[0.0], [1.0]], dtype=np.float32), verbose=0).ravel()
    assert at[0] == pytest.approx(1.0, abs=0.05)  # intercept
    assert at[1] - at[0] == pytest.approx(2.0, abs=0.05)  # slope
    assert result.learned == f"learned y = {at[1] - at[0]:.3f}x + {at[0]:.3f} (true: y = 2x + 1)"


def test_the_autoencoder_is_fitted_to_its_own_digits_and_shows_what_it_rebuilt(
    tmp_path, png_pixels
):
    # How well it learns is held in notebook 08 (it must beat drawing the mean digit).
    result = train("autoencoder", samples=128, epochs=2, shift=False, verbose=0, out_dir=tmp_path)
    assert result.accuracy() == {}  # its score is its loss: mean squared error per pixel
    assert result.history["loss"][1] < result.history["loss"][0]
    assert result.report()[-1] == f"test loss: {result.test['loss']:.4f} (359 samples)"
    assert [path.name for path in result.files] == [
        "history.json", "curves.png", "reconstructions.png"
    ]  # fmt: skip
    width, height = png_pixels(tmp_path / "reconstructions.png")
    assert width > 3 * height  # ten digits side by side, in two rows


def test_the_multi_output_model_learns_a_label_per_image_and_per_step():
    result = train(
        "multi-output", samples=32, epochs=1, shift=False, verbose=0, input_shape=(28, 28)
    )
    assert (result.label, result.images, result.copies) == ("multi-output input_shape=28,28", 32, 1)
    assert result.outputs == ("output1", "output2")
    assert set(result.accuracy()) == {"output1", "output2"}  # output2: after each of 28 rows
    assert all(0 <= value <= 1 for value in result.accuracy().values())


DISTRIBUTED = textwrap.dedent(
    """
    import json
    import keras_recipes
    from keras_recipes._keras import tf

    # Two logical devices on the one CPU, and no GPU; possible only before TensorFlow
    # creates its devices, hence a process of its own.
    tf.config.set_visible_devices([], "GPU")
    cpu = tf.config.list_physical_devices("CPU")[0]
    config = tf.config.LogicalDeviceConfiguration
    tf.config.set_logical_device_configuration(cpu, [config(), config()])

    from keras_recipes.train import train

    runs = [train("mlp", samples=32, epochs=2, shift=False, verbose=0, distribute=distribute)
            for distribute in (None, "mirrored")]
    print(json.dumps([[r.replicas, r.history["loss"], r.test] for r in runs]))
    """
)


def test_mirrored_training_over_two_devices_learns_as_one_device_does():
    done = subprocess.run(
        [sys.executable, "-c", DISTRIBUTED], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (one, single, single_test), (two, mirrored, mirrored_test) = json.loads(done.stdout)
    assert (one, two) == (1, 2)
    # Each batch split in two halves whose gradients are summed: the same steps.
    assert mirrored == pytest.approx(single, rel=1e-4)
    assert mirrored_test == pytest.approx(single_test, rel=1e-4)


def test_builders_compile_eight_steps_per_execution_without_xla_unless_asked(built):
    settings = {name: (m.steps_per_execution, m.jit_compile) for name, m in built.items()}
    assert settings == dict.fromkeys(RECIPES, (8, False))
    model = build_mlp(steps_per_execution=1, jit_compile=True)
    assert (model.steps_per_execution, model.jit_compile) == (1, True)


def test_an_interrupted_write_leaves_the_old_file_and_nothing_else(tmp_path):
    target = tmp_path / "history.json"
    target.write_text("old")

    def half(f):
        f.write(b'{"history": [0.5, ')
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        files.write_atomically(target, half)
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]
