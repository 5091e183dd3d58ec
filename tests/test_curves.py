"""Learning curves: one panel per metric, losses first, the learning rate last."""

from keras_recipes import curves
from keras_recipes.i18n import language

HISTORY = {
    "accuracy": [0.5, 0.8],
    "loss": [1.0, 0.5],
    "learning_rate": [0.001, 0.0005],
    "output1_loss": [0.7, 0.4],
    "val_accuracy": [0.4, 0.7],
    "val_loss": [1.1, 0.6],
    "val_output1_loss": [0.8, 0.5],
}


def test_one_panel_per_metric_training_beside_validation():
    figure = curves.plot(HISTORY, title="mlp on digits")
    panels = [ax for ax in figure.axes if ax.get_visible()]
    assert len(figure.axes) == 6  # two rows of three, the last two left empty
    titles = [ax.get_title() for ax in panels]
    assert titles == ["loss", "output1 loss", "accuracy", "learning rate"]
    assert [len(ax.get_lines()) for ax in panels] == [2, 2, 2, 1]
    assert [ax.get_legend() is not None for ax in panels] == [True, True, True, False]
    assert figure.get_suptitle() == "mlp on digits"


def test_every_word_is_said_in_traditional_chinese_but_an_output_s_name():
    with language("zh-TW"):
        figure = curves.plot(HISTORY)
    panels = [ax for ax in figure.axes if ax.get_visible()]
    assert [ax.get_title() for ax in panels] == ["損失", "output1 損失", "準確率", "學習率"]
    assert {ax.get_xlabel() for ax in panels} == {"訓練週期"}
    assert [text.get_text() for text in panels[0].get_legend().get_texts()] == ["訓練", "驗證"]
    assert figure.get_suptitle() == ""


def test_accuracy_per_row_is_labelled_in_the_readers_language():
    with language("zh-TW"):
        figure = curves.per_step([0.1, 0.6, 0.5], label="output2", marked=2)
    (ax,) = figure.axes
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("列", "準確率")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["output2", "第 2 列"]
    assert list(ax.lines[0].get_xdata()) == [1, 2, 3]  # rows count from 1
