"""The training data: real digits offline, MNIST when it can be had, shaped for every recipe."""

import collections
import hashlib
import http.server
import io
import os
import socket
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from keras_recipes import RECIPES, data
from keras_recipes.i18n import language
from keras_recipes.registry import TensorSpec
from keras_recipes.train import is_line_model


@pytest.fixture(scope="module")
def digits():
    return data.load_digits()


def test_offline_digits_are_scikit_learns_1797_split_train_validation_test(digits):
    assert (len(digits.train), len(digits.validation), len(digits.test)) == (1295, 143, 359)
    assert data.SPLIT_SIZES["digits"] == (1295, 143, 359)  # what train() sizes its data by
    assert digits.source == "digits"
    for split in (digits.train, digits.validation, digits.test):
        assert split.images.shape == (len(split), 28, 28)
        assert split.images.dtype == np.float32
        assert split.labels.dtype == np.int32
        assert sorted(set(split.labels.tolist())) == list(range(10))


def test_each_image_is_a_real_scikit_learn_digit_enlarged_with_its_label(digits):
    from sklearn.datasets import load_digits

    originals = load_digits()
    enlarged = data.resize(originals.images[..., None] / 16.0, (28, 28)).reshape(1797, -1)
    images = digits.test.images[:20]
    assert images.min() == 0.0 and images.max() <= 1.0
    for image, label in zip(images.reshape(20, -1), digits.test.labels[:20], strict=True):
        distances = np.abs(enlarged - image).max(axis=1)
        assert distances.min() < 1e-6  # the very digit, enlarged
        assert originals.target[distances.argmin()] == label


def test_split_is_stratified_and_fixed_by_the_seed(digits):
    # 1,797 digits hold 174 to 183 of each class: the test split holds a fifth of
    # each, the validation split a tenth of the rest.
    counts = np.bincount(digits.test.labels)
    assert counts.min() == 35 and counts.max() == 37
    counts = np.bincount(digits.validation.labels)
    assert counts.min() == 14 and counts.max() == 15
    again = data.load_digits(seed=0)
    np.testing.assert_array_equal(again.test.labels, digits.test.labels)
    np.testing.assert_array_equal(again.test.images, digits.test.images)
    other = data.load_digits(seed=1)
    assert not np.array_equal(other.test.labels, digits.test.labels)


def test_every_digit_is_in_exactly_one_split(digits):
    from sklearn.datasets import load_digits

    def fingerprints(images):
        return collections.Counter(image.tobytes() for image in np.round(images, 4))

    everything = data.resize(load_digits().images[..., None] / 16.0, (28, 28))[..., 0]
    splits = (digits.train, digits.validation, digits.test)
    assert sum(map(fingerprints, (s.images for s in splits)), collections.Counter()) == (
        fingerprints(everything)
    )


def test_shifted_copies_move_each_image_one_pixel_four_ways():
    image = np.zeros((1, 5, 5), dtype=np.float32)
    image[0, 2, 2] = 1.0
    moved = data.shifted(data.Split(image, np.array([7], dtype=np.int32)))
    assert moved.labels.tolist() == [7] * 5
    where = [tuple(int(v) for v in np.argwhere(m)[0]) for m in moved.images]
    assert where == [(2, 2), (1, 2), (3, 2), (2, 1), (2, 3)]  # as is, up, down, left, right


# ---------------------------------------------------------------- shapes


@pytest.fixture(scope="module")
def five(digits):
    return digits.test.take(5)


@pytest.mark.parametrize(
    "shape, expected",
    [
        ((None, 784), (5, 784)),  # the MLP: the image flattened
        ((None, 28, 28, 1), (5, 28, 28, 1)),  # the CNNs: one channel
        ((None, 784, 1), (5, 784, 1)),  # the article's LSTMs: a pixel per time step
        ((None, 28, 28), (5, 28, 28)),  # build_rnn(input_shape=(28, 28)): a row per step
        ((None, 64, 64, 1), (5, 64, 64, 1)),  # multi-input: the large gray copy
        ((None, 32, 32, 3), (5, 32, 32, 3)),  # multi-input: the small colour copy
    ],
)
def test_digit_input_has_the_shape_asked_for(five, shape, expected):
    made = data.digit_input(five.images, shape)
    assert made.shape == expected
    assert made.dtype == np.float32
    assert made.min() >= 0.0 and made.max() <= 1.0


def test_every_recipe_input_shape_is_one_of_those_tested():
    tested = {(784,), (28, 28, 1), (784, 1), (28, 28), (64, 64, 1), (32, 32, 3)}
    for recipe in RECIPES.values():
        if is_line_model(recipe.inputs, recipe.outputs) or not recipe.trainable_configuration():
            continue
        for spec in recipe.inputs:
            assert spec.shape[1:] in tested, (recipe.name, spec.shape)


def test_sequences_read_the_image_row_after_row(five):
    pixels = data.digit_input(five.images, (None, 784, 1))
    rows = data.digit_input(five.images, (None, 28, 28))
    image = five.images[2]
    assert pixels[2, 28 * 13 + 9, 0] == image[13, 9]  # step 373: row 13, column 9
    np.testing.assert_array_equal(rows[2, 13], image[13])


def _correlation(a, b):
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


def test_multi_input_pair_shows_the_same_digit_in_gray_and_in_colour(five):
    specs = RECIPES["multi-input"].inputs
    pair = data.inputs_for(specs, five.images, seed=0)
    assert data.shapes(pair) == {
        "img_gray_bigsize": (5, 64, 64, 1),
        "img_rgb_smallsize": (5, 32, 32, 3),
    }
    gray = data.resize(pair["img_gray_bigsize"], (32, 32))[..., 0]
    colour = pair["img_rgb_smallsize"]
    # Colour: every pixel is the gray digit times one ink colour per image.
    ink = colour.reshape(5, -1, 3).max(axis=1)
    assert (ink.min(axis=1) >= 0.3 * 0.9).all()
    assert len({tuple(np.round(i, 2)) for i in ink}) == 5  # a colour of its own each
    for i in range(5):
        assert _correlation(gray[i], colour[i].sum(axis=-1)) > 0.95
        assert _correlation(gray[i], colour[(i + 1) % 5].sum(axis=-1)) < 0.9


def test_multi_output_targets_are_the_label_and_the_label_at_every_step():
    labels = np.array([3, 1, 4], dtype=np.int32)
    recipe = RECIPES["multi-output"]
    targets = data.targets_for(labels, recipe.outputs, recipe.inputs)
    assert data.shapes(targets) == {"output1": (3,), "output2": (3, 784)}
    np.testing.assert_array_equal(targets["output1"], labels)
    assert (targets["output2"] == labels[:, None]).all()


def test_single_output_targets_are_the_labels():
    labels = np.array([7, 2], dtype=np.int32)
    specs = (TensorSpec("output", (None, 10), ""),)
    inputs = (TensorSpec("input", (None, 784), ""),)
    np.testing.assert_array_equal(data.targets_for(labels, specs, inputs), labels)


CELLS = (
    "outputs (None, 4, 4, 10): one prediction per 4x4 cell, not per image; "
    "per-image labels of shape (N,) cannot be fitted"
)


def test_the_cnn_as_printed_has_no_per_image_target():
    recipe = RECIPES["cnn"]
    with pytest.raises(data.TargetShapeError) as caught:
        data.targets_for(np.zeros(4, dtype=np.int32), recipe.outputs, recipe.inputs)
    assert str(caught.value) == f"a model that {CELLS}"


def test_the_registry_says_only_the_cnn_as_printed_cannot_be_trained():
    # Of the article's models, which train fits; of the guide's, those that take a digit.
    article = [recipe for recipe in RECIPES.values() if recipe.document.name == "article"]
    untrainable = {
        (recipe.name, config.label): config.untrainable
        for recipe in article
        for config in recipe.configurations()
        if not config.trainable
    }
    assert untrainable == {("cnn", ""): CELLS}
    assert RECIPES["cnn"].trainable_configuration().label == "flatten=True"
    others = [r.name for r in RECIPES.values() if r not in article]
    assert others == ["mnist-model", "encoder", "autoencoder", "decoder", "ensemble",
                      "ticket-classifier", "toy-resnet"]  # fmt: skip
    # The guide's models that take a digit train as printed; the autoencoder rebuilds it.
    trained = {name: RECIPES[name].trainable_configuration() for name in others}
    assert {name: c.label for name, c in trained.items() if c} == {
        "mnist-model": "",
        "autoencoder": "",
        "toy-resnet": "",
    }


@pytest.mark.parametrize(
    "name, label", [(r.name, c.label) for r in RECIPES.values() for c in r.configurations()]
)
def test_the_registry_and_targets_for_agree_on_the_built_model(name, label):
    config = RECIPES[name].configuration(label)
    ins, outs = data.specs_of(RECIPES[name].build(**config.kwargs))
    # What the registry declares is what the builder makes.
    assert [(s.name, s.shape) for s in ins] == [(s.name, s.shape) for s in config.inputs]
    assert [(s.name, s.shape) for s in outs] == [(s.name, s.shape) for s in config.outputs]
    labels = np.array([3, 1, 4], dtype=np.int32)
    if config.trainable:
        targets = data.shapes(data.targets_for(labels, outs, ins))
        per_output = targets if isinstance(targets, dict) else {outs[0].name: targets}
        assert per_output == {s.name: (3, *s.shape[1:-1]) for s in outs}
    else:
        with pytest.raises(data.TargetShapeError):
            data.targets_for(labels, outs, ins)


def test_an_input_no_digit_can_fill_is_refused_by_name(five):
    with pytest.raises(ValueError, match=r"shape \(5, 5\) cannot be made from a 28x28 digit"):
        data.digit_input(five.images, (None, 5, 5))


def test_the_bytes_of_a_sample_are_known_from_the_shapes_alone():
    assert data.sample_bytes(RECIPES["mlp"].inputs) == 784 * 4  # float32
    # multi-input: a 64x64 gray copy and a 32x32 colour copy of each digit.
    assert data.sample_bytes(RECIPES["multi-input"].inputs) == (64 * 64 + 32 * 32 * 3) * 4
    with pytest.raises(ValueError, match=r"shape \(5, 5\) cannot be made from a 28x28 digit"):
        data.sample_bytes((TensorSpec("input", (None, 5, 5), ""),))


def test_line_for_the_sequential_model_is_y_2x_plus_1():
    train, validation, test = data.load_line(seed=0)
    assert (len(train), len(validation), len(test)) == (4096, 512, 512)
    slope, intercept = np.polyfit(train.x.ravel(), train.y.ravel(), 1)
    assert slope == pytest.approx(2.0, abs=0.02)
    assert intercept == pytest.approx(1.0, abs=0.01)


# ---------------------------------------------------------------- MNIST and its fallback


def test_unknown_source_is_refused():
    with pytest.raises(ValueError, match=r"source='emnist' is not usable: expected one of"):
        data.load("emnist")


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once it is closed


def test_unreachable_mnist_falls_back_to_the_digits_with_one_line(tmp_path, capsys):
    start = time.monotonic()
    origin = f"http://127.0.0.1:{_closed_port()}/mnist.npz"
    got = data.load("mnist", origin=origin, cache_dir=tmp_path)  # no cached MNIST there
    assert time.monotonic() - start < 10
    assert got.source == "digits"
    assert len(got.train) == 1295
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("keras-recipes: MNIST unavailable (127.0.0.1:")
    assert err.endswith("; using scikit-learn's 1,797 digits instead\n")
    assert got.note == err.removeprefix("keras-recipes: ").strip()
    assert not (tmp_path / "datasets" / "mnist.npz").exists()


def test_a_server_that_never_answers_does_not_hang_the_fallback(tmp_path, capsys):
    # It accepts the connection (the kernel does) but never sends a byte.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        port = silent.getsockname()[1]
        start = time.monotonic()
        got = data.load(
            "mnist", origin=f"http://127.0.0.1:{port}/mnist.npz", cache_dir=tmp_path, timeout=1
        )
        elapsed = time.monotonic() - start
    assert elapsed < 10
    assert got.source == "digits"
    assert "download from http://127.0.0.1" in capsys.readouterr().err
    assert list((tmp_path / "datasets").iterdir()) == []  # no partial file left


def test_a_download_that_stops_halfway_is_given_up_and_removed(tmp_path, capsys):
    done = threading.Event()

    class HalfThenSilence(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "200000")
            self.end_headers()
            self.wfile.write(b"\0" * 100_000)
            self.wfile.flush()
            done.wait(60)  # then nothing more until the test ends

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HalfThenSilence)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        origin = f"http://127.0.0.1:{server.server_port}/mnist.npz"
        start = time.monotonic()
        got = data.load("mnist", origin=origin, cache_dir=tmp_path, timeout=1)
        elapsed = time.monotonic() - start
    finally:
        done.set()
        server.shutdown()
        server.server_close()
    assert elapsed < 10
    assert got.source == "digits"
    assert f"download from {origin} failed: no data for 1 s" in capsys.readouterr().err
    assert list((tmp_path / "datasets").iterdir()) == []


def test_an_unresolvable_host_falls_back(tmp_path, capsys):
    got = data.load("mnist", origin="https://mnist.invalid/mnist.npz", cache_dir=tmp_path)
    assert got.source == "digits"
    assert "mnist.invalid:443" in capsys.readouterr().err


@pytest.fixture
def fake_mnist_server():
    """A local HTTP server holding a small file shaped like mnist.npz."""
    rng = np.random.default_rng(0)
    arrays = {
        "x_train": rng.integers(0, 256, (200, 28, 28), dtype=np.uint8),
        "y_train": np.tile(np.arange(10, dtype=np.uint8), 20),
        "x_test": rng.integers(0, 256, (30, 28, 28), dtype=np.uint8),
        "y_test": np.tile(np.arange(10, dtype=np.uint8), 3),
    }
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    body = buffer.getvalue()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/mnist.npz", hashlib.sha256(body).hexdigest()
    server.shutdown()
    server.server_close()


def test_mnist_is_downloaded_through_keras_then_read_from_its_cache(tmp_path, fake_mnist_server):
    origin, sha256 = fake_mnist_server
    got = data.load_mnist(origin=origin, cache_dir=tmp_path, file_hash=sha256)
    assert got.source == "mnist"
    assert (len(got.train), len(got.validation), len(got.test)) == (180, 20, 30)
    assert got.train.images.shape == (180, 28, 28)
    assert got.train.images.min() >= 0.0 and got.train.images.max() <= 1.0
    assert (tmp_path / "datasets" / "mnist.npz").exists()
    # Cached now: an unreachable origin no longer matters.
    again = data.load_mnist(
        origin=f"http://127.0.0.1:{_closed_port()}/mnist.npz", cache_dir=tmp_path, file_hash=sha256
    )
    np.testing.assert_array_equal(again.test.images, got.test.images)


def test_default_cache_is_keras_home(tmp_path):
    # Keras reads KERAS_HOME once, when it is imported: hence a process of its own.
    code = "from keras_recipes import data; print(data.mnist_cache_path())"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "KERAS_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == str(tmp_path / "datasets" / "mnist.npz")


def _said_in(language_name, call, error_type):
    with language(language_name), pytest.raises(error_type) as error:
        call()
    return str(error.value)


def test_missing_scikit_learn_is_named_in_traditional_chinese_too(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)  # import fails, as if missing
    english = _said_in("en", data.load_digits, data.DataUnavailableError)
    chinese = _said_in("zh-TW", data.load_digits, data.DataUnavailableError)
    assert english == "the offline digits need scikit-learn: pip install keras-recipes[digits]"
    assert chinese == "離線手寫數字需要 scikit-learn：pip install keras-recipes[digits]"


def test_unreachable_mnist_is_said_in_traditional_chinese(tmp_path, capsys):
    port = _closed_port()
    with language("zh-TW"):
        got = data.load("mnist", origin=f"http://127.0.0.1:{port}/mnist.npz", cache_dir=tmp_path)
    assert got.source == "digits"
    assert capsys.readouterr().err == (
        f"keras-recipes: 無法取得 MNIST（無法連上 127.0.0.1:{port}：連線被拒絕）；"
        "改用 scikit-learn 的 1,797 張手寫數字\n"
    )


def test_an_output_no_label_fits_is_named_in_traditional_chinese():
    config = RECIPES["cnn"].configuration("")
    call = lambda: data.targets_for(np.zeros(2, np.int32), config.outputs, config.inputs)  # noqa: E731
    english = _said_in("en", call, data.TargetShapeError)
    assert _said_in("zh-TW", call, data.TargetShapeError) == (
        "模型的輸出為 (None, 4, 4, 10)：4x4 特徵圖的每一格各有一個預測，而不是每張影像一個；"
        "形狀為 (N,) 的逐張影像標籤無法用來訓練"
    )
    assert english.startswith("a model that outputs (None, 4, 4, 10): one prediction per 4x4 cell")
