"""One builder per model of the article, in the article's order.

Every builder takes keyword arguments only, each defaulting to the value the
article used, checks them before Keras sees them, names its layers as the
article does, and returns a compiled ``keras.Model``. Before making any layer
it counts the model's weights with the package's own arithmetic and refuses a
model whose weights would not fit in this machine's memory. The article never
compiles its models; the compile defaults (Adam, a loss chosen from each
output's activation, accuracy for classifiers, several steps per execution) are
ours.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from keras_recipes import _arguments
from keras_recipes._arguments import Size
from keras_recipes._keras import keras, layers

Activation = str | Callable[..., Any] | None
Loss = str | Callable[..., Any] | dict[str, Any] | None
Metrics = Sequence[Any] | dict[str, Any] | None
Window = int | tuple[int, int]

# Batches per call into TensorFlow. Running several train steps inside one
# tf.function call saves the Python round trip of each batch; on a 2-core CPU
# that made the small models train up to twice as fast, and the LSTMs no slower
# (benchmarks/bench_training.py measures it against plain Keras). The price:
# progress bars and batch callbacks update every 8 batches.
#
# XLA (jit_compile=True) stays off: there it trained the convolutional and
# recurrent recipes 1.2 to 2.7 times slower; only the MLP ran faster once
# compiled, and on the digits its compile time outweighs the gain.
STEPS_PER_EXECUTION = 8


def _seed(builder: str, seed: Any) -> None:
    """Seeds Python's, NumPy's and the backend's generators before layers are made.

    Keras draws initial weights from a global generator, so one call fixes
    them all; the same call makes a later ``fit``'s shuffling repeatable.
    """
    value = _arguments.seed(builder, seed)
    if value is not None:
        keras.utils.set_random_seed(value)


def _default_loss(activation: Activation) -> str:
    # Integer class labels are what MNIST ships, so the sparse form fits
    # without one-hot encoding.
    if activation == "softmax":
        return "sparse_categorical_crossentropy"
    if activation == "sigmoid":
        return "binary_crossentropy"
    return "mean_squared_error"


def _default_metrics(activation: Activation) -> list[str]:
    return ["accuracy"] if activation in ("softmax", "sigmoid") else []


def _options(
    builder: str,
    heads: dict[str, tuple[Activation, int]],
    optimizer: Any,
    loss: Loss,
    metrics: Metrics,
    steps_per_execution: Any,
    jit_compile: Any,
) -> dict[str, Any]:
    """The keyword arguments of ``Model.compile``, checked, with a loss for every output.

    ``heads`` maps each output's name to its (activation, units). Checked
    before the model is built, so that a bad setting names itself alone and
    Keras never meets it.
    """
    steps, jit = _arguments.steps_and_jit(builder, steps_per_execution, jit_compile)
    _arguments.optimizer(builder, optimizer)
    single = len(heads) == 1
    if loss is None:
        losses = {name: _default_loss(act) for name, (act, _) in heads.items()}
        loss = next(iter(losses.values())) if single else losses
    else:
        _arguments.loss(builder, loss, list(heads))
    if metrics is None:
        per_head = {name: _default_metrics(act) for name, (act, _) in heads.items()}
        metrics = next(iter(per_head.values())) if single else per_head
    else:
        _arguments.metrics(builder, metrics, list(heads))
    return {
        "optimizer": optimizer,
        "loss": loss,
        "metrics": metrics,
        "steps_per_execution": steps,
        "jit_compile": jit,
    }


def build_sequential(
    *,
    input_shape: Sequence[int] = (1,),
    hidden_units: int = 2,
    output_units: int = 1,
    hidden_activation: Activation = None,
    output_activation: Activation = None,
    optimizer: Any = "adam",
    loss: Loss = None,
    metrics: Metrics = None,
    steps_per_execution: int = STEPS_PER_EXECUTION,
    jit_compile: bool | str = False,
    seed: int | None = None,
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
        optimizer: passed to ``Model.compile``.
        loss: defaults to mean squared error for a linear output.
        metrics: defaults to none for a linear output, accuracy for a classifier.
        steps_per_execution: batches run per call into TensorFlow; see
            ``STEPS_PER_EXECUTION``.
        jit_compile: compile the train step with XLA (``True``, ``"auto"``);
            off by default (see ``STEPS_PER_EXECUTION``).
        seed: makes initial weights and a following fit repeatable (through
            ``keras.utils.set_random_seed``); None leaves the generators alone.

    Returns:
        A compiled ``keras.Sequential`` with layers ``hidden`` and ``output``.
    """
    name = "build_sequential"
    shape = _arguments.input_shape(name, "input_shape", input_shape, 1, "the number of features")
    hidden_units = _arguments.positive_int(name, "hidden_units", hidden_units)
    output_units = _arguments.positive_int(name, "output_units", output_units)
    _arguments.activation(name, "hidden_activation", hidden_activation)
    _arguments.activation(name, "output_activation", output_activation)
    heads = {"output": (output_activation, output_units)}
    options = _options(name, heads, optimizer, loss, metrics, steps_per_execution, jit_compile)
    weights = _arguments.Weights(name)
    x = weights.input("input_shape", input_shape, shape)
    x = weights.dense(x, Size(hidden_units, "hidden_units", hidden_units))
    weights.dense(x, Size(output_units, "output_units", output_units))
    weights.check()

    _seed(name, seed)

    model = keras.Sequential(
        [
            keras.Input(shape=shape, name="input"),
            layers.Dense(hidden_units, activation=hidden_activation, name="hidden"),
            layers.Dense(output_units, activation=output_activation, name="output"),
        ],
        name="sequential",
    )
    model.compile(**options)
    return model


def build_mlp(
    *,
    input_shape: Sequence[int] = (784,),
    hidden_units: Sequence[int] = (512, 216, 128),
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
    optimizer: Any = "adam",
    loss: Loss = None,
    metrics: Metrics = None,
    steps_per_execution: int = STEPS_PER_EXECUTION,
    jit_compile: bool | str = False,
    seed: int | None = None,
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
        optimizer: passed to ``Model.compile``.
        loss: defaults to a loss suited to ``output_activation``.
        metrics: defaults to accuracy for a classifier.
        steps_per_execution: batches run per call into TensorFlow; see
            ``STEPS_PER_EXECUTION``.
        jit_compile: compile the train step with XLA (``True``, ``"auto"``);
            off by default (see ``STEPS_PER_EXECUTION``).
        seed: makes initial weights and a following fit repeatable (through
            ``keras.utils.set_random_seed``); None leaves the generators alone.

    Returns:
        A compiled functional ``keras.Model`` named ``mlp``.
    """
    name = "build_mlp"
    shape = _arguments.input_shape(name, "input_shape", input_shape, 1, "the pixels per image")
    widths = _arguments.positive_ints(name, "hidden_units", hidden_units)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    heads = {"output": (output_activation, num_classes)}
    options = _options(name, heads, optimizer, loss, metrics, steps_per_execution, jit_compile)
    weights = _arguments.Weights(name)
    x = weights.input("input_shape", input_shape, shape)
    for width in widths:
        x = weights.dense(x, Size(width, "hidden_units", hidden_units))
    weights.dense(x, Size(num_classes, "num_classes", num_classes))
    weights.check()

    _seed(name, seed)

    inputs = keras.Input(shape=shape, name="input")
    x = inputs
    for i, width in enumerate(widths, start=1):
        x = layers.Dense(width, activation=hidden_activation, name=f"hidden{i}")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    model = keras.Model(inputs=inputs, outputs=outputs, name="mlp")
    model.compile(**options)
    return model


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
    optimizer: Any = "adam",
    loss: Loss = None,
    metrics: Metrics = None,
    steps_per_execution: int = STEPS_PER_EXECUTION,
    jit_compile: bool | str = False,
    seed: int | None = None,
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
        optimizer: passed to ``Model.compile``.
        loss: defaults to a loss suited to ``output_activation``.
        metrics: defaults to accuracy for a classifier.
        steps_per_execution: batches run per call into TensorFlow; see
            ``STEPS_PER_EXECUTION``.
        jit_compile: compile the train step with XLA (``True``, ``"auto"``);
            off by default (see ``STEPS_PER_EXECUTION``).
        seed: makes initial weights and a following fit repeatable (through
            ``keras.utils.set_random_seed``); None leaves the generators alone.

    Returns:
        A compiled functional ``keras.Model`` named ``cnn``.
    """
    name = "build_cnn"
    shape = _arguments.input_shape(name, "input_shape", input_shape, 3, "(height, width, channels)")
    counts = _arguments.positive_ints(name, "filters", filters)
    kernel = _arguments.window(name, "kernel_size", kernel_size)
    pool = _arguments.window(name, "pool_size", pool_size)
    hidden_units = _arguments.positive_int(name, "hidden_units", hidden_units)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    flatten = _arguments.flag(name, "flatten", flatten)
    heads = {"output": (output_activation, num_classes)}
    options = _options(name, heads, optimizer, loss, metrics, steps_per_execution, jit_compile)
    weights = _arguments.Weights(name)
    x = weights.input("input_shape", input_shape, shape)
    size = (shape[0], shape[1])
    for i, count in enumerate(counts, start=1):
        size = _arguments.conv_fits(name, "kernel_size", kernel_size, kernel, size, f"conv{i}")
        x = weights.conv(x, Size(count, "filters", filters), kernel, "kernel_size", kernel_size)
        size = _arguments.pool_fits(name, "pool_size", pool_size, pool, size, f"pool{i}")
    if flatten:
        x = weights.flatten(Size(size[0] * size[1], "input_shape", input_shape), x)
    x = weights.dense(x, Size(hidden_units, "hidden_units", hidden_units))
    weights.dense(x, Size(num_classes, "num_classes", num_classes))
    weights.check()

    _seed(name, seed)

    inputs = keras.Input(shape=shape, name="input")
    x = inputs
    for i, count in enumerate(counts, start=1):
        x = layers.Conv2D(count, kernel, activation=hidden_activation, name=f"conv{i}")(x)
        x = layers.MaxPooling2D(pool, name=f"pool{i}")(x)
    if flatten:
        x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(hidden_units, activation=hidden_activation, name="hidden1")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    model = keras.Model(inputs=inputs, outputs=outputs, name="cnn")
    model.compile(**options)
    return model


def build_rnn(
    *,
    input_shape: Sequence[int] = (784, 1),
    lstm_units: int = 128,
    hidden_units: int = 128,
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
    optimizer: Any = "adam",
    loss: Loss = None,
    metrics: Metrics = None,
    steps_per_execution: int = STEPS_PER_EXECUTION,
    jit_compile: bool | str = False,
    seed: int | None = None,
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
        optimizer: passed to ``Model.compile``.
        loss: defaults to a loss suited to ``output_activation``.
        metrics: defaults to accuracy for a classifier.
        steps_per_execution: batches run per call into TensorFlow; see
            ``STEPS_PER_EXECUTION``.
        jit_compile: compile the train step with XLA (``True``, ``"auto"``);
            off by default (see ``STEPS_PER_EXECUTION``).
        seed: makes initial weights and a following fit repeatable (through
            ``keras.utils.set_random_seed``); None leaves the generators alone.

    Returns:
        A compiled functional ``keras.Model`` named ``rnn``.
    """
    name = "build_rnn"
    shape = _arguments.input_shape(
        name, "input_shape", input_shape, 2, "(time steps, features per step)"
    )
    lstm_units = _arguments.positive_int(name, "lstm_units", lstm_units)
    hidden_units = _arguments.positive_int(name, "hidden_units", hidden_units)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    heads = {"output": (output_activation, num_classes)}
    options = _options(name, heads, optimizer, loss, metrics, steps_per_execution, jit_compile)
    weights = _arguments.Weights(name)
    x = weights.input("input_shape", input_shape, shape)
    x = weights.lstm(x, Size(lstm_units, "lstm_units", lstm_units))
    x = weights.dense(x, Size(hidden_units, "hidden_units", hidden_units))
    weights.dense(x, Size(num_classes, "num_classes", num_classes))
    weights.check()

    _seed(name, seed)

    inputs = keras.Input(shape=shape, name="input")
    x = layers.LSTM(lstm_units, name="lstm1")(inputs)
    x = layers.Dense(hidden_units, activation=hidden_activation, name="hidden1")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    model = keras.Model(inputs=inputs, outputs=outputs, name="rnn")
    model.compile(**options)
    return model


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
    optimizer: Any = "adam",
    loss: Loss = None,
    metrics: Metrics = None,
    steps_per_execution: int = STEPS_PER_EXECUTION,
    jit_compile: bool | str = False,
    seed: int | None = None,
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
        optimizer: passed to ``Model.compile``.
        loss: defaults to a loss suited to ``output_activation``.
        metrics: defaults to accuracy for a classifier.
        steps_per_execution: batches run per call into TensorFlow; see
            ``STEPS_PER_EXECUTION``.
        jit_compile: compile the train step with XLA (``True``, ``"auto"``);
            off by default (see ``STEPS_PER_EXECUTION``).
        seed: makes initial weights and a following fit repeatable (through
            ``keras.utils.set_random_seed``); None leaves the generators alone.

    Returns:
        A compiled functional ``keras.Model`` named ``shared_input``.
    """
    name = "build_shared_input"
    shape = _arguments.input_shape(name, "input_shape", input_shape, 3, "(height, width, channels)")
    counts = _arguments.positive_ints(name, "filters", filters)
    kernels = _arguments.windows(name, "kernel_sizes", kernel_sizes, len(counts))
    pool = _arguments.window(name, "pool_size", pool_size)
    hidden_units = _arguments.positive_int(name, "hidden_units", hidden_units)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    heads = {"output": (output_activation, num_classes)}
    options = _options(name, heads, optimizer, loss, metrics, steps_per_execution, jit_compile)
    weights = _arguments.Weights(name)
    channels = weights.input("input_shape", input_shape, shape)
    flat = []
    for i, (count, kernel) in enumerate(zip(counts, kernels, strict=True), start=1):
        size = _arguments.conv_fits(
            name, "kernel_sizes", kernel_sizes, kernel, (shape[0], shape[1]), f"conv{i}"
        )
        x = weights.conv(
            channels, Size(count, "filters", filters), kernel, "kernel_sizes", kernel_sizes
        )
        size = _arguments.pool_fits(name, "pool_size", pool_size, pool, size, f"pool{i}")
        flat.append(weights.flatten(Size(size[0] * size[1], "input_shape", input_shape), x))
    x = weights.dense(weights.concatenate(*flat), Size(hidden_units, "hidden_units", hidden_units))
    weights.dense(x, Size(num_classes, "num_classes", num_classes))
    weights.check()

    _seed(name, seed)

    inputs = keras.Input(shape=shape, name="input")
    branches = []
    for i, (count, kernel) in enumerate(zip(counts, kernels, strict=True), start=1):
        x = layers.Conv2D(count, kernel, activation=hidden_activation, name=f"conv{i}")(inputs)
        x = layers.MaxPooling2D(pool, name=f"pool{i}")(x)
        branches.append(layers.Flatten(name=f"flat{i}")(x))
    x = _join(branches)
    x = layers.Dense(hidden_units, activation=hidden_activation, name="hidden1")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    model = keras.Model(inputs=inputs, outputs=outputs, name="shared_input")
    model.compile(**options)
    return model


def _join(branches: list[Any]) -> Any:
    # Concatenate needs two or more tensors; a single branch passes through.
    if len(branches) == 1:
        return branches[0]
    return layers.Concatenate(name="merge")(branches)


def build_shared_feature_extractor(
    *,
    input_shape: Sequence[int] = (784, 1),
    lstm_units: int = 128,
    shallow_units: int = 10,
    deep_units: Sequence[int] = (64, 32, 16),
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
    optimizer: Any = "adam",
    loss: Loss = None,
    metrics: Metrics = None,
    steps_per_execution: int = STEPS_PER_EXECUTION,
    jit_compile: bool | str = False,
    seed: int | None = None,
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
        optimizer: passed to ``Model.compile``.
        loss: defaults to a loss suited to ``output_activation``.
        metrics: defaults to accuracy for a classifier.
        steps_per_execution: batches run per call into TensorFlow; see
            ``STEPS_PER_EXECUTION``.
        jit_compile: compile the train step with XLA (``True``, ``"auto"``);
            off by default (see ``STEPS_PER_EXECUTION``).
        seed: makes initial weights and a following fit repeatable (through
            ``keras.utils.set_random_seed``); None leaves the generators alone.

    Returns:
        A compiled functional ``keras.Model`` named ``shared_feature_extractor``.
    """
    name = "build_shared_feature_extractor"
    shape = _arguments.input_shape(
        name, "input_shape", input_shape, 2, "(time steps, features per step)"
    )
    lstm_units = _arguments.positive_int(name, "lstm_units", lstm_units)
    shallow_units = _arguments.positive_int(name, "shallow_units", shallow_units)
    deep = _arguments.positive_ints(name, "deep_units", deep_units)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    heads = {"output": (output_activation, num_classes)}
    options = _options(name, heads, optimizer, loss, metrics, steps_per_execution, jit_compile)
    weights = _arguments.Weights(name)
    x = weights.input("input_shape", input_shape, shape)
    features = weights.lstm(x, Size(lstm_units, "lstm_units", lstm_units))
    shallow = weights.dense(features, Size(shallow_units, "shallow_units", shallow_units))
    x = features
    for width in deep:
        x = weights.dense(x, Size(width, "deep_units", deep_units))
    weights.dense(weights.concatenate(shallow, x), Size(num_classes, "num_classes", num_classes))
    weights.check()

    _seed(name, seed)

    inputs = keras.Input(shape=shape, name="input")
    features = layers.LSTM(lstm_units, name="lstm1")(inputs)
    shallow = layers.Dense(shallow_units, activation=hidden_activation, name="interp1")(features)
    x = features
    for j, width in enumerate(deep, start=1):
        x = layers.Dense(width, activation=hidden_activation, name=f"interp2{j}")(x)
    merged = layers.Concatenate(name="merge")([shallow, x])
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(merged)
    model = keras.Model(inputs=inputs, outputs=outputs, name="shared_feature_extractor")
    model.compile(**options)
    return model


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
    optimizer: Any = "adam",
    loss: Loss = None,
    metrics: Metrics = None,
    steps_per_execution: int = STEPS_PER_EXECUTION,
    jit_compile: bool | str = False,
    seed: int | None = None,
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
        optimizer: passed to ``Model.compile``.
        loss: defaults to a loss suited to ``output_activation``.
        metrics: defaults to accuracy for a classifier.
        steps_per_execution: batches run per call into TensorFlow; see
            ``STEPS_PER_EXECUTION``.
        jit_compile: compile the train step with XLA (``True``, ``"auto"``);
            off by default (see ``STEPS_PER_EXECUTION``).
        seed: makes initial weights and a following fit repeatable (through
            ``keras.utils.set_random_seed``); None leaves the generators alone.

    Returns:
        A compiled functional ``keras.Model`` named ``multi_input`` with inputs
        ``img_gray_bigsize`` and ``img_rgb_smallsize``.
    """
    name = "build_multi_input"
    gray = _arguments.input_shape(name, "gray_shape", gray_shape, 3, "(height, width, channels)")
    rgb = _arguments.input_shape(name, "rgb_shape", rgb_shape, 3, "(height, width, channels)")
    counts = _arguments.positive_ints(name, "filters", filters)
    kernel = _arguments.window(name, "kernel_size", kernel_size)
    pool = _arguments.window(name, "pool_size", pool_size)
    widths = _arguments.positive_ints(name, "hidden_units", hidden_units)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    heads = {"output": (output_activation, num_classes)}
    options = _options(name, heads, optimizer, loss, metrics, steps_per_execution, jit_compile)
    weights = _arguments.Weights(name)
    flat = []
    for branch, (argument, given, shape) in enumerate(
        (("gray_shape", gray_shape, gray), ("rgb_shape", rgb_shape, rgb)), start=1
    ):
        x = weights.input(argument, given, shape)
        size = (shape[0], shape[1])
        for i, count in enumerate(counts, start=1):
            layer = f"conv{branch}{i}"
            size = _arguments.conv_fits(name, "kernel_size", kernel_size, kernel, size, layer)
            x = weights.conv(x, Size(count, "filters", filters), kernel, "kernel_size", kernel_size)
            layer = f"pool{branch}{i}"
            size = _arguments.pool_fits(name, "pool_size", pool_size, pool, size, layer)
        flat.append(weights.flatten(Size(size[0] * size[1], argument, given), x))
    x = weights.concatenate(*flat)
    for width in widths:
        x = weights.dense(x, Size(width, "hidden_units", hidden_units))
    weights.dense(x, Size(num_classes, "num_classes", num_classes))
    weights.check()

    _seed(name, seed)

    def stack(inputs: Any, branch: int) -> Any:
        x = inputs
        for i, count in enumerate(counts, start=1):
            x = layers.Conv2D(count, kernel, activation=hidden_activation, name=f"conv{branch}{i}")(
                x
            )
            x = layers.MaxPooling2D(pool, name=f"pool{branch}{i}")(x)
        return layers.Flatten(name=f"flat{branch}")(x)

    gray_input = keras.Input(shape=gray, name="img_gray_bigsize")
    rgb_input = keras.Input(shape=rgb, name="img_rgb_smallsize")
    x = layers.Concatenate(name="merge")([stack(gray_input, 1), stack(rgb_input, 2)])
    for i, width in enumerate(widths, start=1):
        x = layers.Dense(width, activation=hidden_activation, name=f"hidden{i}")(x)
    outputs = layers.Dense(num_classes, activation=output_activation, name="output")(x)
    model = keras.Model(inputs=[gray_input, rgb_input], outputs=outputs, name="multi_input")
    model.compile(**options)
    return model


def build_multi_output(
    *,
    input_shape: Sequence[int] = (784, 1),
    extract_units: int = 64,
    class_lstm_units: int = 32,
    class_hidden_units: int = 32,
    num_classes: int = 10,
    hidden_activation: Activation = "relu",
    output_activation: Activation = "softmax",
    optimizer: Any = "adam",
    loss: Loss = None,
    metrics: Metrics = None,
    steps_per_execution: int = STEPS_PER_EXECUTION,
    jit_compile: bool | str = False,
    seed: int | None = None,
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
        optimizer: passed to ``Model.compile``.
        loss: one loss for both outputs, or a dict keyed ``output1`` and
            ``output2``; defaults to a loss suited to ``output_activation``
            for each.
        metrics: defaults to accuracy for each output of a classifier.
        steps_per_execution: batches run per call into TensorFlow; see
            ``STEPS_PER_EXECUTION``.
        jit_compile: compile the train step with XLA (``True``, ``"auto"``);
            off by default (see ``STEPS_PER_EXECUTION``).
        seed: makes initial weights and a following fit repeatable (through
            ``keras.utils.set_random_seed``); None leaves the generators alone.

    Returns:
        A compiled functional ``keras.Model`` named ``multi_output`` with
        outputs ``output1`` and ``output2``.
    """
    name = "build_multi_output"
    shape = _arguments.input_shape(
        name, "input_shape", input_shape, 2, "(time steps, features per step)"
    )
    extract_units = _arguments.positive_int(name, "extract_units", extract_units)
    class_lstm_units = _arguments.positive_int(name, "class_lstm_units", class_lstm_units)
    class_hidden_units = _arguments.positive_int(name, "class_hidden_units", class_hidden_units)
    num_classes = _arguments.classifier(name, num_classes, hidden_activation, output_activation)
    head = (output_activation, num_classes)
    heads = {"output1": head, "output2": head}
    options = _options(name, heads, optimizer, loss, metrics, steps_per_execution, jit_compile)
    weights = _arguments.Weights(name)
    x = weights.input("input_shape", input_shape, shape)
    sequence = weights.lstm(x, Size(extract_units, "extract_units", extract_units))
    x = weights.lstm(sequence, Size(class_lstm_units, "class_lstm_units", class_lstm_units))
    x = weights.dense(x, Size(class_hidden_units, "class_hidden_units", class_hidden_units))
    weights.dense(x, Size(num_classes, "num_classes", num_classes))
    weights.dense(sequence, Size(num_classes, "num_classes", num_classes))
    weights.check()

    _seed(name, seed)

    inputs = keras.Input(shape=shape, name="input")
    sequence = layers.LSTM(extract_units, return_sequences=True, name="extract")(inputs)
    x = layers.LSTM(class_lstm_units, name="class11")(sequence)
    x = layers.Dense(class_hidden_units, activation=hidden_activation, name="class12")(x)
    label = layers.Dense(num_classes, activation=output_activation, name="output1")(x)
    per_step = layers.TimeDistributed(
        layers.Dense(num_classes, activation=output_activation), name="output2"
    )(sequence)
    model = keras.Model(inputs=inputs, outputs=[label, per_step], name="multi_output")
    model.compile(**options)
    return model
