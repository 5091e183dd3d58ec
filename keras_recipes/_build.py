"""What every builder shares: how it is called, checked, seeded and compiled.

A builder's body is its document's Keras code. ``@builder`` wraps it: keyword
arguments only, NumPy's whole numbers given to Keras as ``int``, ``seed``
applied before any layer is made, a weight too large for memory refused as
Keras creates it (``_memory``), and every error Keras raises for a bad value
reworded here, naming the builder, the argument and the value. The few checks
Keras would word badly (``Refusal``) are raised by the body and worded here too.
``compile_model`` is the one ``Model.compile`` call every builder ends with.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import operator
import re
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from keras_recipes import _memory
from keras_recipes.i18n import N_, _, shown

if TYPE_CHECKING:
    import keras

Activation = str | Callable[..., Any] | None
# Batches per call into TensorFlow: several train steps in one tf.function call save the
# Python round trip of each batch, which made the small models train up to twice as fast on
# a 2-core CPU (benchmarks/bench_training.py). XLA stays off: it trained all but the MLP slower.
STEPS_PER_EXECUTION = 8
# What a builder takes besides its own arguments: for ``Model.compile``, and ``seed``.
COMPILE_OPTIONS = ("optimizer", "loss", "metrics", "steps_per_execution", "jit_compile", "seed")

# Every refusal of a value: ``{problem}`` is one of the sentences below, marked ``N_``.
UNUSABLE = N_("{builder}(): {argument}={value} is not usable: {problem}")
WHOLE = N_("expected a whole number of at least 1")
# What each rank of input holds, as a refusal says it.
FEATURES = N_("the number of features")
IMAGE = N_("(height, width, channels)")
SEQUENCE = N_("(time steps, features per step)")


class Refusal(ValueError):
    """A value a builder refuses itself, worded by ``@builder``, which knows the builder's name:
    ``problem`` is a sentence of ``UNUSABLE`` marked with ``N_``, its placeholders ``fields``."""

    def __init__(self, argument: str, value: Any, problem: str, **fields: Any) -> None:
        super().__init__(problem)
        self.argument, self.value, self.problem, self.fields = argument, value, problem, fields

    def worded(self, builder: str) -> ValueError:
        problem = _(self.problem).format(**self.fields)
        fields = {"builder": builder, "argument": self.argument, "value": shown(self.value)}
        return ValueError(_(UNUSABLE).format(problem=problem, **fields))


def check_rank(argument: str, shape: Any, rank: int, meaning: str) -> None:
    """Refuses an input shape of another rank, which Keras would say of a layer, batch axis in."""
    if not isinstance(shape, (tuple, list)) or len(shape) != rank:
        problem = N_("expected {rank} positive whole number(s), {meaning}, without the batch axis")
        raise Refusal(argument, shape, problem, rank=rank, meaning=_(meaning))


def check_branches(filters: Any, kernel_sizes: Any) -> None:
    """Refuses kernel sizes that do not match the filter counts, one of each per branch."""
    if not isinstance(filters, (tuple, list)):
        problem = N_("expected one filter count per branch, e.g. (32, 16)")
        raise Refusal("filters", filters, problem)
    if len(kernel_sizes) != len(filters):
        problem = N_("filters has {branches} branches, so {branches} kernel sizes are needed")
        raise Refusal("kernel_sizes", kernel_sizes, problem, branches=len(filters))


def check_count(argument: str, value: Any, least: int, most: int) -> None:
    """Refuses a count of models or blocks outside ``least``..``most``: the builder loops over
    it, and a count given by mistake (``blocks=10**9``) would build layers for hours."""
    if whole_number(value, least, most) is None:
        problem = N_("expected a whole number from {least} to {most}")
        raise Refusal(argument, value, problem, least=least, most=most)


def whole_number(value: Any, low: int = 1, high: int = 2**63 - 1) -> int | None:
    """``value`` as an int when it is a whole number from ``low`` to ``high`` (NumPy's too)."""
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
        problem = N_(
            "a softmax over num_classes=1 always outputs 1.0; use output_activation='sigmoid' "
            "for a binary output"
        )
        raise Refusal("output_activation", output_activation, problem)


def builder(body: Callable[..., keras.Model]) -> Callable[..., keras.Model]:
    """Makes ``body`` a builder: see the module's docstring. Its signature and docstring stay."""
    name = body.__name__
    defaults = {
        key: p.default
        for key, p in inspect.signature(body).parameters.items()
        if p.default is not inspect.Parameter.empty
    }
    known = [*defaults, *COMPILE_OPTIONS]

    @functools.wraps(body)
    def build(*args: Any, **kwargs: Any) -> keras.Model:
        if args:
            message = _("{builder}() takes keyword arguments only, e.g. {builder}({example}=...)")
            raise TypeError(message.format(builder=name, example=known[0]))
        for key in kwargs:
            if key not in known:
                raise TypeError(_unknown_argument(name, key, known))
        kwargs = {key: _plain(value) for key, value in kwargs.items()}
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

    if isinstance(value, (np.bool_, np.integer)):
        return value.item()
    if isinstance(value, (tuple, list)):
        return type(value)(_plain(item) for item in value)
    return value


def _unknown_argument(builder: str, argument: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(argument, known, n=1)
    message = _("{builder}() has no argument {argument}; its arguments: {known}")
    if close:
        message = _("{builder}() has no argument {argument}; did you mean {close}?")
    return message.format(
        builder=builder,
        argument=shown(argument),
        close=repr(close[0]) if close else "",
        known=", ".join(known),
    )


def _keras_words(error: BaseException) -> str:
    """Keras' own sentence: the highlighted line of a layer's error, without its terminal codes."""
    text = str(error)
    highlighted = re.search(r"\x1b\[1m(.*?)\x1b\[0m", text, re.DOTALL)
    return " ".join((highlighted.group(1) if highlighted else text).split())


def _failing_layer(error: BaseException) -> str | None:
    """The innermost Keras layer whose code raised ``error``, or None (also for a layer
    refusing its arguments before it has a name)."""
    from keras_recipes._keras import keras

    found = None
    for frame, _line in traceback.walk_tb(error.__traceback__):
        candidate = frame.f_locals.get("self")
        if isinstance(candidate, keras.Layer) and not isinstance(candidate, keras.Model):
            found = getattr(candidate, "name", None) or found
    return found


def _blamed(given: Mapping[str, Any], words: str) -> str | None:
    """The argument given that made Keras refuse: named in Keras' words (``units`` names
    ``hidden_units``), else holding the value Keras received, else the only one given."""
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
        message = _("{builder}(): the model cannot be built: {where}{keras}")
        return ValueError(message.format(builder=builder, where=where, keras=words))
    size = re.search(r"inputs[ .]shape=[\[(]None,? (\d+),? (\d+)", words)
    window = re.search(r"(kernel shape|pool_size)=[\[(](\d+),? (\d+)", words)
    fields: dict[str, Any] = {}
    if "output size would be zero or negative" in words and size and window and layer:
        problem = N_(
            "layer {layer} meets a {height}x{width} feature map, smaller than its {window} "
            "{kind}; use a {kind} of at most {height}x{width} or a larger input"
        )
        kind = N_("kernel") if window.group(1) == "kernel shape" else N_("pool")
        fields = {"height": size.group(1), "width": size.group(2), "kind": _(kind)}
        fields["window"] = f"{window.group(2)}x{window.group(3)}"
    elif "activation function identifier" in words:
        problem = N_("not a Keras activation; try 'relu', 'tanh', 'sigmoid', 'softmax' or None")
    elif re.search(r"(expected|must be) a (strictly )?positive (integer|value)", words):
        problem = WHOLE
    elif layer is None:
        problem, fields = "{keras}", {"keras": words}
    else:
        problem, fields = N_("layer {layer}: {keras}"), {"keras": words}
    return Refusal(blamed, given[blamed], problem, layer=repr(layer), **fields).worded(builder)


def by_activation(output_activation: Activation, from_logits: bool = False) -> dict[str, Any]:
    """The loss and metrics for integer class labels as MNIST ships them: sparse categorical
    cross-entropy for softmax (or scores, ``from_logits``), binary cross-entropy for sigmoid,
    both scored by accuracy; else mean squared error alone."""
    from keras_recipes._keras import keras

    if from_logits and output_activation is None:
        loss: Any = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    else:
        losses = {"softmax": "sparse_categorical_crossentropy", "sigmoid": "binary_crossentropy"}
        loss = losses.get(str(output_activation), "mean_squared_error")
    return {"loss": loss, "metrics": [] if loss == "mean_squared_error" else ["accuracy"]}


def compile_model(
    model: keras.Model, options: Mapping[str, Any], *, loss: Any, metrics: Any
) -> keras.Model:
    """``model.compile`` with the builder's ``loss`` and ``metrics`` (for each output), unless
    ``options`` give others: ``optimizer`` (default ``"adam"``), ``loss``, ``metrics`` (one
    for every output, or a dict by output name), ``steps_per_execution`` (default 8) and
    ``jit_compile`` (default False). Checked here, as Keras would fail only at ``fit``."""
    outputs = list(getattr(model, "output_names", None) or [model.layers[-1].name])
    if len(outputs) > 1 and not isinstance(loss, dict):
        loss = dict.fromkeys(outputs, loss)
    if len(outputs) > 1 and isinstance(metrics, list):
        metrics = {output: list(metrics) for output in outputs}
    settings = {
        "optimizer": "adam",
        "loss": loss,
        "metrics": metrics,
        "steps_per_execution": STEPS_PER_EXECUTION,
        "jit_compile": False,
        **options,
    }
    _check_losses(settings["loss"], outputs)
    _check_metrics(settings["metrics"], outputs)
    if whole_number(settings["steps_per_execution"]) is None:
        raise Refusal("steps_per_execution", settings["steps_per_execution"], WHOLE)
    if settings["jit_compile"] not in (True, False, "auto"):
        problem = N_("expected True, False or 'auto'")
        raise Refusal("jit_compile", settings["jit_compile"], problem)
    model.compile(**settings)
    return model


def _check_losses(loss: Any, outputs: Sequence[str]) -> None:
    from keras_recipes._keras import keras

    if isinstance(loss, dict) and set(loss) != set(outputs):
        problem = N_("a dict of losses needs exactly one entry per output, keyed {outputs}")
        raise Refusal("loss", loss, problem, outputs=sorted(outputs))
    for one in loss.values() if isinstance(loss, dict) else [loss]:
        try:
            keras.losses.get(one)
        except (ValueError, TypeError):
            problem = N_(
                "{loss} is not a Keras loss; try 'sparse_categorical_crossentropy', "
                "'binary_crossentropy' or 'mean_squared_error'"
            )
            raise Refusal("loss", loss, problem, loss=shown(one)) from None


def _check_metrics(metrics: Any, outputs: Sequence[str]) -> None:
    from keras_recipes._keras import keras

    if not isinstance(metrics, (dict, list, tuple)):
        problem = N_("expected a list of metrics, e.g. ['accuracy'], or a dict keyed by output")
        raise Refusal("metrics", metrics, problem)
    for key in metrics if isinstance(metrics, dict) else ():
        if key not in outputs:
            problem = N_("{key} is not an output; the outputs are {outputs}")
            raise Refusal("metrics", metrics, problem, key=shown(key), outputs=list(outputs))
    for entry in metrics.values() if isinstance(metrics, dict) else metrics:
        for one in entry if isinstance(entry, (list, tuple)) else [entry]:
            if one is None or (isinstance(one, str) and one.lower() in ("accuracy", "acc")):
                continue  # Keras picks the accuracy that fits the labels
            try:
                known = keras.metrics.get(one) is not None
            except (ValueError, TypeError):
                known = False
            if not known:
                problem = N_(
                    "{metric} is not a Keras metric; try 'accuracy', 'mae' or "
                    "'sparse_top_k_categorical_accuracy'"
                )
                raise Refusal("metrics", metrics, problem, metric=shown(one))
