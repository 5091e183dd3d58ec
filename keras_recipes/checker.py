"""Compare a built model with an expected summary, row by row, and render the report.

The model's rows come from ``keras_recipes.graph``, read through the Keras API,
never by parsing ``summary()`` text.

A row pairs with the layer of its name; a row whose name Keras made up
(``flatten_9``) pairs by type, output shape, parameters and inputs, whatever
the order of the rows. A summary without a "Connected to" column describes a
chain, each row reading the one above it, and the model is held to it.

A report speaks the language current when it was made (see ``i18n``), however
it is printed later; layer names, types and numbers stay as Keras prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from keras_recipes import i18n
from keras_recipes.graph import param_counts, read_rows
from keras_recipes.i18n import N_, _
from keras_recipes.summary import Row, Summary, canonical_type, validate
from keras_recipes.table import Cell, Column, Table, rule

if TYPE_CHECKING:
    import keras

    from keras_recipes.registry import Configuration, Recipe

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


# What the report's last column says for each status.
_STATUS_TEXT = {
    "ok": N_("ok"),
    "differs": N_("differs"),
    "missing": N_("missing"),
    "extra": N_("extra"),
}


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
class Report:
    """The result of comparing a model with an expected summary, row by row."""

    title: str
    source: str
    rows: tuple[RowCheck, ...]
    totals: tuple[TotalCheck, ...]
    # Said before the source on the first line, e.g. why this summary was chosen.
    note: str = ""
    # Whether the expected summary prints a "Connected to" column.
    connections: bool = False
    # The word heading the expected figures: the document that printed them.
    document: str = N_("article")
    # The language its sentences were made in, and that it is printed in.
    language: str = field(default_factory=i18n.get_language)

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
        with i18n.language(self.language):
            return self._problems()

    def _problems(self) -> list[str]:
        lines = []
        for r in self.rows:
            if r.status == "missing":
                assert r.expected is not None
                lines.append(
                    _("{name} ({type}): missing from the model").format(
                        name=r.expected.name, type=r.expected.type
                    )
                )
            elif r.status == "extra":
                assert r.actual is not None
                lines.append(
                    _("{name} ({type}): not in the expected summary").format(
                        name=r.actual.name, type=r.actual.type
                    )
                )
            else:
                assert r.actual is not None
                lines.extend(
                    _("{name}: {difference}").format(name=r.actual.name, difference=d)
                    for d in r.differences
                )
        lines.extend(
            _("{label}: {expected} expected, got {actual}").format(
                label=_(t.label), expected=f"{t.expected:,}", actual=f"{t.actual:,}"
            )
            for t in self.totals
            if not t.ok
        )
        return lines

    def __str__(self) -> str:
        return render(self)


def _connections(names: Sequence[str] | None) -> str:
    if names is None:
        return ""
    return ", ".join(names) if names else "-"


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


def _compare(expected: Row, actual: Row, inputs: tuple[str, ...] | None) -> tuple[str, ...]:
    differences = []
    if canonical_type(expected.type) != canonical_type(actual.type):
        differences.append(
            _("type {expected} expected, got {actual}").format(
                expected=expected.type, actual=actual.type
            )
        )
    if tuple(expected.output_shape) != tuple(actual.output_shape):
        differences.append(
            _("output shape {expected} expected, got {actual}").format(
                expected=expected.output_shape, actual=actual.output_shape
            )
        )
    if expected.params != actual.params:
        differences.append(
            _("params {expected} expected, got {actual}").format(
                expected=f"{expected.params:,}", actual=f"{actual.params:,}"
            )
        )
    if inputs is not None and inputs != actual.connected_to:
        differences.append(
            _("connected to [{expected}] expected, got [{actual}]").format(
                expected=_connections(inputs), actual=_connections(actual.connected_to)
            )
        )
    return tuple(differences)


class _Pairing:
    """Which layer of the model each expected row describes.

    Rows with names a person chose pair by name. Rows with names Keras made up
    (``flatten_9``) pair with a layer of their type by structure, whatever the
    order of the rows: its output shape, its parameters, its inputs, and where
    it stands among the inputs of the rows that read it (the first, second or
    third model averaged). A row and a layer pair once each is the other's one
    best match; where no pair is that certain, the best-agreeing pair is taken
    -- so a miswired layer is reported as miswired, not missing.
    """

    def __init__(self, expected: Summary, actual: Sequence[Row]) -> None:
        self.wiring = _wiring(expected)
        named = not expected.exact_names
        self.generated = {row.name for row in expected.rows if named and row.generated_name}
        by_name = {row.name: row for row in actual}
        self.mapping: dict[str, Row] = {
            row.name: by_name[row.name]
            for row in expected.rows
            if row.name not in self.generated and row.name in by_name
        }
        pending = [row for row in expected.rows if row.name in self.generated]
        free = [row for row in actual if row.name not in {m.name for m in self.mapping.values()}]
        self._pair(pending, free)

    def inputs(self, row: Row) -> tuple[str, ...] | None:
        """``row``'s inputs named as in the model where paired, else as in the summary.

        ``None`` where the summary says nothing about them.
        """
        names = self.wiring[row.name]
        if names is None:
            return None
        return tuple(self.mapping[n].name if n in self.mapping else n for n in names)

    def _known(self, row: Row) -> bool:
        # Inputs with made-up names say nothing until they are paired.
        return all(
            n in self.mapping or n not in self.generated for n in self.wiring[row.name] or ()
        )

    def _read_as(self, row: Row, layer: Row) -> bool:
        """Whether a paired row that reads ``row`` reads ``layer`` in the same place."""
        for reader, names in self.wiring.items():
            paired = self.mapping.get(reader)
            if paired is None or not names or paired.connected_to is None:
                continue
            reads = zip(names, paired.connected_to, strict=False)
            if (row.name, layer.name) in reads:
                return True
        return False

    def _agreement(self, row: Row, layer: Row) -> tuple[int, bool, bool]:
        """How many of shape, params, inputs and readers agree; then the inputs being
        known and the names being the same, which break ties."""
        known = self._known(row)
        inputs = self.inputs(row)
        score = (
            (tuple(row.output_shape) == tuple(layer.output_shape))
            + (row.params == layer.params)
            + (known and (inputs is None or inputs == layer.connected_to))
            + self._read_as(row, layer)
        )
        return score, known, layer.name == row.name

    def _pair(self, pending: list[Row], free: list[Row]) -> None:
        while pending and free:
            scores = {
                (i, j): self._agreement(row, layer)
                for i, row in enumerate(pending)
                for j, layer in enumerate(free)
                if canonical_type(layer.type) == canonical_type(row.type)
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
            taken_rows = {i for i, _ in certain}
            taken_layers = {j for _, j in certain}
            pending[:] = [row for i, row in enumerate(pending) if i not in taken_rows]
            free[:] = [layer for j, layer in enumerate(free) if j not in taken_layers]


def _unique_best(rivals: list[tuple[int, bool, bool]], score: tuple[int, bool, bool]) -> bool:
    """Whether ``score`` is the best of ``rivals`` (itself among them), and no other is as good."""
    return max(rivals) == score and rivals.count(score) == 1


def compare(
    actual: Sequence[Row],
    expected: Summary,
    totals: tuple[int, int, int],
    title: str = "model",
    note: str = "",
    document: str = N_("article"),
) -> Report:
    """Compares rows read from a model, and its (total, trainable, non-trainable) counts.

    Args:
        actual: the model's rows, as ``read_rows`` gives them.
        expected: the summary to hold them to.
        totals: the model's total, trainable and non-trainable parameter counts.
        title: what the report is about, e.g. ``cnn flatten=True``.
        note: said on the report's first line, before the summary's source.
        document: the word heading the expected figures (a ``Document``'s name).

    Raises:
        SummaryDataError: ``expected`` is inconsistent in itself (see ``summary.validate``).
    """
    validate(expected)
    pairing = _Pairing(expected, actual)
    checks = []
    for row in expected.rows:
        match = pairing.mapping.get(row.name)
        if match is None:
            checks.append(RowCheck(row, None))
        else:
            checks.append(RowCheck(row, match, _compare(row, match, pairing.inputs(row))))
    paired = {row.name for row in pairing.mapping.values()}
    checks.extend(RowCheck(None, row) for row in actual if row.name not in paired)
    total, trainable, non_trainable = totals
    return Report(
        title=title,
        source=expected.source,
        rows=tuple(checks),
        totals=(
            TotalCheck(N_("Total params"), expected.total, total),
            TotalCheck(N_("Trainable params"), expected.trainable, trainable),
            TotalCheck(N_("Non-trainable params"), expected.non_trainable, non_trainable),
        ),
        note=note,
        connections=any(row.connected_to is not None for row in expected.rows),
        document=document,
    )


def _check(
    model: keras.Model,
    expected: Summary,
    title: str,
    note: str = "",
    document: str = N_("article"),
) -> Report:
    return compare(
        read_rows(model), expected, param_counts(model), title=title, note=note, document=document
    )


def check(model: keras.Model, expected: Summary | str, *, title: str | None = None) -> Report:
    """Compares ``model`` with an expected summary, or with a recipe's, given its name.

    A recipe's name means the summary its document printed for it; for a
    variant, pass the variant's summary or use ``check_recipe``.

    Args:
        model: a functional or Sequential model built from ``keras.Input``.
        expected: a ``Summary``, or a recipe name.
        title: the report's first word(s); default the recipe's or the model's name.

    Raises:
        UnknownRecipeError: for a recipe name not in the registry (it lists the known ones).
    """
    from keras_recipes.registry import get_recipe

    if isinstance(expected, str):
        recipe = get_recipe(expected)
        return _check(model, recipe.expected, title or recipe.name, document=recipe.document.name)
    return _check(model, expected, title or model.name, document=_document_of(expected))


def _document_of(summary: Summary) -> str:
    """The name of the document that printed ``summary`` (one of a recipe's): its figures'
    heading. A summary of no recipe's is headed as the article's."""
    from keras_recipes.registry import ARTICLE, RECIPES

    for recipe in RECIPES.values():
        if any(config.expected is summary for config in recipe.configurations()):
            return recipe.document.name
    return ARTICLE.name


def check_configuration(recipe: Recipe, config: Configuration) -> Report:
    """Builds one model a recipe stands for and checks it against that model's summary.

    The report is titled with the recipe and the configuration's arguments
    (``cnn flatten=True``) and its figures headed by the recipe's document.
    """
    from keras_recipes.registry import title

    model = recipe.build(**config.kwargs)
    return _check(
        model, config.expected, title(recipe.name, config.kwargs), document=recipe.document.name
    )


def check_recipe(name: str, **kwargs: Any) -> Report:
    """Builds recipe ``name`` with builder ``kwargs``; checks it against the summary they call for.

    Arguments that build a registered variant (``flatten=True`` for the CNN)
    are checked against that variant's summary. Any other arguments build a
    model the recipe's document never printed; it is compared with the
    document's summary, and the report's first line says so. The report's title carries
    the arguments that shape the model, e.g. ``cnn flatten=True``.
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
    return _check(model, config.expected, title, document=document.name)


# ---------------------------------------------------------------- rendering


def _row_cells(r: RowCheck, connections: bool, document: str) -> list[Cell]:
    """One row's cells; the layer's and the inputs' may take several lines."""
    e, a = r.expected, r.actual
    shown = a if a is not None else e
    assert shown is not None
    layer = [f"{shown.name} ({shown.type})"]
    if e is not None and a is not None and e.name != a.name:
        layer.append("  " + _("[{document}: {name}]").format(document=document, name=e.name))
    cells: list[Cell] = [
        layer,
        str(e.output_shape) if e else "",
        str(a.output_shape) if a else "",
        f"{e.params:,}" if e else "",
        f"{a.params:,}" if a else "",
    ]
    if connections:
        # One input a line, as Keras 2 printed them.
        cells += [_inputs(e.connected_to) if e else "", _inputs(a.connected_to) if a else ""]
    return [*cells, _(_STATUS_TEXT[r.status])]


def _inputs(names: Sequence[str] | None) -> list[str]:
    if names is None:
        return [""]
    return list(names) or ["-"]


def render(report: Report) -> str:
    """The report as a plain-text table: the document's figures beside Keras 3, row by row.

    Where the expected summary prints a "Connected to" column, so does the
    table, the document's names beside the model's. In the language the report
    was made in, whatever the language is now.
    """
    with i18n.language(report.language):
        return _render(report)


def _render(report: Report) -> str:
    document = _(report.document)
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
        [_(t.label), "", "", f"{t.expected:,}", f"{t.actual:,}", *blank, _(_STATUS_TEXT[t.status])]
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
    else:
        first = _("{title}: {source}").format(title=report.title, source=source)
    out = [first, line, *heading, line, *rows, line, *summed]
    problems = report._problems()
    if problems:
        out += [line, *(f"! {p}" for p in problems)]
    return "\n".join(out)
