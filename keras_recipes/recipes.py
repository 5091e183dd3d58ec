"""One builder per model of the article, in the article's order.

Every builder takes keyword arguments only, each defaulting to the value the
article used, names its layers as the article does, and returns a compiled
``keras.Model``. Each function below is the model's own code, in three steps:
check the arguments, so a mistake is named before Keras sees it; count the
weights on ``weights`` (an ``_arguments.Weights`` that ``@compiled`` hands in),
whose ``check`` refuses a model too large for this machine's memory before
Keras allocates any; then the article's functional-API code. ``@compiled`` adds
the compile options (``optimizer``, ``loss``, ``metrics``,
``steps_per_execution``, ``jit_compile``, ``seed``) to each builder's signature
and docstring, and checks and applies them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from keras_recipes import _arguments
from keras_recipes._arguments import Weights
from keras_recipes._compile import Activation, compiled
from keras_recipes._keras import keras, layers

Window = int | tuple[int, int]
# What each input shape holds, as a refusal says it.
_IMAGE = _arguments.IMAGE_SHAPE
_SEQUENCE = _arguments.SEQUENCE_SHAPE


@compiled
def build_sequential(
    weights: Weights,
    *,
    input_shape: Sequence[int] = (1,),
    hidden_units: int = 2,
    output_units: int = 1,
    hidden_activation: Activation = None,
    output_activation: Activation = None,
) -> keras.Model:
    """The two-layer Sequential model of section 1: Dense(2) then Dense(1).

    The article passes ``input_shape`` to the first layer, which Keras 3 warns
    about; here the stack starts from ``keras.Input``, so no warning is raised.
    The result is a ``keras.Sequential``, the contrast the article draws before
    turning to the functional API.

    Args:
        input_shape: features per sample, without the batch axis.
        hidden_units: width of the first Dense layer.
        output_units: width of the output Dense layer.
        hidden_activation: activation of the first layer (linear in the article).
        output_activation: activation of the output layer (linear in the article).

    Returns:
        A compiled ``keras.Sequential`` with layers ``hidden`` and ``output``.
    """
    name = weights.builder
    shape = _arguments.input_shape(name, "input_shape", input_shape, 1, _arguments.FEATURES_SHAPE)
    hidden_units = _arguments.positive_int(name, "hidden_units", hidden_units)
    output_units = _arguments.positive_int(name, "output_units", output_units)
    _arguments.activation(name, "hidden_activation", hidden_activation)
    _arguments.activation(name, "output_activation", output_activation)
    x = weights.dense(weights.input("input_shape", shape), "hidden_units", hidden_units)
    weights.dense(x, "output_units", output_units)
    weights.check()

    return keras.Sequential(
        [
            keras.Input(shape=shape, name="input"),
            layers.Dense(hidden_units, activation=hidden_activation, name="hidden"),
            layers.Dense(output_units, activation=output_activation, name="output"),
        ],
        name="sequential",
    )


@compiled
def build_mlp(
    weights: Weights,
    *,
    input_shape: Sequence[int] = (784,),
    hidden_units: Sequence[int] = (512, 216, 128),
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
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

    Returns:
        A compiled functional ``keras.Model`` named ``mlp``.
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
    return keras.Model(inputs=inputs, outputs=outputs, name="mlp")


@compiled
def build_cnn(
    weights: Weights,
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
) -> keras.Model:
    """The convolutional network of section 3.2, as printed or corrected.

    As printed (``flatten=False``) the listing has no Flatten: its Dense layers
    act on each position of the 4x4 pooled map, so the output is
    (None, 4, 4, 10) and the total is 138,122 -- one prediction per map cell,
    not per image. ``flatten=True`` puts the Flatten back before ``hidden1``:
    the output becomes (None, 10) and the total 199,562.

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

    Returns:
        A compiled functional ``keras.Model`` named ``cnn``.
    """
    name = weights.builder
    shape = _arguments.input_shape(name, "input_shape", input_shape, 3, _IMAGE)
    counts = _arguments.positive_ints(name, "filters", filters)
    kernel = _arguments.window(name, "kernel_size", kernel_size)
    pool = _arguments.window(name, "pool_size", pool_size)
    hidden_units = _arguments.positive_int(name, "hidden_units", hidden_units)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    flatten = _arguments.flag(name, "flatten", flatten)
    x = weights.input("input_shape", shape)
    for i, count in enumerate(counts, start=1):
        x = weights.conv(x, "filters", count, "kernel_size", kernel, f"conv{i}")
        x = weights.pool(x, "pool_size", pool, f"pool{i}")
    x = weights.dense(weights.flatten(x) if flatten else x, "hidden_units", hidden_units)
    weights.dense(x, "num_classes", num_classes)
    weights.check()

    inputs = keras.Input(shape=shape, name="input")
    x = inputs
    for i, count in enumerate(counts, start=1):
        x = layers.Conv2D(count, kernel, activation=hidden_activation, name=f"conv{i}")(x)
        x = layers.MaxPooling2D(pool, name=f"pool{i}")(x)
    if flatten:
        x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(hidden_units, activation=hidden_activation, name="hidden1")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    return keras.Model(inputs=inputs, outputs=outputs, name="cnn")


@compiled
def build_rnn(
    weights: Weights,
    *,
    input_shape: Sequence[int] = (784, 1),
    lstm_units: int = 128,
    hidden_units: int = 128,
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
) -> keras.Model:
    """The recurrent network of section 3.3: an LSTM reads the image as a sequence.

    The article feeds the 784 pixels one per time step, shape (784, 1). The
    same builder reads an image row by row with ``input_shape=(28, 28)``,
    which trains far faster and better.

    Args:
        input_shape: (time steps, features per step).
        lstm_units: units of the LSTM layer ``lstm1``.
        hidden_units: width of the Dense layer ``hidden1``.
        num_classes: width of the output layer.
        hidden_activation: activation of ``hidden1``.
        output_activation: activation of the output layer.

    Returns:
        A compiled functional ``keras.Model`` named ``rnn``.
    """
    name = weights.builder
    shape = _arguments.input_shape(name, "input_shape", input_shape, 2, _SEQUENCE)
    lstm_units = _arguments.positive_int(name, "lstm_units", lstm_units)
    hidden_units = _arguments.positive_int(name, "hidden_units", hidden_units)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    x = weights.lstm(weights.input("input_shape", shape), "lstm_units", lstm_units)
    x = weights.dense(x, "hidden_units", hidden_units)
    weights.dense(x, "num_classes", num_classes)
    weights.check()

    inputs = keras.Input(shape=shape, name="input")
    x = layers.LSTM(lstm_units, name="lstm1")(inputs)
    x = layers.Dense(hidden_units, activation=hidden_activation, name="hidden1")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    return keras.Model(inputs=inputs, outputs=outputs, name="rnn")


@compiled
def build_shared_input(
    weights: Weights,
    *,
    input_shape: Sequence[int] = (28, 28, 1),
    filters: Sequence[int] = (32, 16),
    kernel_sizes: Sequence[Window] = (4, 8),
    pool_size: Window = 2,
    hidden_units: int = 64,
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
) -> keras.Model:
    """Section 4.1: convolutional branches with different kernels share one input.

    Branch ``i`` is ``conv{i}`` -> ``pool{i}`` -> ``flat{i}``; the flattened
    branches are joined by ``merge`` and read by ``hidden1`` and ``output``.
    The article leaves the Flatten and Concatenate layers unnamed; here they
    are named by role, and the checker matches them by type and connections.

    Args:
        input_shape: (height, width, channels) of one image.
        filters: filters of each branch's convolution; one branch per entry.
        kernel_sizes: kernel of each branch's convolution, one per branch.
        pool_size: window of every max pooling, an int or (height, width).
        hidden_units: width of the Dense layer ``hidden1``.
        num_classes: width of the output layer.
        hidden_activation: activation of the convolutions and ``hidden1``.
        output_activation: activation of the output layer.

    Returns:
        A compiled functional ``keras.Model`` named ``shared_input``.
    """
    name = weights.builder
    shape = _arguments.input_shape(name, "input_shape", input_shape, 3, _IMAGE)
    counts = _arguments.positive_ints(name, "filters", filters)
    kernels = _arguments.windows(name, "kernel_sizes", kernel_sizes, len(counts))
    pool = _arguments.window(name, "pool_size", pool_size)
    hidden_units = _arguments.positive_int(name, "hidden_units", hidden_units)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    image, flat = weights.input("input_shape", shape), []
    for i, (count, kernel) in enumerate(zip(counts, kernels, strict=True), start=1):
        x = weights.conv(image, "filters", count, "kernel_sizes", kernel, f"conv{i}")
        flat.append(weights.flatten(weights.pool(x, "pool_size", pool, f"pool{i}")))
    x = weights.dense(weights.concatenate(*flat), "hidden_units", hidden_units)
    weights.dense(x, "num_classes", num_classes)
    weights.check()

    inputs = keras.Input(shape=shape, name="input")
    branches = []
    for i, (count, kernel) in enumerate(zip(counts, kernels, strict=True), start=1):
        x = layers.Conv2D(count, kernel, activation=hidden_activation, name=f"conv{i}")(inputs)
        x = layers.MaxPooling2D(pool, name=f"pool{i}")(x)
        branches.append(layers.Flatten(name=f"flat{i}")(x))
    x = _join(branches)
    x = layers.Dense(hidden_units, activation=hidden_activation, name="hidden1")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    return keras.Model(inputs=inputs, outputs=outputs, name="shared_input")


def _join(branches: list[Any]) -> Any:
    # Concatenate needs two or more tensors; a single branch passes through.
    if len(branches) == 1:
        return branches[0]
    return layers.Concatenate(name="merge")(branches)


@compiled
def build_shared_feature_extractor(
    weights: Weights,
    *,
    input_shape: Sequence[int] = (784, 1),
    lstm_units: int = 128,
    shallow_units: int = 10,
    deep_units: Sequence[int] = (64, 32, 16),
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
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

    Returns:
        A compiled functional ``keras.Model`` named ``shared_feature_extractor``.
    """
    name = weights.builder
    shape = _arguments.input_shape(name, "input_shape", input_shape, 2, _SEQUENCE)
    lstm_units = _arguments.positive_int(name, "lstm_units", lstm_units)
    shallow_units = _arguments.positive_int(name, "shallow_units", shallow_units)
    deep = _arguments.positive_ints(name, "deep_units", deep_units)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    x = features = weights.lstm(weights.input("input_shape", shape), "lstm_units", lstm_units)
    shallow = weights.dense(features, "shallow_units", shallow_units)
    for width in deep:
        x = weights.dense(x, "deep_units", width)
    weights.dense(weights.concatenate(shallow, x), "num_classes", num_classes)
    weights.check()

    inputs = keras.Input(shape=shape, name="input")
    features = layers.LSTM(lstm_units, name="lstm1")(inputs)
    shallow = layers.Dense(shallow_units, activation=hidden_activation, name="interp1")(features)
    x = features
    for j, width in enumerate(deep, start=1):
        x = layers.Dense(width, activation=hidden_activation, name=f"interp2{j}")(x)
    merged = layers.Concatenate(name="merge")([shallow, x])
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(merged)
    return keras.Model(inputs=inputs, outputs=outputs, name="shared_feature_extractor")


@compiled
def build_multi_input(
    weights: Weights,
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

    Returns:
        A compiled functional ``keras.Model`` named ``multi_input`` with inputs
        ``img_gray_bigsize`` and ``img_rgb_smallsize``.
    """
    name = weights.builder
    gray = _arguments.input_shape(name, "gray_shape", gray_shape, 3, _IMAGE)
    rgb = _arguments.input_shape(name, "rgb_shape", rgb_shape, 3, _IMAGE)
    counts = _arguments.positive_ints(name, "filters", filters)
    kernel = _arguments.window(name, "kernel_size", kernel_size)
    pool = _arguments.window(name, "pool_size", pool_size)
    widths = _arguments.positive_ints(name, "hidden_units", hidden_units)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    images = (("gray_shape", gray, "img_gray_bigsize"), ("rgb_shape", rgb, "img_rgb_smallsize"))
    flat = []
    for b, (argument, shape, _) in enumerate(images, start=1):
        x = weights.input(argument, shape)
        for i, count in enumerate(counts, start=1):
            x = weights.conv(x, "filters", count, "kernel_size", kernel, f"conv{b}{i}")
            x = weights.pool(x, "pool_size", pool, f"pool{b}{i}")
        flat.append(weights.flatten(x))
    x = weights.concatenate(*flat)
    for width in widths:
        x = weights.dense(x, "hidden_units", width)
    weights.dense(x, "num_classes", num_classes)
    weights.check()

    inputs, flat = [], []
    for b, (_, shape, input_name) in enumerate(images, start=1):
        x = keras.Input(shape=shape, name=input_name)
        inputs.append(x)
        for i, count in enumerate(counts, start=1):
            x = layers.Conv2D(count, kernel, activation=hidden_activation, name=f"conv{b}{i}")(x)
            x = layers.MaxPooling2D(pool, name=f"pool{b}{i}")(x)
        flat.append(layers.Flatten(name=f"flat{b}")(x))
    x = layers.Concatenate(name="merge")(flat)
    for i, width in enumerate(widths, start=1):
        x = layers.Dense(width, activation=hidden_activation, name=f"hidden{i}")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    return keras.Model(inputs=inputs, outputs=outputs, name="multi_input")


@compiled
def build_multi_output(
    weights: Weights,
    *,
    input_shape: Sequence[int] = (784, 1),
    extract_units: int = 64,
    class_lstm_units: int = 32,
    class_hidden_units: int = 32,
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
) -> keras.Model:
    """Section 5.2: one sequence in, a class (``output1``) and a sequence (``output2``) out.

    ``extract`` returns its state at every time step. ``output1`` reads that
    sequence through a second LSTM and a Dense layer and predicts one class
    per sample; ``output2`` applies one Dense layer at every time step
    (TimeDistributed) and predicts a class per step.

    Args:
        input_shape: (time steps, features per step).
        extract_units: units of the sequence-returning LSTM ``extract``.
        class_lstm_units: units of the LSTM ``class11``.
        class_hidden_units: width of the Dense layer ``class12``.
        num_classes: classes predicted by each output.
        hidden_activation: activation of ``class12``.
        output_activation: activation of both outputs.

    Returns:
        A compiled functional ``keras.Model`` named ``multi_output`` with
        outputs ``output1`` and ``output2``.
    """
    name = weights.builder
    shape = _arguments.input_shape(name, "input_shape", input_shape, 2, _SEQUENCE)
    extract_units = _arguments.positive_int(name, "extract_units", extract_units)
    class_lstm_units = _arguments.positive_int(name, "class_lstm_units", class_lstm_units)
    class_hidden_units = _arguments.positive_int(name, "class_hidden_units", class_hidden_units)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    sequence = weights.lstm(weights.input("input_shape", shape), "extract_units", extract_units)
    x = weights.lstm(sequence, "class_lstm_units", class_lstm_units)
    x = weights.dense(x, "class_hidden_units", class_hidden_units)
    weights.dense(x, "num_classes", num_classes)
    weights.dense(sequence, "num_classes", num_classes)
    weights.check()

    inputs = keras.Input(shape=shape, name="input")
    sequence = layers.LSTM(extract_units, return_sequences=True, name="extract")(inputs)
    x = layers.LSTM(class_lstm_units, name="class11")(sequence)
    x = layers.Dense(class_hidden_units, activation=hidden_activation, name="class12")(x)
    label = layers.Dense(num_classes, activation=output_activation, name="output1")(x)
    per_step = layers.TimeDistributed(
        layers.Dense(num_classes, activation=output_activation), name="output2"
    )(sequence)
    return keras.Model(inputs=inputs, outputs=[label, per_step], name="multi_output")
