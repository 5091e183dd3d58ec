"""One builder per model of the Keras guide "The Functional API", in the guide's order.

Built as the article's recipes are (see ``recipes``): keyword arguments only,
each defaulting to the value the guide used; the names the guide gave its
inputs and outputs (``img``, ``title``, ``priority``, ...), and our own names,
by role, for the layers Keras named in the guide (``conv2d_3``); arguments
checked and weights counted before Keras makes a layer; compiled by
``@compiled``. The guide's classifiers end in a Dense layer without
activation, so they output scores (logits) and compile with a loss that
takes logits; class targets are integer labels, as everywhere in this
package, where the guide one-hot encodes its CIFAR-10 labels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from keras_recipes import _arguments
from keras_recipes._arguments import Pair, Tensor, Weights
from keras_recipes._compile import BY_ACTIVATION, Activation, Defaults, compiled
from keras_recipes._keras import keras, layers
from keras_recipes.i18n import N_

Window = int | tuple[int, int]
Blocks = Sequence[Sequence[int]]
_IMAGE = _arguments.IMAGE_SHAPE
_FEATURES = _arguments.FEATURES_SHAPE


def _classes_loss(arguments: Mapping[str, Any]) -> Any:
    if arguments["output_activation"] is None:
        return keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    return BY_ACTIVATION.loss(arguments)


# A classifier that outputs logits, as the guide's do, or probabilities.
_CLASSES = Defaults(
    loss=_classes_loss,
    metrics=lambda arguments: ["accuracy"],
    loss_text=(
        "sparse categorical cross-entropy on the logits\n"
        "            (``from_logits=True``) without ``output_activation``, else one\n"
        "            suited to it"
    ),
    metrics_text="accuracy",
)


@compiled(defaults=_CLASSES)
def build_mnist_model(
    weights: Weights,
    *,
    input_shape: Sequence[int] = (784,),
    hidden_units: Sequence[int] = (64, 64),
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = None,
) -> keras.Model:
    """The guide's first model ("Introduction"): two Dense layers of 64 on a flattened digit.

    The guide's output layer has no activation: it gives a score (logit) per
    class, which the loss turns into probabilities.

    Args:
        input_shape: length of the flattened image, as a 1-tuple.
        hidden_units: width of each hidden layer, ``hidden1``, ``hidden2``, ...
        num_classes: width of the output layer.
        hidden_activation: activation of every hidden layer.
        output_activation: None for scores (logits), as in the guide.

    Returns:
        A compiled functional ``keras.Model`` named ``mnist_model``.
    """
    name = weights.builder
    shape = _arguments.input_shape(name, "input_shape", input_shape, 1, _arguments.PIXELS_SHAPE)
    widths = _arguments.positive_ints(name, "hidden_units", hidden_units)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    x = weights.input("input_shape", shape)
    for width in widths:
        x = weights.dense(x, "hidden_units", width)
    weights.dense(x, "num_classes", num_classes)
    weights.check()

    inputs = keras.Input(shape=shape, name="input")
    x = inputs
    for i, width in enumerate(widths, start=1):
        x = layers.Dense(width, activation=hidden_activation, name=f"hidden{i}")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    return keras.Model(inputs=inputs, outputs=outputs, name="mnist_model")


# An encoder alone is not trained in the guide; mean squared error lets it compile.
_CODE = Defaults(
    loss=lambda arguments: "mean_squared_error",
    metrics=lambda arguments: [],
    loss_text="mean squared error",
    metrics_text="none",
)


@compiled(defaults=_CODE)
def build_encoder(
    weights: Weights,
    *,
    input_shape: Sequence[int] = (28, 28, 1),
    input_name: str = "img",
    filters: Blocks = ((16, 32), (32, 16)),
    kernel_size: Window = 3,
    pool_size: Window = 3,
    hidden_activation: Activation = "relu",
) -> keras.Model:
    """The guide's encoder: convolutions and pooling turn a digit into 16 numbers.

    The convolutions ``conv1``, ``conv2``, ... come in blocks, a max pooling
    (``pool1``, ...) between two blocks; ``global_pool`` keeps the largest
    value of each channel of the last one: the code. The guide builds it
    twice, its input named ``img``, then ``original_img`` to call it as a
    layer of the nested autoencoder.

    Args:
        input_shape: (height, width, channels) of one image.
        input_name: the name of the input layer.
        filters: the filters of each convolution, block by block.
        kernel_size: kernel of every convolution, an int or (height, width).
        pool_size: window of every max pooling, an int or (height, width).
        hidden_activation: activation of the convolutions.

    Returns:
        A compiled functional ``keras.Model`` named ``encoder``, whose output
        holds one number per filter of the last convolution.
    """
    name = weights.builder
    shape = _arguments.input_shape(name, "input_shape", input_shape, 3, _IMAGE)
    input_name = _arguments.layer_name(name, "input_name", input_name)
    encode = _encoder(name, "filters", filters, kernel_size, pool_size, hidden_activation)
    encode.count(weights, weights.input("input_shape", shape))
    weights.check()

    inputs = keras.Input(shape=shape, name=input_name)
    return keras.Model(inputs, encode(inputs), name="encoder")


@compiled
def build_autoencoder(
    weights: Weights,
    *,
    input_shape: Sequence[int] = (28, 28, 1),
    encoder_filters: Blocks = ((16, 32), (32, 16)),
    decoder_filters: Blocks = ((16, 32), (16,)),
    map_shape: Sequence[int] = (4, 4, 1),
    kernel_size: Window = 3,
    pool_size: Window = 3,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "relu",
    nested: bool = False,
) -> keras.Model:
    """The guide's autoencoder: a digit to a code of 16 numbers, and back to a digit.

    The encoder's layers (see ``build_encoder``) and the decoder's (see
    ``build_decoder``), the decoder mirroring the encoder: an UpSampling2D by
    ``pool_size`` where the encoder pools, a transposed convolution where it
    convolves, and an output of the input's channels. With ``nested=False``
    every layer belongs to one graph, the encoder's reusable as a model of
    its own (section "Use the same graph of layers to define multiple
    models"); with ``nested=True`` the encoder and the decoder are two models,
    ``encoder`` and ``decoder``, each called as one layer (section "All
    models are callable, just like layers").

    Args:
        input_shape: (height, width, channels) of one image.
        encoder_filters: the filters of the encoder's convolutions, block by block.
        decoder_filters: the filters of the decoder's transposed convolutions
            before its output, block by block.
        map_shape: the (height, width, channels) the code is reshaped to; it
            holds as many numbers as the encoder's last block has filters.
        kernel_size: kernel of every convolution, an int or (height, width).
        pool_size: window of the encoder's poolings and the decoder's upsamplings.
        hidden_activation: activation of every convolution but the last.
        output_activation: activation of the last transposed convolution.
        nested: True builds the encoder and the decoder as models of their own.

    Returns:
        A compiled functional ``keras.Model`` named ``autoencoder``.
    """
    name = weights.builder
    shape = _arguments.input_shape(name, "input_shape", input_shape, 3, _IMAGE)
    encode = _encoder(
        name, "encoder_filters", encoder_filters, kernel_size, pool_size, hidden_activation
    )
    decode = _decoder(
        name,
        "decoder_filters",
        decoder_filters,
        map_shape,
        ("input_shape", shape[-1]),
        kernel_size,
        ("pool_size", pool_size),
        hidden_activation,
        output_activation,
    )
    nested = _arguments.flag(name, "nested", nested)
    code = encode.count(weights, weights.input("input_shape", shape))
    _arguments.holds(name, "map_shape", decode.map_shape, code.features.length)
    decode.count(weights, code)
    weights.check()

    if not nested:
        inputs = keras.Input(shape=shape, name="img")
        return keras.Model(inputs, decode(encode(inputs)), name="autoencoder")
    original = keras.Input(shape=shape, name="original_img")
    encoder = keras.Model(original, encode(original), name="encoder")
    encoded = keras.Input(shape=encoder.output.shape[1:], name="encoded_img")
    decoder = keras.Model(encoded, decode(encoded), name="decoder")
    inputs = keras.Input(shape=shape, name="img")
    return keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")


@compiled
def build_decoder(
    weights: Weights,
    *,
    input_shape: Sequence[int] = (16,),
    input_name: str = "encoded_img",
    map_shape: Sequence[int] = (4, 4, 1),
    filters: Blocks = ((16, 32), (16,)),
    channels: int = 1,
    kernel_size: Window = 3,
    upsampling: Window = 3,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "relu",
) -> keras.Model:
    """The guide's decoder: a code of 16 numbers back to a 28x28 image.

    ``reshape`` lays the code out as a small map; transposed convolutions
    (``deconv1``, ...), each growing the map by its kernel less one, come in
    blocks, an UpSampling2D (``upsample1``, ...) between two blocks; the
    transposed convolution ``output`` gives the image's channels.

    Args:
        input_shape: the code's length, as a 1-tuple.
        input_name: the name of the input layer.
        map_shape: the (height, width, channels) the code is reshaped to; it
            holds as many numbers as the code.
        filters: the filters of each transposed convolution before the
            output, block by block.
        channels: channels of the image made (the output's filters).
        kernel_size: kernel of every transposed convolution, an int or (height, width).
        upsampling: how many times each upsampling repeats a cell, along each side.
        hidden_activation: activation of every transposed convolution but the output.
        output_activation: activation of the output.

    Returns:
        A compiled functional ``keras.Model`` named ``decoder``.
    """
    name = weights.builder
    shape = _arguments.input_shape(name, "input_shape", input_shape, 1, _FEATURES)
    input_name = _arguments.layer_name(name, "input_name", input_name)
    channels = _arguments.positive_int(name, "channels", channels)
    decode = _decoder(
        name,
        "filters",
        filters,
        map_shape,
        ("channels", channels),
        kernel_size,
        ("upsampling", upsampling),
        hidden_activation,
        output_activation,
    )
    _arguments.holds(name, "map_shape", decode.map_shape, shape[0])
    decode.count(weights, weights.input("input_shape", shape))
    weights.check()

    inputs = keras.Input(shape=shape, name=input_name)
    return keras.Model(inputs, decode(inputs), name="decoder")


# ---------------------------------------------------------------- the autoencoder's halves


@dataclass(frozen=True)
class _Encoder:
    """The encoder's layers: convolutions in blocks, pooled between blocks, then globally."""

    filters_argument: str
    filters: tuple[tuple[int, ...], ...]
    kernel: Pair
    pool: Pair
    activation: Activation

    def count(self, weights: Weights, x: Tensor) -> Tensor:
        conv = 0
        for b, block in enumerate(self.filters, start=1):
            if b > 1:
                x = weights.pool(x, "pool_size", self.pool, f"pool{b - 1}")
            for count in block:
                conv += 1
                x = weights.conv(
                    x, self.filters_argument, count, "kernel_size", self.kernel, f"conv{conv}"
                )
        return weights.global_pool(x)

    def __call__(self, x: Any) -> Any:
        conv = 0
        for b, block in enumerate(self.filters, start=1):
            if b > 1:
                x = layers.MaxPooling2D(self.pool, name=f"pool{b - 1}")(x)
            for count in block:
                conv += 1
                x = layers.Conv2D(
                    count, self.kernel, activation=self.activation, name=f"conv{conv}"
                )(x)
        return layers.GlobalMaxPooling2D(name="global_pool")(x)


def _encoder(
    builder: str,
    filters_argument: str,
    filters: Any,
    kernel_size: Any,
    pool_size: Any,
    activation: Any,
) -> _Encoder:
    return _Encoder(
        filters_argument,
        _arguments.blocks(builder, filters_argument, filters),
        _arguments.window(builder, "kernel_size", kernel_size),
        _arguments.window(builder, "pool_size", pool_size),
        _arguments.activation(builder, "hidden_activation", activation),
    )


@dataclass(frozen=True)
class _Decoder:
    """The decoder's layers: a reshape, transposed convolutions in blocks, upsampled between."""

    filters_argument: str
    filters: tuple[tuple[int, ...], ...]
    map_shape: tuple[int, int, int]
    channels_argument: str
    channels: int
    kernel: Pair
    size: Pair
    hidden_activation: Activation
    output_activation: Activation

    def count(self, weights: Weights, x: Tensor) -> Tensor:
        x = weights.reshape(x, "map_shape", self.map_shape)
        for b, block in enumerate(self.filters, start=1):
            if b > 1:
                x = weights.upsample(x, self.size)
            for count in block:
                x = weights.conv_transpose(
                    x, self.filters_argument, count, "kernel_size", self.kernel
                )
        return weights.conv_transpose(
            x, self.channels_argument, self.channels, "kernel_size", self.kernel
        )

    def __call__(self, x: Any) -> Any:
        x = layers.Reshape(self.map_shape, name="reshape")(x)
        deconv = 0
        for b, block in enumerate(self.filters, start=1):
            if b > 1:
                x = layers.UpSampling2D(self.size, name=f"upsample{b - 1}")(x)
            for count in block:
                deconv += 1
                x = layers.Conv2DTranspose(
                    count, self.kernel, activation=self.hidden_activation, name=f"deconv{deconv}"
                )(x)
        return layers.Conv2DTranspose(
            self.channels, self.kernel, activation=self.output_activation, name="output"
        )(x)


def _decoder(
    builder: str,
    filters_argument: str,
    filters: Any,
    map_shape: Any,
    channels: tuple[str, int],
    kernel_size: Any,
    size: tuple[str, Any],
    hidden_activation: Any,
    output_activation: Any,
) -> _Decoder:
    shape = _arguments.input_shape(builder, "map_shape", map_shape, 3, _IMAGE)
    return _Decoder(
        filters_argument,
        _arguments.blocks(builder, filters_argument, filters),
        (shape[0], shape[1], shape[2]),
        channels[0],
        channels[1],
        _arguments.window(builder, "kernel_size", kernel_size),
        _arguments.window(builder, size[0], size[1]),
        _arguments.activation(builder, "hidden_activation", hidden_activation),
        _arguments.activation(builder, "output_activation", output_activation),
    )


# ---------------------------------------------------------------- models as layers, names


_ENSEMBLE_MEMBERS = N_(
    "{builder}(): {argument}={value} is not usable: an ensemble averages at least {least} models"
)


@compiled
def build_ensemble(
    weights: Weights,
    *,
    input_shape: Sequence[int] = (128,),
    members: int = 3,
    units: int = 1,
    output_activation: Activation = None,
) -> keras.Model:
    """The guide's ensemble: several models called on one input, their outputs averaged.

    Each member, ``model1``, ``model2``, ..., is a model of its own (one Dense
    layer), called like a layer; ``average`` takes the mean of their outputs.
    The guide prints no summary of it; its figures are derived here.

    Args:
        input_shape: features per sample, as a 1-tuple.
        members: how many models are averaged; at least 2.
        units: width of each member's Dense layer.
        output_activation: activation of each member's Dense layer.

    Returns:
        A compiled functional ``keras.Model`` named ``ensemble``.
    """
    name = weights.builder
    shape = _arguments.input_shape(name, "input_shape", input_shape, 1, _FEATURES)
    members = _arguments.at_least(name, "members", members, 2, _ENSEMBLE_MEMBERS)
    units = _arguments.positive_int(name, "units", units)
    _arguments.activation(name, "output_activation", output_activation)
    x = weights.input("input_shape", shape)
    for _ in range(members):
        weights.dense(x, "units", units)
    weights.check()

    def member(i: int) -> keras.Model:
        inputs = keras.Input(shape=shape, name="input")
        outputs = layers.Dense(units, activation=output_activation, name="output")(inputs)
        return keras.Model(inputs, outputs, name=f"model{i}")

    inputs = keras.Input(shape=shape, name="input")
    predictions = [member(i)(inputs) for i in range(1, members + 1)]
    outputs = layers.Average(name="average")(predictions)
    return keras.Model(inputs, outputs, name="ensemble")


def _ticket_losses(arguments: Mapping[str, Any]) -> Any:
    # Both heads give scores (logits); a department is one integer label.
    return {
        "priority": keras.losses.BinaryCrossentropy(from_logits=True),
        "department": keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    }


_TICKETS = Defaults(
    loss=_ticket_losses,
    metrics=lambda arguments: {"priority": [], "department": ["accuracy"]},
    loss_text=(
        "one per output, by name: binary cross-entropy on the\n"
        "            logits for ``priority``, sparse categorical cross-entropy on the\n"
        "            logits for ``department``"
    ),
    metrics_text="accuracy for ``department``",
)


@compiled(defaults=_TICKETS)
def build_ticket_classifier(
    weights: Weights,
    *,
    num_words: int = 10000,
    num_tags: int = 12,
    num_departments: int = 4,
    embedding_dim: int = 64,
    title_units: int = 128,
    body_units: int = 32,
) -> keras.Model:
    """The guide's ticket classifier: three inputs and two outputs, each by name.

    A ticket's ``title`` and ``body`` are word indices, any number of them;
    each has an Embedding of its own and an LSTM reading the embedded words
    (``title_embedding``, ``title_lstm``, ...). ``merge`` joins what the
    LSTMs read with the ticket's ``tags``, and two Dense heads predict its
    ``priority`` (one score) and its ``department`` (a score per department),
    both as logits. The outputs are given by name (a dict), so losses,
    metrics and targets may be given by name too. The guide prints no summary
    of it; its figures are derived here.

    Args:
        num_words: the vocabulary: word indices run from 0 to ``num_words - 1``.
        num_tags: how many tags a ticket may carry (``tags`` holds 0 or 1 for each).
        num_departments: width of the ``department`` output.
        embedding_dim: numbers per embedded word.
        title_units: units of the LSTM reading the title.
        body_units: units of the LSTM reading the body.

    Returns:
        A compiled functional ``keras.Model`` named ``ticket_classifier``, with
        inputs ``title``, ``body`` and ``tags`` and outputs ``priority`` and
        ``department``.
    """
    name = weights.builder
    num_words = _arguments.positive_int(name, "num_words", num_words)
    num_tags = _arguments.positive_int(name, "num_tags", num_tags)
    num_departments = _arguments.positive_int(name, "num_departments", num_departments)
    embedding_dim = _arguments.positive_int(name, "embedding_dim", embedding_dim)
    title_units = _arguments.positive_int(name, "title_units", title_units)
    body_units = _arguments.positive_int(name, "body_units", body_units)
    read = [
        weights.lstm(
            weights.embedding("num_words", num_words, "embedding_dim", embedding_dim),
            argument,
            units,
        )
        for argument, units in (("title_units", title_units), ("body_units", body_units))
    ]
    merged = weights.concatenate(*read, weights.input("num_tags", (num_tags,)))
    weights.dense(merged, "num_departments", 1)
    weights.dense(merged, "num_departments", num_departments)
    weights.check()

    title = keras.Input(shape=(None,), dtype="int32", name="title")
    body = keras.Input(shape=(None,), dtype="int32", name="body")
    tags = keras.Input(shape=(num_tags,), name="tags")
    title_features = layers.LSTM(title_units, name="title_lstm")(
        layers.Embedding(num_words, embedding_dim, name="title_embedding")(title)
    )
    body_features = layers.LSTM(body_units, name="body_lstm")(
        layers.Embedding(num_words, embedding_dim, name="body_embedding")(body)
    )
    x = layers.Concatenate(name="merge")([title_features, body_features, tags])
    outputs = {
        "priority": layers.Dense(1, name="priority")(x),
        "department": layers.Dense(num_departments, name="department")(x),
    }
    return keras.Model(inputs=[title, body, tags], outputs=outputs, name="ticket_classifier")


# ---------------------------------------------------------------- a residual connection


@compiled(defaults=_CLASSES)
def build_toy_resnet(
    weights: Weights,
    *,
    input_shape: Sequence[int] = (32, 32, 3),
    filters: Sequence[int] = (32, 64),
    kernel_size: Window = 3,
    pool_size: Window = 3,
    blocks: int = 2,
    hidden_units: int = 256,
    dropout_rate: float = 0.5,
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = None,
) -> keras.Model:
    """The guide's toy ResNet: blocks whose output is their input added to what they make.

    Block 1 is convolutions (``block1_conv1``, ...) and a max pooling
    ``block1_pool``. Each further block (``block2``, ...) is two convolutions
    with same padding, which keep the map's size and channels, so that
    ``blockN_add`` can add the block's input to their output: the residual
    connection. Then ``top_conv``, ``avg_pool`` (the mean of each channel),
    ``hidden``, ``dropout`` and ``output``, scores (logits) of the classes.

    Args:
        input_shape: (height, width, channels) of one image.
        filters: filters of each convolution of block 1; the last of them is
            also every later convolution's, to keep the channels the additions need.
        kernel_size: kernel of every convolution, an int or (height, width).
        pool_size: window of ``block1_pool``, an int or (height, width).
        blocks: how many residual blocks follow block 1.
        hidden_units: width of the Dense layer ``hidden``.
        dropout_rate: fraction of ``hidden``'s outputs dropped while training.
        num_classes: width of the output layer.
        hidden_activation: activation of the convolutions and ``hidden``.
        output_activation: None for scores (logits), as in the guide.

    Returns:
        A compiled functional ``keras.Model`` named ``toy_resnet``.
    """
    name = weights.builder
    shape = _arguments.input_shape(name, "input_shape", input_shape, 3, _IMAGE)
    counts = _arguments.positive_ints(name, "filters", filters)
    kernel = _arguments.window(name, "kernel_size", kernel_size)
    pool = _arguments.window(name, "pool_size", pool_size)
    blocks = _arguments.positive_int(name, "blocks", blocks)
    hidden_units = _arguments.positive_int(name, "hidden_units", hidden_units)
    dropout_rate = _arguments.rate(name, "dropout_rate", dropout_rate)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    width = counts[-1]
    x = weights.input("input_shape", shape)
    for i, count in enumerate(counts, start=1):
        x = weights.conv(x, "filters", count, "kernel_size", kernel, f"block1_conv{i}")
    x = weights.pool(x, "pool_size", pool, "block1_pool")
    for b in range(2, blocks + 2):
        for i in (1, 2):
            x = weights.conv(
                x, "filters", width, "kernel_size", kernel, f"block{b}_conv{i}", "same"
            )
    x = weights.conv(x, "filters", width, "kernel_size", kernel, "top_conv")
    x = weights.dense(weights.global_pool(x), "hidden_units", hidden_units)
    weights.dense(x, "num_classes", num_classes)
    weights.check()

    def conv(count: int, name: str, padding: str = "valid") -> layers.Layer:
        return layers.Conv2D(
            count, kernel, activation=hidden_activation, padding=padding, name=name
        )

    inputs = keras.Input(shape=shape, name="img")
    x = inputs
    for i, count in enumerate(counts, start=1):
        x = conv(count, f"block1_conv{i}")(x)
    x = layers.MaxPooling2D(pool, name="block1_pool")(x)
    for b in range(2, blocks + 2):
        residual = x
        x = conv(width, f"block{b}_conv1", "same")(x)
        x = conv(width, f"block{b}_conv2", "same")(x)
        x = layers.Add(name=f"block{b}_add")([x, residual])
    x = conv(width, "top_conv")(x)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    x = layers.Dense(hidden_units, activation=hidden_activation, name="hidden")(x)
    x = layers.Dropout(dropout_rate, name="dropout")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    return keras.Model(inputs, outputs, name="toy_resnet")
