"""The documents' summaries read from their printed text (``keras_recipes/printed/``), and the
parser's refusals.

The expected tables below are the figures once typed into ``article.py`` and ``guide.py`` by
hand from the documents (the article's tables printed by Keras 2.2.4, the guide's by Keras 3);
each text file must parse to exactly these, metadata included.
"""

import dataclasses
import io
import random
import re
from pathlib import Path

import pytest
import rich.console
import rich.text

from keras_recipes import SummaryTextError, article, guide, parse_summary
from keras_recipes.summary import Row, Summary

ROOT = Path(__file__).resolve().parents[1]


def _article(source: str, total: int, rows: tuple[Row, ...]) -> Summary:
    return Summary(rows, total, total, 0, source, printed=True, keras_version="2.2.4")


def _guide(source: str, total: int, rows: tuple[Row, ...]) -> Summary:
    return Summary(rows, total, total, 0, source, printed=True)


# ---------------------------------------------------------------- the article

# Section 1: the article builds Sequential([Dense(2, input_shape=(1,)), Dense(1)])
# and prints nothing. A Keras 3 Sequential summary lists no input row.
SEQUENTIAL = Summary(
    rows=(
        Row("hidden", "Dense", (None, 2), 4),  # 1 x 2 + 2
        Row("output", "Dense", (None, 1), 3),  # 2 x 1 + 1
    ),
    total=7,
    trainable=7,
    non_trainable=0,
    source=("derived here (section 1 prints no summary); layer names are ours"),
    exact_names=True,
)

# Section 3.1, multilayer perceptron.
MLP = _article(
    ("article section 3.1, printed by Keras 2.2.4"),
    total=541794,
    rows=(
        Row("input", "InputLayer", (None, 784), 0),
        Row("hidden1", "Dense", (None, 512), 401920),
        Row("hidden2", "Dense", (None, 216), 110808),
        Row("hidden3", "Dense", (None, 128), 27776),
        Row("output", "Dense", (None, 10), 1290),
    ),
)

# Section 3.2, convolutional network, as printed: Dense meets the 4-D pooled map
# because the listing has no Flatten, so the "classifier" outputs (None, 4, 4, 10).
CNN = _article(
    ("article section 3.2, printed by Keras 2.2.4"),
    total=138122,
    rows=(
        Row("input", "InputLayer", (None, 28, 28, 1), 0),
        Row("conv1", "Conv2D", (None, 25, 25, 128), 2176),
        Row("pool1", "MaxPooling2D", (None, 12, 12, 128), 0),
        Row("conv2", "Conv2D", (None, 9, 9, 64), 131136),
        Row("pool2", "MaxPooling2D", (None, 4, 4, 64), 0),
        Row("hidden1", "Dense", (None, 4, 4, 64), 4160),
        Row("output", "Dense", (None, 4, 4, 10), 650),
    ),
)

# The same network with the missing Flatten put back: one prediction per image.
CNN_FLATTENED = Summary(
    rows=(
        *CNN.rows[:5],
        Row("flatten", "Flatten", (None, 1024), 0),  # 4 x 4 x 64
        Row("hidden1", "Dense", (None, 64), 65600),  # 1024 x 64 + 64
        Row("output", "Dense", (None, 10), 650),  # 64 x 10 + 10
    ),
    total=199562,
    trainable=199562,
    non_trainable=0,
    source=("derived here: section 3.2 with the Flatten the article left out"),
    exact_names=True,
)

# Section 3.3, recurrent network: each of the 784 pixels is one time step.
RNN = _article(
    ("article section 3.3, printed by Keras 2.2.4"),
    total=84362,
    rows=(
        Row("input", "InputLayer", (None, 784, 1), 0),
        Row("lstm1", "LSTM", (None, 128), 66560),
        Row("hidden1", "Dense", (None, 128), 16512),
        Row("output", "Dense", (None, 10), 1290),
    ),
)

# Section 4.1, two convolutional branches sharing one input.
SHARED_INPUT = _article(
    ("article section 4.1, printed by Keras 2.2.4"),
    total=399610,
    rows=(
        Row("input", "InputLayer", (None, 28, 28, 1), 0, ()),
        Row("conv1", "Conv2D", (None, 25, 25, 32), 544, ("input",)),
        Row("conv2", "Conv2D", (None, 21, 21, 16), 1040, ("input",)),
        Row("pool1", "MaxPooling2D", (None, 12, 12, 32), 0, ("conv1",)),
        Row("pool2", "MaxPooling2D", (None, 10, 10, 16), 0, ("conv2",)),
        Row("flatten_9", "Flatten", (None, 4608), 0, ("pool1",)),
        Row("flatten_10", "Flatten", (None, 1600), 0, ("pool2",)),
        Row(
            "concatenate_5",
            "Concatenate",
            (None, 6208),
            0,
            ("flatten_9", "flatten_10"),
        ),
        Row("hidden1", "Dense", (None, 64), 397376, ("concatenate_5",)),
        Row("output", "Dense", (None, 10), 650, ("hidden1",)),
    ),
)

# Section 4.2, one LSTM feature extractor read by a shallow and a deep branch.
SHARED_FEATURE_EXTRACTOR = _article(
    ("article section 4.2, printed by Keras 2.2.4"),
    total=78984,
    rows=(
        Row("input", "InputLayer", (None, 784, 1), 0, ()),
        Row("lstm1", "LSTM", (None, 128), 66560, ("input",)),
        Row("interp21", "Dense", (None, 64), 8256, ("lstm1",)),
        Row("interp22", "Dense", (None, 32), 2080, ("interp21",)),
        Row("interp1", "Dense", (None, 10), 1290, ("lstm1",)),
        Row("interp23", "Dense", (None, 16), 528, ("interp22",)),
        Row("merge", "Concatenate", (None, 26), 0, ("interp1", "interp23")),
        Row("output", "Dense", (None, 10), 270, ("merge",)),
    ),
)

# Section 5.1, a 64x64 gray and a 32x32 colour version of one image.
MULTI_INPUT = _article(
    ("article section 5.1, printed by Keras 2.2.4"),
    total=424874,
    rows=(
        Row("img_gray_bigsize", "InputLayer", (None, 64, 64, 1), 0, ()),
        Row("img_rgb_smallsize", "InputLayer", (None, 32, 32, 3), 0, ()),
        Row("conv11", "Conv2D", (None, 61, 61, 32), 544, ("img_gray_bigsize",)),
        Row("conv21", "Conv2D", (None, 29, 29, 32), 1568, ("img_rgb_smallsize",)),
        Row("pool11", "MaxPooling2D", (None, 30, 30, 32), 0, ("conv11",)),
        Row("pool21", "MaxPooling2D", (None, 14, 14, 32), 0, ("conv21",)),
        Row("conv12", "Conv2D", (None, 27, 27, 16), 8208, ("pool11",)),
        Row("conv22", "Conv2D", (None, 11, 11, 16), 8208, ("pool21",)),
        Row("pool12", "MaxPooling2D", (None, 13, 13, 16), 0, ("conv12",)),
        Row("pool22", "MaxPooling2D", (None, 5, 5, 16), 0, ("conv22",)),
        Row("flatten_11", "Flatten", (None, 2704), 0, ("pool12",)),
        Row("flatten_12", "Flatten", (None, 400), 0, ("pool22",)),
        Row(
            "concatenate_6",
            "Concatenate",
            (None, 3104),
            0,
            ("flatten_11", "flatten_12"),
        ),
        Row("hidden1", "Dense", (None, 128), 397440, ("concatenate_6",)),
        Row("hidden2", "Dense", (None, 64), 8256, ("hidden1",)),
        Row("output", "Dense", (None, 10), 650, ("hidden2",)),
    ),
)

# Section 5.2, one sequence in; a class and a per-step sequence out.
MULTI_OUTPUT = _article(
    ("article section 5.2, printed by Keras 2.2.4"),
    total=31348,
    rows=(
        Row("input", "InputLayer", (None, 784, 1), 0, ()),
        Row("extract", "LSTM", (None, 784, 64), 16896, ("input",)),
        Row("class11", "LSTM", (None, 32), 12416, ("extract",)),
        Row("class12", "Dense", (None, 32), 1056, ("class11",)),
        Row("output1", "Dense", (None, 10), 330, ("class12",)),
        Row("output2", "TimeDistributed", (None, 784, 10), 650, ("extract",)),
    ),
)


# ---------------------------------------------------------------- the guide

# "Introduction": three Dense layers on a flattened 28x28 digit. Every name
# is one Keras made up.
MNIST_MODEL = _guide(
    ('guide section "Introduction", printed by Keras 3'),
    total=55050,
    rows=(
        Row("input_layer", "InputLayer", (None, 784), 0),
        Row("dense", "Dense", (None, 64), 50240),
        Row("dense_1", "Dense", (None, 64), 4160),
        Row("dense_2", "Dense", (None, 10), 650),
    ),
)

# "Use the same graph of layers...": the encoder, the first model made from
# the graph that the autoencoder below carries on.
_ENCODER_ROWS = (
    Row("img", "InputLayer", (None, 28, 28, 1), 0),
    Row("conv2d", "Conv2D", (None, 26, 26, 16), 160),
    Row("conv2d_1", "Conv2D", (None, 24, 24, 32), 4640),
    Row("max_pooling2d", "MaxPooling2D", (None, 8, 8, 32), 0),
    Row("conv2d_2", "Conv2D", (None, 6, 6, 32), 9248),
    Row("conv2d_3", "Conv2D", (None, 4, 4, 16), 4624),
    Row("global_max_pooling2d", "GlobalMaxPooling2D", (None, 16), 0),
)
ENCODER = _guide(
    ('guide section "Use the same graph of layers to define multiple models", printed by Keras 3'),
    total=18672,
    rows=_ENCODER_ROWS,
)

# The same section: the whole graph, encoder and decoder layers in one model.
AUTOENCODER = _guide(
    ('guide section "Use the same graph of layers to define multiple models", printed by Keras 3'),
    total=28241,
    rows=(
        *_ENCODER_ROWS,
        Row("reshape", "Reshape", (None, 4, 4, 1), 0),
        Row("conv2d_transpose", "Conv2DTranspose", (None, 6, 6, 16), 160),
        Row("conv2d_transpose_1", "Conv2DTranspose", (None, 8, 8, 32), 4640),
        Row("up_sampling2d", "UpSampling2D", (None, 24, 24, 32), 0),
        Row("conv2d_transpose_2", "Conv2DTranspose", (None, 26, 26, 16), 4624),
        Row("conv2d_transpose_3", "Conv2DTranspose", (None, 28, 28, 1), 145),
    ),
)

# "All models are callable, just like layers": the encoder built again, its
# input renamed, to be called as one layer of the autoencoder below.
ENCODER_TO_NEST = _guide(
    ('guide section "All models are callable, just like layers", printed by Keras 3'),
    total=18672,
    rows=(
        Row("original_img", "InputLayer", (None, 28, 28, 1), 0),
        Row("conv2d_4", "Conv2D", (None, 26, 26, 16), 160),
        Row("conv2d_5", "Conv2D", (None, 24, 24, 32), 4640),
        Row("max_pooling2d_1", "MaxPooling2D", (None, 8, 8, 32), 0),
        Row("conv2d_6", "Conv2D", (None, 6, 6, 32), 9248),
        Row("conv2d_7", "Conv2D", (None, 4, 4, 16), 4624),
        Row("global_max_pooling2d_1", "GlobalMaxPooling2D", (None, 16), 0),
    ),
)

# The same section: the decoder, a model of its own from a 16-number code.
DECODER = _guide(
    ('guide section "All models are callable, just like layers", printed by Keras 3'),
    total=9569,
    rows=(
        Row("encoded_img", "InputLayer", (None, 16), 0),
        Row("reshape_1", "Reshape", (None, 4, 4, 1), 0),
        Row("conv2d_transpose_4", "Conv2DTranspose", (None, 6, 6, 16), 160),
        Row("conv2d_transpose_5", "Conv2DTranspose", (None, 8, 8, 32), 4640),
        Row("up_sampling2d_1", "UpSampling2D", (None, 24, 24, 32), 0),
        Row("conv2d_transpose_6", "Conv2DTranspose", (None, 26, 26, 16), 4624),
        Row("conv2d_transpose_7", "Conv2DTranspose", (None, 28, 28, 1), 145),
    ),
)

# The same section: the autoencoder again, the two models above called as
# layers; each is one row, its parameters the sum of its own rows.
AUTOENCODER_NESTED = _guide(
    ('guide section "All models are callable, just like layers", printed by Keras 3'),
    total=28241,
    rows=(
        Row("img", "InputLayer", (None, 28, 28, 1), 0),
        Row("encoder", "Functional", (None, 16), 18672),
        Row("decoder", "Functional", (None, 28, 28, 1), 9569),
    ),
)

# The same section: three one-unit models averaged. The guide prints no summary.
ENSEMBLE = Summary(
    rows=(
        Row("input", "InputLayer", (None, 128), 0, ()),
        Row("model1", "Functional", (None, 1), 129, ("input",)),  # 128 x 1 + 1
        Row("model2", "Functional", (None, 1), 129, ("input",)),
        Row("model3", "Functional", (None, 1), 129, ("input",)),
        Row("average", "Average", (None, 1), 0, ("model1", "model2", "model3")),
    ),
    total=387,
    trainable=387,
    non_trainable=0,
    source=(
        'derived here (the guide prints no summary of its ensemble, section "All models are '
        'callable, just like layers"); layer names are ours'
    ),
    exact_names=True,
)

# "Models with multiple inputs and outputs": a ticket's title and body (word
# indices of any length) and its tags in; its priority and department out.
# The guide names the inputs and outputs and prints no summary.
TICKET_CLASSIFIER = Summary(
    rows=(
        Row("title", "InputLayer", (None, None), 0, ()),
        Row("body", "InputLayer", (None, None), 0, ()),
        Row("tags", "InputLayer", (None, 12), 0, ()),
        Row("title_embedding", "Embedding", (None, None, 64), 640000, ("title",)),  # 10,000 x 64
        Row("body_embedding", "Embedding", (None, None, 64), 640000, ("body",)),
        # 4 x 128 x (128 + 64 + 1) and 4 x 32 x (32 + 64 + 1)
        Row("title_lstm", "LSTM", (None, 128), 98816, ("title_embedding",)),
        Row("body_lstm", "LSTM", (None, 32), 12416, ("body_embedding",)),
        Row("merge", "Concatenate", (None, 172), 0, ("title_lstm", "body_lstm", "tags")),
        Row("priority", "Dense", (None, 1), 173, ("merge",)),  # 172 x 1 + 1
        Row("department", "Dense", (None, 4), 692, ("merge",)),  # 172 x 4 + 4
    ),
    total=1392097,
    trainable=1392097,
    non_trainable=0,
    source=(
        'derived here (the guide prints no summary of its ticket classifier, section "Models '
        'with multiple inputs and outputs"); names other than its inputs and outputs are ours'
    ),
    exact_names=True,
)

# "A toy ResNet model": the one table the guide prints with a "Connected to"
# column. Two of its cells were cut short in print: the name and type of the
# row after conv2d_14 ("global_average_poo…", "(GlobalAveragePool…"), completed
# here as Keras names the first GlobalAveragePooling2D; and connections ending
# "max_pooling2d_2[0][…" and "global_average_pool…", whose layer names are whole.
TOY_RESNET = _guide(
    ('guide section "A toy ResNet model", printed by Keras 3'),
    total=223242,
    rows=(
        Row("img", "InputLayer", (None, 32, 32, 3), 0, ()),
        Row("conv2d_8", "Conv2D", (None, 30, 30, 32), 896, ("img",)),
        Row("conv2d_9", "Conv2D", (None, 28, 28, 64), 18496, ("conv2d_8",)),
        Row("max_pooling2d_2", "MaxPooling2D", (None, 9, 9, 64), 0, ("conv2d_9",)),
        Row("conv2d_10", "Conv2D", (None, 9, 9, 64), 36928, ("max_pooling2d_2",)),
        Row("conv2d_11", "Conv2D", (None, 9, 9, 64), 36928, ("conv2d_10",)),
        Row("add", "Add", (None, 9, 9, 64), 0, ("conv2d_11", "max_pooling2d_2")),
        Row("conv2d_12", "Conv2D", (None, 9, 9, 64), 36928, ("add",)),
        Row("conv2d_13", "Conv2D", (None, 9, 9, 64), 36928, ("conv2d_12",)),
        Row("add_1", "Add", (None, 9, 9, 64), 0, ("conv2d_13", "add")),
        Row("conv2d_14", "Conv2D", (None, 7, 7, 64), 36928, ("add_1",)),
        Row(
            "global_average_pooling2d",
            "GlobalAveragePooling2D",
            (None, 64),
            0,
            ("conv2d_14",),
        ),
        Row("dense_6", "Dense", (None, 256), 16640, ("global_average_pooling2d",)),
        Row("dropout", "Dropout", (None, 256), 0, ("dense_6",)),
        Row("dense_7", "Dense", (None, 10), 2570, ("dropout",)),
    ),
)


ARTICLE = {
    "SEQUENTIAL": SEQUENTIAL,
    "MLP": MLP,
    "CNN": CNN,
    "CNN_FLATTENED": CNN_FLATTENED,
    "RNN": RNN,
    "SHARED_INPUT": SHARED_INPUT,
    "SHARED_FEATURE_EXTRACTOR": SHARED_FEATURE_EXTRACTOR,
    "MULTI_INPUT": MULTI_INPUT,
    "MULTI_OUTPUT": MULTI_OUTPUT,
}
GUIDE = {
    "MNIST_MODEL": MNIST_MODEL,
    "ENCODER": ENCODER,
    "AUTOENCODER": AUTOENCODER,
    "ENCODER_TO_NEST": ENCODER_TO_NEST,
    "DECODER": DECODER,
    "AUTOENCODER_NESTED": AUTOENCODER_NESTED,
    "ENSEMBLE": ENSEMBLE,
    "TICKET_CLASSIFIER": TICKET_CLASSIFIER,
    "TOY_RESNET": TOY_RESNET,
}
CASES = [(article, n, s) for n, s in ARTICLE.items()] + [(guide, n, s) for n, s in GUIDE.items()]


@pytest.mark.parametrize(
    ("module", "name", "expected"), CASES, ids=[f"{m.__name__[14:]}.{n}" for m, n, _ in CASES]
)
def test_each_printed_text_reads_as_the_summary_typed_from_its_document(module, name, expected):
    assert getattr(module, name) == expected


def test_every_summary_of_the_documents_is_in_the_expected_table():
    for module, expected in ((article, ARTICLE), (guide, GUIDE)):
        summaries = {n for n, value in vars(module).items() if isinstance(value, Summary)}
        assert summaries == set(expected)


def _text(stem: str) -> str:
    return (ROOT / "keras_recipes" / "printed" / f"{stem}.txt").read_text(encoding="utf-8")


def test_the_article_keeps_its_text_character_for_character():
    source = ROOT.parent / "shared" / "article" / "keras-functional-api.zh-TW.txt"
    if not source.exists():
        pytest.skip("the source article is not beside this checkout")
    printed = source.read_text(encoding="utf-8")
    for name in ("MLP", "CNN", "RNN", "SHARED_INPUT", "SHARED_FEATURE_EXTRACTOR", "MULTI_INPUT"):
        assert _text(f"article/{name.lower()}") in printed
    assert _text("article/multi_output") in printed


# ---------------------------------------------------------------- what the parser accepts


def _unsourced(summary: Summary) -> Summary:
    return dataclasses.replace(
        summary, source="", printed=True, keras_version=None, exact_names=False
    )


@pytest.mark.parametrize("stem", ["article/shared_input", "guide/toy_resnet", "guide/autoencoder"])
def test_crlf_trailing_spaces_and_blank_lines_around_are_read_alike(stem):
    text = _text(stem)
    untidy = "\r\n \r\n" + "".join(line + "   \r\n" for line in text.split("\n")) + "\r\n\r\n"
    assert parse_summary(untidy) == parse_summary(text)


def test_a_keras_3_table_without_its_model_line_or_sizes_reads_the_same():
    text = _text("guide/mnist_model")
    bare = "\n".join(
        line.split(" (")[0] if "params:" in line else line for line in text.split("\n")
    )
    assert parse_summary(bare.split("\n", 1)[1]) == parse_summary(text)
    assert parse_summary(text) == _unsourced(MNIST_MODEL)


def test_a_keras_2_row_with_several_inputs_goes_on_over_the_next_lines():
    rows = parse_summary(_text("article/multi_input")).rows
    assert rows[12].connected_to == ("flatten_11", "flatten_12")
    assert rows[0].connected_to == ()
    assert parse_summary(_text("article/mlp")).rows[0].connected_to is None


# ---------------------------------------------------------------- what it refuses


def _error(text: str) -> str:
    with pytest.raises(SummaryTextError) as caught:
        parse_summary(text)
    return str(caught.value)


def test_a_parameter_count_that_is_no_number_names_its_line():
    text = _text("article/mlp").replace("401920    ", "40l920    ")
    assert _error(text) == ("line 6: expected a parameter count such as 1,290, found '40l920'")
    text = _text("guide/mnist_model").replace("50,240", "50.240")
    assert _error(text).startswith("line 7: expected a parameter count such as 1,290, found")


def test_a_missing_total_line_names_the_line_where_it_should_be():
    lines = _text("guide/toy_resnet").split("\n")
    del lines[-3]  # " Trainable params: ..."
    assert _error("\n".join(lines)) == (
        "line 41: expected the line 'Trainable params: N', "
        "found ' Non-trainable params: 0 (0.00 B)'"
    )


@pytest.mark.parametrize("stem", ["article/shared_input", "guide/decoder"])
def test_a_truncated_table_is_refused_at_the_line_after_its_end(stem):
    lines = _text(stem).split("\n")[:9]
    message = _error("\n".join(lines))
    assert message.startswith("line 10: expected ") and message.endswith(
        "found the end of the text"
    )


def test_a_wrong_header_or_an_empty_text_is_refused():
    assert _error("") == "line 1: expected a rule of underscores, found the end of the text"
    message = _error(_text("article/rnn").replace("Output Shape", "Outputs"))
    assert message.startswith("line 2: expected the header 'Layer (type)  Output Shape  Param #'")


def test_a_row_with_a_cell_too_many_is_refused():
    text = _text("guide/mnist_model").replace("│ (None, 784)  ", "│ (None, 784)│ ")
    assert _error(text).startswith("line 5: expected a row of 3 cells between │, found")


# ---------------------------------------------------------------- real summaries of others

DATA = ROOT / "tests" / "data" / "summaries"


def _manifest() -> dict[str, tuple[int, int, int, int, int | None]]:
    """SOURCES.md's table: each file's rows, total, trainable, non-trainable and optimizer."""
    found = {}
    for line in (DATA / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 10 and cells[0].startswith("`"):
            counts = [int(cell.replace(",", "")) if cell else None for cell in cells[4:9]]
            rows, total, trainable, frozen, optimizer = counts
            assert None not in (rows, total, trainable, frozen), line
            found[cells[0].strip("`")] = (rows, total, trainable, frozen, optimizer)
    return found  # type: ignore[return-value]


MANIFEST = _manifest()


def _real(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_the_manifest_lists_every_summary_file_once():
    assert len(MANIFEST) == 87
    assert sorted(MANIFEST) == sorted(str(p.relative_to(DATA)) for p in DATA.rglob("*.txt"))


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_real_summary_reads_with_the_rows_and_totals_its_manifest_gives(name):
    summary = parse_summary(_real(name))
    counts = (len(summary.rows), summary.total, summary.trainable, summary.non_trainable)
    assert (*counts, summary.optimizer) == MANIFEST[name]


def test_keras_2_connected_to_as_lists_and_an_input_list_of_one_shape():
    # tf.keras 2.11, blank lines between rows, two inputs on two lines (ageron/handson-ml3).
    summary = parse_summary(_real("ageron__handson-ml3/10-neural-nets-with-keras--model.txt"))
    assert summary.rows == (
        Row("input_1", "InputLayer", (None, 8), 0, ()),
        Row("normalization", "Normalization", (None, 8), 17, ("input_1",)),
        Row("dense", "Dense", (None, 30), 270, ("normalization",)),
        Row("dense_1", "Dense", (None, 30), 930, ("dense",)),
        Row("concatenate", "Concatenate", (None, 38), 0, ("input_1", "dense_1")),
        Row("dense_2", "Dense", (None, 1), 39, ("concatenate",)),
    )
    assert (summary.total, summary.trainable, summary.non_trainable) == (1256, 1239, 17)


def test_keras_2_old_entries_one_a_line_a_cut_entry_and_two_output_shapes():
    name = "packtpublishing__hands-on-computer-vision-with-tensorflow-2/"
    summary = parse_summary(_real(name + "ch7-nb7-generate-images-with-vae-models--model.txt"))
    assert summary.rows == (
        Row("input_imgs", "InputLayer", (None, 28, 28, 1), 0, ()),
        Row("encoder", "Sequential", (None, 4), 31364, ("input_imgs",)),
        Row("z_mean-z_logvar_slicer", "Lambda", ((None, 2), (None, 2)), 0, ("encoder",)),
        # "z_mean-z_logvar_slicer[0]" twice, cut at the line's end: the names are whole.
        Row("z_sampler", "Lambda", (None, 2), 0, ("z_mean-z_logvar_slicer",) * 2),
        Row("decoder", "Sequential", (None, 28, 28, 1), 20263, ("z_sampler",)),
    )


def test_nested_models_keep_their_type():
    name = "jeffheaton__t81_558_deep_learning/t81-558-class-09-2-keras-xfer-cv--model.txt"
    assert parse_summary(_real(name)).rows == (
        Row("input_2", "InputLayer", (None, 150, 150, 3), 0),
        Row("sequential", "Sequential", (None, 150, 150, 3), 0),
        Row("rescaling", "Rescaling", (None, 150, 150, 3), 0),
        Row("xception", "Functional", (None, 5, 5, 2048), 20861480),
        Row("global_average_pooling2d", "GlobalAveragePooling2D", (None, 2048), 0),  # wrapped
        Row("dropout", "Dropout", (None, 2048), 0),
        Row("dense", "Dense", (None, 1), 2049),
    )


def test_a_chinese_tutorial_indented_as_markdown_code_with_a_model_and_a_cut_type():
    # Dive-into-DL's .md: four spaces before every line; "global_average_pooling2d_2 (" cut.
    name = "trickygo__dive-into-dl-tensorflow2.0/9-13-kaggle-dog--sequential-2-2.txt"
    summary = parse_summary(_real(name))
    assert summary.rows == (
        Row("resnet50", "Model", (None, 7, 7, 2048), 23587712),
        Row("global_average_pooling2d_2", "…", (None, 2048), 0),
        Row("dense_2", "Dense", (None, 120), 245880),
    )
    assert [row.unshown for row in summary.rows] == [(), ("type",), ()]
    summary = parse_summary(_real("lyhue1991__eat_tensorflow2_in_30_days/1-3--model.txt"))
    assert summary.rows == (
        Row("input_1", "InputLayer", (None, 200), 0),  # printed [(None, 200)]
        Row("embedding", "Embedding", (None, 200, 7), 70000),
        Row("conv_1", "Conv1D", (None, 196, 16), 576),
        Row("pool_1", "MaxPooling1D", (None, 98, 16), 0),
        Row("conv_2", "Conv1D", (None, 97, 128), 4224),
        Row("pool_2", "MaxPooling1D", (None, 48, 128), 0),
        Row("flatten", "Flatten", (None, 6144), 0),
        Row("dense", "Dense", (None, 1), 6145),
    )


def test_a_multiple_shape_is_unknown():
    summary = parse_summary(_real("lyhue1991__eat_tensorflow2_in_30_days/3-3-api--dnn-model.txt"))
    assert summary.rows == (
        Row("dense1", "Dense", None, 12),
        Row("dense2", "Dense", None, 40),
        Row("dense3", "Dense", None, 9),
    )


def test_keras_2_types_cut_at_their_column_end_in_an_ellipsis():
    name = "ageron__handson-ml2/11-training-deep-neural-networks--sequential-4.txt"
    rows = parse_summary(_real(name)).rows
    assert rows[1] == Row("batch_normalization", "BatchNo…", (None, 784), 3136)
    assert rows[3] == Row("batch_normalization_1", "Batch…", (None, 300), 1200)
    assert [bool(row.unshown) for row in rows] == [False, True, False, True, False, True, False]


# tf.keras 2.13: a cell longer than its column goes on over the next lines, mid-word or not.
WRAPPED = """\
Model: "model"
_________________________________________________________________
 Layer (type)                Output Shape              Param #
=================================================================
 input_1 (InputLayer)        [(None, 200)]             0

 token_and_position_embeddin  (None, 200, 32)          12800
 g (TokenAndPositionEmbeddin
 g)

 a_layer_named_with_a_long   (None, 32)                0
 (GlobalAveragePooling1D)

 dense (Dense)               (None, 2)                 66

=================================================================
Total params: 12,866 (50.26 KB)
Trainable params: 12,866 (50.26 KB)
Non-trainable params: 0 (0.00 Byte)
_________________________________________________________________
"""


def test_a_wrapped_keras_2_cell_joins_mid_word_only_where_its_column_was_full():
    assert parse_summary(WRAPPED) == Summary(
        (
            Row("input_1", "InputLayer", (None, 200), 0),
            Row(
                "token_and_position_embedding", "TokenAndPositionEmbedding", (None, 200, 32), 12800
            ),
            Row("a_layer_named_with_a_long", "GlobalAveragePooling1D", (None, 32), 0),
            Row("dense", "Dense", (None, 2), 66),
        ),
        12866,
        12866,
        0,
        "",
        printed=True,
    )
    name = "packtpublishing__deep-learning-with-tensorflow-and-keras-3rd-edition/"
    name += "multiple-linear-regression-using-keras-a--sequential.txt"
    assert parse_summary(_real(name)).rows[0] == Row(
        "normalization", "Normalization", (None, 6), 13
    )  # "normalization (Normalizatio" then "n)"


def test_keras_3_cells_cut_with_an_ellipsis_are_kept_as_printed():
    name = "rstudio__keras3/neural-machine-translation-with-transfor--transformer.txt"
    summary = parse_summary(_real(name))
    assert summary.rows == (
        Row("encoder_inputs", "InputLayer", (None, None), 0, ()),
        Row(
            "positional_embeddi…",
            "PositionalEmbeddi…",
            (None, None, 256),
            3845120,
            ("encoder_inputs",),  # "encoder_inputs[0…": the name is whole
        ),
        Row("not_equal", "NotEqual", (None, None), 0, ("encoder_inputs",)),
        Row("decoder_inputs", "InputLayer", (None, None), 0, ()),
        Row(
            "transformer_encoder",
            "TransformerEncode…",
            (None, None, 256),
            3155456,
            ("positional_embed…", "not_equal"),
        ),
        Row(
            "functional_3",
            "Functional",
            (None, None, 15000),
            12959640,
            ("decoder_inputs", "transformer_enco…", "not_equal"),
        ),
    )
    assert [row.unshown for row in summary.rows] == [
        (),
        ("name", "type"),
        (),
        (),
        ("type", "inputs"),
        ("inputs",),
    ]


def test_a_trainable_column_and_the_optimizer_line():
    summary = parse_summary(_real("rstudio__keras3/transfer-learning--functional-8.txt"))
    assert summary == Summary(
        (
            Row("input_layer_7", "InputLayer", (None, 150, 150, 3), 0),
            Row("rescaling", "Rescaling", (None, 150, 150, 3), 0),
            Row("xception", "Functional", (None, 5, 5, 2048), 20861480),
            Row("global_average_pooling2d_1", "GlobalAveragePooling2D", (None, 2048), 0),
            Row("dropout", "Dropout", (None, 2048), 0),
            Row("dense_8", "Dense", (None, 1), 2049),
        ),
        20867629,
        20809001,
        54528,
        "",
        printed=True,
        optimizer=4100,
    )


def test_rows_that_do_not_add_up_to_the_total_are_read_as_printed():
    name = "google-gemini__gemma-cookbook/gemma-2-agentic-ai--gemma-causal-lm.txt"
    summary = parse_summary(_real(name))
    assert sum(row.params or 0 for row in summary.rows) == 3204165888  # shared embeddings
    assert summary.total == 2614341888


UNBUILT = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ dense (Dense)                   │ ?                      │   0 (unbuilt) │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ ?                      │   0 (unbuilt) │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 0 (0.00 B)
 Trainable params: 0 (0.00 B)
 Non-trainable params: 0 (0.00 B)
"""


def test_keras_3_unbuilt_layers_have_unknown_shapes_and_counts():
    assert parse_summary(UNBUILT).rows == (
        Row("dense", "Dense", None, None),
        Row("dense_1", "Dense", None, None),
    )


def _untidy(text: str) -> str:
    """``text`` as a web page or an editor may give it back: CRLF, tabs for runs of spaces at
    8-column stops, non-breaking spaces, a shared indent, no trailing spaces, blank lines around."""
    lines = []
    for number, line in enumerate(text.rstrip("\n").split("\n")):
        line = "  " + line.rstrip()
        line = (
            re.sub(r"( +)(?=\S)", lambda m: m[1].replace(" ", "\xa0"), line) if number % 2 else line
        )
        tabbed = ""
        for start in range(0, len(line), 8):  # unexpand: a run of spaces up to a stop, a tab
            chunk = line[start : start + 8]
            stripped = chunk.rstrip(" ")
            tabbed += stripped + "\t" if len(chunk) == 8 and len(stripped) < 7 else chunk
        lines.append(tabbed)
    return "\r\n\r\n" + "\r\n".join(lines) + "\r\n \r\n"


@pytest.mark.parametrize(
    "name",
    [
        "ageron__handson-ml3/10-neural-nets-with-keras--model.txt",
        "mrdbourke__tensorflow-deep-learning/05-transfer-learning-in-tensorflow-part--efficientnetv2-b0.txt",
        "fchollet__deep-learning-with-python-notebooks/8-4-generating-images-with-vaes--model.txt",
        "rstudio__keras3/oxford-pets-image-segmentation--functional.txt",
        "rstudio__keras3/transfer-learning--functional-8.txt",
    ],
)
def test_text_copied_from_a_page_or_an_editor_reads_the_same(name):
    text = _real(name)
    assert "\t" in _untidy(text) and "\xa0" in _untidy(text)
    assert parse_summary(_untidy(text)) == parse_summary(text)


@pytest.mark.parametrize("name", ["guide/mnist_model", "guide/toy_resnet", "article/multi_input"])
def test_text_from_a_pages_html_reads_the_same(name):
    text = _text(name)
    console = rich.console.Console(record=True, file=io.StringIO(), width=200)
    console.print(rich.text.Text(text, style="bold"))  # as a notebook's HTML output holds it
    page = console.export_html(inline_styles=True, code_format="<pre>{code}</pre>")
    assert "<span" in page
    assert ("&quot;" in page) == ("Model:" in text)  # Keras 2.2.4 printed no Model: line
    assert parse_summary(page) == parse_summary(text)
    assert parse_summary(re.sub(r"<[^>]+>", "", page)) == parse_summary(text)  # tags removed


def test_new_refusals_name_their_line():
    lines = _real("ageron__handson-ml3/10-neural-nets-with-keras--model.txt").split("\n")
    # A line going on with a row, with no row before it: the second input of "concatenate".
    message = _error("\n".join(lines[:4] + lines[13:]))
    assert message.startswith("line 5: expected a row of the table, found ")
    assert message.endswith("'dense_1[...\" (82 characters)")
    text = _real("rstudio__keras3/transfer-learning--functional-8.txt")
    message = _error(text.replace("(None, 2048) ", "(None, 2O48) ", 1))
    assert message.startswith("line 11: expected an output shape such as (None, 28, 28, 1)")
    message = _error(text.replace(" 20,861,480 ", " 20,8614,80 "))
    assert message.startswith("line 9: expected a parameter count such as 1,290")


# ---------------------------------------------------------------- fuzzing

FUZZED = [
    "ageron__handson-ml3/10-neural-nets-with-keras--model.txt",
    "ageron__handson-ml2/11-training-deep-neural-networks--sequential-4.txt",
    "fchollet__deep-learning-with-python-notebooks/8-4-generating-images-with-vaes--model.txt",
    "jeffheaton__t81_558_deep_learning/t81-558-class-09-2-keras-xfer-cv--model.txt",
    "rstudio__keras3/neural-machine-translation-with-transfor--transformer.txt",
    "rstudio__keras3/transfer-learning--functional-8.txt",
]
JUNK = "_=│┃├┤─┼┏┓━(),[]'…?0123456789 Nonetype\t\xa0\r\n"


def _mangled(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        lines = text.split("\n")
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        what = rng.randrange(6)
        if what == 0:
            del lines[i]
        elif what == 1:
            lines.insert(i, lines[j])
        elif what == 2:
            lines[i], lines[j] = lines[j], lines[i]
        elif what == 3:
            lines = text[: rng.randrange(len(text) + 1)].split("\n")
        elif what == 4:
            chars = list(text)
            for _ in range(rng.randint(1, 5)):
                chars[rng.randrange(len(chars))] = rng.choice(JUNK)
            lines = "".join(chars).split("\n")
        else:
            lines.insert(i, "".join(rng.choice(JUNK) for _ in range(rng.randrange(80))))
        text = "\n".join(lines) or " "
    return text


def test_mangled_summaries_read_or_are_refused_by_line():
    # A parse that loops or backtracks without end would hang the suite here;
    # its speed is measured in benchmarks/bench_parse.py, not here.
    rng = random.Random(20240601)
    outcomes = {"read": 0, "refused": 0}
    for name in FUZZED:
        text = _real(name)
        for _ in range(60):
            mangled = _mangled(text, rng)
            try:
                summary = parse_summary(mangled)
            except SummaryTextError as error:
                assert re.match(r"line \d+: expected .+, found ", str(error)), str(error)
                outcomes["refused"] += 1
            else:
                assert isinstance(summary, Summary)
                outcomes["read"] += 1
    assert sum(outcomes.values()) == 360
    assert outcomes["read"] > 20 and outcomes["refused"] > 200, outcomes
