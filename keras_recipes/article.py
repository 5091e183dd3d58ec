"""The article's printed model summaries, kept as plain data.

Every figure here was transcribed once from the source article (see
``shared/article/`` beside the repository): a Traditional-Chinese translation of
Jason Brownlee's "How to Use the Keras Functional API for Deep Learning", whose
tables were printed by Keras 2.2.4 on TensorFlow 1.9. Two summaries are not in
the article: the Sequential model of section 1 (the article builds it but
never prints it) and the corrected CNN (with the Flatten the article forgot).
Their figures are derived by hand from the layer arithmetic, and the tests
hold them to what Keras 3 builds; no Keras made up their names, so they are
marked ``exact_names=True``.

Importing this module imports no TensorFlow: the CLI lists recipes without it.
"""

from __future__ import annotations

from keras_recipes.i18n import N_
from keras_recipes.summary import Row, Summary

ARTICLE_KERAS_VERSION = "2.2.4"

# The article's section headings, number by number, spelled as it prints them:
# the notebooks quote them so a reader finds the same words in the article.
SECTIONS = {
    "1": "Keras 序貫模型 (Sequential Models)",
    "2": "Keras 函數式(functional)API構建模型",
    "3": "標準網絡模型",
    "3.1": "多層感知器(Multilayer Perceptron)",
    "3.2": "卷積神經網絡(CNN)",
    "3.3": "遞歸神經網絡(RNN)",
    "4": "共享層模型",
    "4.1": "共享輸入層 (Shared Input Layer)",
    "4.2": "共享特徵提取層 (Shared Feature Extraction Layer)",
    "5": "多種輸入和輸出模型",
    "5.1": "多輸入模型",
    "5.2": "多輸出模型",
}


def _as_printed(source: str, total: int, rows: tuple[Row, ...]) -> Summary:
    """A summary as the article printed it: every weight in it trainable.

    ``source`` is written out whole for the message catalogue (the check
    report's first line shows it translated).
    """
    return Summary(
        rows,
        total=total,
        trainable=total,
        non_trainable=0,
        source=source,
        printed=True,
        keras_version=ARTICLE_KERAS_VERSION,
    )


# Section 1: the article builds Sequential([Dense(2, input_shape=(1,)), Dense(1)])
# and prints nothing. A Keras 3 Sequential summary lists no input row.
SEQUENTIAL = Summary(
    rows=(
        Row("hidden", "Dense", (None, 2), 4),  # 1 x 2 + 2
        Row("output", "Dense", (None, 1), 3),  # 2 x 1 + 1
    ),
    total=7,
    trainable=7,
    non_trainable=0,
    source=N_("derived here (section 1 prints no summary); layer names are ours"),
    exact_names=True,
)

# Section 3.1, multilayer perceptron.
MLP = _as_printed(
    N_("article section 3.1, printed by Keras 2.2.4"),
    total=541794,
    rows=(
        Row("input", "InputLayer", (None, 784), 0),
        Row("hidden1", "Dense", (None, 512), 401920),
        Row("hidden2", "Dense", (None, 216), 110808),
        Row("hidden3", "Dense", (None, 128), 27776),
        Row("output", "Dense", (None, 10), 1290),
    ),
)

# Section 3.2, convolutional network, as printed: Dense meets the 4-D pooled map
# because the listing has no Flatten, so the "classifier" outputs (None, 4, 4, 10).
CNN = _as_printed(
    N_("article section 3.2, printed by Keras 2.2.4"),
    total=138122,
    rows=(
        Row("input", "InputLayer", (None, 28, 28, 1), 0),
        Row("conv1", "Conv2D", (None, 25, 25, 128), 2176),
        Row("pool1", "MaxPooling2D", (None, 12, 12, 128), 0),
        Row("conv2", "Conv2D", (None, 9, 9, 64), 131136),
        Row("pool2", "MaxPooling2D", (None, 4, 4, 64), 0),
        Row("hidden1", "Dense", (None, 4, 4, 64), 4160),
        Row("output", "Dense", (None, 4, 4, 10), 650),
    ),
)

# The same network with the missing Flatten put back: one prediction per image.
CNN_FLATTENED = Summary(
    rows=(
        *CNN.rows[:5],
        Row("flatten", "Flatten", (None, 1024), 0),  # 4 x 4 x 64
        Row("hidden1", "Dense", (None, 64), 65600),  # 1024 x 64 + 64
        Row("output", "Dense", (None, 10), 650),  # 64 x 10 + 10
    ),
    total=199562,
    trainable=199562,
    non_trainable=0,
    source=N_("derived here: section 3.2 with the Flatten the article left out"),
    exact_names=True,
)

# Section 3.3, recurrent network: each of the 784 pixels is one time step.
RNN = _as_printed(
    N_("article section 3.3, printed by Keras 2.2.4"),
    total=84362,
    rows=(
        Row("input", "InputLayer", (None, 784, 1), 0),
        Row("lstm1", "LSTM", (None, 128), 66560),
        Row("hidden1", "Dense", (None, 128), 16512),
        Row("output", "Dense", (None, 10), 1290),
    ),
)

# Section 4.1, two convolutional branches sharing one input.
SHARED_INPUT = _as_printed(
    N_("article section 4.1, printed by Keras 2.2.4"),
    total=399610,
    rows=(
        Row("input", "InputLayer", (None, 28, 28, 1), 0, ()),
        Row("conv1", "Conv2D", (None, 25, 25, 32), 544, ("input",)),
        Row("conv2", "Conv2D", (None, 21, 21, 16), 1040, ("input",)),
        Row("pool1", "MaxPooling2D", (None, 12, 12, 32), 0, ("conv1",)),
        Row("pool2", "MaxPooling2D", (None, 10, 10, 16), 0, ("conv2",)),
        Row("flatten_9", "Flatten", (None, 4608), 0, ("pool1",)),
        Row("flatten_10", "Flatten", (None, 1600), 0, ("pool2",)),
        Row(
            "concatenate_5",
            "Concatenate",
            (None, 6208),
            0,
            ("flatten_9", "flatten_10"),
        ),
        Row("hidden1", "Dense", (None, 64), 397376, ("concatenate_5",)),
        Row("output", "Dense", (None, 10), 650, ("hidden1",)),
    ),
)

# Section 4.2, one LSTM feature extractor read by a shallow and a deep branch.
SHARED_FEATURE_EXTRACTOR = _as_printed(
    N_("article section 4.2, printed by Keras 2.2.4"),
    total=78984,
    rows=(
        Row("input", "InputLayer", (None, 784, 1), 0, ()),
        Row("lstm1", "LSTM", (None, 128), 66560, ("input",)),
        Row("interp21", "Dense", (None, 64), 8256, ("lstm1",)),
        Row("interp22", "Dense", (None, 32), 2080, ("interp21",)),
        Row("interp1", "Dense", (None, 10), 1290, ("lstm1",)),
        Row("interp23", "Dense", (None, 16), 528, ("interp22",)),
        Row("merge", "Concatenate", (None, 26), 0, ("interp1", "interp23")),
        Row("output", "Dense", (None, 10), 270, ("merge",)),
    ),
)

# Section 5.1, a 64x64 gray and a 32x32 colour version of one image.
MULTI_INPUT = _as_printed(
    N_("article section 5.1, printed by Keras 2.2.4"),
    total=424874,
    rows=(
        Row("img_gray_bigsize", "InputLayer", (None, 64, 64, 1), 0, ()),
        Row("img_rgb_smallsize", "InputLayer", (None, 32, 32, 3), 0, ()),
        Row("conv11", "Conv2D", (None, 61, 61, 32), 544, ("img_gray_bigsize",)),
        Row("conv21", "Conv2D", (None, 29, 29, 32), 1568, ("img_rgb_smallsize",)),
        Row("pool11", "MaxPooling2D", (None, 30, 30, 32), 0, ("conv11",)),
        Row("pool21", "MaxPooling2D", (None, 14, 14, 32), 0, ("conv21",)),
        Row("conv12", "Conv2D", (None, 27, 27, 16), 8208, ("pool11",)),
        Row("conv22", "Conv2D", (None, 11, 11, 16), 8208, ("pool21",)),
        Row("pool12", "MaxPooling2D", (None, 13, 13, 16), 0, ("conv12",)),
        Row("pool22", "MaxPooling2D", (None, 5, 5, 16), 0, ("conv22",)),
        Row("flatten_11", "Flatten", (None, 2704), 0, ("pool12",)),
        Row("flatten_12", "Flatten", (None, 400), 0, ("pool22",)),
        Row(
            "concatenate_6",
            "Concatenate",
            (None, 3104),
            0,
            ("flatten_11", "flatten_12"),
        ),
        Row("hidden1", "Dense", (None, 128), 397440, ("concatenate_6",)),
        Row("hidden2", "Dense", (None, 64), 8256, ("hidden1",)),
        Row("output", "Dense", (None, 10), 650, ("hidden2",)),
    ),
)

# Section 5.2, one sequence in; a class and a per-step sequence out.
MULTI_OUTPUT = _as_printed(
    N_("article section 5.2, printed by Keras 2.2.4"),
    total=31348,
    rows=(
        Row("input", "InputLayer", (None, 784, 1), 0, ()),
        Row("extract", "LSTM", (None, 784, 64), 16896, ("input",)),
        Row("class11", "LSTM", (None, 32), 12416, ("extract",)),
        Row("class12", "Dense", (None, 32), 1056, ("class11",)),
        Row("output1", "Dense", (None, 10), 330, ("class12",)),
        Row("output2", "TimeDistributed", (None, 784, 10), 650, ("extract",)),
    ),
)
