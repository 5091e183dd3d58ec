"""The compile options every builder takes, documented, checked and applied in one place.

A builder's own code (in ``recipes`` and ``guide_recipes``) takes only the
arguments that shape its model and returns it uncompiled; ``compiled`` adds the
options below to its signature and docstring, checks them, seeds the
generators, and compiles. The article never compiles its models, and the guide
compiles its own with RMSprop: the defaults here are ours (Adam for every
builder). Importing this module does not import TensorFlow, so the registry can
name the options.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, overload

from keras_recipes import _arguments, _memory

if TYPE_CHECKING:
    import keras

Activation = str | Callable[..., Any] | None
Loss = str | Callable[..., Any] | dict[str, Any] | None
Metrics = Sequence[Any] | dict[str, Any] | None

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


def _option(name: str, default: Any, annotation: str) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


# The keyword arguments that set how a model trains, not its layers, in the
# order every builder's signature lists them after its own.
COMPILE_OPTIONS: Mapping[str, inspect.Parameter] = MappingProxyType(
    {
        p.name: p
        for p in (
            _option("optimizer", "adam", "Any"),
            _option("loss", None, "Loss"),
            _option("metrics", None, "Metrics"),
            _option("steps_per_execution", STEPS_PER_EXECUTION, "int"),
            _option("jit_compile", False, "bool | str"),
            _option("seed", None, "int | None"),
        )
    }
)

_OPTIMIZER = """
        optimizer: passed to ``Model.compile``."""
_LOSS_AND_METRICS = """
        loss: one loss for every output, or a dict keyed by output name; defaults
            to {loss}.
        metrics: defaults to {metrics}; one entry per output for several outputs."""
_SPEED_AND_SEED = """
        steps_per_execution: batches run per call into TensorFlow; 8 by
            default, which trains these small models faster on a CPU.
        jit_compile: compile the train step with XLA (``True``, ``"auto"``);
            off by default, as XLA trains all but the MLP slower.
        seed: makes initial weights and a following fit repeatable (through
            ``keras.utils.set_random_seed``); None leaves the generators alone."""

Rule = Callable[[Mapping[str, Any]], Any]


@dataclass(frozen=True)
class Defaults:
    """A builder's default loss and metrics, each a function of its arguments.

    Each function takes the builder's arguments, defaults filled in, and
    gives a loss (or metrics) as ``Model.compile`` takes them, for every
    output. ``loss_text`` and ``metrics_text`` say the same in the builder's
    docstring, after "defaults to".
    """

    loss: Rule
    metrics: Rule
    loss_text: str
    metrics_text: str


def _loss_by_activation(arguments: Mapping[str, Any]) -> Any:
    # Integer class labels are what MNIST ships, so the sparse form fits
    # without one-hot encoding.
    activation = arguments["output_activation"]
    if activation == "softmax":
        return "sparse_categorical_crossentropy"
    if activation == "sigmoid":
        return "binary_crossentropy"
    return "mean_squared_error"


def _metrics_by_activation(arguments: Mapping[str, Any]) -> Any:
    return ["accuracy"] if arguments["output_activation"] in ("softmax", "sigmoid") else []


# What a builder compiles with unless it says otherwise: chosen from its
# ``output_activation``.
BY_ACTIVATION = Defaults(
    loss=_loss_by_activation,
    metrics=_metrics_by_activation,
    loss_text=(
        "one suited to ``output_activation`` (sparse categorical\n"
        "            cross-entropy for softmax, binary cross-entropy for sigmoid, else\n"
        "            mean squared error)"
    ),
    metrics_text="accuracy for a classifier (softmax or sigmoid\n            output), else none",
)


_RETURNS = "\n\n    Returns:"


Builder = Callable[..., "keras.Model"]


@overload
def compiled(body: Builder, /) -> Builder: ...


@overload
def compiled(*, defaults: Defaults) -> Callable[[Builder], Builder]: ...


def compiled(
    body: Builder | None = None, /, *, defaults: Defaults = BY_ACTIVATION
) -> Builder | Callable[[Builder], Builder]:
    """Makes ``body`` a builder that also takes, checks and applies the compile options.

    ``body(weights, **shaping)`` checks its own arguments, follows its feature
    maps on ``weights`` (an ``_arguments.Weights`` bound to the call, whose
    ``check`` then seeds the generators), and returns the uncompiled model;
    ``_memory.guard`` refuses a weight too large for memory as it is made. The builder made from it
    checks the compile options before any layer is made and the loss and
    metrics against the model's outputs before ``Model.compile``, so Keras
    never meets a bad value. Used bare (``@compiled``), the default loss and
    metrics follow the builder's ``output_activation``; ``@compiled(defaults=...)``
    gives a builder its own.

    Args:
        body: the builder's own code, its docstring's Args ending before Returns.
        defaults: the loss and metrics to compile with when none are given.

    Returns:
        The builder: ``body``'s keyword arguments and ``COMPILE_OPTIONS``, in
        its signature and its docstring's Args, returning a compiled model.
    """
    if body is None:
        return functools.partial(compiled, defaults=defaults)
    name = body.__name__
    own = inspect.signature(body)
    shaping = list(own.parameters.values())[1:]  # after the ``weights`` handed in
    own_defaults = {p.name: p.default for p in shaping}
    by_activation = defaults is BY_ACTIVATION
    if (by_activation and "output_activation" not in own_defaults) or _RETURNS not in (
        body.__doc__ or ""
    ):
        raise TypeError(f"{name}() needs output_activation and Args followed by Returns")

    @functools.wraps(body)
    def builder(**kwargs: Any) -> keras.Model:
        given = {key: kwargs.pop(key, p.default) for key, p in COMPILE_OPTIONS.items()}
        steps, jit = _arguments.steps_and_jit(
            name, given["steps_per_execution"], given["jit_compile"]
        )
        _arguments.optimizer(name, given["optimizer"])
        seed = _arguments.seed(name, given["seed"])
        arguments = {**own_defaults, **kwargs}
        # The weights' check seeds the generators only once the model is known to fit.
        weights = _arguments.Weights(name, arguments, ready=lambda: _seed(seed))
        with _memory.guard(name, arguments, kwargs):
            model = body(weights, **kwargs)
        outputs = _output_names(model)
        model.compile(
            optimizer=given["optimizer"],
            loss=_loss(name, given["loss"], outputs, defaults.loss(arguments)),
            metrics=_metrics(name, given["metrics"], outputs, defaults.metrics(arguments)),
            steps_per_execution=steps,
            jit_compile=jit,
        )
        return model

    builder.__signature__ = own.replace(  # type: ignore[attr-defined]
        parameters=[*shaping, *COMPILE_OPTIONS.values()]
    )
    options = _OPTIMIZER + _LOSS_AND_METRICS.format(
        loss=defaults.loss_text, metrics=defaults.metrics_text
    )
    builder.__doc__ = (body.__doc__ or "").replace(
        _RETURNS, options + _SPEED_AND_SEED + _RETURNS, 1
    )
    return builder


def _seed(seed: int | None) -> None:
    # Keras draws initial weights from a global generator, so one call fixes
    # them all; the same call makes a later fit's shuffling repeatable.
    if seed is not None:
        from keras_recipes._keras import keras

        keras.utils.set_random_seed(seed)


def _output_names(model: keras.Model) -> list[str]:
    # A Sequential model has no output_names; its last layer is its one output.
    return list(getattr(model, "output_names", None) or [model.layers[-1].name])


def _loss(builder: str, loss: Any, outputs: Sequence[str], default: Any) -> Any:
    """``loss`` checked against the outputs, or ``default`` for each output."""
    if loss is not None:
        _arguments.loss(builder, loss, outputs)
        return loss
    if len(outputs) == 1 or isinstance(default, dict):
        return default
    return {output: default for output in outputs}


def _metrics(builder: str, metrics: Any, outputs: Sequence[str], default: Any) -> Any:
    """``metrics`` checked against the outputs, or ``default`` for each output."""
    if metrics is not None:
        _arguments.metrics(builder, metrics, outputs)
        return metrics
    if len(outputs) == 1 or isinstance(default, dict):
        return default
    return {output: list(default) for output in outputs}
