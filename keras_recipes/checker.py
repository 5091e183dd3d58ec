"""Compare a model with an expected summary, row by row, and say what to change.

The model's rows come from ``keras_recipes.graph``, read through the Keras API,
never by parsing ``summary()`` text. Rows pair by structure, not by name: a
row and a layer of the same type pair when their output shapes, parameter
counts, inputs and readers agree, so a learner's model whose layers Keras
named (``dense_1``) pairs with the article's ``hidden2``. A summary without a
"Connected to" column describes a chain, each row reading the one above it.

Each mistake is reported once, at its cause (``hints``): the first layer where
the model departs from the summary, and the Keras argument that explains it
(``units``, ``kernel_size``, ``pool_size``, ``strides``, ``filters``,
``activation``), worked out from the summary's own figures; a layer missing or
one too many; a layer reading the wrong input. Rows that differ only because an
earlier one did are said to follow from it.

A report speaks the language current when it was made (see ``i18n``); layer
names, types and numbers stay as Keras prints them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from keras_recipes import arithmetic as a
from keras_recipes import i18n
from keras_recipes.graph import param_counts, read_rows
from keras_recipes.i18n import N_, _, ngettext
from keras_recipes.summary import Row, Summary, canonical_type, shape_text, validate
from keras_recipes.table import Cell, Column, Table, rule

if TYPE_CHECKING:
    import keras

    from keras_recipes.registry import Configuration, Recipe

# What the report's last column says for each status of a row.
_STATUS_TEXT = {
    "ok": N_("ok"),
    "differs": N_("differs"),
    "follows": N_("follows"),
    "missing": N_("missing"),
    "extra": N_("extra"),
    "unlisted": N_("not listed"),
}


@dataclass(frozen=True)
class RowCheck:
    """One expected row beside the layer it paired with, what differs, and its status."""

    expected: Row | None
    actual: Row | None
    differences: tuple[str, ...] = ()
    # "follows" where every difference comes from an earlier row's mistake.
    follows: bool = False
    # A layer outside the part of the model that a partial summary lists.
    unlisted: bool = False

    @property
    def status(self) -> str:
        if self.actual is None:
            return "missing"
        if self.expected is None:
            return "unlisted" if self.unlisted else "extra"
        if not self.differences:
            return "ok"
        return "follows" if self.follows else "differs"


@dataclass(frozen=True)
class TotalCheck:
    label: str  # as Keras names the count in English: "Total params"; shown translated
    expected: int
    actual: int

    @property
    def ok(self) -> bool:
        return self.expected == self.actual

    @property
    def status(self) -> str:
        return "ok" if self.ok else "differs"


@dataclass(frozen=True)
class Hint:
    """One mistake, at its cause, and the rows that differ only because of it."""

    text: str
    followers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    """The result of comparing a model with an expected summary, row by row."""

    title: str
    source: str
    rows: tuple[RowCheck, ...]
    totals: tuple[TotalCheck, ...]
    hints: tuple[Hint, ...] = ()
    # What is worth a word but is no mistake: a name the learner chose otherwise.
    notes: tuple[str, ...] = ()
    # Said before the source on the first line, e.g. why this summary was chosen.
    note: str = ""
    # Whether the expected summary prints a "Connected to" column.
    connections: bool = False
    # The document the expected figures come from (its code, its layer names).
    document: str = N_("article")
    # Whether those figures were derived here rather than printed by the document: then
    # "derived" heads them, as the document never printed them.
    derived: bool = False
    # The language its sentences were made in, and that it is printed in.
    language: str = field(default_factory=i18n.get_language)

    @property
    def ok(self) -> bool:
        rows_ok = all(r.status == "ok" for r in self.rows)
        return rows_ok and not self.hints and all(t.ok for t in self.totals)

    @property
    def matched(self) -> int:
        """Expected rows that match a layer exactly."""
        return sum(r.status == "ok" for r in self.rows)

    @property
    def expected_rows(self) -> int:
        return sum(r.expected is not None for r in self.rows)

    @property
    def expected_total(self) -> int:
        return self.totals[0].expected

    @property
    def actual_total(self) -> int:
        return self.totals[0].actual

    def problems(self) -> list[str]:
        """One sentence per mistake, then what differs where no cause was found."""
        with i18n.language(self.language):
            return _problems(self)

    def __str__(self) -> str:
        return render(self)


# ---------------------------------------------------------------- wiring and pairing

Wiring = dict[str, tuple[str, ...] | None]


def _wiring(summary: Summary) -> Wiring:
    """Each row's inputs by the summary's names; ``None`` where nothing is said about them.

    Keras prints no "Connected to" column for a chain of layers, each reading
    the one above it; the rows of such a summary are that chain, in printed
    order. Its first row reads the model's input, which a Sequential summary
    does not list.
    """
    rows = summary.rows
    if any(row.connected_to is not None for row in rows):
        return {row.name: row.connected_to for row in rows}
    wiring: Wiring = {}
    for above, row in zip((None, *rows), rows, strict=False):
        if above is not None:
            wiring[row.name] = (above.name,)
        else:
            wiring[row.name] = () if canonical_type(row.type) == "InputLayer" else None
    return wiring


def _readers(wiring: Wiring) -> dict[str, list[tuple[str, int]]]:
    """Who reads each row, and at which place among its inputs."""
    found: dict[str, list[tuple[str, int]]] = {}
    for reader, names in wiring.items():
        for place, name in enumerate(names or ()):
            found.setdefault(name, []).append((reader, place))
    return found


Score = tuple[int, int]


class _Pairing:
    """Which layer of the model each expected row describes, by structure.

    A row and a layer of the same type agree on up to five counts: output
    shape, parameters, inputs (those already paired, place by place), readers
    (a paired row reading the row where the layer's pair reads the layer), and
    being an output of the model or not. A row and a layer pair once each is
    the other's one best match; where no pair is that certain, the
    best-agreeing pair is taken. Equal names break ties.
    """

    def __init__(self, expected: Summary, actual: Sequence[Row]) -> None:
        self.wiring = _wiring(expected)
        self.readers = _readers(self.wiring)
        self.actual_readers = _readers({row.name: row.connected_to for row in actual})
        self.mapping: dict[str, Row] = {}
        self._pair(list(expected.rows), list(actual))

    def inputs(self, row: Row) -> tuple[str, ...] | None:
        """``row``'s inputs named as in the model where paired, else as in the summary."""
        names = self.wiring[row.name]
        if names is None:
            return None
        return tuple(self.mapping[n].name if n in self.mapping else n for n in names)

    def _score(self, row: Row, layer: Row) -> Score:
        names = self.wiring[row.name]
        known = names is not None and all(n in self.mapping for n in names)
        inputs = known and self.inputs(row) == layer.connected_to
        read_as = any(
            (reader in self.mapping)
            and place < len(self.mapping[reader].connected_to or ())
            and (self.mapping[reader].connected_to or ())[place] == layer.name
            for reader, place in self.readers.get(row.name, ())
        )
        is_output = (row.name not in self.readers) == (layer.name not in self.actual_readers)
        agreed = (
            2 * inputs
            + (tuple(row.output_shape or ()) == tuple(layer.output_shape or ()))
            + (row.params == layer.params)
            + read_as
            + is_output
        )
        return agreed, int(row.name == layer.name)

    def _pair(self, pending: list[Row], free: list[Row]) -> None:
        while pending and free:
            scores = {
                (i, j): self._score(row, layer)
                for i, row in enumerate(pending)
                for j, layer in enumerate(free)
                if _same_type(row.type, layer.type)
            }
            if not scores:
                return  # no layer of any pending row's type is left
            certain = [
                (i, j)
                for (i, j), score in scores.items()
                if _unique_best([s for (r, _), s in scores.items() if r == i], score)
                and _unique_best([s for (_, c), s in scores.items() if c == j], score)
            ]
            if not certain:
                certain = [max(scores, key=lambda key: (scores[key], -key[0], -key[1]))]
            for i, j in certain:
                self.mapping[pending[i].name] = free[j]
            rows = {i for i, _ in certain}
            layers = {j for _, j in certain}
            pending[:] = [row for i, row in enumerate(pending) if i not in rows]
            free[:] = [layer for j, layer in enumerate(free) if j not in layers]


def _same_type(printed: str, keras_type: str) -> bool:
    """A type as a summary printed it, maybe cut short ("MaxPooling2…"), and a layer's type."""
    if printed.endswith("…"):
        return keras_type.startswith(printed[:-1]) or canonical_type(keras_type).startswith(
            printed[:-1]
        )
    return canonical_type(printed) == canonical_type(keras_type)


def _unique_best(rivals: list[Score], score: Score) -> bool:
    """Whether ``score`` is the best of ``rivals`` (itself among them), and no other is as good."""
    return max(rivals) == score and rivals.count(score) == 1


# ---------------------------------------------------------------- what the summary implies


@dataclass(frozen=True)
class _Argument:
    """A Keras argument of a layer, its value as the summary implies it, and why."""

    name: str
    value: Any
    why: str


def _spatial(shape: Sequence[Any]) -> list[int] | None:
    sizes = list(shape[1:-1])
    return sizes if sizes and all(isinstance(d, int) for d in sizes) else None


def _window(inputs: list[int], outputs: list[int], kernel: int) -> int | None:
    """The stride that takes every axis from ``inputs`` to ``outputs`` with ``kernel``."""
    for stride in range(1, kernel + 1):
        if all(a.conv_output(i, kernel, stride) == o for i, o in zip(inputs, outputs, strict=True)):
            return stride
    return None


def _implied(
    row: Row, inputs: Sequence[Sequence[Any]], activation: str | None, document: str
) -> list[_Argument]:
    """The Keras arguments ``row``'s figures imply, from the shapes flowing into it.

    Only what the figures settle: a Dense layer's units, a convolution's filters,
    kernel and strides, a pooling's window, a recurrent layer's units; and the
    activation the document's code gives it, where the recipe keeps it.
    """
    kind = canonical_type(row.type)
    out = tuple(row.output_shape or ())  # validated: one shape (parse_summary's None: none)
    found: list[_Argument] = []
    if kind in ("Dense", "LSTM", "GRU", "SimpleRNN") and inputs and isinstance(out[-1], int):
        units = out[-1]
        why = ""
        if kind == "Dense" and isinstance(inputs[0][-1], int):
            worked = a.dense_params(inputs[0][-1], units)
            if worked.value == row.params:
                why = _("its {params} parameters are {worked}").format(
                    params=a.number(row.params), worked=worked.text.split(" = ")[1]
                )
        elif kind == "LSTM" and isinstance(inputs[0][-1], int):
            worked = a.recurrent_params(4, units, inputs[0][-1], 1)
            if worked.value == row.params:
                why = _("its {params} parameters are {worked}").format(
                    params=a.number(row.params), worked=worked.text.split(" = ")[1]
                )
        found.append(_Argument("units", units, why))
    elif kind == "UpSampling2D" and len(inputs) == 1:
        sizes, before = _spatial(out), _spatial(inputs[0])
        if sizes and before and all(s % b == 0 for s, b in zip(sizes, before, strict=True)):
            factors = {s // b for s, b in zip(sizes, before, strict=True)}
            if len(factors) == 1:
                found.append(_Argument("size", factors.pop(), ""))
    elif kind in ("Conv1D", "Conv2D", "Conv3D") and len(inputs) == 1:
        found += _convolution(row, inputs[0])
    elif kind.startswith(("MaxPooling", "AveragePooling")) and len(inputs) == 1:
        sizes, before = _spatial(out), _spatial(inputs[0])
        if sizes and before:
            pools = {b // s for b, s in zip(before, sizes, strict=True) if s}
            pool = min(pools) if len(pools) == 1 else None
            if pool and pool > 1 and _window(before, sizes, pool) == pool:
                why = _("{name} gives {out} from {into}, and {into_side} {divided} {pool} = {side}")
                found.append(
                    _Argument(
                        "pool_size",
                        pool,
                        why.format(
                            name=row.name,
                            out="x".join(map(str, sizes)),
                            into="x".join(map(str, before)),
                            into_side=before[0],
                            divided="\u00f7",
                            pool=pool,
                            side=sizes[0],
                        ),
                    )
                )
    if activation is not None:
        found.append(
            _Argument(
                "activation",
                activation,
                _("the {document}'s code says so").format(document=_(document)),
            )
        )
    return found


def _convolution(row: Row, into: Sequence[Any]) -> list[_Argument]:
    out = tuple(row.output_shape or ())
    filters, channels = out[-1], into[-1]
    if not (isinstance(filters, int) and isinstance(channels, int)) or not filters:
        return []
    found = [
        _Argument("filters", filters, _("its output has {count} channels").format(count=filters))
    ]
    sizes, before = _spatial(out), _spatial(into)
    # The kernel's cells: (k*k*c + 1)*f = params.
    cells = ((row.params or 0) / filters - 1) / channels
    if not (sizes and before) or cells < 1 or cells != int(cells):
        return found
    side = round(int(cells) ** (1 / len(sizes)))
    if side ** len(sizes) != int(cells):
        return found
    stride = _window(before, sizes, side)
    if stride is None:
        return found
    worked = a.conv_output_worked(before[0], side, stride)
    found.append(
        _Argument(
            "kernel_size",
            side,
            _("{name} gives {out} from {into}, and {worked}").format(
                name=row.name,
                out="x".join(map(str, sizes)),
                into="x".join(map(str, before)),
                worked=worked.text.split(" = ", 1)[1],
            ),
        )
    )
    found.append(_Argument("strides", stride, found[-1].why))
    return found


def _actual(layer: Any, name: str) -> Any:
    """A layer's own value of Keras argument ``name``, as a learner writes it (4, not (4, 4))."""
    config = layer.get_config()
    if "layer" in config and name not in config:  # TimeDistributed: the layer it wraps
        config = layer.layer.get_config()
    value = config.get(name)
    if name == "activation" and isinstance(value, dict):  # a callable, serialised
        value = value.get("config", value)
    if isinstance(value, (list, tuple)) and len(set(value)) == 1:
        value = value[0]
    return value


# ---------------------------------------------------------------- comparing


@dataclass
class _Comparison:
    """What is found while the rows are compared: differences, causes, followers."""

    checks: list[RowCheck] = field(default_factory=list)
    hints: list[Hint] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Row name -> the hint (its index) that explains it.
    caused_by: dict[str, int] = field(default_factory=dict)


def _differences(expected: Row, actual: Row, inputs: tuple[str, ...] | None) -> list[str]:
    found = []
    shown_whole = expected.output_shape is not None  # a shape cut short in print is not compared
    if shown_whole and tuple(expected.output_shape or ()) != tuple(actual.output_shape or ()):
        found.append(
            _("output shape {expected} expected, got {actual}").format(
                expected=expected.output_shape, actual=actual.output_shape
            )
        )
    if expected.params is not None and expected.params != actual.params:
        found.append(
            _("params {expected} expected, got {actual}").format(
                expected=a.number(expected.params or 0), actual=a.number(actual.params or 0)
            )
        )
    if inputs is not None and inputs != actual.connected_to:
        found.append(
            _("connected to [{expected}] expected, got [{actual}]").format(
                expected=", ".join(inputs) or "-",
                actual=", ".join(actual.connected_to or ()) or "-",
            )
        )
    return found


def _who(expected: Row, actual: Row | None) -> str:
    """``hidden2``, or ``hidden2 (your dense_1)`` where the model names it otherwise."""
    if actual is None or actual.name == expected.name:
        return expected.name
    return _("{name} (your {yours})").format(name=expected.name, yours=actual.name)


def _detail(row: Row) -> str:
    """What sizes a layer, for a sentence about one missing or too many: ``, 128 units``."""
    kind = canonical_type(row.type)
    last = row.output_shape[-1] if row.output_shape else None
    if kind in ("Dense", "LSTM", "GRU", "SimpleRNN") and isinstance(last, int):
        return _(" ({count} units)").format(count=last)
    if kind.startswith("Conv") and isinstance(last, int):
        return _(" ({count} filters)").format(count=last)
    return ""


def compare(
    actual: Sequence[Row],
    expected: Summary,
    totals: tuple[int, int, int],
    title: str = "model",
    note: str = "",
    document: str = N_("article"),
    layers: Mapping[str, Any] | None = None,
    activations: Mapping[str, str] | None = None,
) -> Report:
    """Compares rows read from a model, and its (total, trainable, non-trainable) counts.

    Args:
        actual: the model's rows, as ``read_rows`` gives them.
        expected: the summary to hold them to.
        totals: the model's total, trainable and non-trainable parameter counts.
        title: what the report is about, e.g. ``cnn flatten=True``.
        note: said on the report's first line, before the summary's source.
        document: the word heading the expected figures (a ``Document``'s name).
        layers: the model's layers by name, whose own arguments the hints compare.
        activations: each expected row's activation, where the document's code says it.

    Raises:
        SummaryDataError: ``expected`` is inconsistent in itself (see ``summary.validate``).
    """
    validate(expected)
    pairing = _Pairing(expected, actual)
    mapping, wiring = pairing.mapping, pairing.wiring
    by_name = {row.name: row for row in expected.rows}
    ours = {layer.name: name for name, layer in mapping.items()}  # a layer's name in the summary
    found = _Comparison()
    extra: dict[str, int] = {}  # a layer too many -> its hint

    def one_too_many(layer_row: Row) -> int:
        if layer_row.name not in extra:
            before = [ours.get(n, n) for n in layer_row.connected_to or ()]
            found.hints.append(
                Hint(
                    _("{name} is an extra {type} layer{detail}, after {before}").format(
                        name=layer_row.name,
                        type=layer_row.type,
                        detail=_detail(layer_row),
                        before=", ".join(before) or "-",
                    )
                )
            )
            extra[layer_row.name] = len(found.hints) - 1
        return extra[layer_row.name]

    why = expected.unlisted()  # why its rows may not add up, as the summary itself shows
    unlisted = _unlisted(why, expected, actual, ours)
    if unlisted:
        found.hints.append(
            Hint(
                ngettext(
                    "the summary lists part of the model: {count} layer ({names}) is not in "
                    "it and was not compared, so the check cannot pass",
                    "the summary lists part of the model: {count} layers ({names}) are not in "
                    "it and were not compared, so the check cannot pass",
                    len(unlisted),
                ).format(count=len(unlisted), names=", ".join(unlisted))
            )
        )
    # A part's rows read layers it does not list: taken to be the unlisted ones read there.
    for row in expected.rows if unlisted else ():
        match = mapping.get(row.name)
        reads = (match.connected_to if match is not None else None) or ()
        pairs = zip(row.connected_to or (), reads, strict=False)  # fewer inputs: said below
        ours.update({m: n for n, m in pairs if n not in by_name and m in unlisted})
    outside = {n: m for m, n in ours.items() if n not in by_name}
    actual_by_name = {row.name: row for row in actual if row.name not in unlisted}
    for row in expected.rows:  # in the printed order: inputs before their readers
        match = mapping.get(row.name)
        names = wiring[row.name]
        if match is None:
            # Neighbours by the summary's names, missing ones too: their own hints come next.
            before = list(names or ())
            after = [r for r, _ in pairing.readers.get(row.name, ())]
            if before and after:
                where = _("one {type} layer{detail} is missing between {before} and {after}")
            elif before:
                where = _("one {type} layer{detail} is missing after {before}")
            else:
                where = _("one {type} layer{detail} is missing before {after}")
            found.hints.append(
                Hint(
                    where.format(
                        type=row.type,
                        detail=_detail(row),
                        before=", ".join(before),
                        after=", ".join(after) or "-",
                    )
                )
            )
            found.caused_by[row.name] = len(found.hints) - 1
            found.checks.append(RowCheck(row, None))
            continue
        inputs = pairing.inputs(row)
        inputs = None if inputs is None else tuple(outside.get(n, n) for n in inputs)
        differences = _differences(row, match, inputs)
        causes: list[str] = []
        # An earlier mistake this row shows: a missing input, a layer too many read, or a
        # row above that differs for a reason of its own.
        upstream = next((found.caused_by[n] for n in names or () if n in found.caused_by), None)
        read_extra = [n for n in match.connected_to or () if n not in ours and n in actual_by_name]
        if upstream is None and read_extra:
            upstream = one_too_many(actual_by_name[read_extra[0]])
        reads = tuple(ours.get(n, n) for n in match.connected_to or ())
        if names is not None and names != reads and upstream is None:
            if sorted(names) == sorted(reads):
                text = _("{who} should join {expected} in that order, not {actual}")
            else:
                text = _("{who} should read {expected}, not {actual}")
            causes.append(
                text.format(
                    who=_who(row, match), expected=", ".join(names), actual=", ".join(reads)
                )
            )
        layer = (layers or {}).get(match.name)
        if layer is not None and not causes:
            shapes = [by_name[n].output_shape or () for n in names or () if n in by_name]
            for argument in _implied(row, shapes, (activations or {}).get(row.name), document):
                yours = _actual(layer, argument.name)
                if yours is None or yours == argument.value:
                    continue
                if argument.name == "activation":
                    differences.append(
                        _("activation {expected} expected, got {actual}").format(
                            expected=repr(argument.value), actual=repr(yours)
                        )
                    )
                value = repr(argument.value) if isinstance(argument.value, str) else argument.value
                wording = (
                    _("{who}: {argument} should be {value}: {why}")
                    if argument.why
                    else _("{who}: {argument} should be {value}")
                )
                causes.append(
                    wording.format(
                        who=_who(row, match),
                        argument=f"`{argument.name}`",
                        value=value,
                        why=argument.why,
                    )
                )
                break  # one argument explains the row; what differs next follows from it
        if layer is not None and not match.generated_name and row.name != match.name:
            if expected.exact_names:  # the summary's names are the point: a mistake
                causes.append(
                    _("{who}: name it {name}").format(who=_who(row, match), name=repr(row.name))
                )
            elif not row.generated_name:
                found.notes.append(
                    _("{yours} is named {name} in the {document}").format(
                        yours=match.name, name=row.name, document=_(document)
                    )
                )
        if causes:
            found.hints += [Hint(text) for text in causes]
            found.caused_by[row.name] = len(found.hints) - 1
            found.checks.append(RowCheck(row, match, tuple(differences)))
        elif differences and upstream is not None:
            found.caused_by[row.name] = upstream
            hint = found.hints[upstream]
            found.hints[upstream] = Hint(hint.text, (*hint.followers, row.name))
            found.checks.append(RowCheck(row, match, tuple(differences), follows=True))
        else:
            found.checks.append(RowCheck(row, match, tuple(differences)))
    for layer_row in actual:
        if layer_row.name in unlisted:
            found.checks.append(RowCheck(None, layer_row, unlisted=True))
        elif layer_row.name not in ours:
            one_too_many(layer_row)
            found.checks.append(RowCheck(None, layer_row))
    for row in expected.rows:  # what the print did not show whole is not compared
        if row.unshown:
            found.notes.append(
                _("{row}: not compared where the print does not show it whole: {fields}").format(
                    row=row.name, fields=", ".join(_(field) for field in row.unshown)
                )
            )
    if why and not unlisted:  # a part is said above
        found.notes.append(why)
    if expected.optimizer:
        found.notes.append(
            _(
                "its total counts {count} optimizer parameters, which a model has once trained: "
                "compared without them"
            ).format(count=a.number(expected.optimizer))
        )
    total, trainable, non_trainable = totals
    return Report(
        title=title,
        source=expected.source,
        rows=tuple(found.checks),
        totals=(
            TotalCheck(N_("Total params"), expected.total - (expected.optimizer or 0), total),
            TotalCheck(N_("Trainable params"), expected.trainable, trainable),
            TotalCheck(N_("Non-trainable params"), expected.non_trainable, non_trainable),
        ),
        hints=tuple(found.hints),
        notes=tuple(found.notes),
        note=note,
        connections=any(row.connected_to is not None for row in expected.rows),
        document=document,
        derived=not expected.printed and document != N_("summary"),
    )


def _unlisted(
    why: str | None, expected: Summary, actual: Sequence[Row], ours: Mapping[str, str]
) -> list[str]:
    """The model's layers that a partial summary does not list: it says it may be part of a
    model (``why``, its ``Summary.unlisted``), every row paired, and no layer it leaves out
    lies between two it lists. Else none: a layer too many or missing is a mistake, not a
    part left out."""
    if why is None or len(ours) < len(expected.rows):
        return []
    paired = [i for i, row in enumerate(actual) if row.name in ours]
    left = [i for i, row in enumerate(actual) if row.name not in ours]
    if not paired or any(paired[0] < i < paired[-1] for i in left):
        return []
    return [actual[i].name for i in left]


def _problems(report: Report) -> list[str]:
    """Each mistake at its cause, the rows following from it under it; then the differences
    of rows no cause explains, and the totals where no mistake was found."""
    lines = []
    for hint in report.hints:
        lines.append(hint.text)
        if hint.followers:
            so = ngettext("and so {rows} differs", "and so {rows} differ", len(hint.followers))
            lines.append("  " + so.format(rows=", ".join(hint.followers)))
    for r in report.rows:
        if r.status == "differs" and r.expected is not None and r.actual is not None:
            if any(h.text.startswith(_who(r.expected, r.actual)) for h in report.hints):
                continue
            lines.extend(
                _("{name}: {difference}").format(name=_who(r.expected, r.actual), difference=d)
                for d in r.differences
            )
    if not report.hints:
        lines.extend(
            _("{label}: {expected} expected, got {actual}").format(
                label=_(t.label), expected=a.number(t.expected), actual=a.number(t.actual)
            )
            for t in report.totals
            if not t.ok
        )
    return lines


# ---------------------------------------------------------------- checking a model


def _check(
    model: keras.Model,
    expected: Summary,
    title: str,
    note: str = "",
    document: str = N_("article"),
    activations: Mapping[str, str] | None = None,
) -> Report:
    return compare(
        read_rows(model),
        expected,
        param_counts(model),
        title=title,
        note=note,
        document=document,
        layers={layer.name: layer for layer in model.layers},
        activations=activations,
    )


def check(model: keras.Model, expected: Summary | str, *, title: str | None = None) -> Report:
    """Compares ``model`` with an expected summary, or with a recipe's, given its label.

    Args:
        model: a functional or Sequential model built from ``keras.Input``.
        expected: a ``Summary``, or a configuration's label as ``list`` prints it:
            ``"mlp"``, ``"cnn flatten=True"`` (or ``"cnn-flatten=True"``).
        title: the report's first word(s); default the label or the model's name.

    Raises:
        UnknownRecipeError: a label of no configuration (it suggests the nearest ones).
    """
    from keras_recipes.registry import find_configuration, label_of

    if isinstance(expected, str):
        recipe, config = find_configuration(expected)
        return _check(
            model,
            config.expected,
            title or label_of(recipe, config),
            document=recipe.document.name,
            activations=recipe.activations,
        )
    return _check(model, expected, title or model.name, document=_document_of(expected))


def _document_of(summary: Summary) -> str:
    """The name of the document that printed ``summary`` (one of a recipe's): its figures'
    heading. A summary of no recipe's (a tutorial's, a teacher's) is headed "summary"."""
    from keras_recipes.registry import RECIPES

    for recipe in RECIPES.values():
        if any(config.expected is summary for config in recipe.configurations()):
            return recipe.document.name
    return N_("summary")


def check_configuration(recipe: Recipe, config: Configuration) -> Report:
    """Builds one model a recipe stands for and checks it against that model's summary."""
    from keras_recipes.registry import label_of

    model = recipe.build(**config.kwargs)
    return _check(
        model,
        config.expected,
        label_of(recipe, config),
        document=recipe.document.name,
        activations=recipe.activations,
    )


def check_recipe(name: str, **kwargs: Any) -> Report:
    """Builds recipe ``name`` with builder ``kwargs``; checks it against the summary they call for.

    Arguments that build a registered variant (``flatten=True`` for the CNN)
    are checked against that variant's summary. Any other arguments build a
    model the recipe's document never printed; it is compared with the
    document's summary, and the report's first line says so.
    """
    from keras_recipes.registry import NON_SHAPING_ARGUMENTS, get_recipe
    from keras_recipes.registry import title as titled

    recipe = get_recipe(name)
    model = recipe.build(**kwargs)
    shaping = {k: v for k, v in kwargs.items() if k not in NON_SHAPING_ARGUMENTS}
    title = titled(recipe.name, shaping)
    config = recipe.configuration_for(kwargs)
    document = recipe.document
    if config is None:
        note = _(
            "these builder arguments match no registered variant; "
            "compared with {document}'s summary"
        ).format(document=_(document.called))
        return _check(model, recipe.expected, title, note, document=document.name)
    return _check(
        model, config.expected, title, document=document.name, activations=recipe.activations
    )


# ---------------------------------------------------------------- rendering


def _row_cells(r: RowCheck, connections: bool, document: str) -> list[Cell]:
    """One row's cells; the layer's and the inputs' may take several lines."""
    e, ac = r.expected, r.actual
    shown = ac if ac is not None else e
    assert shown is not None
    layer = [f"{shown.name} ({shown.type})"]
    if e is not None and ac is not None and e.name != ac.name:
        layer.append("  " + _("[{document}: {name}]").format(document=document, name=e.name))
    cells: list[Cell] = [
        layer,
        shape_text(e.output_shape) if e else "",
        shape_text(ac.output_shape) if ac else "",
        ("?" if e.params is None else a.number(e.params)) if e else "",
        a.number(ac.params or 0) if ac else "",
    ]
    if connections:
        # One input a line, as Keras 2 printed them.
        cells += [_inputs(e.connected_to) if e else "", _inputs(ac.connected_to) if ac else ""]
    return [*cells, _(_STATUS_TEXT[r.status])]


def _inputs(names: Sequence[str] | None) -> list[str]:
    if names is None:
        return [""]
    return list(names) or ["-"]


def render(report: Report) -> str:
    """The report as a plain-text table: the document's figures beside Keras 3, row by row,
    then each mistake at its cause. In the language the report was made in."""
    with i18n.language(report.language):
        return _render(report)


def _render(report: Report) -> str:
    document = _("derived") if report.derived else _(report.document)
    columns = [
        Column(_("Layer (type)")),
        Column(document, group=_("Output shape")),
        Column("Keras 3"),
        Column(document, right=True, group=_("Params")),
        Column("Keras 3", right=True),
    ]
    if report.connections:
        columns += [Column(document, group=_("Connected to")), Column("Keras 3")]
    columns.append(Column())
    body = [_row_cells(r, report.connections, document) for r in report.rows]
    blank = [""] * (len(columns) - 6)
    totals = [
        [
            _(t.label),
            "",
            "",
            a.number(t.expected),
            a.number(t.actual),
            *blank,
            _(_STATUS_TEXT[t.status]),
        ]
        for t in report.totals
    ]
    table = Table(columns, [*body, *totals])
    heading = table.heading()
    rows = [text for cells in body for text in table.lines(cells)]
    summed = [text for cells in totals for text in table.lines(cells)]
    line = rule([*heading, *rows, *summed])
    # The catalogue knows the documents' sources; a caller's own is shown as written.
    source = _(report.source)
    if report.note:
        first = _("{title}: {note} ({source})").format(
            title=report.title, note=report.note, source=source
        )
    elif source:
        first = _("{title}: {source}").format(title=report.title, source=source)
    else:  # a summary read from text, its source not given
        first = report.title
    out = [first, line, *heading, line, *rows, line, *summed]
    problems = _problems(report)
    if problems or report.notes:
        out.append(line)
        out += [p if p.startswith(" ") else f"! {p}" for p in problems]
        out += [f"  {n}" for n in report.notes]
    return "\n".join(out)
