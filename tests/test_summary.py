"""Expected summaries are checked before use: a teacher's typo is named as a typo, briefly."""

import dataclasses

import pytest

from keras_recipes import RECIPES, Row, SummaryDataError, check, summary_from_dict
from keras_recipes.article import SHARED_INPUT
from keras_recipes.i18n import language
from keras_recipes.summary import validate


@pytest.mark.parametrize("recipe", RECIPES.values(), ids=lambda recipe: recipe.name)
def test_every_document_s_summary_is_consistent(recipe):
    for configuration in recipe.configurations():
        assert validate(configuration.expected) is configuration.expected


def _as_dict(summary=SHARED_INPUT):
    return {
        "rows": [dataclasses.asdict(row) for row in summary.rows],
        **{key: getattr(summary, key) for key in ("total", "trainable", "non_trainable")},
        "source": summary.source,
    }


def _data(**changes):
    return {**_as_dict(), **changes}


def _data_with_row(number, **changes):
    """SHARED_INPUT as plain data, fields of row ``number`` (1-based) changed."""
    data = _as_dict()
    data["rows"][number - 1].update(changes)
    return data


def test_summary_from_plain_data_round_trips(built):
    summary = summary_from_dict(_as_dict())
    assert summary.rows == SHARED_INPUT.rows
    assert check(built["shared-input"], summary).ok
    optional = summary_from_dict(_data(printed=True, keras_version="2.2.4", exact_names=True))
    assert (optional.printed, optional.keras_version, optional.exact_names) == (True, "2.2.4", True)


def test_totals_are_taken_as_written():
    # A printed total need not be the sum of its rows: a shared layer is counted once.
    summary = summary_from_dict(_data(total=1, trainable=1))
    assert (summary.total, sum(row.params for row in summary.rows)) == (1, 399_610)


def _chain(n, number=None, **changes):
    """Plain data for ``n`` layers, each fed by the one before; fields of row ``number`` changed."""
    rows = [{"name": "input", "type": "InputLayer", "output_shape": [None, 4], "params": 0}]
    for i in range(1, n):
        dense = {"name": f"dense_{i}", "type": "Dense", "output_shape": [None, 4], "params": 20}
        rows.append(dense | {"connected_to": [rows[-1]["name"]]})
    if number is not None:
        rows[number - 1].update(changes)
    total = 20 * (n - 1)
    return {"rows": rows, "total": total, "trainable": total, "non_trainable": 0, "source": "ours"}


def test_a_chain_deeper_than_python_s_recursion_limit_validates():
    summary = summary_from_dict(_chain(10_000))
    assert summary.rows[-1] == Row("dense_9999", "Dense", (None, 4), 20, ("dense_9998",))


LONG = "x" * 1_000_000

# Each mistake, and the words that must name it; the message stays a few lines whatever the data.
MISTAKES = {
    "not a mapping": (
        '{"rows": []}',
        """the summary must be a mapping of fields such as parsed JSON, got '{"rows": []}' """
        "(parse the JSON text first, e.g. with json.loads)",
    ),
    "typo printd": (
        _data(printd=True),
        "the summary: unknown field(s) 'printd' (did you mean 'printed'?); the fields are "
        "rows, total, trainable, non_trainable, source, printed, keras_version, exact_names, "
        "optimizer",
    ),
    "missing total": (
        {k: v for k, v in _data().items() if k != "total"},
        "the summary: missing field(s) total",
    ),
    "row field typo": (
        _data_with_row(2, conected_to=["input"]),
        "row 2 ('conv1'): unknown field(s) 'conected_to' (did you mean 'connected_to'?); "
        "the fields are name, type, output_shape, params, connected_to",
    ),
    "row a string": (_data(rows=["input"]), "row 1: expected a mapping of fields, got 'input'"),
    "rows empty": (_data(rows=[]), "rows must be a non-empty tuple of Row objects, got ()"),
    "name None": (_data_with_row(3, name=None), "row 3: name must be a non-empty string, got None"),
    "output_shape text": (
        _data_with_row(3, output_shape="None,21,21,16"),
        "row 3 ('conv2'): output_shape must be a tuple of None and whole numbers from 1 to "
        "2**63 - 1, like (None, 28, 28, 1), got 'None,21,21,16'",
    ),
    "params of 5,000 digits": (
        _data_with_row(3, params=10**5000 - 1),
        "row 3 ('conv2'): params must be a whole number from 0 to 2**63 - 1, "
        "got a number of 5,000 digits",
    ),
    "duplicate name": (
        _data_with_row(5, name="pool1"),
        "row 5 ('pool1'): duplicate of row 4; each layer name may appear once",
    ),
    "connection to no row": (
        _data_with_row(9, connected_to=["concatenate_55"]),
        "row 9 ('hidden1'): connected to 'concatenate_55', which is not a row of this summary "
        "(did you mean 'concatenate_5'?)",
    ),
    "connection in 10,000 rows": (
        _chain(10_000, 5001, connected_to=["nowhere"]),
        "row 5001 ('dense_5000'): connected to 'nowhere', which is not a row of this summary "
        "(rows: 'input', 'dense_1', 'dense_2', 'dense_3', 'dense_4' ... and 9,995 more)",
    ),
    "cycle through 10,000 rows": (
        _chain(10_000, 1, connected_to=["dense_9999"]),
        "row 1 ('input'): connected_to goes round in a cycle ('input' <- 'dense_9999' <- "
        "'dense_9998' <- 'dense_9997' <- 'dense_9996' <- ... 9,995 more <- 'input', "
        "each taking input from the next); a layer cannot depend on its own output",
    ),
    "a name of a million characters, twice": (
        _data(rows=[_as_dict()["rows"][0] | {"name": LONG}] * 2),
        f"row 2 ('{'x' * 75}...' (1,000,000 characters)): duplicate of row 1; each layer name "
        "may appear once",
    ),
    "total negative": (_data(total=-1), "total must be a whole number from 0 to 2**63 - 1, got -1"),
    "a number": (42, "the summary must be a mapping of fields such as parsed JSON, got 42"),
    "no such field": (
        _data(zzz=1),
        "the summary: unknown field(s) 'zzz'; the fields are rows, total, trainable, "
        "non_trainable, source, printed, keras_version, exact_names, optimizer",
    ),
    "rows a string": (
        _data(rows="input"),
        "rows must be a list of rows, each a mapping of fields, got 'input'",
    ),
    "type empty": (
        _data_with_row(3, type=""),
        "row 3 ('conv2'): type must be a layer class name such as 'Dense', got ''",
    ),
    "connected_to a name": (
        _data_with_row(9, connected_to="merge"),
        "row 9 ('hidden1'): connected_to must be a tuple of layer names or None, got 'merge'",
    ),
}


@pytest.mark.parametrize(("data", "message"), MISTAKES.values(), ids=MISTAKES)
def test_each_mistake_is_named_in_a_short_message(data, message):
    with pytest.raises(SummaryDataError) as error:
        summary_from_dict(data)
    assert str(error.value) == message


def test_a_mistake_is_named_in_traditional_chinese_with_the_same_names_and_numbers():
    data, _ = MISTAKES["connection in 10,000 rows"]
    with language("zh-TW"), pytest.raises(SummaryDataError) as error:
        summary_from_dict(data)
    assert str(error.value) == (
        "第 5001 列（'dense_5000'）：連接到 'nowhere'，但它不是這份摘要裡的列（現有的列：'input', "
        "'dense_1', 'dense_2', 'dense_3', 'dense_4' ... 還有 9,995 個）"
    )


def test_the_checker_refuses_inconsistent_data_before_comparing(built):
    rows = list(SHARED_INPUT.rows)
    rows[1] = dataclasses.replace(rows[1], connected_to=("pool1",))
    with pytest.raises(SummaryDataError, match=r"row 2 \('conv1'\): connected_to goes round"):
        check(built["shared-input"], dataclasses.replace(SHARED_INPUT, rows=tuple(rows)))


def test_what_is_not_a_summary_is_refused_as_such():
    with pytest.raises(SummaryDataError, match=r"^expected a Summary, got 'mlp' \(summary_from"):
        validate("mlp")
    not_rows = dataclasses.replace(SHARED_INPUT, rows=("input",))
    with pytest.raises(SummaryDataError, match=r"^row 1: rows must hold Row objects, got 'input'$"):
        validate(not_rows)
