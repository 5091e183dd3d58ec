"""What every builder shares, in one place: how it is called, checked, seeded and compiled.

A builder's body is its document's Keras code. ``@builder`` wraps it: keyword
arguments only, NumPy's whole numbers given to Keras as ``int``, ``seed``
applied before any layer is made, a weight too large for memory refused as
Keras creates it (``_memory``), and every error Keras raises for a bad value
reworded here, naming the builder, the argument and the value. The few checks
Keras would word badly (``Refusal``: an input of the wrong rank, a softmax over
one unit) are raised by the body and worded here too. ``compile_model`` is the
one ``Model.compile`` call every builder ends with.
"""

from __future__ import annotations

import functools
import inspect
import re
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from keras_recipes import _memory
from keras_recipes.i18n import N_, _, shown

if TYPE_CHECKING:
    import keras

Activation = str | Callable[..., Any] | None
# Batches per call into TensorFlow: running several train steps in one tf.function call
# saves the Python round trip of each batch, which made the small models train up to twice
# as fast on a 2-core CPU (benchmarks/bench_training.py). XLA stays off: it trained all but
# the MLP slower.
STEPS_PER_EXECUTION = 8
# What a builder takes besides its own arguments: for ``Model.compile``, and ``seed``.
COMPILE_OPTIONS = ("optimizer", "loss", "metrics", "steps_per_execution", "jit_compile", "seed")


class Refusal(ValueError):
    """A value a builder refuses itself: worded by ``@builder``, which knows the builder's name.

    ``message`` is a whole sentence marked with ``N_``; its placeholders are
    ``{builder}``, ``{argument}``, ``{value}`` and any of ``fields``.
    """

    def __init__(self, argument: str, value: Any, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.argument, self.value, self.message, self.fields = argument, value, message, fields

    def worded(self, builder: str) -> ValueError:
        return ValueError(
            _(self.message).format(
                builder=builder, argument=self.argument, value=shown(self.value), **self.fields
            )
        )


# ---------------------------------------------------------------- the few checks of our own


RANK = N_(
    "{builder}(): {argument}={value} is not usable: expected {rank} positive whole number(s), "
    "{meaning}, without the batch axis"
)
SOFTMAX_OF_ONE = N_(
    "{builder}(): {argument}={value} is not usable: a softmax over num_classes=1 always "
    "outputs 1.0; use output_activation='sigmoid' for a binary output"
)
# What each rank of input holds, as a refusal says it.
FEATURES = N_("the number of features")
IMAGE = N_("(height, width, channels)")
SEQUENCE = N_("(time steps, features per step)")


def check_rank(argument: str, shape: Any, rank: int, meaning: str) -> None:
    """Refuses an input shape of another rank, which Keras would say of a layer, batch axis in."""
    if not isinstance(shape, (tuple, list)) or len(shape) != rank:
        raise Refusal(argument, shape, RANK, rank=rank, meaning=_(meaning))


def check_branches(filters: Any, kernel_sizes: Any) -> None:
    """Refuses a kernel size for each branch that does not match a filter count for each."""
    if not isinstance(filters, (tuple, list)):
        raise Refusal(
            "filters",
            filters,
            N_(
                "{builder}(): {argument}={value} is not usable: "
                "expected one filter count per branch, e.g. (32, 16)"
            ),
        )
    if len(kernel_sizes) != len(filters):
        raise Refusal(
            "kernel_sizes",
            kernel_sizes,
            N_(
                "{builder}(): {argument}={value} is not usable: filters has {branches} "
                "branches, so {branches} kernel sizes are needed"
            ),
            branches=len(filters),
        )


COUNT = N_(
    "{builder}(): {argument}={value} is not usable: expected a whole number from {least} to {most}"
)


def check_count(argument: str, value: Any, least: int, most: int) -> None:
    """Refuses a count of models or blocks outside ``least``..``most``: the builder loops over
    it, and a count given by mistake (``blocks=10**9``) would build layers for hours."""
    if whole_number(value, least, most) is None:
        raise Refusal(argument, value, COUNT, least=least, most=most)


def whole_number(value: Any, low: int = 1, high: int = 2**63 - 1) -> int | None:
    """``value`` as an int when it is a whole number from ``low`` to ``high`` (NumPy's too)."""
    import operator

    if isinstance(value, bool):
        return None
    try:
        number = operator.index(value)
    except TypeError:
        return None
    return number if low <= number <= high else None


def check_head(num_classes: Any, output_activation: Any) -> None:
    """Refuses a softmax over one unit, which Keras builds and which always outputs 1.0."""
    if num_classes == 1 and output_activation == "softmax":
        raise Refusal("output_activation", output_activation, SOFTMAX_OF_ONE)


# ---------------------------------------------------------------- calling a builder


def builder(body: Callable[..., keras.Model]) -> Callable[..., keras.Model]:
    """Makes ``body`` a builder: see the module's docstring. Its signature and docstring stay."""
    name = body.__name__
    parameters = inspect.signature(body).parameters
    defaults = {
        key: p.default for key, p in parameters.items() if p.default is not inspect.Parameter.empty
    }

    @functools.wraps(body)
    def build(*args: Any, **kwargs: Any) -> keras.Model:
        if args:
            raise TypeError(
                _("{builder}() takes keyword arguments only, e.g. {builder}({example}=...)").format(
                    builder=name, example=next(iter(defaults))
                )
            )
        kwargs = {key: _plain(value) for key, value in kwargs.items()}
        unknown = [key for key in kwargs if key not in defaults and key not in COMPILE_OPTIONS]
        if unknown:
            raise TypeError(_unknown_argument(name, unknown[0], [*defaults, *COMPILE_OPTIONS]))
        seed = kwargs.pop("seed", None)
        from keras_recipes._keras import keras

        filtering = keras.config.is_traceback_filtering_enabled()
        keras.config.disable_traceback_filtering()  # keeps the failing layer in the traceback
        try:
            with _memory.guard(name, {**defaults, **kwargs}, kwargs):
                if seed is not None:
                    keras.utils.set_random_seed(seed)
                return body(**kwargs)
        except Refusal as refusal:
            raise refusal.worded(name) from None
        except _memory.TooLarge as too_large:  # worded already; a ValueError like the rest
            raise ValueError(str(too_large)) from None
        except (ValueError, TypeError, OverflowError, AttributeError) as error:
            raise _reworded(name, {**kwargs, "seed": seed}, error) from None
        finally:
            if filtering:
                keras.config.enable_traceback_filtering()

    return build


def _plain(value: Any) -> Any:
    """NumPy's whole numbers and booleans as Python's, inside tuples and lists too."""
    import numpy as np

    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (tuple, list)):
        return type(value)(_plain(item) for item in value)
    return value


def _unknown_argument(builder: str, argument: str, known: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(argument, known, n=1)
    if close:
        return _("{builder}() has no argument {argument}; did you mean {close}?").format(
            builder=builder, argument=shown(argument), close=repr(close[0])
        )
    return _("{builder}() has no argument {argument}; its arguments: {known}").format(
        builder=builder, argument=shown(argument), known=", ".join(known)
    )


# ---------------------------------------------------------------- Keras' errors, reworded

WINDOW_TOO_LARGE = N_(
    "{builder}(): {argument}={value} is not usable: layer {layer} meets a {height}x{width} "
    "feature map, smaller than its {window} {kind}; use a {kind} of at most {height}x{width} "
    "or a larger input"
)
NOT_AN_ACTIVATION = N_(
    "{builder}(): {argument}={value} is not usable: not a Keras activation; try 'relu', "
    "'tanh', 'sigmoid', 'softmax' or None"
)
NOT_POSITIVE = N_(
    "{builder}(): {argument}={value} is not usable: expected a whole number of at least 1"
)
KERAS_SAYS = N_("{builder}(): {argument}={value} is not usable: layer {layer}: {keras}")
KERAS_SAYS_OF_MODEL = N_("{builder}(): {argument}={value} is not usable: {keras}")
# The kinds of window a refusal names, marked for the catalogue.
_KINDS = {"kernel": N_("kernel"), "pool": N_("pool")}


def _keras_words(error: BaseException) -> str:
    """Keras' own sentence: the highlighted line of a layer's error, without its terminal codes."""
    text = str(error)
    highlighted = re.search(r"\x1b\[1m(.*?)\x1b\[0m", text, re.DOTALL)
    text = highlighted.group(1) if highlighted else text
    return " ".join(text.split())


def _failing_layer(error: BaseException) -> str | None:
    """The name of the innermost Keras layer whose code raised ``error``, or None (also for a
    layer refusing its arguments before it has a name)."""
    from keras_recipes._keras import keras

    found = None
    for frame, _line in traceback.walk_tb(error.__traceback__):
        candidate = frame.f_locals.get("self")
        if isinstance(candidate, keras.Layer) and not isinstance(candidate, keras.Model):
            found = getattr(candidate, "name", None) or found
    return found


def _blamed(given: Mapping[str, Any], words: str) -> str | None:
    """The argument the caller gave that made Keras refuse: named in Keras' words (``units``
    names ``hidden_units``), else holding the value Keras received, else the only one given."""
    given = {key: value for key, value in given.items() if not (key == "seed" and value is None)}
    mentioned = {word.lower() for word in re.findall(r"[A-Za-z_]\w*", words)}
    for exact in (True, False):
        for key in given:
            parts = {key} if exact else {key.rsplit("_", 1)[-1], key.removesuffix("s")}
            if parts & mentioned:
                return key
    received = set(re.findall(r"=\s*[\[(]?(-?[\w.]+)", words))
    for key, value in given.items():
        if {str(v) for v in _flat(value)} & received:
            return key
    return next(iter(given)) if len(given) == 1 else None


def _flat(value: Any) -> list[Any]:
    if isinstance(value, (tuple, list)):
        return [item for part in value for item in _flat(part)]
    return [value]


def _reworded(builder: str, given: Mapping[str, Any], error: BaseException) -> ValueError:
    words = _keras_words(error)
    layer = _failing_layer(error)
    blamed = _blamed(given, words)
    if blamed is None:  # several arguments given, none of them named: Keras' words alone
        where = _("layer {layer}: ").format(layer=repr(layer)) if layer is not None else ""
        return ValueError(
            _("{builder}(): the model cannot be built: {where}{keras}").format(
                builder=builder, where=where, keras=words
            )
        )
    fields = {"builder": builder, "argument": blamed, "value": shown(given[blamed])}
    size = re.search(r"inputs[ .]shape=[\[(]None,? (\d+),? (\d+)", words)
    window = re.search(r"(kernel shape|pool_size)=[\[(](\d+),? (\d+)", words)
    if "output size would be zero or negative" in words and size and window and layer:
        kind = "kernel" if window.group(1) == "kernel shape" else "pool"
        return ValueError(
            _(WINDOW_TOO_LARGE).format(
                layer=repr(layer),
                height=size.group(1),
                width=size.group(2),
                window=f"{window.group(2)}x{window.group(3)}",
                kind=_(_KINDS[kind]),
                **fields,
            )
        )
    if "activation function identifier" in words:
        return ValueError(_(NOT_AN_ACTIVATION).format(**fields))
    if re.search(r"(expected|must be) a (strictly )?positive (integer|value)", words):
        return ValueError(_(NOT_POSITIVE).format(**fields))
    if layer is None:
        return ValueError(_(KERAS_SAYS_OF_MODEL).format(keras=words, **fields))
    return ValueError(_(KERAS_SAYS).format(layer=repr(layer), keras=words, **fields))


# ---------------------------------------------------------------- compiling


def by_activation(output_activation: Activation, from_logits: bool = False) -> dict[str, Any]:
    """The loss and metrics a model's output takes, on integer class labels as MNIST ships them:
    sparse categorical cross-entropy for softmax (or for scores, ``from_logits``), binary
    cross-entropy for sigmoid, both scored by accuracy; else mean squared error alone."""
    from keras_recipes._keras import keras

    if from_logits and output_activation is None:
        loss: Any = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    else:
        losses = {"softmax": "sparse_categorical_crossentropy", "sigmoid": "binary_crossentropy"}
        loss = losses.get(str(output_activation), "mean_squared_error")
    classifier = loss != "mean_squared_error"
    return {"loss": loss, "metrics": ["accuracy"] if classifier else []}


def compile_model(
    model: keras.Model, options: Mapping[str, Any], *, loss: Any, metrics: Any
) -> keras.Model:
    """``model.compile`` with a builder's ``loss`` and ``metrics``, unless ``options`` (the
    builder's compile options) give others; returns the model.

    The options are ``optimizer`` (default ``"adam"``), ``loss`` and ``metrics`` (one for every
    output, or a dict keyed by output name), ``steps_per_execution`` (default 8) and
    ``jit_compile`` (default False). Losses, metrics and the two numbers are checked here:
    Keras takes a misspelt one and fails only at the first ``fit``.
    """
    settings = {
        "optimizer": "adam",
        "loss": loss,
        "metrics": metrics,
        "steps_per_execution": STEPS_PER_EXECUTION,
        "jit_compile": False,
        **options,
    }
    outputs = list(getattr(model, "output_names", None) or [model.layers[-1].name])
    _check_losses(settings["loss"], outputs)
    _check_metrics(settings["metrics"], outputs)
    steps = settings["steps_per_execution"]
    if isinstance(steps, bool) or not (isinstance(steps, int) and 1 <= steps < 2**63):
        raise Refusal("steps_per_execution", steps, NOT_POSITIVE)
    if settings["jit_compile"] not in (True, False, "auto"):
        raise Refusal(
            "jit_compile",
            settings["jit_compile"],
            N_("{builder}(): {argument}={value} is not usable: expected True, False or 'auto'"),
        )
    # The builder's own loss and metrics hold for each output; the caller's are as Keras takes them.
    if len(outputs) > 1 and "loss" not in options and not isinstance(loss, dict):
        settings["loss"] = dict.fromkeys(outputs, loss)
    if len(outputs) > 1 and "metrics" not in options and isinstance(metrics, list):
        settings["metrics"] = {output: list(metrics) for output in outputs}
    model.compile(**settings)
    return model


def _check_losses(loss: Any, outputs: Sequence[str]) -> None:
    from keras_recipes._keras import keras

    if isinstance(loss, dict) and set(loss) != set(outputs):
        raise Refusal(
            "loss",
            loss,
            N_(
                "{builder}(): {argument}={value} is not usable: a dict of losses needs exactly "
                "one entry per output, keyed {outputs}"
            ),
            outputs=sorted(outputs),
        )
    for one in loss.values() if isinstance(loss, dict) else [loss]:
        try:
            keras.losses.get(one)
        except (ValueError, TypeError):
            raise Refusal(
                "loss",
                loss,
                N_(
                    "{builder}(): {argument}={value} is not usable: {loss} is not a Keras loss; "
                    "try 'sparse_categorical_crossentropy', 'binary_crossentropy' or "
                    "'mean_squared_error'"
                ),
                loss=shown(one),
            ) from None


def _check_metrics(metrics: Any, outputs: Sequence[str]) -> None:
    from keras_recipes._keras import keras

    if isinstance(metrics, dict):
        unknown = [key for key in metrics if key not in outputs]
        if unknown:
            raise Refusal(
                "metrics",
                metrics,
                N_(
                    "{builder}(): {argument}={value} is not usable: {key} is not an output; "
                    "the outputs are {outputs}"
                ),
                key=shown(unknown[0]),
                outputs=list(outputs),
            )
        entries = list(metrics.values())
    elif isinstance(metrics, (list, tuple)):
        entries = list(metrics)
    else:
        raise Refusal(
            "metrics",
            metrics,
            N_(
                "{builder}(): {argument}={value} is not usable: expected a list of metrics, "
                "e.g. ['accuracy'], or a dict keyed by output"
            ),
        )
    for entry in entries:
        for one in entry if isinstance(entry, (list, tuple)) else [entry]:
            if one is None or (isinstance(one, str) and one.lower() in ("accuracy", "acc")):
                continue  # Keras picks the accuracy that fits the labels
            try:
                known = keras.metrics.get(one) is not None
            except (ValueError, TypeError):
                known = False
            if not known:
                raise Refusal(
                    "metrics",
                    metrics,
                    N_(
                        "{builder}(): {argument}={value} is not usable: {metric} is not a Keras "
                        "metric; try 'accuracy', 'mae' or 'sparse_top_k_categorical_accuracy'"
                    ),
                    metric=shown(one),
                )
