"""The training data: real digits offline, MNIST when it can be had, shaped for every recipe."""

import collections
import hashlib
import http.server
import io
import socket
import sys
import threading

import numpy as np
import pytest

from keras_recipes import RECIPES, data
from keras_recipes.i18n import language


@pytest.fixture(scope="module")
def digits():
    return data.load_digits()


def test_the_offline_digits_are_scikit_learns_1797_each_in_one_stratified_split(digits):
    from sklearn.datasets import load_digits

    splits = (digits.train, digits.validation, digits.test)
    assert digits.source == "digits"
    assert tuple(map(len, splits)) == data.SPLIT_SIZES["digits"] == (1295, 143, 359)
    assert [s.images.shape[1:] for s in splits] == [(28, 28)] * 3
    assert {(s.images.dtype.name, s.labels.dtype.name) for s in splits} == {("float32", "int32")}
    # Every one of scikit-learn's digits, enlarged, in exactly one split and with its label.
    originals = load_digits()
    enlarged = data.resize(originals.images[..., None] / 16.0, (28, 28))[..., 0]

    def pairs(images, labels):
        return collections.Counter(
            zip((i.tobytes() for i in np.round(images, 4)), labels, strict=True)
        )

    assert sum((pairs(s.images, s.labels.tolist()) for s in splits), collections.Counter()) == (
        pairs(enlarged, originals.target.tolist())
    )
    assert enlarged.min() == 0.0 and enlarged.max() == 1.0
    # 174 to 183 of each class: a fifth of each held out for testing, a tenth of the rest
    # for validation.
    assert np.bincount(digits.test.labels).tolist() == [36, 36, 35, 37, 36, 36, 36, 36, 35, 36]
    validation = np.bincount(digits.validation.labels).tolist()
    assert validation == [14, 15, 14, 15, 14, 15, 14, 14, 14, 14]


def test_the_split_is_fixed_by_the_seed(digits):
    again, other = data.load_digits(seed=0), data.load_digits(seed=1)
    np.testing.assert_array_equal(again.test.images, digits.test.images)
    np.testing.assert_array_equal(again.test.labels, digits.test.labels)
    assert not np.array_equal(other.test.labels, digits.test.labels)


def test_shifted_copies_move_each_image_one_pixel_four_ways():
    image = np.zeros((1, 5, 5), dtype=np.float32)
    image[0, 2, 2] = 1.0
    moved = data.shifted(data.Split(image, np.array([7], dtype=np.int32)))
    assert moved.labels.tolist() == [7] * 5
    where = [tuple(int(v) for v in np.argwhere(m)[0]) for m in moved.images]
    assert where == [(2, 2), (1, 2), (3, 2), (2, 1), (2, 3)]  # as is, up, down, left, right
    corner = np.ones((1, 2, 2), dtype=np.float32)
    edges = data.shifted(data.Split(corner, np.array([1], dtype=np.int32))).images
    assert edges[1].tolist() == [[1, 1], [0, 0]]  # moved up: black comes in at the bottom


# ---------------------------------------------------------------- shaped for every recipe


def test_every_trained_recipe_gets_its_inputs_and_targets_from_the_same_digits(digits):
    three = digits.test.take(3)
    made = {}
    for name, recipe in RECIPES.items():
        config = recipe.trainable_configuration()
        if config is not None and name != "sequential":  # which is fitted to a line
            rebuilds = recipe.fits == "images"
            x, y = data.arrays_for(config.inputs, config.outputs, three, rebuilds=rebuilds)
            made[name] = data.shapes(x), data.shapes(y)
    assert made == {
        "mlp": ((3, 784), (3,)),
        "cnn": ((3, 28, 28, 1), (3,)),  # flatten=True, the corrected CNN
        "rnn": ((3, 784, 1), (3,)),  # a pixel per time step
        "shared-input": ((3, 28, 28, 1), (3,)),
        "shared-feature-extractor": ((3, 784, 1), (3,)),
        "multi-input": (
            {"img_gray_bigsize": (3, 64, 64, 1), "img_rgb_smallsize": (3, 32, 32, 3)},
            (3,),
        ),
        "multi-output": ((3, 784, 1), {"output1": (3,), "output2": (3, 784)}),  # label per step
        "mnist-model": ((3, 784), (3,)),
        "autoencoder": ((3, 28, 28, 1), (3, 28, 28, 1)),  # the digit itself
        "toy-resnet": ((3, 32, 32, 3), (3,)),
    }


def test_the_targets_of_each_output_are_what_its_compiled_loss_takes(digits, quick_kwargs):
    # Called eagerly on three digits: a target its loss cannot take fails here, before any
    # fit. An untrained classifier gives every class about 1/10: a loss near ln 10 per output.
    losses = {}
    for name, recipe in RECIPES.items():
        config = recipe.trainable_configuration()
        if config is not None and name != "sequential":
            model = recipe.build(**config.kwargs, **quick_kwargs(recipe), seed=0)
            x, y = data.arrays_for(
                *data.specs_of(model), digits.test.take(3), rebuilds=recipe.fits == "images"
            )
            losses[name] = float(model.compute_loss(x=x, y=y, y_pred=model(x)))
    ln10 = pytest.approx(np.log(10), abs=0.4)
    assert losses == {
        **dict.fromkeys(["mlp", "cnn", "rnn", "shared-input", "shared-feature-extractor"], ln10),
        **dict.fromkeys(["multi-input", "mnist-model", "toy-resnet"], ln10),
        "multi-output": pytest.approx(2 * np.log(10), abs=0.8),  # output1 + output2
        "autoencoder": pytest.approx(0.2, abs=0.1),  # squared error per pixel
    }


def test_sequences_read_the_image_row_after_row(digits):
    image = digits.test.images[2]
    pixels = data.digit_input(digits.test.images[:3], (None, 784, 1))
    rows = data.digit_input(digits.test.images[:3], (None, 28, 28))
    assert pixels[2, 28 * 13 + 9, 0] == image[13, 9]  # step 373: row 13, column 9
    np.testing.assert_array_equal(rows[2, 13], image[13])


def _correlation(a, b):
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


def test_multi_input_pair_shows_the_same_digit_in_gray_and_in_colour(digits):
    pair = data.inputs_for(RECIPES["multi-input"].inputs, digits.test.images[:5], seed=0)
    gray = data.resize(pair["img_gray_bigsize"], (32, 32))[..., 0]
    colour = pair["img_rgb_smallsize"]
    # Every pixel is the gray digit times one ink colour per image, at least 0.3 a channel.
    ink = colour.reshape(5, -1, 3).max(axis=1)
    assert (ink.min(axis=1) >= 0.3 * 0.9).all()
    assert len({tuple(np.round(i, 2)) for i in ink}) == 5  # a colour of its own each
    for i in range(5):
        assert _correlation(gray[i], colour[i].sum(axis=-1)) > 0.95
        assert _correlation(gray[i], colour[(i + 1) % 5].sum(axis=-1)) < 0.9


def test_an_input_no_digit_can_fill_is_refused_from_its_shape_alone():
    shapes = [data.sample_shape(spec.shape) for spec in RECIPES["multi-input"].inputs]
    assert shapes == [(64, 64, 1), (32, 32, 3)]
    with pytest.raises(ValueError) as caught:
        data.sample_shape((None, 5, 5))
    assert str(caught.value) == (
        "an input of shape (5, 5) cannot be made from a 28x28 digit: expected 784 values in any "
        "arrangement, or an (height, width, 1 or 3) image"
    )
    with pytest.raises(ValueError, match=r"^an input of shape \(None, None, 28\) has an unknown"):
        data.sample_shape((None, None, 28))


def test_the_cnn_as_printed_has_no_per_image_target():
    recipe = RECIPES["cnn"]
    labels = np.zeros(4, dtype=np.int32)
    for language_name, message in [
        ("en", "outputs (None, 4, 4, 10): one prediction per 4x4 cell, not per image; "
               "per-image labels of shape (N,) cannot be fitted"),
        ("zh-TW", "輸出為 (None, 4, 4, 10)：4x4 特徵圖的每一格各有一個預測，而不是每張圖片一個；"
                  "形狀為 (N,) 的逐張圖片標籤無法用來訓練"),
    ]:  # fmt: skip
        with language(language_name), pytest.raises(ValueError) as caught:
            data.targets_for(labels, recipe.outputs, recipe.inputs)
        assert str(caught.value) == message


def test_the_registry_declares_the_inputs_and_outputs_each_builder_makes(built):
    for name, recipe in RECIPES.items():
        for config in recipe.configurations():
            model = built[name] if not config.kwargs else recipe.build(**config.kwargs)
            ins, outs = data.specs_of(model)
            assert [(s.name, s.shape) for s in ins] == [(s.name, s.shape) for s in config.inputs]
            assert [(s.name, s.shape) for s in outs] == [(s.name, s.shape) for s in config.outputs]


def test_the_line_for_the_sequential_model_is_y_2x_plus_1():
    line = data.load_line(seed=0)
    assert (line.source, len(line.train), len(line.validation), len(line.test)) == (
        "line", 4096, 512, 512
    )  # fmt: skip
    slope, intercept = np.polyfit(line.train.images.ravel(), line.train.labels.ravel(), 1)
    assert slope == pytest.approx(2.0, abs=0.02)
    assert intercept == pytest.approx(1.0, abs=0.01)


# ---------------------------------------------------------------- MNIST and its fallback


def test_an_unknown_source_is_refused():
    with pytest.raises(ValueError) as caught:
        data.load("emnist")
    assert str(caught.value) == (
        "load(): source='emnist' is not usable: expected one of 'digits', 'mnist'"
    )


def test_missing_scikit_learn_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)  # import fails, as if missing
    said = {}
    for language_name in ("en", "zh-TW"):
        with language(language_name), pytest.raises(data.DataUnavailableError) as caught:
            data.load_digits()
        said[language_name] = str(caught.value)
    assert said == {
        "en": "the digits need scikit-learn: pip install scikit-learn",
        "zh-TW": "手寫數字資料需要 scikit-learn：pip install scikit-learn",
    }


def _serve(reply):
    """A local HTTP server answering every GET with ``reply(handler)``; returns it running."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            reply(self)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def fake_mnist():
    """(origin, sha256) of a small file shaped like mnist.npz on a local server."""
    rng = np.random.default_rng(0)
    buffer = io.BytesIO()
    np.savez(
        buffer,
        x_train=rng.integers(0, 256, (200, 28, 28), dtype=np.uint8),
        y_train=np.tile(np.arange(10, dtype=np.uint8), 20),
        x_test=rng.integers(0, 256, (30, 28, 28), dtype=np.uint8),
        y_test=np.tile(np.arange(10, dtype=np.uint8), 3),
    )
    body = buffer.getvalue()

    def send(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server = _serve(send)
    yield f"http://127.0.0.1:{server.server_port}/mnist.npz", hashlib.sha256(body).hexdigest()
    server.shutdown()
    server.server_close()


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once it is closed


def test_mnist_is_downloaded_through_keras_then_read_from_its_cache(tmp_path, fake_mnist):
    origin, sha256 = fake_mnist
    got = data.load_mnist(origin=origin, cache_dir=tmp_path, file_hash=sha256)
    assert (got.source, len(got.train), len(got.validation), len(got.test)) == (
        "mnist", 180, 20, 30
    )  # fmt: skip
    assert got.train.images.shape == (180, 28, 28)
    assert got.train.images.dtype == np.float32
    assert got.train.images.min() >= 0.0 and got.train.images.max() <= 1.0
    assert np.bincount(got.validation.labels).tolist() == [2] * 10  # a tenth of each class
    # Cached now: an unreachable origin no longer matters.
    closed = f"http://127.0.0.1:{_closed_port()}/mnist.npz"
    again = data.load_mnist(origin=closed, cache_dir=tmp_path, file_hash=sha256)
    np.testing.assert_array_equal(again.test.images, got.test.images)


def _silent(handler):
    threading.Event().wait(30)  # accepted by the kernel, then not a byte for 30 s


def _half_then_silent(handler):
    handler.send_response(200)
    handler.send_header("Content-Length", "200000")
    handler.end_headers()
    handler.wfile.write(b"\0" * 100_000)
    handler.wfile.flush()
    _silent(handler)


def _not_found(handler):
    handler.send_error(404)


@pytest.mark.parametrize(
    "language_name, reply, line",
    [
        ("en", None, "keras-recipes: MNIST unavailable (Connection refused); using "
                     "scikit-learn's 1,797 digits instead\n"),
        ("zh-TW", None, "keras-recipes: 無法取得 MNIST（連線被拒絕）；改用 scikit-learn 的 1,797 "
                        "張手寫數字\n"),
        ("en", _silent, "keras-recipes: MNIST unavailable (no data for 1 s); using "
                        "scikit-learn's 1,797 digits instead\n"),
        ("en", _half_then_silent, "keras-recipes: MNIST unavailable (no data for 1 s); using "
                                  "scikit-learn's 1,797 digits instead\n"),
        # No reason from the system: Keras' own words.
        ("en", _not_found, "keras-recipes: MNIST unavailable (URL fetch failure on {origin}: 404 "
                           "-- Not Found); using scikit-learn's 1,797 digits instead\n"),
    ],
    ids=["refused", "refused-zh-TW", "silent", "stops-halfway", "not-found"],
)  # fmt: skip
def test_unreachable_mnist_falls_back_to_the_digits_with_one_line(
    tmp_path, capsys, language_name, reply, line
):
    server = _serve(reply) if reply else None
    port = server.server_port if server else _closed_port()
    origin = f"http://127.0.0.1:{port}/mnist.npz"
    line = line.format(origin=origin)
    try:
        with language(language_name):
            got = data.load("mnist", origin=origin, cache_dir=tmp_path, timeout=1)
    finally:
        if server:
            server.shutdown()
            server.server_close()
    assert (got.source, len(got.train)) == ("digits", 1295)
    assert capsys.readouterr().err == line
    assert got.note == line.removeprefix("keras-recipes: ").strip()
    assert list(tmp_path.rglob("*.npz")) == []  # no partial file left
