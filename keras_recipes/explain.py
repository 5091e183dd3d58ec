"""Where each figure of a model summary comes from, layer by layer.

Each layer's output shape and parameter count are worked out by
``keras_recipes.arithmetic`` from its ``get_config()`` and the shapes flowing
into it, beside what Keras reports (output shape, ``count_params()``) to check
each row. A model called as one layer is explained row by row and summed. A
layer type or setting without a formula is reported as such, never guessed.
Words are in the language current when the explanation is made.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from keras_recipes import arithmetic as a
from keras_recipes import i18n
from keras_recipes.arithmetic import TIMES, Worked, number
from keras_recipes.graph import placements
from keras_recipes.i18n import N_, _
from keras_recipes.summary import Shape
from keras_recipes.table import Column, Table, rule

if TYPE_CHECKING:
    import keras


class NoFormulaError(ValueError):
    """A layer, or a setting of one, that ``explain`` has no formula for."""


@dataclass(frozen=True)
class LayerExplanation:
    """One layer: our arithmetic for its shape and parameters, beside what Keras reports.

    ``shape`` and ``params`` are ``None`` for a layer without a formula;
    ``shape_formula`` then says why.
    """

    name: str
    type: str
    shape_formula: str
    params_formula: str
    shape: Shape | None
    params: int | None
    keras_shape: Shape
    keras_params: int

    @property
    def has_formula(self) -> bool:
        return self.shape is not None

    @property
    def agrees(self) -> bool:
        return self.shape == self.keras_shape and self.params == self.keras_params

    @property
    def check(self) -> str:
        """``✓``, ``no formula``, or ``MISMATCH`` naming what differs."""
        if not self.has_formula:
            return _("no formula")
        shape, params = self.shape == self.keras_shape, self.params == self.keras_params
        if shape and params:
            return "✓"
        if not (shape or params):
            return _("MISMATCH: shape, params")
        return _("MISMATCH: params") if shape else _("MISMATCH: shape")


@dataclass(frozen=True)
class Explanation:
    """Every layer of one model explained, and the total beside ``model.count_params()``."""

    title: str
    layers: tuple[LayerExplanation, ...]
    keras_total: int
    # The language its texts were made in, and that it is printed in.
    language: str = field(default_factory=i18n.get_language)

    @property
    def total(self) -> Worked | None:
        """The sum of our counts, every term shown; ``None`` if a layer has no formula."""
        counts = [row.params for row in self.layers]
        return None if None in counts else a.total(counts)  # type: ignore[arg-type]

    @property
    def ok(self) -> bool:
        """Every row agrees with Keras, and so does the total."""
        total = self.total
        agree = all(row.agrees for row in self.layers)
        return agree and total is not None and total.value == self.keras_total

    def __str__(self) -> str:
        return render(self)


@dataclass(frozen=True)
class _Own:
    shape: Shape
    shape_formula: str
    params: Worked = field(default_factory=lambda: Worked(0, _("no weights = 0")))


Formula = Callable[[Any, Mapping[str, Any], Sequence[Shape]], _Own]

# Settings whose other values change the arithmetic: a layer set otherwise is not guessed at.
_PLAIN = {
    "data_format": ("channels_last",),
    "padding": ("valid", "same"),
    "dilation_rate": ((1,), (1, 1), (1, 1, 1)),
    "groups": (1,),
    "output_padding": (None,),
    "keepdims": (False,),
    "return_state": (False,),
    "quantization_config": (None,),  # quantized or LoRA-adapted weights are counted otherwise
    "lora_rank": (None, 0),
}

# The spatial axes' arithmetic, by their number: said once where every axis
# works out the same, else axis by axis.
_SPATIAL_AXES = {
    1: (N_("steps: {worked}"), ""),
    2: (N_("rows and cols: {worked} each"), N_("rows: {first}; cols: {second}")),
    3: (
        N_("depth and rows and cols: {worked} each"),
        N_("depth: {first}; rows: {second}; cols: {third}"),
    ),
}


def _no_formula(layer: Any, what: str) -> NoFormulaError:
    text = _("layer {name} ({type}): no formula for {what}")
    return NoFormulaError(text.format(name=repr(layer.name), type=type(layer).__name__, what=what))


def _known(layer: Any, shape: Sequence[int | None]) -> Sequence[int]:
    if None in shape:
        raise _no_formula(layer, _("an axis of unknown length in {shape}").format(shape=shape))
    return shape  # type: ignore[return-value]


def _spatial(
    layer: Any, shape: Shape, output: Callable[..., Worked], *per_axis: Sequence[Any]
) -> tuple[list[Worked], str]:
    """Each spatial axis of ``shape`` (between batch and channels) worked out by ``output``."""
    sizes = _known(layer, shape[1:-1])
    axes = [output(size, *args) for size, *args in zip(sizes, *per_axis, strict=True)]
    same, each = _SPATIAL_AXES[len(axes)]
    if len({w.text for w in axes}) == 1:
        return axes, _(same).format(worked=axes[0])
    return axes, _(each).format(**dict(zip(("first", "second", "third"), axes, strict=False)))


def _input_layer(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    batch, *declared = config["batch_shape"]
    text = _("declared by keras.Input(shape={shape})")
    if batch is not None:
        text = _("declared by keras.Input(shape={shape}) with batch size {batch}")
    text = text.format(shape=tuple(declared), batch=batch)
    return _Own((batch, *declared), text, Worked(0, _("an input holds no weights = 0")))


def _dense(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape, units = inputs[0], config["units"]
    text = _("the last axis, {inputs}, becomes units = {units}")
    if len(shape) > 2:
        text = _(
            "the last axis, {inputs}, becomes units = {units}; "
            "Dense keeps the other axes ({kept}) as they are"
        )
    kept, in_dim = ", ".join(str(d) for d in shape[1:-1]), _known(layer, shape[-1:])[0]
    text = text.format(inputs=number(in_dim), units=number(units), kept=kept)
    return _Own((*shape[:-1], units), text, a.dense_params(in_dim, units, config["use_bias"]))


def _padding(padding: str) -> str:
    """Keras' ``padding=`` in the words the notebooks use for it ("valid" is no padding)."""
    words = {"valid": N_("valid padding"), "same": N_("same padding")}
    return _(words[padding]) if padding in words else padding


def _conv(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape, padding, filters = inputs[0], config["padding"], config["filters"]
    kernel = config["kernel_size"]
    transpose = "Transpose" in type(layer).__name__
    output = a.conv_transpose_output_worked if transpose else a.conv_output_worked
    axes, text = _spatial(layer, shape, partial(output, padding=padding), kernel, config["strides"])
    text = _("{padding}, {axes}; channels: filters = {filters}").format(
        padding=_padding(padding), axes=text, filters=filters
    )
    # A transposed convolution's kernel holds the same numbers, its axes ordered otherwise.
    params = a.conv_params(kernel, _known(layer, shape[-1:])[0], filters, config["use_bias"])
    return _Own((shape[0], *(w.value for w in axes), filters), text, params)


def _pool(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape, padding, pool = inputs[0], config["padding"], config["pool_size"]
    output = partial(a.conv_output_worked, padding=padding, k="pool")
    axes, text = _spatial(layer, shape, output, pool, config["strides"] or pool)
    text = _("{padding}, {axes}; channels kept: {channels}").format(
        padding=_padding(padding), axes=text, channels=shape[-1]
    )
    return _Own((shape[0], *(w.value for w in axes), shape[-1]), text)


def _upsampling(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape, size = inputs[0], config["size"]
    factors = (size,) if isinstance(size, int) else size
    axes, text = _spatial(layer, shape, a.upsampling_output_worked, factors)
    text = _("size={size}, each entry repeated: {axes}; channels kept: {channels}").format(
        size=size, axes=text, channels=shape[-1]
    )
    return _Own((shape[0], *(w.value for w in axes), shape[-1]), text)


def _global_pool(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape = inputs[0]
    how = _("the average of each channel's {axes} entries; channels kept: {channels}")
    if type(layer).__name__.startswith("GlobalMax"):
        how = _("the largest of each channel's {axes} entries; channels kept: {channels}")
    text = how.format(axes=TIMES.join(str(n) for n in shape[1:-1]), channels=shape[-1])
    return _Own((shape[0], shape[-1]), text)


def _flatten(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    dims = _known(layer, inputs[0][1:])
    worked = a.worked(math.prod(dims), a.product(dims))
    text = _("one axis of {worked}") if len(dims) > 1 else _("already one axis of {worked}")
    return _Own((inputs[0][0], worked.value), text.format(worked=worked))


def _reshape(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    target = tuple(config["target_shape"])
    if -1 in target:
        raise _no_formula(layer, f"target_shape={target}")
    before = _known(layer, inputs[0][1:])
    text = _("the same numbers rearranged: {before} into {target}, {worked}").format(
        before=a.worked(math.prod(before), a.product(before)),
        target=target,
        worked=a.worked(math.prod(target), a.product(target)),
    )
    return _Own((inputs[0][0], *target), text)


def _concatenate(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    axis = config["axis"]
    at = axis % len(inputs[0])
    sizes = _known(layer, [shape[at] for shape in inputs])
    worked = a.worked(sum(sizes), " + ".join(number(n) for n in sizes))
    text = _("joined along axis {axis}: {worked}")
    if at == len(inputs[0]) - 1:
        text = _("joined along the last axis: {worked}")
    shape = list(inputs[0])
    shape[at] = worked.value
    return _Own(tuple(shape), text.format(axis=axis, worked=worked))


def _elementwise(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    # Equal shapes only: Keras also broadcasts, which is not worked out here.
    if len(set(inputs)) != 1:
        what = _("inputs of different shapes {shapes}").format(shapes=list(inputs))
        raise _no_formula(layer, what)
    text = _(
        "{count} inputs of the same shape {shape}, combined entry by entry ({type}): shape kept"
    ).format(count=len(inputs), shape=inputs[0], type=type(layer).__name__)
    return _Own(inputs[0], text)


def _dropout(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    text = _("unchanged: rate={rate} of the entries are zeroed, in training only")
    return _Own(inputs[0], text.format(rate=config["rate"]))


def _embedding(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    dim = config["output_dim"]
    text = _("each word index becomes a vector of output_dim = {dim} numbers").format(dim=dim)
    return _Own((*inputs[0], dim), text, a.embedding_params(config["input_dim"], dim))


def _recurrent(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape, units = inputs[0], config["units"]
    gates = {"LSTM": 4, "GRU": 3, "SimpleRNN": 1}[type(layer).__name__]
    # A GRU with reset_after (Keras' default) has two biases per gate.
    biases = (2 if config.get("reset_after") else 1) if config["use_bias"] else 0
    out: Shape = (shape[0], units)
    text = _("return_sequences=False: the last step's state, units = {units}")
    if config["return_sequences"]:
        out = (shape[0], shape[1], units)
        text = _("return_sequences=True: a state of units = {units} at each of {steps} steps")
    params = a.recurrent_params(gates, units, _known(layer, shape[-1:])[0], biases)
    return _Own(out, text.format(units=units, steps=shape[1]), params)


def _time_distributed(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape, inner = inputs[0], layer.layer
    kind = type(inner).__name__
    own = _formula_for(inner)(inner, inner.get_config(), [(shape[0], *shape[2:])])
    text = _("{type} on each of the {steps} steps: {formula}").format(
        type=kind, steps=shape[1], formula=own.shape_formula
    )
    shared = _("one {type} shared by every step: {formula}").format(type=kind, formula=own.params)
    return _Own((shape[0], shape[1], *own.shape[1:]), text, Worked(own.params.value, shared))


def _nested_model(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    declared = [tuple(t.shape) for t in layer.inputs]
    if list(inputs) != declared:
        what = _("a call on {given}, not on its own inputs {declared}")
        raise _no_formula(layer, what.format(given=list(inputs), declared=declared))
    inner = explain_model(layer)
    total = inner.total
    if total is None:
        missing = next(row for row in inner.layers if not row.has_formula)
        raise _no_formula(layer, _("its layer {inner}").format(inner=repr(missing.name)))
    last = layer.outputs[0]._keras_history.operation.name
    shape = next(row.shape for row in inner.layers if row.name == last)
    text = _(
        "a model called as one layer: the output of its layer {last}, "
        "worked out row by row over its own {count} layers"
    ).format(last=repr(last), count=len(inner.layers))
    params = Worked(total.value, _("the sum of its own rows: {worked}").format(worked=total))
    return _Own(shape, text, params)  # type: ignore[arg-type]


# The layers that come in 1-D, 2-D and 3-D, the rank in place of {}.
_BY_RANK: dict[str, Formula] = {
    "Conv{}D": _conv,
    "Conv{}DTranspose": _conv,
    "MaxPooling{}D": _pool,
    "AveragePooling{}D": _pool,
    "GlobalMaxPooling{}D": _global_pool,
    "GlobalAveragePooling{}D": _global_pool,
    "UpSampling{}D": _upsampling,
}
_FORMULAS: dict[str, Formula] = {
    "InputLayer": _input_layer,
    "Dense": _dense,
    "Flatten": _flatten,
    "Reshape": _reshape,
    "Concatenate": _concatenate,
    "Dropout": _dropout,
    "Embedding": _embedding,
    "TimeDistributed": _time_distributed,
    **dict.fromkeys(["Functional", "Sequential"], _nested_model),
    **dict.fromkeys(["LSTM", "GRU", "SimpleRNN"], _recurrent),
    **dict.fromkeys(["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"], _elementwise),
    **{kind.format(n): formula for kind, formula in _BY_RANK.items() for n in (1, 2, 3)},
}
SUPPORTED_TYPES: tuple[str, ...] = tuple(_FORMULAS)


def _formula_for(layer: Any) -> Formula:
    # Keras' own classes only, by exact name: a subclass or a look-alike may
    # change the arithmetic, and is not guessed at.
    kind = type(layer).__name__
    if kind not in _FORMULAS or not type(layer).__module__.startswith("keras."):
        raise _no_formula(layer, kind)
    config = layer.get_config()
    for key, usual in _PLAIN.items():
        if key in config and config[key] not in usual:
            raise _no_formula(layer, f"{key}={config[key]!r}")
    return _FORMULAS[kind]


def explain_layer(
    layer: keras.layers.Layer, input_shapes: Sequence[Shape], keras_shape: Shape
) -> LayerExplanation:
    """``layer``'s output shape and parameters worked out from ``input_shapes`` (batch first),
    beside Keras' ``keras_shape`` and ``count_params()``."""
    ours: tuple[str, str, Shape | None, int | None]
    try:
        own = _formula_for(layer)(layer, layer.get_config(), input_shapes)
        ours = (own.shape_formula, own.params.text, tuple(own.shape), own.params.value)
    except NoFormulaError as error:
        ours = (str(error), "", None, None)
    keras_figures = {"keras_shape": tuple(keras_shape), "keras_params": layer.count_params()}
    return LayerExplanation(layer.name, type(layer).__name__, *ours, **keras_figures)


def explain_model(model: keras.Model, title: str | None = None) -> Explanation:
    """Explains each layer of a functional or Sequential ``model``, titled ``title`` or its name."""
    rows = [explain_layer(p.layer, p.input_shapes, p.output_shape) for p in placements(model)]
    return Explanation(title or model.name, tuple(rows), model.count_params())


def explain_recipe(name: str, **kwargs: Any) -> Explanation:
    """Builds recipe ``name`` with builder ``kwargs`` and explains it, titled with its section.

    Raises:
        UnknownRecipeError: for a name not in the registry.
    """
    from keras_recipes import registry

    recipe = registry.get_recipe(name)
    title = _("{recipe}: {title} ({section})").format(
        recipe=registry.title(recipe.name, kwargs),
        title=_(recipe.title),
        section=_(recipe.document.section).format(section=recipe.section),
    )
    return explain_model(recipe.build(**kwargs), title=title)


def render(explanation: Explanation) -> str:
    """A row per layer with its arithmetic under it, then the total; in its own language."""
    with i18n.language(explanation.language):
        return "\n".join(_render(explanation))


def _render(explanation: Explanation) -> Iterator[str]:
    cells = [
        [
            f"{row.name} ({row.type})",
            "-" if row.shape is None else str(row.shape),
            str(row.keras_shape),
            "-" if row.params is None else number(row.params),
            number(row.keras_params),
            row.check,
        ]
        for row in explanation.layers
    ]
    columns = [Column(_("Layer (type)")), Column(_("Output shape")), Column(_("Keras 3 shape"))]
    columns += [Column(_("Params"), right=True), Column(_("Keras 3 #"), right=True)]
    columns.append(Column(_("Check")))
    table = Table(columns, cells)
    line = rule(table.heading())
    yield explanation.title
    yield _("Output shape and Params: worked out below from each layer's configuration;")
    yield _("Keras 3 columns: what Keras reports for the built model; Check: ✓ where both agree.")
    yield from [line, *table.heading(), line]
    for row, texts in zip(explanation.layers, cells, strict=True):
        yield table.line(texts)
        yield "    " + _("shape:  {formula}").format(formula=row.shape_formula)
        if row.params_formula:
            yield "    " + _("params: {formula}").format(formula=row.params_formula)
    yield line
    total, mark = explanation.total, "✓" if explanation.ok else _("MISMATCH")
    keras_total = number(explanation.keras_total)
    if total is None:
        yield _("Total params: no sum (a layer has no formula); Keras 3: {total}  {mark}").format(
            total=keras_total, mark=mark
        )
    else:
        yield _("Total params: {worked}").format(worked=total)
        yield _("Keras 3 count_params(): {total}  {mark}").format(total=keras_total, mark=mark)


__all__ = [
    "Explanation",
    "LayerExplanation",
    "NoFormulaError",
    "explain_layer",
    "explain_model",
    "explain_recipe",
    "render",
]
