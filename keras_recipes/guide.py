"""The Keras guide's printed model summaries, kept as plain data.

The second source document: "The Functional API", the guide on keras.io
(keras-team/keras-io, ``guides/functional_api.py``), whose summaries were
printed by Keras 3. Every figure here was transcribed from those printed
tables (see ``shared/keras-guide/printed-summaries.md`` beside the
repository), rows in the printed order. Where the guide prints no "Connected
to" column, its model is a chain of layers, each reading the one above it,
and the rows carry no connections, as for the article.

Two models the guide builds but never summarises -- its ensemble and its
ticket classifier -- have figures derived here by hand from the layer
arithmetic; the tests hold them to what Keras 3 builds. Their names are ours
(the inputs and outputs the guide named keep its names), so they are marked
``exact_names=True``.

Importing this module imports no TensorFlow: the CLI lists recipes without it.
"""

from __future__ import annotations

from keras_recipes.i18n import N_
from keras_recipes.summary import Row, Summary

# The guide's section headings, as it prints them: what a reader searches for.
INTRODUCTION = "Introduction"
SAME_GRAPH = "Use the same graph of layers to define multiple models"
CALLABLE = "All models are callable, just like layers"
MULTIPLE_INPUTS_OUTPUTS = "Models with multiple inputs and outputs"
A_TOY_RESNET = "A toy ResNet model"
SECTIONS = (INTRODUCTION, SAME_GRAPH, CALLABLE, MULTIPLE_INPUTS_OUTPUTS, A_TOY_RESNET)


def _as_printed(source: str, total: int, rows: tuple[Row, ...]) -> Summary:
    """A summary as the guide printed it: every weight in it trainable.

    ``source`` is written out whole for the message catalogue (the check
    report's first line shows it translated).
    """
    return Summary(rows, total=total, trainable=total, non_trainable=0, source=source, printed=True)


# "Introduction": three Dense layers on a flattened 28x28 digit. Every name
# is one Keras made up.
MNIST_MODEL = _as_printed(
    N_('guide section "Introduction", printed by Keras 3'),
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
ENCODER = _as_printed(
    N_(
        'guide section "Use the same graph of layers to define multiple models", printed by Keras 3'
    ),
    total=18672,
    rows=_ENCODER_ROWS,
)

# The same section: the whole graph, encoder and decoder layers in one model.
AUTOENCODER = _as_printed(
    N_(
        'guide section "Use the same graph of layers to define multiple models", printed by Keras 3'
    ),
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
ENCODER_TO_NEST = _as_printed(
    N_('guide section "All models are callable, just like layers", printed by Keras 3'),
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
DECODER = _as_printed(
    N_('guide section "All models are callable, just like layers", printed by Keras 3'),
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
AUTOENCODER_NESTED = _as_printed(
    N_('guide section "All models are callable, just like layers", printed by Keras 3'),
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
    source=N_(
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
    source=N_(
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
TOY_RESNET = _as_printed(
    N_('guide section "A toy ResNet model", printed by Keras 3'),
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
