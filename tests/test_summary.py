"""Expected summaries are checked before use, and the shipped article data passes."""

import dataclasses

import pytest

from keras_recipes import RECIPES, Row, SummaryDataError, check, summary_from_dict
from keras_recipes.article import SHARED_INPUT
from keras_recipes.i18n import language
from keras_recipes.summary import validate


def _every_shipped_summary():
    for recipe in RECIPES.values():
        for configuration in recipe.configurations():
            yield f"{recipe.name} {configuration.label}".strip(), configuration.expected


@pytest.mark.parametrize(("label", "summary"), list(_every_shipped_summary()))
def test_shipped_article_data_is_consistent(label, summary):
    assert validate(summary) is summary


def _with_rows(*rows, **changes):
    return dataclasses.replace(SHARED_INPUT, rows=tuple(rows), **changes)


def _with_row(number, **changes):
    """SHARED_INPUT with fields of row ``number`` (1-based) changed."""
    rows = list(SHARED_INPUT.rows)
    rows[number - 1] = dataclasses.replace(rows[number - 1], **changes)
    return _with_rows(*rows)


@pytest.mark.parametrize(
    ("summary", "message"),
    [
        (dataclasses.replace(SHARED_INPUT, total=1), "disagrees with its rows"),
        (_with_row(2, connected_to=("pool1",)), r"row 2 \('conv1'\): connected_to goes round"),
    ],
    ids=["total", "cycle"],
)
def test_checker_refuses_inconsistent_data_before_comparing(built, summary, message):
    with pytest.raises(SummaryDataError, match=message):
        check(built["shared-input"], summary)


# A hand-made Summary, as a teacher might write it: each mistake and the words
# that must name it.
HAND_MADE = {
    "duplicate name": (
        _with_row(5, name="pool1"),
        "row 5 ('pool1'): duplicate of row 4; each layer name may appear once",
    ),
    "connection to no row": (
        _with_row(9, connected_to=("concatenate_55",)),
        "row 9 ('hidden1'): connected to 'concatenate_55', which is not a row "
        "of this summary (did you mean 'concatenate_5'?)",
    ),
    "total off by one": (
        dataclasses.replace(SHARED_INPUT, total=399_611, trainable=399_611),
        "total 399,611 disagrees with its rows, whose params add up to 399,610",
    ),
    "trainable split": (
        dataclasses.replace(SHARED_INPUT, trainable=399_000),
        "trainable 399,000 + non_trainable 0 does not make total 399,610",
    ),
    "negative params": (
        _with_rows(Row("output", "Dense", (None, 10), -650), total=-650, trainable=-650),
        "row 1 ('output'): params must be a whole number from 0 to 2**63 - 1, got -650",
    ),
    "self-loop": (
        _with_row(4, connected_to=("pool1",)),
        "row 4 ('pool1'): connected_to names the row itself; "
        "a layer cannot take its own output as input",
    ),
    "two-row cycle": (
        _with_row(2, connected_to=("pool1",)),
        "row 2 ('conv1'): connected_to goes round in a cycle ('conv1' <- 'pool1' <- 'conv1', "
        "each taking input from the next); a layer cannot depend on its own output",
    ),
    "long cycle": (
        _with_row(1, connected_to=("output",)),
        "row 1 ('input'): connected_to goes round in a cycle ('input' <- 'output' <- "
        "'hidden1' <- 'concatenate_5' <- 'flatten_9' <- ... 2 more <- 'input', "
        "each taking input from the next); a layer cannot depend on its own output",
    ),
    "empty output_shape": (
        _with_row(3, output_shape=()),
        "row 3 ('conv2'): output_shape is empty; it holds at least the batch dimension, "
        "like (None, 10)",
    ),
    "nested output_shape": (
        _with_row(3, output_shape=(None, (21, 21), 16)),
        "row 3 ('conv2'): output_shape (None, (...), 16) has a nested list at position 2; "
        "each dimension must be None or a whole number from 1 to 2**63 - 1, "
        "like (None, 28, 28, 1)",
    ),
    "output_shape as a list": (
        _with_row(3, output_shape=[None, 21, 21, 16]),
        "row 3 ('conv2'): output_shape must be a tuple like (None, 28, 28, 1), "
        "got [None, 21, 21, 16]",
    ),
    "dimension of 2**63": (
        _with_row(3, output_shape=(None, 2**63)),
        "row 3 ('conv2'): output_shape (None, 9223372036854775808) has 9223372036854775808 "
        "at position 2;",
    ),
    "params of 2**63": (
        _with_row(3, params=2**63),
        "row 3 ('conv2'): params must be a whole number from 0 to 2**63 - 1, "
        "got 9223372036854775808",
    ),
    "connected_to a string": (
        _with_row(3, connected_to="input"),
        "row 3 ('conv2'): connected_to must be a tuple of layer names or None, got 'input'",
    ),
    "a row that is not a Row": (
        _with_rows(*SHARED_INPUT.rows[:-1], {"name": "output"}),
        "row 10 ('output'): rows must hold Row objects, got a dict",
    ),
    "rows as a list": (
        dataclasses.replace(SHARED_INPUT, rows=list(SHARED_INPUT.rows)),
        "rows must be a tuple of Row objects, got "
        "[Row(...), Row(...), Row(...), Row(...), Row(...), Row(...), ... and 4 more]",
    ),
    "no rows": (_with_rows(), "rows is empty: a summary lists at least one layer"),
    "source None": (
        dataclasses.replace(SHARED_INPUT, source=None),
        "source must be a non-empty string saying where the figures come from, got None",
    ),
    "printed 'no'": (
        dataclasses.replace(SHARED_INPUT, printed="no"),
        "printed must be True (the figures were printed by Keras) or False, got 'no'",
    ),
    "keras_version a float": (
        dataclasses.replace(SHARED_INPUT, keras_version=2.2),
        "keras_version must be a version string such as '2.2.4', or None, got 2.2",
    ),
    "total of 5,000 digits": (
        dataclasses.replace(SHARED_INPUT, total=10**5000 - 1),
        "total must be a whole number from 0 to 2**63 - 1, got a number of about 5,000 digits",
    ),
    "not a Summary": (
        None,
        "expected a Summary, got None (summary_from_dict builds one from a dict)",
    ),
}


def _as_dict(summary):
    return {
        "rows": [dataclasses.asdict(r) for r in summary.rows],
        "total": summary.total,
        "trainable": summary.trainable,
        "non_trainable": summary.non_trainable,
        "source": summary.source,
    }


def _data(**changes):
    """SHARED_INPUT as plain data, with top-level fields changed."""
    return {**_as_dict(SHARED_INPUT), **changes}


def _data_with_row(number, **changes):
    """SHARED_INPUT as plain data, with fields of row ``number`` (1-based) changed."""
    data = _as_dict(SHARED_INPUT)
    data["rows"][number - 1].update(changes)
    return data


def _data_without(number, field):
    """SHARED_INPUT as plain data, with ``field`` of row ``number`` (1-based) left out."""
    data = _as_dict(SHARED_INPUT)
    del data["rows"][number - 1][field]
    return data


def _nested(depth):
    """``[[...[[None, 10]]...]]``, ``depth`` lists deep."""
    shape = [None, 10]
    for _ in range(depth):
        shape = [shape]
    return shape


def test_summary_from_plain_data_round_trips(built):
    summary = summary_from_dict(_as_dict(SHARED_INPUT))
    assert summary.rows == SHARED_INPUT.rows
    assert check(built["shared-input"], summary).ok


def test_optional_fields_from_plain_data():
    summary = summary_from_dict(_data(printed=True, keras_version="2.2.4"))
    assert (summary.printed, summary.keras_version) == (True, "2.2.4")
    summary = summary_from_dict(_data())
    assert (summary.printed, summary.keras_version, summary.exact_names) == (False, None, False)
    assert summary_from_dict(_data(exact_names=True)).exact_names


# Plain data, e.g. parsed JSON: each mistake and the words that must name it.
PLAIN_DATA = {
    "None": (None, "the summary must be a mapping of fields such as parsed JSON, got None"),
    "JSON text": (
        '{"rows": []}',
        """the summary must be a mapping of fields such as parsed JSON, got '{"rows": []}' """
        "(parse the JSON text first, e.g. with json.loads)",
    ),
    "a list": ([], "the summary must be a mapping of fields such as parsed JSON, got []"),
    "rows None": (
        _data(rows=None),
        "rows must be a list of rows, each a mapping of fields, got None",
    ),
    "rows a mapping": (_data(rows={}), "rows must be a list of rows, each a mapping of fields"),
    "rows empty": (_data(rows=[]), "rows is empty: a summary lists at least one layer"),
    "row a string": (_data(rows=["input"]), "row 1: expected a mapping of fields, got 'input'"),
    "typo printd": (
        _data(printd=True),
        "the summary: unknown field(s) 'printd' (did you mean 'printed'?); the fields are "
        "rows, total, trainable, non_trainable, source, printed, keras_version, exact_names",
    ),
    "key not a string": ({**_data(), 7: 1}, "the summary: unknown field(s) 7;"),
    "missing total": (
        {k: v for k, v in _data().items() if k != "total"},
        "the summary: missing field(s) total",
    ),
    "row missing params": (
        _data_without(3, "params"),
        "row 3 ('conv2'): missing field(s) params",
    ),
    "source None": (_data(source=None), "source must be a non-empty string"),
    "source empty": (_data(source=""), "source must be a non-empty string"),
    "printed 'no'": (_data(printed="no"), "printed must be True"),
    "exact_names 1": (_data(exact_names=1), "exact_names must be True"),
    "keras_version 2.2": (_data(keras_version=2.2), "keras_version must be a version string"),
    "keras_version text": (_data(keras_version="latest"), "or None, got 'latest'"),
    "total 5,000 digits": (
        _data(total=10**5000 - 1),
        "total must be a whole number from 0 to 2**63 - 1, got a number of about 5,000 digits",
    ),
    "trainable True": (_data(trainable=True), "trainable must be a whole number"),
    "non_trainable float": (_data(non_trainable=0.0), "non_trainable must be a whole number"),
    "row field typo": (
        _data_with_row(2, conected_to=["input"]),
        "row 2 ('conv1'): unknown field(s) 'conected_to' (did you mean 'connected_to'?); "
        "the fields are name, type, output_shape, params, connected_to",
    ),
    "name None": (_data_with_row(3, name=None), "row 3: name must be a non-empty string, got None"),
    "type a number": (_data_with_row(3, type=5), "row 3 ('conv2'): type must be a layer class"),
    "output_shape empty": (_data_with_row(3, output_shape=[]), "row 3 ('conv2'): output_shape is"),
    "output_shape text": (
        _data_with_row(3, output_shape="None,21,21,16"),
        "row 3 ('conv2'): output_shape must be a tuple like (None, 28, 28, 1), got 'None,21,21,16'",
    ),
    "output_shape 5,000 deep": (
        _data_with_row(3, output_shape=_nested(5000)),
        "row 3 ('conv2'): output_shape ([...],) has a nested list at position 1;",
    ),
    "params text": (
        _data_with_row(3, params="1040"),
        "row 3 ('conv2'): params must be a whole number from 0 to 2**63 - 1, got '1040'",
    ),
    "params 5,000 digits": (
        _data_with_row(3, params=10**5000 - 1),
        "row 3 ('conv2'): params must be a whole number from 0 to 2**63 - 1, "
        "got a number of about 5,000 digits",
    ),
    "connected_to nested": (
        _data_with_row(3, connected_to=[["input"]]),
        "row 3 ('conv2'): connected_to must be a tuple of layer names or None, got ([...],)",
    ),
    "self-loop": (
        _data_with_row(3, connected_to=["conv2"]),
        "row 3 ('conv2'): connected_to names the row itself",
    ),
    "cycle": (
        _data_with_row(2, connected_to=["pool1"]),
        "row 2 ('conv1'): connected_to goes round in a cycle ('conv1' <- 'pool1' <- 'conv1',",
    ),
}


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


def test_long_chain_validates():
    # Deeper than Python's recursion limit: the cycle check must not recurse.
    summary = summary_from_dict(_chain(10_000))
    assert len(summary.rows) == 10_000
    assert summary.rows[-1] == Row("dense_9999", "Dense", (None, 4), 20, ("dense_9998",))


_LONG_NAME = "x" * 1_000_000

# Whatever the size of the data, the message stays a few lines and still says where.
HUGE = {
    "bad connection in 10,000 rows": (
        _chain(10_000, 5001, connected_to=["nowhere"]),
        "row 5001 ('dense_5000'): connected to 'nowhere', which is not a row of this summary "
        "(rows: 'input', 'dense_1', 'dense_2', 'dense_3', 'dense_4' ... and 9,995 more)",
    ),
    "cycle through 10,000 rows": (
        _chain(10_000, 1, connected_to=["dense_9999"]),
        "row 1 ('input'): connected_to goes round in a cycle ('input' <- 'dense_9999' <- "
        "'dense_9998' <- 'dense_9997' <- 'dense_9996' <- ... 9,995 more <- 'input', "
        "each taking input from the next)",
    ),
    "10,000 unknown fields": (
        _data(**{f"extra_{i}": i for i in range(10_000)}),
        "the summary: unknown field(s) 'extra_0', 'extra_1', 'extra_2', 'extra_3', "
        "'extra_4' ... and 9,995 more;",
    ),
    "a name of a million characters, twice": (
        _data(rows=[_as_dict(SHARED_INPUT)["rows"][0] | {"name": _LONG_NAME}] * 2),
        f"row 2 ('{'x' * 40}'... (1,000,000 characters)): duplicate of row 1",
    ),
    "connection to a name of a million characters": (
        _data_with_row(3, connected_to=[_LONG_NAME]),
        f"row 3 ('conv2'): connected to '{'x' * 40}'... (1,000,000 characters), which is not "
        "a row of this summary (rows: 'input', 'conv1', 'conv2', 'pool1', 'pool2' ... and 5 more)",
    ),
    "an output_shape of 10,000 dimensions": (
        _data_with_row(3, output_shape=[None] * 9_999 + [-1]),
        "row 3 ('conv2'): output_shape (None, None, None, None, None, None, ... and 9,994 more) "
        "has -1 at position 10000;",
    ),
}


def _mistakes():
    for table, load in (
        (HAND_MADE, validate),
        (PLAIN_DATA, summary_from_dict),
        (HUGE, summary_from_dict),
    ):
        for name, (data, message) in table.items():
            yield pytest.param(load, data, message, id=f"{load.__name__}: {name}")


@pytest.mark.parametrize(("load", "data", "message"), list(_mistakes()))
def test_each_mistake_is_named_in_a_short_message(load, data, message):
    with pytest.raises(SummaryDataError) as error:
        load(data)
    assert message in str(error.value)
    assert len(str(error.value)) < 500


# The same mistakes said in Traditional Chinese: the row, field and values exactly as in English.
IN_CHINESE = {
    "typo printd": (
        _data(printd=True),
        "摘要：不認得的欄位 'printd'（是不是要寫 'printed'？）；欄位有 rows, total, trainable, "
        "non_trainable, source, printed, keras_version, exact_names",
        ("'printd'", "'printed'", "keras_version"),
    ),
    "bad connection in 10,000 rows": (
        _chain(10_000, 5001, connected_to=["nowhere"]),
        "第 5001 列（'dense_5000'）：連接到 'nowhere'，但它不是這份摘要裡的列（現有的列：'input', "
        "'dense_1', 'dense_2', 'dense_3', 'dense_4' ... 還有 9,995 個）",
        ("5001", "'dense_5000'", "'nowhere'", "'dense_4'", "9,995"),
    ),
}


@pytest.mark.parametrize(("data", "chinese", "names"), IN_CHINESE.values(), ids=IN_CHINESE)
def test_each_mistake_is_named_in_traditional_chinese_too(data, chinese, names):
    messages = {}
    for language_name in ("en", "zh-TW"):
        with language(language_name), pytest.raises(SummaryDataError) as error:
            summary_from_dict(data)
        messages[language_name] = str(error.value)
    assert messages["zh-TW"] == chinese
    assert [name for name in names if name not in messages["en"] or name not in chinese] == []
