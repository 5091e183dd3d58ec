"""One builder per model of the article, in the article's order.

Each builder is the article's functional-API code, written for Keras 3: the
same layers in the same order, named as the article names them, every number
the article uses a keyword argument defaulting to it, then one ``compile``.
``@builder`` (see ``_build``) rewords Keras' errors for bad values, naming the
builder and the argument, and takes the compile options and ``seed``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from keras_recipes._build import (
    FEATURES,
    IMAGE,
    SEQUENCE,
    Activation,
    builder,
    by_activation,
    check_branches,
    check_head,
    check_rank,
    compile_model,
)
from keras_recipes._keras import keras, layers

Window = int | tuple[int, int]


@builder
def build_sequential(
    *,
    input_shape: Sequence[int] = (1,),
    hidden_units: int = 2,
    output_units: int = 1,
    hidden_activation: Activation = None,
    output_activation: Activation = None,
    **compile_options: Any,
) -> keras.Model:
    """The two-layer Sequential model of section 1: Dense(2) then Dense(1).

    The article passes ``input_shape`` to the first layer, which Keras 3 warns
    about; here the stack starts from ``keras.Input``. The result is a
    ``keras.Sequential``, the contrast the article draws before turning to the
    functional API.

    Args:
        input_shape: features per sample, without the batch axis.
        hidden_units: width of the first Dense layer.
        output_units: width of the output Dense layer.
        hidden_activation: activation of the first layer (linear in the article).
        output_activation: activation of the output layer (linear in the article).
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled ``keras.Sequential`` with layers ``hidden`` and ``output``.
    """
    check_rank("input_shape", input_shape, 1, FEATURES)
    model = keras.Sequential(
        [
            keras.Input(shape=input_shape, name="input"),
            layers.Dense(hidden_units, activation=hidden_activation, name="hidden"),
            layers.Dense(output_units, activation=output_activation, name="output"),
        ],
        name="sequential",
    )
    return compile_model(model, compile_options, **by_activation(output_activation))


@builder
def build_mlp(
    *,
    input_shape: Sequence[int] = (784,),
    hidden_units: Sequence[int] = (512, 216, 128),
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
    **compile_options: Any,
) -> keras.Model:
    """The multilayer perceptron of section 3.1: 784 inputs, three hidden layers, 10 classes.

    Args:
        input_shape: length of the flattened image, as a 1-tuple.
        hidden_units: width of each hidden layer, first to last; one layer
            ``hidden1``, ``hidden2``, ... per entry.
        num_classes: width of the output layer.
        hidden_activation: activation of every hidden layer.
        output_activation: ``"softmax"`` for several classes, ``"sigmoid"`` with
            ``num_classes=1`` for a binary output.
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled functional ``keras.Model`` named ``mlp``.
    """
    check_rank("input_shape", input_shape, 1, FEATURES)
    check_head(num_classes, output_activation)
    inputs = keras.Input(shape=input_shape, name="input")
    x = inputs
    for i, units in enumerate(hidden_units, start=1):
        x = layers.Dense(units, activation=hidden_activation, name=f"hidden{i}")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    model = keras.Model(inputs=inputs, outputs=outputs, name="mlp")
    return compile_model(model, compile_options, **by_activation(output_activation))


@builder
def build_cnn(
    *,
    input_shape: Sequence[int] = (28, 28, 1),
    filters: Sequence[int] = (128, 64),
    kernel_size: Window = 4,
    pool_size: Window = 2,
    hidden_units: int = 64,
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
    flatten: bool = False,
    **compile_options: Any,
) -> keras.Model:
    """The convolutional network of section 3.2, as printed or corrected.

    As printed (``flatten=False``) the listing has no Flatten: its Dense layers
    act on each position of the 4x4 pooled map, so the output is
    (None, 4, 4, 10) and the total is 138,122: one prediction per map cell, not
    per image. ``flatten=True`` puts the Flatten back before ``hidden1``: the
    output becomes (None, 10) and the total 199,562.

    Args:
        input_shape: (height, width, channels) of one image.
        filters: filters of each convolution block (``conv1``/``pool1``, ...).
        kernel_size: kernel of every convolution, an int or (height, width).
        pool_size: window of every max pooling, an int or (height, width).
        hidden_units: width of the Dense layer ``hidden1``.
        num_classes: width of the output layer.
        hidden_activation: activation of the convolutions and ``hidden1``.
        output_activation: activation of the output layer.
        flatten: True adds the Flatten the article left out.
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled functional ``keras.Model`` named ``cnn``.
    """
    check_rank("input_shape", input_shape, 3, IMAGE)
    check_head(num_classes, output_activation)
    inputs = keras.Input(shape=input_shape, name="input")
    x = inputs
    for i, count in enumerate(filters, start=1):
        x = layers.Conv2D(count, kernel_size, activation=hidden_activation, name=f"conv{i}")(x)
        x = layers.MaxPooling2D(pool_size, name=f"pool{i}")(x)
    if flatten:
        x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(hidden_units, activation=hidden_activation, name="hidden1")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    model = keras.Model(inputs=inputs, outputs=outputs, name="cnn")
    return compile_model(model, compile_options, **by_activation(output_activation))


@builder
def build_rnn(
    *,
    input_shape: Sequence[int] = (784, 1),
    lstm_units: int = 128,
    hidden_units: int = 128,
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
    **compile_options: Any,
) -> keras.Model:
    """The recurrent network of section 3.3: an LSTM reads the image as a sequence.

    The article feeds the 784 pixels one per time step, shape (784, 1). The
    same builder reads an image row by row with ``input_shape=(28, 28)``, which
    trains far faster and better.

    Args:
        input_shape: (time steps, features per step).
        lstm_units: units of the LSTM layer ``lstm1``.
        hidden_units: width of the Dense layer ``hidden1``.
        num_classes: width of the output layer.
        hidden_activation: activation of ``hidden1``.
        output_activation: activation of the output layer.
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled functional ``keras.Model`` named ``rnn``.
    """
    check_rank("input_shape", input_shape, 2, SEQUENCE)
    check_head(num_classes, output_activation)
    inputs = keras.Input(shape=input_shape, name="input")
    x = layers.LSTM(lstm_units, name="lstm1")(inputs)
    x = layers.Dense(hidden_units, activation=hidden_activation, name="hidden1")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    model = keras.Model(inputs=inputs, outputs=outputs, name="rnn")
    return compile_model(model, compile_options, **by_activation(output_activation))


@builder
def build_shared_input(
    *,
    input_shape: Sequence[int] = (28, 28, 1),
    filters: Sequence[int] = (32, 16),
    kernel_sizes: Sequence[Window] = (4, 8),
    pool_size: Window = 2,
    hidden_units: int = 64,
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
    **compile_options: Any,
) -> keras.Model:
    """Section 4.1: convolutional branches with different kernels share one input.

    Branch ``i`` is ``conv{i}`` -> ``pool{i}`` -> ``flat{i}``, one branch per
    pair of ``filters`` and ``kernel_sizes``; ``merge`` joins the flattened
    branches for ``hidden1`` and ``output``. The article leaves the Flatten and
    Concatenate layers unnamed; here they are named by role, and the checker
    matches them by type and connections.

    Args:
        input_shape: (height, width, channels) of one image.
        filters: filters of each branch's convolution; one branch per entry.
        kernel_sizes: kernel of each branch's convolution, one per branch.
        pool_size: window of every max pooling, an int or (height, width).
        hidden_units: width of the Dense layer ``hidden1``.
        num_classes: width of the output layer.
        hidden_activation: activation of the convolutions and ``hidden1``.
        output_activation: activation of the output layer.
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled functional ``keras.Model`` named ``shared_input``.
    """
    check_rank("input_shape", input_shape, 3, IMAGE)
    check_branches(filters, kernel_sizes)
    check_head(num_classes, output_activation)
    inputs = keras.Input(shape=input_shape, name="input")
    branches = []
    for i, (count, kernel) in enumerate(zip(filters, kernel_sizes, strict=True), start=1):
        x = layers.Conv2D(count, kernel, activation=hidden_activation, name=f"conv{i}")(inputs)
        x = layers.MaxPooling2D(pool_size, name=f"pool{i}")(x)
        branches.append(layers.Flatten(name=f"flat{i}")(x))
    x = layers.Concatenate(name="merge")(branches)
    x = layers.Dense(hidden_units, activation=hidden_activation, name="hidden1")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    model = keras.Model(inputs=inputs, outputs=outputs, name="shared_input")
    return compile_model(model, compile_options, **by_activation(output_activation))


@builder
def build_shared_feature_extractor(
    *,
    input_shape: Sequence[int] = (784, 1),
    lstm_units: int = 128,
    shallow_units: int = 10,
    deep_units: Sequence[int] = (64, 32, 16),
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
    **compile_options: Any,
) -> keras.Model:
    """Section 4.2: one LSTM's features read by a shallow and a deep branch.

    ``lstm1`` is computed once and feeds both ``interp1`` (one Dense layer) and
    ``interp21`` -> ``interp22`` -> ... (a deeper stack); ``merge`` joins the
    two interpretations before ``output``.

    Args:
        input_shape: (time steps, features per step).
        lstm_units: units of the shared LSTM ``lstm1``.
        shallow_units: width of the shallow branch ``interp1``.
        deep_units: widths of the deep branch, ``interp21``, ``interp22``, ...
        num_classes: width of the output layer.
        hidden_activation: activation of the interpretation layers.
        output_activation: activation of the output layer.
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled functional ``keras.Model`` named ``shared_feature_extractor``.
    """
    check_rank("input_shape", input_shape, 2, SEQUENCE)
    check_head(num_classes, output_activation)
    inputs = keras.Input(shape=input_shape, name="input")
    extract = layers.LSTM(lstm_units, name="lstm1")(inputs)
    interp1 = layers.Dense(shallow_units, activation=hidden_activation, name="interp1")(extract)
    x = extract
    for j, units in enumerate(deep_units, start=1):
        x = layers.Dense(units, activation=hidden_activation, name=f"interp2{j}")(x)
    merge = layers.Concatenate(name="merge")([interp1, x])
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(merge)
    model = keras.Model(inputs=inputs, outputs=outputs, name="shared_feature_extractor")
    return compile_model(model, compile_options, **by_activation(output_activation))


@builder
def build_multi_input(
    *,
    gray_shape: Sequence[int] = (64, 64, 1),
    rgb_shape: Sequence[int] = (32, 32, 3),
    filters: Sequence[int] = (32, 16),
    kernel_size: Window = 4,
    pool_size: Window = 2,
    hidden_units: Sequence[int] = (128, 64),
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
    **compile_options: Any,
) -> keras.Model:
    """Section 5.1: a large gray and a small colour copy of one image, two inputs.

    Each input has its own convolution stack (``conv11``/``pool11``/... for the
    gray image, ``conv21``/``pool21``/... for the colour one), flattened to
    ``flat1`` and ``flat2`` and joined by ``merge``. Feed it a list
    ``[gray, rgb]`` or a dict keyed by the input names.

    Args:
        gray_shape: (height, width, channels) of ``img_gray_bigsize``.
        rgb_shape: (height, width, channels) of ``img_rgb_smallsize``.
        filters: filters of each convolution block, used in both stacks.
        kernel_size: kernel of every convolution, an int or (height, width).
        pool_size: window of every max pooling, an int or (height, width).
        hidden_units: widths of the Dense layers ``hidden1``, ``hidden2``, ...
        num_classes: width of the output layer.
        hidden_activation: activation of the convolutions and hidden layers.
        output_activation: activation of the output layer.
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled functional ``keras.Model`` named ``multi_input`` with inputs
        ``img_gray_bigsize`` and ``img_rgb_smallsize``.
    """
    check_rank("gray_shape", gray_shape, 3, IMAGE)
    check_rank("rgb_shape", rgb_shape, 3, IMAGE)
    check_head(num_classes, output_activation)
    inputs, flat = [], []
    for b, (shape, name) in enumerate(
        [(gray_shape, "img_gray_bigsize"), (rgb_shape, "img_rgb_smallsize")], start=1
    ):
        x = keras.Input(shape=shape, name=name)
        inputs.append(x)
        for i, count in enumerate(filters, start=1):
            x = layers.Conv2D(count, kernel_size, activation=hidden_activation, name=f"conv{b}{i}")(
                x
            )
            x = layers.MaxPooling2D(pool_size, name=f"pool{b}{i}")(x)
        flat.append(layers.Flatten(name=f"flat{b}")(x))
    x = layers.Concatenate(name="merge")(flat)
    for i, units in enumerate(hidden_units, start=1):
        x = layers.Dense(units, activation=hidden_activation, name=f"hidden{i}")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    model = keras.Model(inputs=inputs, outputs=outputs, name="multi_input")
    return compile_model(model, compile_options, **by_activation(output_activation))


@builder
def build_multi_output(
    *,
    input_shape: Sequence[int] = (784, 1),
    extract_units: int = 64,
    class_lstm_units: int = 32,
    class_hidden_units: int = 32,
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
    **compile_options: Any,
) -> keras.Model:
    """Section 5.2: one sequence in, a class (``output1``) and a sequence (``output2``) out.

    ``extract`` returns its state at every time step. ``output1`` reads that
    sequence through a second LSTM and a Dense layer and predicts one class per
    sample; ``output2`` applies one Dense layer at every time step
    (TimeDistributed) and predicts a class per step.

    Args:
        input_shape: (time steps, features per step).
        extract_units: units of the sequence-returning LSTM ``extract``.
        class_lstm_units: units of the LSTM ``class11``.
        class_hidden_units: width of the Dense layer ``class12``.
        num_classes: classes predicted by each output.
        hidden_activation: activation of ``class12``.
        output_activation: activation of both outputs.
        **compile_options: ``seed`` and the options of ``compile_model``.

    Returns:
        A compiled functional ``keras.Model`` named ``multi_output`` with
        outputs ``output1`` and ``output2``.
    """
    check_rank("input_shape", input_shape, 2, SEQUENCE)
    check_head(num_classes, output_activation)
    inputs = keras.Input(shape=input_shape, name="input")
    extract = layers.LSTM(extract_units, return_sequences=True, name="extract")(inputs)
    class11 = layers.LSTM(class_lstm_units, name="class11")(extract)
    class12 = layers.Dense(class_hidden_units, activation=hidden_activation, name="class12")(
        class11
    )
    output1 = layers.Dense(num_classes, activation=output_activation, name="output1")(class12)
    output2 = layers.TimeDistributed(
        layers.Dense(num_classes, activation=output_activation), name="output2"
    )(extract)
    model = keras.Model(inputs=inputs, outputs=[output1, output2], name="multi_output")
    return compile_model(model, compile_options, **by_activation(output_activation))
