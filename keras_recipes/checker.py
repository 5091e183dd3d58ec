"""Read a built model into summary rows and compare them with the article's.

The model is read through the Keras API -- each layer's ``count_params()``,
the output tensors and input tensors of the node that places it in this model
-- never by parsing ``summary()`` text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from keras_recipes.article import Row, Shape, Summary
from keras_recipes.expected import validate

if TYPE_CHECKING:
    import keras

# Keras 2 printed some classes under their alias; both name one class.
_TYPE_ALIASES = {"MaxPool2D": "MaxPooling2D", "AvgPool2D": "AveragePooling2D"}


def _canonical_type(name: str) -> str:
    return _TYPE_ALIASES.get(name, name)


# ---------------------------------------------------------------- reading


def _model_nodes(model: keras.Model) -> set[int]:
    """Identities of the graph nodes that belong to ``model``.

    A layer keeps a node for every call, in any model; only this model's
    nodes say where the layer sits here.
    """
    from keras_recipes._keras import keras

    graph = getattr(model, "_functional", None) if isinstance(model, keras.Sequential) else model
    by_depth = getattr(graph, "_nodes_by_depth", None)
    if by_depth is None:
        raise ValueError(
            f"check: model {model.name!r} ({type(model).__name__}) has no layer graph; "
            "only functional and Sequential models built from keras.Input can be read"
        )
    return {id(node) for nodes in by_depth.values() for node in nodes}


def _shape(tensors: Sequence[Any]) -> Shape:
    # None of the article's layers returns several tensors; one is read.
    return tuple(tensors[0].shape)


@dataclass(frozen=True)
class Placement:
    """Where one layer sits in one model: what flows into it and out of it there."""

    layer: Any
    input_shapes: tuple[Shape, ...]
    output_shape: Shape
    connected_to: tuple[str, ...]


def placements(model: keras.Model) -> tuple[Placement, ...]:
    """One ``Placement`` per layer of ``model``, in ``model.layers`` order.

    Read from the node that places each layer in this model (a layer called
    in several models has a node in each). A layer called twice in this model
    is described by its first call; ``connected_to`` lists both calls' inputs.

    Args:
        model: a functional or Sequential model built from ``keras.Input``.

    Returns:
        The placements; layers with no node in ``model`` are left out.
    """
    nodes = _model_nodes(model)
    found = []
    for layer in model.layers:
        own = [node for node in layer._inbound_nodes if id(node) in nodes]
        if not own:
            continue
        found.append(
            Placement(
                layer=layer,
                input_shapes=tuple(tuple(t.shape) for t in own[0].input_tensors),
                output_shape=_shape(own[0].output_tensors),
                connected_to=tuple(
                    tensor._keras_history.operation.name
                    for node in own
                    for tensor in node.input_tensors
                ),
            )
        )
    return tuple(found)


def read_rows(model: keras.Model) -> tuple[Row, ...]:
    """One ``Row`` per layer of ``model``, in ``model.layers`` order."""
    return tuple(
        Row(
            name=p.layer.name,
            type=type(p.layer).__name__,
            output_shape=p.output_shape,
            params=p.layer.count_params(),
            connected_to=p.connected_to,
        )
        for p in placements(model)
    )


def _weight_count(weights: Sequence[Any]) -> int:
    total = 0
    for weight in weights:
        size = 1
        for dim in weight.shape:
            size *= int(dim)
        total += size
    return total


# ---------------------------------------------------------------- comparing


@dataclass(frozen=True)
class RowCheck:
    """One expected row beside the layer it was matched with, and what differs."""

    expected: Row | None
    actual: Row | None
    differences: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        if self.actual is None:
            return "missing"
        if self.expected is None:
            return "extra"
        return "differs" if self.differences else "ok"


@dataclass(frozen=True)
class TotalCheck:
    label: str
    expected: int
    actual: int

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


@dataclass(frozen=True)
class Report:
    """The result of comparing a model with an expected summary, row by row."""

    title: str
    source: str
    rows: tuple[RowCheck, ...]
    totals: tuple[TotalCheck, ...]

    @property
    def ok(self) -> bool:
        return all(r.status == "ok" for r in self.rows) and all(t.ok for t in self.totals)

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
        """One sentence per difference, e.g. ``hidden1: params 4160 expected, got 4096``."""
        lines = []
        for r in self.rows:
            if r.status == "missing":
                assert r.expected is not None
                lines.append(f"{r.expected.name} ({r.expected.type}): missing from the model")
            elif r.status == "extra":
                assert r.actual is not None
                lines.append(f"{r.actual.name} ({r.actual.type}): not in the expected summary")
            else:
                assert r.actual is not None
                lines.extend(f"{r.actual.name}: {d}" for d in r.differences)
        lines.extend(
            f"{t.label}: {t.expected:,} expected, got {t.actual:,}" for t in self.totals if not t.ok
        )
        return lines

    def __str__(self) -> str:
        return render(self)


def _connections(names: Sequence[str] | None) -> str:
    if names is None:
        return ""
    return ", ".join(names) if names else "-"


def _compare(expected: Row, actual: Row, mapping: dict[str, Row]) -> tuple[str, ...]:
    differences = []
    if _canonical_type(expected.type) != _canonical_type(actual.type):
        differences.append(f"type {expected.type} expected, got {actual.type}")
    if tuple(expected.output_shape) != tuple(actual.output_shape):
        differences.append(
            f"output shape {expected.output_shape} expected, got {actual.output_shape}"
        )
    if expected.params != actual.params:
        differences.append(f"params {expected.params:,} expected, got {actual.params:,}")
    if expected.connected_to is not None:
        # Translate generated names (flatten_9) into the layers they matched.
        want = tuple(mapping[c].name if c in mapping else c for c in expected.connected_to)
        if want != actual.connected_to:
            differences.append(
                f"connected to [{_connections(want)}] expected, "
                f"got [{_connections(actual.connected_to)}]"
            )
    return tuple(differences)


def _pair(expected: Sequence[Row], actual: Sequence[Row]) -> dict[str, Row]:
    """Maps each expected row's name to the actual row it describes.

    Rows with real names pair by name. Rows with Keras-generated names pair
    by type and by what they are connected to, once those inputs are paired;
    this repeats until nothing more pairs. Whatever is left pairs by type in
    order, so a miswired layer is reported as miswired, not missing.
    """
    by_name = {row.name: row for row in actual}
    mapping: dict[str, Row] = {}
    for row in expected:
        if not row.generated_name and row.name in by_name:
            mapping[row.name] = by_name[row.name]
    used = {row.name for row in mapping.values()}

    def free_of_type(row: Row) -> list[Row]:
        kind = _canonical_type(row.type)
        return [a for a in actual if a.name not in used and _canonical_type(a.type) == kind]

    def take(row: Row, match: Row) -> None:
        mapping[row.name] = match
        used.add(match.name)

    pending = [row for row in expected if row.name not in mapping and row.generated_name]
    progress = True
    while pending and progress:
        progress = False
        for row in list(pending):
            if row.connected_to is None:
                continue
            if not all(c in mapping for c in row.connected_to):
                continue
            want = tuple(mapping[c].name for c in row.connected_to)
            found = [a for a in free_of_type(row) if a.connected_to == want]
            if found:
                take(row, found[0])
                pending.remove(row)
                progress = True
    for row in pending:
        candidates = free_of_type(row)
        if candidates:
            take(row, candidates[0])
    return mapping


def compare(
    actual: Sequence[Row],
    expected: Summary,
    totals: tuple[int, int, int],
    title: str = "model",
) -> Report:
    """Compares rows read from a model, and its (total, trainable, non-trainable) counts.

    Raises:
        SummaryDataError: ``expected`` is inconsistent in itself (see ``expected.validate``).
    """
    validate(expected)
    mapping = _pair(expected.rows, actual)
    checks = []
    for row in expected.rows:
        match = mapping.get(row.name)
        if match is None:
            checks.append(RowCheck(row, None))
        else:
            checks.append(RowCheck(row, match, _compare(row, match, mapping)))
    paired = {row.name for row in mapping.values()}
    checks.extend(RowCheck(None, row) for row in actual if row.name not in paired)
    total, trainable, non_trainable = totals
    return Report(
        title=title,
        source=expected.source,
        rows=tuple(checks),
        totals=(
            TotalCheck("Total params", expected.total, total),
            TotalCheck("Trainable params", expected.trainable, trainable),
            TotalCheck("Non-trainable params", expected.non_trainable, non_trainable),
        ),
    )


def check(model: keras.Model, expected: Summary | str) -> Report:
    """Compares ``model`` with an expected summary, or with a recipe's, given its name.

    Raises:
        UnknownRecipeError: for a recipe name not in the registry (it lists the known ones).
    """
    from keras_recipes.registry import get_recipe

    title = model.name
    if isinstance(expected, str):
        recipe = get_recipe(expected)
        title, expected = recipe.name, recipe.expected
    trainable = _weight_count(model.trainable_weights)
    totals = (model.count_params(), trainable, model.count_params() - trainable)
    return compare(read_rows(model), expected, totals, title=title)


def check_recipe(name: str, **kwargs: Any) -> Report:
    """Builds recipe ``name`` (with builder ``kwargs``) and checks it against the article."""
    from keras_recipes.registry import get_recipe

    recipe = get_recipe(name)
    return check(recipe.build(**kwargs), recipe.expected)


# ---------------------------------------------------------------- rendering


def _row_cells(r: RowCheck) -> list[str]:
    e, a = r.expected, r.actual
    if e is not None and a is not None and e.name != a.name:
        layer = f"{a.name} ({a.type})  [article: {e.name}]"
    else:
        shown = a if a is not None else e
        assert shown is not None
        layer = f"{shown.name} ({shown.type})"
    return [
        layer,
        str(e.output_shape) if e else "",
        str(a.output_shape) if a else "",
        f"{e.params:,}" if e else "",
        f"{a.params:,}" if a else "",
        r.status,
    ]


def render(report: Report) -> str:
    """The report as a plain-text table: article beside Keras 3, row by row."""
    header = ["Layer (type)", "Article shape", "Keras 3 shape", "Article #", "Keras 3 #", ""]
    body = [_row_cells(r) for r in report.rows]
    body += [
        [t.label, "", "", f"{t.expected:,}", f"{t.actual:,}", "ok" if t.ok else "differs"]
        for t in report.totals
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    right = {3, 4}

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "-" * len(line(header))
    rows = [line(cells) for cells in body]
    n = len(report.rows)
    out = [f"{report.title}: {report.source}", rule, line(header), rule, *rows[:n], rule, *rows[n:]]
    problems = report.problems()
    if problems:
        out += [rule, *(f"! {p}" for p in problems)]
    return "\n".join(out)
