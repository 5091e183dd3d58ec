"""The checker reports each kind of difference as that difference."""

import dataclasses
import random

import keras
import pytest
from keras import layers

from keras_recipes import (
    RECIPES,
    Row,
    Summary,
    UnknownRecipeError,
    build_mlp,
    build_multi_output,
    check,
    check_recipe,
    language,
    read_rows,
    summary_from_dict,
)
from keras_recipes.article import (
    CNN,
    CNN_FLATTENED,
    MLP,
    SEQUENTIAL,
    SHARED_FEATURE_EXTRACTOR,
    SHARED_INPUT,
)
from keras_recipes.registry import get_recipe


def test_wrong_width_is_reported_on_the_layer_and_the_next():
    report = check(build_mlp(hidden_units=(512, 200, 128)), "mlp")
    assert not report.ok
    # One mistake, at its cause; hidden3 differs only because its input grew.
    assert report.problems() == [
        "hidden2: `units` should be 216: its 110,808 parameters are 512×216 + 216",
        "  and so hidden3 differs",
    ]
    assert [r.status for r in report.rows] == ["ok", "ok", "differs", "follows", "ok"]


def test_missing_layer_is_reported_missing():
    report = check(build_mlp(hidden_units=(512, 216)), "mlp")
    statuses = {r.expected.name: r.status for r in report.rows}
    assert statuses["hidden3"] == "missing"
    assert report.problems() == [
        "one Dense layer (128 units) is missing between hidden2 and output",
        "  and so output differs",
    ]


def _shared_input(swap: bool) -> keras.Model:
    inputs = keras.Input((28, 28, 1), name="input")
    flats = []
    for i, (filters, kernel) in enumerate([(32, 4), (16, 8)], start=1):
        x = layers.Conv2D(filters, kernel, activation="relu", name=f"conv{i}")(inputs)
        x = layers.MaxPooling2D(2, name=f"pool{i}")(x)
        flats.append(layers.Flatten()(x))  # left unnamed, as in the article
    if swap:
        flats.reverse()
    x = layers.Concatenate()(flats)
    x = layers.Dense(64, activation="relu", name="hidden1")(x)
    return keras.Model(inputs, layers.Dense(10, name="output")(x))


def test_article_listing_with_keras_made_names_matches():
    assert check(_shared_input(swap=False), SHARED_INPUT).ok


def test_swapped_connection_is_reported_on_the_merge():
    model = _shared_input(swap=True)
    report = check(model, SHARED_INPUT)
    differing = [r for r in report.rows if r.status != "ok"]
    assert len(differing) == 1
    (merge,) = differing
    assert merge.expected.name == "concatenate_5"
    assert merge.actual.type == "Concatenate"
    flat1, flat2 = (model.get_layer(f"pool{i}")._outbound_nodes[0].operation.name for i in (1, 2))
    assert merge.differences == (
        f"connected to [{flat1}, {flat2}] expected, got [{flat2}, {flat1}]",
    )
    assert report.totals[0].ok  # same weights, different wiring


def test_extra_output_is_reported_extra():
    base = build_multi_output()
    extra = layers.Dense(3, name="output3")(base.get_layer("class12").output)
    model = keras.Model(base.inputs, [*base.outputs, extra])
    report = check(model, "multi-output")
    assert [(r.status, r.actual.name) for r in report.rows if r.status != "ok"] == [
        ("extra", "output3")
    ]
    assert report.problems() == ["output3 is an extra Dense layer (3 units), after class12"]
    assert report.expected_total, report.actual_total == (31_348, 31_447)


def test_row_order_does_not_matter(built):
    rows = list(SHARED_INPUT.rows)
    random.Random(7).shuffle(rows)
    shuffled = dataclasses.replace(SHARED_INPUT, rows=tuple(rows))
    assert check(built["shared-input"], shuffled).ok


def test_rows_are_read_through_the_keras_api(built):
    rows = {r.name: r for r in read_rows(built["multi-input"])}
    assert rows["merge"] == Row("merge", "Concatenate", (None, 3104), 0, ("flat1", "flat2"))
    assert rows["img_rgb_smallsize"].connected_to == ()


def test_a_layer_in_two_models_is_read_where_it_sits_in_each():
    shared = layers.Dense(2, name="shared")
    first_in, second_in = keras.Input((3,), name="first_in"), keras.Input((3,), name="second_in")
    first = keras.Model(first_in, shared(first_in))
    second = keras.Model(second_in, shared(layers.Dense(3, name="before")(second_in)))
    assert {r.name: r.connected_to for r in read_rows(first)}["shared"] == ("first_in",)
    assert {r.name: r.connected_to for r in read_rows(second)}["shared"] == ("before",)


def test_frozen_weights_count_as_non_trainable_as_keras_prints_them():
    model = build_mlp()
    model.get_layer("hidden1").trainable = False
    report = check(model, "mlp")
    assert [t.actual for t in report.totals] == [541_794, 139_874, 401_920]
    assert report.problems() == [
        "Trainable params: 541,794 expected, got 139,874",
        "Non-trainable params: 0 expected, got 401,920",
    ]


def test_a_model_without_a_layer_graph_is_refused():
    class Subclassed(keras.Model):
        def call(self, inputs):
            return inputs

    with pytest.raises(ValueError, match="has no layer graph; only functional and Sequential"):
        check(Subclassed(name="mine"), "mlp")


def test_article_alias_maxpool2d_is_maxpooling2d(built):
    rows = tuple(
        dataclasses.replace(r, type="MaxPool2D") if r.type == "MaxPooling2D" else r
        for r in CNN.rows
    )
    assert sum(r.type == "MaxPool2D" for r in rows) == 2
    assert check(built["cnn"], dataclasses.replace(CNN, rows=rows)).ok


def test_unknown_recipe_lists_the_known_ones(built):
    with pytest.raises(UnknownRecipeError) as error:
        check(built["mlp"], "lenet")
    message = str(error.value)
    assert "unknown recipe 'lenet'" in message
    for name in RECIPES:
        assert name in message


# ---------------------------------------------------------------- check_recipe


def test_check_recipe_holds_a_variant_to_its_own_summary():
    report = check_recipe("cnn", flatten=True)
    assert report.ok
    assert report.title == "cnn flatten=True"
    assert (report.expected_total, report.actual_total) == (199_562, 199_562)
    assert str(report).splitlines()[0] == (
        "cnn flatten=True: derived here: section 3.2 with the Flatten the article left out"
    )


def test_check_recipe_as_printed_ignores_training_arguments():
    report = check_recipe("cnn", flatten=False, seed=3, optimizer="sgd")
    assert report.ok
    assert str(report).splitlines()[0] == (
        "cnn flatten=False: article section 3.2, printed by Keras 2.2.4"
    )


def test_check_recipe_with_unregistered_arguments_says_what_it_compared_with():
    report = check_recipe("mlp", hidden_units=(64,))
    assert not report.ok
    assert str(report).splitlines()[0] == (
        "mlp hidden_units=64: these builder arguments match no registered variant; "
        "compared with the article's summary (article section 3.1, printed by Keras 2.2.4)"
    )
    assert report.problems()[0] == (
        "hidden1: `units` should be 512: its 401,920 parameters are 784×512 + 512"
    )


# ---------------------------------------------------------------- names Keras made up


def _unnamed_cnn():
    inputs = keras.Input((28, 28, 1))
    x = layers.Conv2D(8, 4, activation="relu")(inputs)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(4, 4, activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(16, activation="relu")(x)
    return keras.Model(inputs, layers.Dense(10, activation="softmax")(x))


def _summary_of(model, connections=True):
    """What ``model.summary()`` says, as data; without connections as Keras 2 printed a chain."""
    rows = read_rows(model)
    if not connections:
        rows = tuple(dataclasses.replace(r, connected_to=None) for r in rows)
    total = model.count_params()
    return Summary(rows, total, total, 0, source="an unnamed CNN", keras_version=keras.__version__)


@pytest.mark.parametrize("connections", [True, False], ids=["connected-to", "chain"])
def test_summary_of_an_unnamed_model_matches_the_same_code_built_again(connections):
    summary = _summary_of(_unnamed_cnn(), connections)
    again = _unnamed_cnn()
    # Keras numbered the second model's layers on from the first's.
    assert not {r.name for r in summary.rows} & {layer.name for layer in again.layers}
    report = check(again, summary)
    assert report.problems() == []
    assert report.ok


def test_names_in_a_summary_from_plain_data_may_be_made_up_by_keras(built):
    # Only the summaries derived here say that no name in them is Keras'.
    data = {
        "rows": [dataclasses.asdict(r) for r in SHARED_INPUT.rows],
        "total": 399_610,
        "trainable": 399_610,
        "non_trainable": 0,
        "source": "a teacher's copy of section 4.1",
    }
    summary = summary_from_dict(data)
    assert not summary.exact_names
    assert check(built["shared-input"], summary).ok
    assert [s.exact_names for s in (SEQUENTIAL, CNN_FLATTENED, SHARED_INPUT)] == [True, True, False]


# ---------------------------------------------------------------- row order


def _mlp_named_by_keras(order, connections):
    """The MLP summary as an unnamed MLP prints it: hidden1..output are dense..dense_3."""
    names = {"hidden1": "dense", "hidden2": "dense_1", "hidden3": "dense_2", "output": "dense_3"}
    rows = []
    above = None
    for row in MLP.rows:
        name = names.get(row.name, row.name)
        wired = (above,) if above else ()
        rows.append(
            dataclasses.replace(row, name=name, connected_to=wired if connections else None)
        )
        above = name
    if order == "reversed":
        rows = [rows[0], *reversed(rows[1:])]
    return dataclasses.replace(MLP, rows=tuple(rows))


@pytest.mark.parametrize("order", ["article", "reversed"])
def test_rows_named_by_keras_pair_whatever_their_order(built, order):
    report = check(built["mlp"], _mlp_named_by_keras(order, connections=True))
    assert report.ok
    pairs = {r.expected.name: r.actual.name for r in report.rows}
    assert pairs == {
        "input": "input",
        "dense": "hidden1",
        "dense_1": "hidden2",
        "dense_2": "hidden3",
        "dense_3": "output",
    }


def test_chain_in_article_order_matches(built):
    assert check(built["mlp"], _mlp_named_by_keras("article", connections=False)).ok


def test_chain_listed_in_reverse_pairs_by_shape_and_reports_the_wiring(built):
    # Without "Connected to", the printed order is the chain: input -> dense_3 -> ... -> dense.
    report = check(built["mlp"], _mlp_named_by_keras("reversed", connections=False))
    pairs = {r.expected.name: r.actual.name for r in report.rows}
    assert pairs["dense_3"] == "output"
    assert pairs["dense"] == "hidden1"
    # One cause: the first row whose input departs; the rest follow from it.
    assert report.problems() == [
        "dense_3 (your output) should read input, not dense_2",
        "  and so dense_2, dense_1, dense differ",
    ]


def test_sibling_layers_named_by_keras_pair_by_shape_in_any_order(built):
    # interp1 and interp21 both read lstm1: only their widths tell them apart.
    names = {
        "interp21": "dense",
        "interp22": "dense_1",
        "interp1": "dense_2",
        "interp23": "dense_3",
        "output": "dense_4",
        "merge": "concatenate",
    }

    def rename(row):
        return dataclasses.replace(
            row,
            name=names.get(row.name, row.name),
            connected_to=tuple(names.get(c, c) for c in row.connected_to),
        )

    rows = [rename(r) for r in SHARED_FEATURE_EXTRACTOR.rows]
    for seed in range(5):
        random.Random(seed).shuffle(rows)
        summary = dataclasses.replace(SHARED_FEATURE_EXTRACTOR, rows=tuple(rows))
        report = check(built["shared-feature-extractor"], summary)
        assert report.problems() == [], seed
        pairs = {r.expected.name: r.actual.name for r in report.rows}
        assert {pairs[new]: old for old, new in names.items()} == {o: o for o in names}


# ---------------------------------------------------------------- chains and our own names


def test_chain_summary_catches_a_skipped_layer():
    # rnn's rows say input -> lstm1 -> hidden1 -> output; here output reads lstm1.
    inputs = keras.Input((784, 1), name="input")
    features = layers.LSTM(128, name="lstm1")(inputs)
    hidden = layers.Dense(128, activation="relu", name="hidden1")(features)
    output = layers.Dense(10, activation="softmax", name="output")(features)
    report = check(keras.Model(inputs, [output, hidden]), "rnn")
    assert report.actual_total == report.expected_total  # the same layers, wired otherwise
    assert not report.ok
    assert report.problems() == ["output should read hidden1, not lstm1"]


def test_names_we_chose_are_exact():
    # The corrected CNN's Flatten is named "flatten" by us, not by Keras.
    inputs = keras.Input((28, 28, 1), name="input")
    x = layers.Conv2D(128, 4, activation="relu", name="conv1")(inputs)
    x = layers.MaxPooling2D(2, name="pool1")(x)
    x = layers.Conv2D(64, 4, activation="relu", name="conv2")(x)
    x = layers.MaxPooling2D(2, name="pool2")(x)
    x = layers.Flatten(name="flat")(x)
    x = layers.Dense(64, activation="relu", name="hidden1")(x)
    model = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(x))
    report = check(model, CNN_FLATTENED)
    assert report.problems() == ["flatten (your flat): name it 'flatten'"]


# ---------------------------------------------------------------- the table


@pytest.mark.parametrize("name", RECIPES)
def test_connections_are_shown_where_the_summary_prints_them(built, name):
    text = str(check(built[name], name))
    printed = name in {
        "shared-input", "shared-feature-extractor", "multi-input", "multi-output",
        "ensemble", "ticket-classifier", "toy-resnet",
    }  # fmt: skip
    assert ("Connected to" in text) is printed


MISSING_LAYER_TABLE = """\
mlp: article section 3.1, printed by Keras 2.2.4
-------------------------------------------------------------------------
                      Output shape              Params
Layer (type)          article      Keras 3      article  Keras 3
-------------------------------------------------------------------------
input (InputLayer)    (None, 784)  (None, 784)        0        0  ok
hidden1 (Dense)       (None, 512)  (None, 512)  401,920  401,920  ok
hidden2 (Dense)       (None, 216)  (None, 216)  110,808  110,808  ok
hidden3 (Dense)       (None, 128)                27,776           missing
output (Dense)        (None, 10)   (None, 10)     1,290    2,170  follows
-------------------------------------------------------------------------
Total params                                    541,794  514,898  differs
Trainable params                                541,794  514,898  differs
Non-trainable params                                  0        0  ok
-------------------------------------------------------------------------
! one Dense layer (128 units) is missing between hidden2 and output
  and so output differs"""


def test_table_of_a_chain_has_no_connections_column_and_ends_in_the_problems():
    assert str(check(build_mlp(hidden_units=(512, 216)), "mlp")) == MISSING_LAYER_TABLE


def test_a_report_made_in_zh_tw_says_each_difference_in_zh_tw():
    with language("zh-TW"):
        report = check(build_mlp(hidden_units=(512, 216)), "mlp")
    # Statuses stay the program's own words; what a person reads is translated.
    assert [r.status for r in report.rows] == ["ok", "ok", "ok", "missing", "follows"]
    assert report.problems() == [
        "hidden2 和 output 之間少了一個 Dense 層（128 個神經元）",
        "  因此 output 也不符",
    ]
    lines = str(report).splitlines()
    assert lines[3] == "層（類型）          文章         Keras 3         文章  Keras 3"
    assert lines[8:10] == [
        "hidden3 (Dense)     (None, 128)                27,776           缺少",
        "output (Dense)      (None, 10)   (None, 10)     1,290    2,170  連帶不符",
    ]
    assert lines[-4] == "不可訓練參數                                        0        0  相符"


def test_a_summary_of_the_guide_is_headed_as_the_guide_s():
    # check(model, summary) finds the document that printed the summary it is given.
    recipe = get_recipe("autoencoder")
    nested = recipe.configuration("nested=True")
    header = str(check(recipe.build(nested=True), nested.expected)).splitlines()[3]
    assert header.split()[2:] == ["guide", "Keras", "3", "guide", "Keras", "3"]


def test_models_averaged_pair_by_where_the_average_reads_them_whatever_the_row_order():
    # The guide's ensemble as Keras prints it when its models are left unnamed, rows
    # listed last to first: each "functional" row is the model the average reads there.
    from keras_recipes import build_ensemble
    from keras_recipes.guide import ENSEMBLE

    keras_names = {"input": "input_layer", "model1": "functional"}
    keras_names |= {"model2": "functional_1", "model3": "functional_2"}
    rows = [
        dataclasses.replace(
            row,
            name=keras_names.get(row.name, row.name),
            connected_to=tuple(keras_names.get(name, name) for name in row.connected_to),
        )
        for row in reversed(ENSEMBLE.rows)
    ]
    printed = dataclasses.replace(ENSEMBLE, rows=tuple(rows), exact_names=False)
    report = check(build_ensemble(), printed)
    assert report.ok, report.problems()
    paired = {r.expected.name: r.actual.name for r in report.rows}
    assert paired == {
        "average": "average",
        "functional_2": "model3",
        "functional_1": "model2",
        "functional": "model1",
        "input_layer": "input",
    }


def test_a_name_the_learner_chose_is_a_note_not_a_mistake():
    inputs = keras.Input((784,))
    x = layers.Dense(512, activation="relu", name="first")(inputs)
    x = layers.Dense(216, activation="relu", name="second")(x)
    x = layers.Dense(128, activation="relu", name="third")(x)
    report = check(keras.Model(inputs, layers.Dense(10, activation="softmax")(x)), "mlp")
    assert report.ok
    assert report.notes == (
        "first is named hidden1 in the article",
        "second is named hidden2 in the article",
        "third is named hidden3 in the article",
    )
