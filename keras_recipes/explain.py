"""Where each figure of a model summary comes from, layer by layer.

For every layer, its output shape and parameter count are worked out by
``keras_recipes.arithmetic`` from the layer's configuration (``get_config()``:
units, filters, kernel_size, strides, padding, use_bias, ...) and the shapes of
the tensors that flow into it in this model -- not from ``count_params()`` or
Keras' output shapes. Those are read only afterwards, to check each row.

A model called as one layer (a ``Functional`` or ``Sequential`` row) is
explained row by row on its own; its row's count is the sum of those rows.
A layer type without a formula here is reported as such, never guessed.

The words are in the language current when the explanation is made (see
``i18n``), and it is printed in that language; symbols, layer names, types and
numbers stay as Keras and the formulas write them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from keras_recipes import arithmetic as a
from keras_recipes import i18n
from keras_recipes.arithmetic import Worked, number
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

    ``shape`` and ``params`` are ``None`` for a layer without a formula; the
    formula texts then say why.
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
        return self.shape is not None and self.params is not None

    @property
    def shape_agrees(self) -> bool:
        return self.shape == self.keras_shape

    @property
    def params_agrees(self) -> bool:
        return self.params == self.keras_params

    @property
    def agrees(self) -> bool:
        """Both our shape and our count equal Keras'; never true without a formula."""
        return self.shape_agrees and self.params_agrees

    @property
    def check(self) -> str:
        """``✓``, ``no formula``, or ``MISMATCH`` naming what differs."""
        if not self.has_formula:
            return _("no formula")
        if self.agrees:
            return "✓"
        if not (self.shape_agrees or self.params_agrees):
            return _("MISMATCH: shape, params")
        return _("MISMATCH: shape") if not self.shape_agrees else _("MISMATCH: params")


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
        if not all(row.has_formula for row in self.layers):
            return None
        return a.total_worked([row.params for row in self.layers if row.params is not None])

    @property
    def ok(self) -> bool:
        """Every row agrees with Keras, and so does the total."""
        total = self.total
        return (
            all(row.agrees for row in self.layers)
            and total is not None
            and total.value == self.keras_total
        )

    def __str__(self) -> str:
        return render(self)


# ---------------------------------------------------------------- formulas per layer type


@dataclass(frozen=True)
class _Own:
    shape: Shape
    shape_formula: str
    params: Worked


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

Formula = Callable[[Any, Mapping[str, Any], Sequence[Shape]], _Own]


def _no_weights() -> Worked:
    return Worked(0, _("no weights = 0"))


def _one_input(layer: Any, inputs: Sequence[Shape]) -> Shape:
    if len(inputs) != 1:
        raise NoFormulaError(
            _("layer {name} ({type}) has {count} inputs; its formula takes one").format(
                **_who(layer), count=len(inputs)
            )
        )
    return inputs[0]


def _who(layer: Any) -> dict[str, str]:
    """The ``name`` and ``type`` placeholders of a message about ``layer``."""
    return {"name": repr(layer.name), "type": type(layer).__name__}


def _no_formula_for(layer: Any, setting: str) -> NoFormulaError:
    return NoFormulaError(
        _("layer {name} ({type}): no formula for {setting}").format(**_who(layer), setting=setting)
    )


def _require(layer: Any, config: Mapping[str, Any], key: str, allowed: Sequence[Any]) -> Any:
    value = config.get(key)
    if value not in allowed:
        raise _no_formula_for(layer, f"{key}={value!r}")
    return value


def _known(layer: Any, shape: Shape, what: str) -> tuple[int, ...]:
    """``shape`` as whole numbers; ``what`` (marked with ``N_``) names it in the message."""
    dims = tuple(shape)
    if any(d is None for d in dims):
        raise NoFormulaError(
            _("layer {name} ({type}): {what} {shape} has an axis of unknown length").format(
                **_who(layer), what=_(what), shape=shape
            )
        )
    return dims  # type: ignore[return-value]


def _input_layer(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape = tuple(config["batch_shape"])
    declared = tuple(shape[1:])
    if shape[0] is None:
        text = _("declared by keras.Input(shape={shape})").format(shape=declared)
    else:
        text = _("declared by keras.Input(shape={shape}) with batch size {batch}").format(
            shape=declared, batch=shape[0]
        )
    return _Own(shape, text, Worked(0, _("an input holds no weights = 0")))


def _dense(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape = _one_input(layer, inputs)
    in_dim = _known(layer, shape[-1:], N_("the input's last axis"))[0]
    units = config["units"]
    if len(shape) > 2:
        text = _(
            "the last axis, {inputs}, becomes units = {units}; "
            "Dense keeps the other axes ({kept}) as they are"
        ).format(
            inputs=number(in_dim),
            units=number(units),
            kept=", ".join(str(d) for d in shape[1:-1]),
        )
    else:
        text = _("the last axis, {inputs}, becomes units = {units}").format(
            inputs=number(in_dim), units=number(units)
        )
    return _Own((*shape[:-1], units), text, a.dense_params(in_dim, units, bool(config["use_bias"])))


def _spatial(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> tuple[Any, ...]:
    _require(layer, config, "data_format", ("channels_last",))
    shape = _one_input(layer, inputs)
    sizes = _known(layer, shape[1:-1], N_("the input's spatial axes"))
    return shape, sizes


def _axes_text(worked: Sequence[Worked]) -> str:
    same, each = _SPATIAL_AXES[len(worked)]
    if len({w.text for w in worked}) == 1:
        return _(same).format(worked=worked[0])
    return _(each).format(**dict(zip(("first", "second", "third"), worked, strict=False)))


def _conv(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape, sizes = _spatial(layer, config, inputs)
    padding = _require(layer, config, "padding", a.PADDINGS)
    if any(d != 1 for d in config["dilation_rate"]):
        raise _no_formula_for(layer, f"dilation_rate={config['dilation_rate']}")
    if config.get("groups", 1) != 1:
        raise _no_formula_for(layer, f"groups={config['groups']}")
    return _filters(layer, config, shape, sizes, padding, a.conv_output_worked)


def _filters(
    layer: Any,
    config: Mapping[str, Any],
    shape: Shape,
    sizes: Sequence[int],
    padding: str,
    output_worked: Callable[[int, int, int, str], Worked],
) -> _Own:
    """A convolution's or a transposed convolution's row, once its settings are checked:
    each spatial axis by ``output_worked``, the channels by ``filters``."""
    kernel, strides, filters = config["kernel_size"], config["strides"], config["filters"]
    in_channels = _known(layer, shape[-1:], N_("the input's channel axis"))[0]
    worked = [
        output_worked(size, k, s, padding)
        for size, k, s in zip(sizes, kernel, strides, strict=True)
    ]
    text = _("{padding} padding, {axes}; channels: filters = {filters}").format(
        padding=padding, axes=_axes_text(worked), filters=filters
    )
    # A transposed convolution's kernel holds the same numbers, its axes ordered otherwise.
    return _Own(
        (shape[0], *(w.value for w in worked), filters),
        text,
        a.conv_params(kernel, in_channels, filters, bool(config["use_bias"])),
    )


def _pool(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape, sizes = _spatial(layer, config, inputs)
    padding = _require(layer, config, "padding", a.PADDINGS)
    pool = config["pool_size"]
    strides = config["strides"] or pool
    worked = [
        a.pool_output_worked(size, p, s, padding)
        for size, p, s in zip(sizes, pool, strides, strict=True)
    ]
    text = _("{padding} padding, {axes}; channels kept: {channels}").format(
        padding=padding, axes=_axes_text(worked), channels=shape[-1]
    )
    return _Own((shape[0], *(w.value for w in worked), shape[-1]), text, _no_weights())


def _flatten(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape = _one_input(layer, inputs)
    dims = _known(layer, shape[1:], N_("the input"))
    worked = a.flatten_worked(dims)
    if len(dims) > 1:
        text = _("one axis of {worked}").format(worked=worked)
    else:
        text = _("already one axis of {worked}").format(worked=worked)
    return _Own((shape[0], worked.value), text, _no_weights())


def _concatenate(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    axis = config.get("axis", -1)
    ranks = {len(s) for s in inputs}
    if len(ranks) != 1:
        raise NoFormulaError(
            _("layer {name} ({type}): inputs of different ranks {shapes}").format(
                **_who(layer), shapes=list(inputs)
            )
        )
    rank = ranks.pop()
    at = axis % rank
    sizes = [_known(layer, s[at : at + 1], N_("a joined axis"))[0] for s in inputs]
    worked = a.concatenate_worked(sizes)
    if at == rank - 1:
        text = _("joined along the last axis: {worked}").format(worked=worked)
    else:
        text = _("joined along axis {axis}: {worked}").format(axis=axis, worked=worked)
    shape = list(inputs[0])
    shape[at] = worked.value
    return _Own(tuple(shape), text, _no_weights())


def _recurrent(params: Callable[[Any, Mapping[str, Any], int], Worked]) -> Formula:
    def formula(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
        if config.get("return_state"):
            raise _no_formula_for(layer, "return_state=True")
        shape = _one_input(layer, inputs)
        input_dim = _known(layer, shape[-1:], N_("the features per step"))[0]
        units = config["units"]
        if config["return_sequences"]:
            out: Shape = (shape[0], shape[1], units)
            text = _(
                "return_sequences=True: a state of units = {units} at each of {steps} steps"
            ).format(units=units, steps=shape[1])
        else:
            out = (shape[0], units)
            text = _("return_sequences=False: the last step's state, units = {units}").format(
                units=units
            )
        return _Own(out, text, params(layer, config, input_dim))

    return formula


def _time_distributed(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape = _one_input(layer, inputs)
    inner = layer.layer
    kind = type(inner).__name__
    step_shape = (shape[0], *shape[2:])
    own = _formula_for(inner)(inner, inner.get_config(), [step_shape])
    text = _("{type} on each of the {steps} steps: {formula}").format(
        type=kind, steps=shape[1], formula=own.shape_formula
    )
    params = Worked(
        own.params.value,
        _("one {type} shared by every step: {formula}").format(type=kind, formula=own.params),
    )
    return _Own((shape[0], shape[1], *own.shape[1:]), text, params)


def _conv_transpose(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape, sizes = _spatial(layer, config, inputs)
    padding = _require(layer, config, "padding", a.PADDINGS)
    _require(layer, config, "output_padding", (None,))
    if any(d != 1 for d in config["dilation_rate"]):
        raise _no_formula_for(layer, f"dilation_rate={config['dilation_rate']}")
    return _filters(layer, config, shape, sizes, padding, a.conv_transpose_output_worked)


def _upsampling(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape, sizes = _spatial(layer, config, inputs)
    factors = config["size"]
    factors = (factors,) if isinstance(factors, int) else tuple(factors)
    worked = [a.upsampling_output_worked(n, f) for n, f in zip(sizes, factors, strict=True)]
    text = _("size={size}, each entry repeated: {axes}; channels kept: {channels}").format(
        size=config["size"], axes=_axes_text(worked), channels=shape[-1]
    )
    return _Own((shape[0], *(w.value for w in worked), shape[-1]), text, _no_weights())


def _global_pool(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape, sizes = _spatial(layer, config, inputs)
    _require(layer, config, "keepdims", (False,))
    if type(layer).__name__.startswith("GlobalMax"):
        how = _("the largest of each channel's {axes} entries; channels kept: {channels}")
    else:
        how = _("the average of each channel's {axes} entries; channels kept: {channels}")
    text = how.format(axes=a.TIMES.join(str(n) for n in sizes), channels=shape[-1])
    return _Own((shape[0], shape[-1]), text, _no_weights())


def _reshape(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape = _one_input(layer, inputs)
    entries = a.flatten_worked(_known(layer, shape[1:], N_("the input")))
    target = tuple(config["target_shape"])
    if -1 in target:
        raise _no_formula_for(layer, f"target_shape={target}")
    wanted = a.flatten_worked(target)
    if wanted.value != entries.value:
        raise NoFormulaError(
            _("layer {name} ({type}): {entries} numbers cannot take the shape {target}").format(
                **_who(layer), entries=number(entries.value), target=target
            )
        )
    text = _("the same numbers rearranged: {before} into {target}, {worked}").format(
        before=entries, target=target, worked=wanted
    )
    return _Own((shape[0], *target), text, _no_weights())


def _elementwise(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    # Equal shapes only: Keras also broadcasts, which is not worked out here.
    if len(set(inputs)) != 1:
        raise NoFormulaError(
            _("layer {name} ({type}): inputs of different shapes {shapes}").format(
                **_who(layer), shapes=list(inputs)
            )
        )
    text = _(
        "{count} inputs of the same shape {shape}, combined entry by entry ({type}): shape kept"
    ).format(count=len(inputs), shape=inputs[0], type=type(layer).__name__)
    return _Own(inputs[0], text, _no_weights())


def _dropout(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape = _one_input(layer, inputs)
    text = _("unchanged: rate={rate} of the entries are zeroed, in training only").format(
        rate=config["rate"]
    )
    return _Own(shape, text, _no_weights())


def _embedding(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    shape = _one_input(layer, inputs)
    output_dim = config["output_dim"]
    text = _("each word index becomes a vector of output_dim = {dim} numbers").format(
        dim=output_dim
    )
    return _Own((*shape, output_dim), text, a.embedding_params(config["input_dim"], output_dim))


def _nested_model(layer: Any, config: Mapping[str, Any], inputs: Sequence[Shape]) -> _Own:
    # A model called as one layer: explained row by row, on its own, and summed.
    if len(layer.outputs) != 1:
        raise _no_formula_for(
            layer, _("a model with {count} outputs").format(count=len(layer.outputs))
        )
    declared = [tuple(t.shape) for t in layer.inputs]
    if list(inputs) != declared:
        raise NoFormulaError(
            _("layer {name} ({type}): called on {given}, not on its own inputs {declared}").format(
                **_who(layer), given=list(inputs), declared=declared
            )
        )
    inner = explain_model(layer)
    missing = [row for row in inner.layers if not row.has_formula]
    if missing:
        raise NoFormulaError(
            _("layer {name} ({type}): its layer {inner} has no formula").format(
                **_who(layer), inner=repr(missing[0].name)
            )
        )
    last = layer.outputs[0]._keras_history.operation.name
    out = next(row for row in inner.layers if row.name == last)
    text = _(
        "a model called as one layer: the output of its layer {last}, "
        "worked out row by row over its own {count} layers"
    ).format(last=repr(last), count=len(inner.layers))
    total = inner.total
    assert total is not None  # every row has a formula
    params = Worked(total.value, _("the sum of its own rows: {worked}").format(worked=total))
    assert out.shape is not None
    return _Own(out.shape, text, params)


_FORMULAS: dict[str, Formula] = {
    "InputLayer": _input_layer,
    "Dense": _dense,
    "Conv1D": _conv,
    "Conv2D": _conv,
    "Conv3D": _conv,
    "MaxPooling1D": _pool,
    "MaxPooling2D": _pool,
    "MaxPooling3D": _pool,
    "AveragePooling1D": _pool,
    "AveragePooling2D": _pool,
    "AveragePooling3D": _pool,
    "Flatten": _flatten,
    "Concatenate": _concatenate,
    "LSTM": _recurrent(lambda _, c, d: a.lstm_params(c["units"], d, bool(c["use_bias"]))),
    "GRU": _recurrent(
        lambda _, c, d: a.gru_params(c["units"], d, bool(c["use_bias"]), bool(c["reset_after"]))
    ),
    "SimpleRNN": _recurrent(
        lambda _, c, d: a.simple_rnn_params(c["units"], d, bool(c["use_bias"]))
    ),
    "TimeDistributed": _time_distributed,
    "Conv1DTranspose": _conv_transpose,
    "Conv2DTranspose": _conv_transpose,
    "Conv3DTranspose": _conv_transpose,
    "UpSampling1D": _upsampling,
    "UpSampling2D": _upsampling,
    "UpSampling3D": _upsampling,
    "GlobalMaxPooling1D": _global_pool,
    "GlobalMaxPooling2D": _global_pool,
    "GlobalMaxPooling3D": _global_pool,
    "GlobalAveragePooling1D": _global_pool,
    "GlobalAveragePooling2D": _global_pool,
    "GlobalAveragePooling3D": _global_pool,
    "Reshape": _reshape,
    "Add": _elementwise,
    "Subtract": _elementwise,
    "Multiply": _elementwise,
    "Average": _elementwise,
    "Maximum": _elementwise,
    "Minimum": _elementwise,
    "Dropout": _dropout,
    "Embedding": _embedding,
    "Functional": _nested_model,
    "Sequential": _nested_model,
}

SUPPORTED_TYPES: tuple[str, ...] = tuple(_FORMULAS)


def _formula_for(layer: Any) -> Formula:
    # Keras' own classes only, by exact name: a subclass or a look-alike may
    # change the arithmetic, and is not guessed at.
    kind = type(layer).__name__
    if kind not in _FORMULAS or not type(layer).__module__.startswith("keras."):
        raise NoFormulaError(
            _("layer {name} ({type}): no formula for {type}; explain knows Keras' {known}").format(
                **_who(layer), known=", ".join(SUPPORTED_TYPES)
            )
        )
    config = layer.get_config()
    # Quantized or LoRA-adapted weights are counted differently.
    if config.get("quantization_config") is not None or config.get("lora_rank"):
        raise NoFormulaError(
            _("layer {name} ({type}): no formula for quantized or LoRA weights").format(
                **_who(layer)
            )
        )
    return _FORMULAS[kind]


# ---------------------------------------------------------------- explaining a model


def explain_layer(
    layer: keras.layers.Layer, input_shapes: Sequence[Shape], keras_shape: Shape
) -> LayerExplanation:
    """Works out one layer's output shape and parameter count, and sets Keras' beside them.

    Args:
        layer: a built Keras layer.
        input_shapes: shapes of the tensors flowing into it, batch axis first.
        keras_shape: the output shape Keras gave it, for the check.

    Returns:
        The explanation, with our figures and Keras'.

    Raises:
        NoFormulaError: for a layer type or setting without a formula here.
    """
    own = _formula_for(layer)(layer, layer.get_config(), input_shapes)
    return LayerExplanation(
        name=layer.name,
        type=type(layer).__name__,
        shape_formula=own.shape_formula,
        params_formula=own.params.text,
        shape=tuple(own.shape),
        params=own.params.value,
        keras_shape=tuple(keras_shape),
        keras_params=layer.count_params(),
    )


def explain_model(model: keras.Model, title: str | None = None) -> Explanation:
    """Explains every layer of ``model``; a layer without a formula is reported as such.

    Args:
        model: a functional or Sequential model built from ``keras.Input``.
        title: the heading of the rendered explanation; the model's name by default.

    Returns:
        One ``LayerExplanation`` per layer, in ``model.layers`` order, and
        ``model.count_params()`` for the total.
    """
    rows = []
    for place in placements(model):
        try:
            rows.append(explain_layer(place.layer, place.input_shapes, place.output_shape))
        except NoFormulaError as error:
            rows.append(
                LayerExplanation(
                    name=place.layer.name,
                    type=type(place.layer).__name__,
                    shape_formula=str(error),
                    params_formula="",
                    shape=None,
                    params=None,
                    keras_shape=tuple(place.output_shape),
                    keras_params=place.layer.count_params(),
                )
            )
    return Explanation(title or model.name, tuple(rows), model.count_params())


def explain_recipe(name: str, **kwargs: Any) -> Explanation:
    """Builds recipe ``name`` (with builder ``kwargs``) and explains it.

    Args:
        name: a recipe name from the registry.
        **kwargs: builder arguments, e.g. ``flatten=True`` for the corrected CNN.

    Returns:
        The explanation, titled with the recipe, its document's section and ``kwargs``.

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


# ---------------------------------------------------------------- rendering


def _columns() -> tuple[Column, ...]:
    return (
        Column(_("Layer (type)")),
        Column(_("Output shape")),
        Column(_("Keras 3 shape")),
        Column(_("Params"), right=True),
        Column(_("Keras 3 #"), right=True),
        Column(_("Check")),
    )


def _shape_text(shape: Shape | None) -> str:
    return "-" if shape is None else str(tuple(shape))


def render(explanation: Explanation) -> str:
    """The explanation as text: a row per layer with its arithmetic under it, then the total.

    In the language the explanation was made in, whatever the language is now.
    """
    with i18n.language(explanation.language):
        return _render(explanation)


def _render(explanation: Explanation) -> str:
    cells = [
        [
            f"{row.name} ({row.type})",
            _shape_text(row.shape),
            _shape_text(row.keras_shape),
            "-" if row.params is None else number(row.params),
            number(row.keras_params),
            row.check,
        ]
        for row in explanation.layers
    ]
    table = Table(_columns(), cells)
    heading = table.heading()
    line = rule(heading)
    out = [
        explanation.title,
        _("Output shape and Params: worked out below from each layer's configuration;"),
        _("Keras 3 columns: what Keras reports for the built model; Check: ✓ where both agree."),
        line,
        *heading,
        line,
    ]
    for row, texts in zip(explanation.layers, cells, strict=True):
        out.append(table.line(texts))
        out.append("    " + _("shape:  {formula}").format(formula=row.shape_formula))
        if row.params_formula:
            out.append("    " + _("params: {formula}").format(formula=row.params_formula))
    out.append(line)
    total = explanation.total
    keras_total = number(explanation.keras_total)
    mark = "✓" if explanation.ok else _("MISMATCH")
    if total is None:
        out.append(
            _("Total params: no sum (a layer has no formula); Keras 3: {total}  {mark}").format(
                total=keras_total, mark=mark
            )
        )
    else:
        out.append(_("Total params: {worked}").format(worked=total))
        out.append(
            _("Keras 3 count_params(): {total}  {mark}").format(total=keras_total, mark=mark)
        )
    return "\n".join(out)


__all__ = [
    "Explanation",
    "LayerExplanation",
    "NoFormulaError",
    "explain_layer",
    "explain_model",
    "explain_recipe",
    "render",
]
