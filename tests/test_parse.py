"""The documents' summaries read from their printed text (``keras_recipes/printed/``), and the
parser's refusals.

The expected tables below are the figures once typed into ``article.py`` and ``guide.py`` by
hand from the documents (the article's tables printed by Keras 2.2.4, the guide's by Keras 3);
each text file must parse to exactly these, metadata included.
"""

import dataclasses
from pathlib import Path

import pytest

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
        summary, source="", printed=False, keras_version=None, exact_names=False
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
