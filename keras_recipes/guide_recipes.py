"""One builder per model of the Keras guide "The Functional API", in the guide's order.

Built as the article's recipes are (see ``recipes``): the guide's code for
Keras 3, every number it uses a keyword argument defaulting to it, then one
``compile``. The layers the guide names keep its names (``img``, ``title``,
``priority``, ...); the ones Keras named are named here by role
(``conv2d_3`` is ``conv3``). The guide's classifiers end in a Dense layer
without activation: they output scores (logits) and compile with a loss that
takes logits, on integer labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from keras_recipes._build import (
    FEATURES,
    IMAGE,
    Activation,
    builder,
    by_activation,
    check_count,
    check_head,
    check_rank,
    compile_model,
)
from keras_recipes._keras import keras, layers

Window = int | tuple[int, int]
Blocks = Sequence[Sequence[int]]


@builder
def build_mnist_model(
    *,
    input_shape: Sequence[int] = (784,),
    hidden_units: Sequence[int] = (64, 64),
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = None,
    **compile_options: Any,
) -> keras.Model:
    """The guide's first model ("Introduction"): two Dense layers of 64 on a flattened digit.

    The article's MLP (``build_mlp``) with the guide's widths: the guide's output
    layer has no activation, so it gives a score (logit) per class, which the
    loss turns into probabilities.

    Args:
        input_shape: length of the flattened image, as a 1-tuple.
        hidden_units: width of each hidden layer, ``hidden1``, ``hidden2``, ...
        num_classes: width of the output layer.
        hidden_activation: activation of every hidden layer.
        output_activation: None for scores (logits), as in the guide.
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled functional ``keras.Model`` named ``mnist_model``.
    """
    check_rank("input_shape", input_shape, 1, FEATURES)
    check_head(num_classes, output_activation)
    inputs = keras.Input(shape=input_shape, name="input")
    x = inputs
    for i, units in enumerate(hidden_units, start=1):
        x = layers.Dense(units, activation=hidden_activation, name=f"hidden{i}")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    model = keras.Model(inputs=inputs, outputs=outputs, name="mnist_model")
    return compile_model(model, compile_options, **by_activation(output_activation, True))


def _encode(
    x: Any, filters: Blocks, kernel_size: Window, pool_size: Window, activation: Any
) -> Any:
    """The encoder's layers on ``x``: convolutions ``conv1``, ``conv2``, ... in blocks, a max
    pooling (``pool1``, ...) between two blocks, then ``global_pool``: the code."""
    conv = 0
    for b, block in enumerate(filters, start=1):
        if b > 1:
            x = layers.MaxPooling2D(pool_size, name=f"pool{b - 1}")(x)
        for count in block:
            conv += 1
            x = layers.Conv2D(count, kernel_size, activation=activation, name=f"conv{conv}")(x)
    return layers.GlobalMaxPooling2D(name="global_pool")(x)


def _decode(
    x: Any,
    map_shape: Sequence[int],
    filters: Blocks,
    channels: int,
    kernel_size: Window,
    upsampling: Window,
    hidden_activation: Any,
    output_activation: Any,
) -> Any:
    """The decoder's layers on ``x``: ``reshape`` to a small map, transposed convolutions
    ``deconv1``, ... in blocks, an upsampling (``upsample1``, ...) between two blocks, then the
    transposed convolution ``output`` with the image's channels."""
    x = layers.Reshape(tuple(map_shape), name="reshape")(x)
    deconv = 0
    for b, block in enumerate(filters, start=1):
        if b > 1:
            x = layers.UpSampling2D(upsampling, name=f"upsample{b - 1}")(x)
        for count in block:
            deconv += 1
            x = layers.Conv2DTranspose(
                count, kernel_size, activation=hidden_activation, name=f"deconv{deconv}"
            )(x)
    return layers.Conv2DTranspose(
        channels, kernel_size, activation=output_activation, name="output"
    )(x)


@builder
def build_encoder(
    *,
    input_shape: Sequence[int] = (28, 28, 1),
    input_name: str = "img",
    filters: Blocks = ((16, 32), (32, 16)),
    kernel_size: Window = 3,
    pool_size: Window = 3,
    hidden_activation: Activation = "relu",
    **compile_options: Any,
) -> keras.Model:
    """The guide's encoder: convolutions and pooling turn a digit into 16 numbers.

    The convolutions ``conv1``, ``conv2``, ... come in blocks, a max pooling
    (``pool1``, ...) between two blocks; ``global_pool`` keeps the largest value
    of each channel of the last one: the code. The guide builds it twice, its
    input named ``img``, then ``original_img`` to call it as a layer of the
    nested autoencoder.

    Args:
        input_shape: (height, width, channels) of one image.
        input_name: the name of the input layer.
        filters: the filters of each convolution, block by block.
        kernel_size: kernel of every convolution, an int or (height, width).
        pool_size: window of every max pooling, an int or (height, width).
        hidden_activation: activation of the convolutions.
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled functional ``keras.Model`` named ``encoder``, whose output
        holds one number per filter of the last convolution.
    """
    check_rank("input_shape", input_shape, 3, IMAGE)
    encoder_input = keras.Input(shape=input_shape, name=input_name)
    encoder_output = _encode(encoder_input, filters, kernel_size, pool_size, hidden_activation)
    encoder = keras.Model(encoder_input, encoder_output, name="encoder")
    # Not trained alone in the guide: mean squared error lets it compile.
    return compile_model(encoder, compile_options, **by_activation(None))


@builder
def build_autoencoder(
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
    **compile_options: Any,
) -> keras.Model:
    """The guide's autoencoder: a digit to a code of 16 numbers, and back to a digit.

    The encoder's layers (see ``build_encoder``), then the decoder's (see
    ``build_decoder``), the decoder mirroring the encoder: an UpSampling2D by
    ``pool_size`` where the encoder pools, a transposed convolution where it
    convolves, and an output of the input's channels. With ``nested=False``
    every layer belongs to one graph, whose encoder half is a model of its own
    too (section "Use the same graph of layers to define multiple models");
    with ``nested=True`` the encoder and the decoder are two models,
    ``encoder`` and ``decoder``, each called as one layer (section "All models
    are callable, just like layers").

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
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled functional ``keras.Model`` named ``autoencoder``.
    """
    check_rank("input_shape", input_shape, 3, IMAGE)
    # The decoder mirrors the encoder: an upsampling where it pools, back to the input's channels.
    encoding = (encoder_filters, kernel_size, pool_size, hidden_activation)
    decoding = (map_shape, decoder_filters, input_shape[-1], kernel_size, pool_size)
    activations = (hidden_activation, output_activation)
    if not nested:
        encoder_input = keras.Input(shape=input_shape, name="img")
        encoder_output = _encode(encoder_input, *encoding)
        decoder_output = _decode(encoder_output, *decoding, *activations)
        autoencoder = keras.Model(encoder_input, decoder_output, name="autoencoder")
    else:
        original_img = keras.Input(shape=input_shape, name="original_img")
        encoder = keras.Model(original_img, _encode(original_img, *encoding), name="encoder")
        encoded_img = keras.Input(shape=encoder.output.shape[1:], name="encoded_img")
        decoder = keras.Model(
            encoded_img, _decode(encoded_img, *decoding, *activations), name="decoder"
        )
        autoencoder_input = keras.Input(shape=input_shape, name="img")
        encoded = encoder(autoencoder_input)
        autoencoder = keras.Model(autoencoder_input, decoder(encoded), name="autoencoder")
    return compile_model(autoencoder, compile_options, **by_activation(output_activation))


@builder
def build_decoder(
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
    **compile_options: Any,
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
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled functional ``keras.Model`` named ``decoder``.
    """
    check_rank("input_shape", input_shape, 1, FEATURES)
    decoder_input = keras.Input(shape=input_shape, name=input_name)
    decoder_output = _decode(
        decoder_input,
        map_shape,
        filters,
        channels,
        kernel_size,
        upsampling,
        hidden_activation,
        output_activation,
    )
    decoder = keras.Model(decoder_input, decoder_output, name="decoder")
    return compile_model(decoder, compile_options, **by_activation(None))


@builder
def build_ensemble(
    *,
    input_shape: Sequence[int] = (128,),
    members: int = 3,
    units: int = 1,
    output_activation: Activation = None,
    **compile_options: Any,
) -> keras.Model:
    """The guide's ensemble: several models called on one input, their outputs averaged.

    Each member, ``model1``, ``model2``, ..., is a model of its own (one Dense
    layer), called like a layer; ``average`` takes the mean of their outputs.
    The guide prints no summary of it; its figures are derived here.

    Args:
        input_shape: features per sample, as a 1-tuple.
        members: how many models are averaged, 2 to 100.
        units: width of each member's Dense layer.
        output_activation: activation of each member's Dense layer.
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled functional ``keras.Model`` named ``ensemble``.
    """
    check_rank("input_shape", input_shape, 1, FEATURES)
    check_count("members", members, 2, 100)  # Average takes two models or more

    def get_model(i: int) -> keras.Model:
        inputs = keras.Input(shape=input_shape, name="input")
        outputs = layers.Dense(units, activation=output_activation, name="output")(inputs)
        return keras.Model(inputs, outputs, name=f"model{i}")

    inputs = keras.Input(shape=input_shape, name="input")
    y = [get_model(i)(inputs) for i in range(1, members + 1)]
    outputs = layers.Average(name="average")(y)
    ensemble = keras.Model(inputs=inputs, outputs=outputs, name="ensemble")
    return compile_model(ensemble, compile_options, **by_activation(output_activation))


@builder
def build_ticket_classifier(
    *,
    num_words: int = 10000,
    num_tags: int = 12,
    num_departments: int = 4,
    embedding_dim: int = 64,
    title_units: int = 128,
    body_units: int = 32,
    **compile_options: Any,
) -> keras.Model:
    """The guide's ticket classifier: three inputs and two outputs, each by name.

    A ticket's ``title`` and ``body`` are word indices, any number of them;
    each has an Embedding of its own and an LSTM reading the embedded words
    (``title_embedding``, ``title_lstm``, ...). ``merge`` joins what the LSTMs
    read with the ticket's ``tags``, and two Dense heads predict its
    ``priority`` (one score) and its ``department`` (a score per department),
    both as logits. The outputs are given by name (a dict), so losses, metrics
    and targets may be given by name too. The guide prints no summary of it;
    its figures are derived here.

    Args:
        num_words: the vocabulary: word indices run from 0 to ``num_words - 1``.
        num_tags: how many tags a ticket may carry (``tags`` holds 0 or 1 for each).
        num_departments: width of the ``department`` output.
        embedding_dim: numbers per embedded word.
        title_units: units of the LSTM reading the title.
        body_units: units of the LSTM reading the body.
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled functional ``keras.Model`` named ``ticket_classifier``, with
        inputs ``title``, ``body`` and ``tags`` and outputs ``priority`` and
        ``department``.
    """
    title_input = keras.Input(shape=(None,), dtype="int32", name="title")
    body_input = keras.Input(shape=(None,), dtype="int32", name="body")
    tags_input = keras.Input(shape=(num_tags,), name="tags")
    title_features = layers.Embedding(num_words, embedding_dim, name="title_embedding")(title_input)
    body_features = layers.Embedding(num_words, embedding_dim, name="body_embedding")(body_input)
    title_features = layers.LSTM(title_units, name="title_lstm")(title_features)
    body_features = layers.LSTM(body_units, name="body_lstm")(body_features)
    x = layers.Concatenate(name="merge")([title_features, body_features, tags_input])
    priority_pred = layers.Dense(1, name="priority")(x)
    department_pred = layers.Dense(num_departments, name="department")(x)
    model = keras.Model(
        inputs=[title_input, body_input, tags_input],
        outputs={"priority": priority_pred, "department": department_pred},
        name="ticket_classifier",
    )
    # Both heads give scores (logits); a department is one integer label.
    return compile_model(
        model,
        compile_options,
        loss={
            "priority": keras.losses.BinaryCrossentropy(from_logits=True),
            "department": keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        },
        metrics={"priority": [], "department": ["accuracy"]},
    )


@builder
def build_toy_resnet(
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
    **compile_options: Any,
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
        blocks: how many residual blocks follow block 1, 0 to 100.
        hidden_units: width of the Dense layer ``hidden``.
        dropout_rate: fraction of ``hidden``'s outputs dropped while training.
        num_classes: width of the output layer.
        hidden_activation: activation of the convolutions and ``hidden``.
        output_activation: None for scores (logits), as in the guide.
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled functional ``keras.Model`` named ``toy_resnet``.
    """
    check_rank("input_shape", input_shape, 3, IMAGE)
    check_count("blocks", blocks, 0, 100)
    check_head(num_classes, output_activation)
    inputs = keras.Input(shape=input_shape, name="img")
    x = inputs
    for i, count in enumerate(filters, start=1):
        x = layers.Conv2D(count, kernel_size, activation=hidden_activation, name=f"block1_conv{i}")(
            x
        )
    block_output = layers.MaxPooling2D(pool_size, name="block1_pool")(x)
    for b in range(2, blocks + 2):
        x = layers.Conv2D(
            filters[-1],
            kernel_size,
            activation=hidden_activation,
            padding="same",
            name=f"block{b}_conv1",
        )(block_output)
        x = layers.Conv2D(
            filters[-1],
            kernel_size,
            activation=hidden_activation,
            padding="same",
            name=f"block{b}_conv2",
        )(x)
        block_output = layers.add([x, block_output], name=f"block{b}_add")
    x = layers.Conv2D(filters[-1], kernel_size, activation=hidden_activation, name="top_conv")(
        block_output
    )
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    x = layers.Dense(hidden_units, activation=hidden_activation, name="hidden")(x)
    x = layers.Dropout(dropout_rate, name="dropout")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    model = keras.Model(inputs, outputs, name="toy_resnet")
    return compile_model(model, compile_options, **by_activation(output_activation, True))
