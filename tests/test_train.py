"""Training: every recipe learns from a few digits, the erratum fails clearly, runs leave files."""

import errno
import json
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from keras_recipes import RECIPES, build_cnn, build_mlp, data, files
from keras_recipes.arithmetic import byte_size
from keras_recipes.cli import main
from keras_recipes.files import write_atomically
from keras_recipes.i18n import language
from keras_recipes.registry import TensorSpec
from keras_recipes.train import default_epochs, default_out_dir, train

# The recipes train fits: the article's, and the guide's that take a digit.
TRAINED = [name for name, recipe in RECIPES.items() if recipe.trainable_configuration()]
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_train_fits_the_article_s_recipes_and_the_guide_s_digit_models():
    article = [name for name, recipe in RECIPES.items() if recipe.document.name == "article"]
    assert [*article, "mnist-model", "autoencoder", "toy-resnet"] == TRAINED
    assert RECIPES["autoencoder"].fits == "images"  # its target is the digit itself


@pytest.mark.parametrize(
    "name, why",
    [
        ("encoder", "it is one half of the autoencoder, with no target of its own, and learns "
                    "inside it (keras-recipes train autoencoder)"),
        ("decoder", "it is one half of the autoencoder, with no target of its own, and learns "
                    "inside it (keras-recipes train autoencoder)"),
        ("ensemble", "the guide builds it to show models averaged; its input is 128 numbers, "
                     "not a digit"),
        ("ticket-classifier", "its inputs are words and tags, not digits: notebook 09 trains "
                              "it on generated tickets"),
    ],
)  # fmt: skip
def test_a_guide_model_no_digit_trains_is_refused_before_anything_is_built(
    name, why, forbid_building
):
    with pytest.raises(ValueError) as caught:
        train(name, epochs=1)
    assert str(caught.value) == f"train(): {name} is not fitted on handwritten digits: {why}"


def test_the_refusal_is_said_in_traditional_chinese():
    with language("zh-TW"), pytest.raises(ValueError) as caught:
        train("ensemble", epochs=1)
    message = str(caught.value)
    assert message.startswith("train()：ensemble") and HAN.search(message), message


@pytest.mark.parametrize("name", TRAINED)
def test_every_recipe_fits_a_few_digits_and_its_loss_falls(name, quick_kwargs):
    # 96 images for 2 epochs, without the shifted copies: seconds each.
    recipe = RECIPES[name]
    kwargs = {**recipe.trainable_configuration().kwargs, **quick_kwargs(recipe)}
    result = train(name, samples=96, epochs=2, shift=False, verbose=0, **kwargs)
    losses = result.history["loss"]
    assert len(losses) == 2
    assert losses[-1] < losses[0]
    if result.source == "line" or recipe.fits == "images":
        assert result.accuracy() == {}  # a regression: its loss is its score
    else:
        assert set(result.accuracy()) == set(result.outputs)
    if result.source != "line":
        assert result.source == "digits"
        assert (result.images, result.copies) == (96, 1)
        assert result.test_samples == 359


def test_sequences_of_784_pixel_steps_default_to_2_epochs_others_to_8():
    assert default_epochs(RECIPES["rnn"].inputs) == 2  # (784, 1): minutes per epoch
    assert default_epochs(RECIPES["multi-output"].inputs) == 2
    assert default_epochs((TensorSpec("input", (None, 28, 28), ""),)) == 8  # 28 rows
    assert default_epochs(RECIPES["cnn"].inputs) == 8


def test_mlp_default_training_reaches_95_percent_on_the_test_digits():
    result = train("mlp", verbose=0)
    assert (result.epochs, result.images, result.copies, result.batch_size) == (8, 1295, 5, 32)
    assert result.accuracy()["output"] >= 0.95


def test_sequential_learns_the_line_it_is_given(capsys):
    result = train("sequential", verbose=0)
    assert result.source == "line"
    assert "sequential is a linear regression, not a digit classifier" in capsys.readouterr().err
    assert result.test["loss"] < 0.02  # the noise alone gives 0.01
    at = result.model.predict(np.array([[0.0], [1.0]], dtype=np.float32), verbose=0).ravel()
    assert at[0] == pytest.approx(1.0, abs=0.05)  # intercept
    assert at[1] - at[0] == pytest.approx(2.0, abs=0.05)  # slope
    assert result.learned.startswith("learned y = ")


ERRATUM = (
    "cnn as printed outputs (None, 4, 4, 10): one prediction per 4x4 cell, not per image; "
    "per-image labels of shape (N,) cannot be fitted -- train the variant flatten=True "
    "(the corrected classifier: one prediction per image): train('cnn', flatten=True) or "
    "keras-recipes train cnn --variant flatten=True"
)


def test_cnn_as_printed_fails_with_a_clear_message_before_fitting_and_makes_no_folder(tmp_path):
    with pytest.raises(ValueError) as caught:
        train("cnn", verbose=0, out_dir=tmp_path / "runs" / "cnn")
    assert str(caught.value) == ERRATUM
    assert list(tmp_path.iterdir()) == []


def test_cli_names_the_erratum_in_one_line_and_makes_no_folder(capsys, in_tmp_path):
    assert main(["train", "cnn"]) == 2  # runs/cnn would be made in in_tmp_path
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"keras-recipes: error: {ERRATUM}\n"
    assert list(in_tmp_path.iterdir()) == []


def test_other_builder_arguments_of_the_printed_cnn_are_refused_by_their_shape():
    with pytest.raises(ValueError) as caught:
        train("cnn", verbose=0, input_shape=(56, 56, 1))
    assert str(caught.value).startswith(
        "cnn input_shape=56,56,1 outputs (None, 11, 11, 10): one prediction per 11x11 cell, "
        "not per image; per-image labels of shape (N,) cannot be fitted -- train the variant "
        "flatten=True"
    )


@pytest.mark.parametrize(
    "out_dir, message",
    [
        ("", "train(): out_dir='' is not usable: name a folder, e.g. 'runs/mlp'"),
        ("{file}/run", "train(): out_dir='{file}/run' is not usable: '{file}' is not a folder"),
    ],
)
def test_an_unusable_out_dir_is_refused_before_training(tmp_path, out_dir, message):
    file = tmp_path / "a-file"
    file.write_text("not a folder")
    with pytest.raises(ValueError) as caught:
        train("mlp", verbose=0, out_dir=out_dir.format(file=file))
    assert str(caught.value) == message.format(file=file)
    assert list(tmp_path.iterdir()) == [file]


def test_an_unwritable_out_dir_is_refused_in_traditional_chinese(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):  # as a folder root may not write to (a read-only mount)
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "TemporaryFile", refuse)
    out_dir = tmp_path / "runs"
    said = {}
    for language_name in ("en", "zh-TW"):
        with language(language_name), pytest.raises(ValueError) as caught:
            train("mlp", verbose=0, out_dir=out_dir)
        said[language_name] = str(caught.value)
    assert said["en"] == (
        f"train(): out_dir={str(out_dir)!r} is not usable: folder {str(tmp_path)!r} is not "
        "writable (Permission denied)"
    )
    assert said["zh-TW"] == (
        f"train()：out_dir={str(out_dir)!r} 無法使用：資料夾 {str(tmp_path)!r} 無法寫入（權限不足）"
    )
    assert list(tmp_path.iterdir()) == []


def test_the_erratum_is_refused_in_traditional_chinese_naming_the_same_fix():
    with language("zh-TW"), pytest.raises(ValueError) as caught:
        train("cnn", verbose=0)
    assert str(caught.value) == (
        "照文章原樣的 cnn 輸出為 (None, 4, 4, 10)：4x4 特徵圖的每一格各有一個預測，而不是每張影像"
        "一個；形狀為 (N,) 的逐張影像標籤無法用來訓練 -- 請改為訓練變體 flatten=True（修正後的"
        "分類器：每張影像一個預測）：train('cnn', flatten=True) 或 keras-recipes train cnn "
        "--variant flatten=True"
    )


def test_input_shapes_are_checked_against_memory_before_any_data_is_loaded():
    # In a process of its own: scikit-learn's datasets, which hold the digits, must not be
    # imported.
    code = textwrap.dedent(
        """
        import sys
        from keras_recipes._memory import memory_bytes
        from keras_recipes.train import train

        for name, shape in [("rnn", (30000, 30000)), ("cnn", (30000, 30000, 3))]:
            try:
                train(name, verbose=0, input_shape=shape)
            except ValueError as error:
                print(error)
        print(memory_bytes(), "sklearn.datasets" in sys.modules)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    rnn, cnn, last = done.stdout.splitlines()
    memory, loaded = last.split()
    # An LSTM reading 30,000 steps of 30,000 values has small weights, but no digit fills it.
    assert rnn == (
        "train(): rnn input_shape=30000,30000 cannot be fitted on digits: an input of shape "
        "(30000, 30000) cannot be made from a 28x28 digit: expected 784 values in any "
        "arrangement, or an (height, width, 1 or 3) image"
    )
    # 1,295 digits x5 shifted copies + 143 + 359 = 6,977 images of 30000x30000x3 float32.
    assert cnn == (
        "train(): input_shape=(30000, 30000, 3) is not usable: its training data would take "
        "75.4 TB (6,977 samples of 10.8 GB), held twice while fitting: more than this "
        f"machine's {byte_size(int(memory))} of memory; use a smaller input shape"
    )
    assert loaded == "False"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"epochs": 0}, "train(): epochs=0 is not usable: expected a whole number of at least 1"),
        ({"samples": 2.5}, "train(): samples=2.5 is not usable"),
        ({"distribute": "tpu"}, "train(): distribute='tpu' is not usable: expected None or"),
        ({"source": "emnist"}, "train(): source='emnist' is not usable"),
        ({"verbose": 3}, "train(): verbose=3 is not usable: expected one of 'auto', 0, 1, 2"),
        ({"kernel_size": 3}, "train(): build_mlp() has no argument 'kernel_size'; its arguments: "),
    ],
)
def test_bad_training_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError) as caught:
        train("mlp", **{"verbose": 0, **kwargs})
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["train", "mlp", "--variant", "flatten=True"], "recipe 'mlp' has no variant"),
        (["train", "mlp", "--epochs", "0"], "argument --epochs: expected a whole number"),
        (["train", "mlp", "--input-shape", "a,b"], "argument --input-shape: expected whole"),
        (["train", "multi-input", "--input-shape", "28,28,1"], "has no argument 'input_shape'"),
        (["train", "rnn", "--input-shape", "28"], "build_rnn(): input_shape=(28,) is not usable"),
    ],
)
def test_cli_usage_errors_are_one_line_exit_2(capsys, in_tmp_path, one_line, argv, message):
    assert main(argv) == 2  # runs/ would be made in in_tmp_path
    assert message in one_line(capsys.readouterr().err)
    assert list(in_tmp_path.iterdir()) == []


def test_cli_trains_and_writes_history_and_curves(tmp_path, capsys):
    out = tmp_path / "run"
    argv = ["train", "rnn", "--input-shape", "28,28", "--samples", "64", "--epochs", "2"]
    assert main([*argv, "--out", str(out)]) == 0
    stdout = capsys.readouterr().out.splitlines()
    assert stdout[-3].startswith(
        "rnn input_shape=28,28 on digits: 64 training samples x5 (shifted copies), 2 epochs, "
        "batch 32, "
    )
    assert stdout[-1] == f"wrote {out / 'history.json'}, {out / 'curves.png'}"
    assert sorted(p.name for p in out.iterdir()) == ["curves.png", "history.json"]  # no temp files
    saved = json.loads((out / "history.json").read_text())
    assert list(saved) == [
        "recipe", "source", "epochs", "images", "copies", "batch_size", "replicas", "seconds",
        "test_samples", "test", "best_epoch", "notes", "learned", "test_accuracy", "history",
    ]  # fmt: skip
    assert saved["recipe"] == "rnn input_shape=28,28"
    assert (saved["epochs"], saved["images"], saved["copies"]) == (2, 64, 5)
    assert len(saved["history"]["val_accuracy"]) == 2
    # The file holds the accuracy the command printed.
    accuracy = saved["test_accuracy"]["output"]
    assert stdout[-2] == f"test accuracy, output: {accuracy:.3f} (359 samples)"
    assert (out / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    umask = os.umask(0)
    os.umask(umask)
    assert (out / "history.json").stat().st_mode & 0o777 == 0o666 & ~umask


def test_the_autoencoder_is_fitted_to_its_own_digits_and_shows_what_it_rebuilt(
    tmp_path, capsys, png_pixels
):
    # How well it learns is held in notebook 08 (it must beat drawing the mean digit);
    # here, what the command does with a model fitted to rebuild its input.
    out = tmp_path / "run"
    argv = ["train", "autoencoder", "--samples", "64", "--epochs", "2", "--out", str(out)]
    assert main(argv) == 0
    stdout = capsys.readouterr().out.splitlines()
    files = ", ".join(
        str(out / name) for name in ("history.json", "curves.png", "reconstructions.png")
    )
    assert stdout[-1] == f"wrote {files}"
    saved = json.loads((out / "history.json").read_text())
    assert saved["test_accuracy"] == {}  # its score is its loss: mean squared error per pixel
    assert stdout[-2] == f"test loss: {saved['test']['loss']:.4f} (359 samples)"
    assert saved["history"]["loss"][-1] < saved["history"]["loss"][0]
    assert sorted(p.name for p in out.iterdir()) == [
        "curves.png", "history.json", "reconstructions.png"
    ]  # fmt: skip
    width, height = png_pixels(out / "reconstructions.png")
    assert width > 3 * height  # ten digits side by side, in two rows


def test_an_autoencoder_whose_output_is_not_its_input_shape_is_refused_before_any_data(
    monkeypatch,
):
    def must_not_load(*args, **kwargs):
        raise AssertionError("loaded the digits where train should have stopped first")

    monkeypatch.setattr(data, "load", must_not_load)
    with pytest.raises(ValueError) as caught:
        train("autoencoder", input_shape=(32, 32, 1), epochs=1)
    assert str(caught.value) == (
        "autoencoder input_shape=32,32,1 outputs (None, 28, 28, 1) for an input "
        "(None, 32, 32, 1): it is fitted to rebuild its input, so its output must have the "
        "input's shape; change input_shape together with the decoder's sizes"
    )


EPOCH_LINE = (
    r"Epoch {epoch}/3 - \d+\.\ds - accuracy: 0\.\d{{4}} - loss: \d+\.\d{{4}} - "
    r"val_accuracy: 0\.\d{{4}} - val_loss: \d+\.\d{{4}} - learning_rate: 0\.0010"
)


def test_output_to_a_file_or_pipe_is_one_plain_line_per_epoch(tmp_path):
    argv = ["train", "mlp", "--samples", "64", "--epochs", "3", "--out", str(tmp_path)]
    done = subprocess.run(
        [sys.executable, "-m", "keras_recipes", *argv],
        capture_output=True,  # stdout is a pipe, not a terminal
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "\r" not in done.stdout and "\x1b[" not in done.stdout  # no redraws, no escapes
    lines = done.stdout.splitlines()
    assert len(lines) == 3 + 3  # the epochs, then the report: trained, accuracy, wrote
    for epoch, line in enumerate(lines[:3], start=1):
        assert re.fullmatch(EPOCH_LINE.format(epoch=epoch), line), line
    assert lines[3].startswith("mlp on digits: 64 training samples x5 (shifted copies), 3 epochs")


def test_default_out_dir_names_the_recipe_and_its_arguments():
    assert str(default_out_dir(RECIPES["mlp"], {})) == os.path.join("runs", "mlp")
    assert str(default_out_dir(RECIPES["cnn"], {"flatten": True})) == os.path.join(
        "runs", "cnn-flatten=True"
    )
    # The label as --input-shape takes it back.
    assert str(default_out_dir(RECIPES["rnn"], {"input_shape": (28, 28)})) == os.path.join(
        "runs", "rnn-input_shape=28,28"
    )


def test_an_interrupted_write_leaves_the_old_file_and_nothing_else(tmp_path):
    target = tmp_path / "history.json"
    target.write_text("old")

    def half(f):
        f.write(b'{"history": [0.5, ')
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, half)
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]


DISTRIBUTED = textwrap.dedent(
    """
    import json
    import keras_recipes
    from keras_recipes._keras import tf

    # Two logical devices on the one CPU; possible only before TensorFlow
    # creates its devices, hence a process of its own.
    cpu = tf.config.list_physical_devices("CPU")[0]
    config = tf.config.LogicalDeviceConfiguration
    tf.config.set_logical_device_configuration(cpu, [config(), config()])

    from keras_recipes.train import train

    # The 1,295 digits without their shifted copies: a fifth of the default run's data.
    runs = {
        "single": train("mlp", epochs=4, shift=False, verbose=0),
        "mirrored": train("mlp", epochs=4, shift=False, verbose=0, distribute="mirrored"),
    }
    print(json.dumps({k: [r.replicas, r.accuracy()["output"]] for k, r in runs.items()}))
    """
)


def test_mirrored_training_over_two_devices_reaches_the_same_accuracy():
    done = subprocess.run(
        [sys.executable, "-c", DISTRIBUTED], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    runs = json.loads(done.stdout.strip().splitlines()[-1])
    (one, single), (two, mirrored) = runs["single"], runs["mirrored"]
    assert (one, two) == (1, 2)
    assert single >= 0.93 and mirrored >= 0.93
    assert abs(mirrored - single) <= 0.03


@pytest.mark.parametrize("name", RECIPES)
def test_builders_compile_eight_steps_per_execution_without_xla(built, name):
    model = built[name]
    assert model.steps_per_execution == 8
    assert model.jit_compile is False


def test_compile_speed_settings_can_be_changed_and_are_checked():
    model = build_mlp(steps_per_execution=1, jit_compile=True)
    assert (model.steps_per_execution, model.jit_compile) == (1, True)
    with pytest.raises(ValueError) as caught:
        build_mlp(steps_per_execution=0)
    assert str(caught.value) == (
        "build_mlp(): steps_per_execution=0 is not usable: expected a whole number of at least 1"
    )
    with pytest.raises(ValueError, match=r"build_cnn\(\): jit_compile='yes' is not usable"):
        build_cnn(jit_compile="yes")
