"""The article's printed model summaries, kept as plain data.

Every figure here was transcribed once from the source article (see
``shared/article/`` beside the repository): a Traditional-Chinese translation of
Jason Brownlee's "How to Use the Keras Functional API for Deep Learning", whose
tables were printed by Keras 2.2.4 on TensorFlow 1.9. Two summaries are not in
the article and are marked ``printed=False``: the Sequential model of section 1
(the article builds it but never prints it) and the corrected CNN (with the
Flatten the article forgot). Their figures are derived by hand from the layer
arithmetic, and the tests hold them to what Keras 3 builds; no Keras made up
their names, so they are marked ``exact_names=True`` too.

Importing this module imports nothing heavy: the CLI lists recipes without
TensorFlow. Only ``Row.generated_name`` and ``canonical_type`` load Keras,
when called, to apply Keras' own naming rules.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

Shape = tuple[int | None, ...]

ARTICLE_KERAS_VERSION = "2.2.4"


@dataclass(frozen=True)
class Row:
    """One line of a model summary: a layer and what it produces."""

    name: str
    type: str
    output_shape: Shape
    params: int
    # Names of the layers feeding this one, in call order. ``None`` where the
    # summary has no "Connected to" column (Keras 2 printed it only for
    # non-linear models).
    connected_to: tuple[str, ...] | None = None

    @property
    def generated_name(self) -> bool:
        """Whether this name is one Keras makes up for a layer of this type.

        Keras 3 names the first unnamed ``MaxPooling2D`` ``max_pooling2d``
        and the next ones ``max_pooling2d_1``, ``max_pooling2d_2``; Keras 2
        numbered from the first (``flatten_9``) and named inputs ``input_1``.
        Such names depend on how many layers of the type were made before, so
        they differ between runs and versions. Reading this imports Keras,
        whose own snake-case rule makes the names.
        """
        return _made_up_names(self.type).fullmatch(self.name) is not None


@dataclass(frozen=True)
class Summary:
    """A whole printed summary: its rows and the three totals under them."""

    rows: tuple[Row, ...]
    total: int
    trainable: int
    non_trainable: int
    source: str
    printed: bool = True
    keras_version: str | None = ARTICLE_KERAS_VERSION
    # True where every row name was chosen by hand, none made up by Keras (the
    # summaries derived here): each name must then match exactly, even one that
    # reads like a Keras-made name, such as the corrected CNN's ``flatten``.
    exact_names: bool = False


def canonical_type(name: str) -> str:
    """The class name Keras reports for a layer type given by an alias: MaxPool2D -> MaxPooling2D.

    A summary Keras printed names the class itself; hand-written ones may use
    an alias. The aliases are read from ``keras.layers``, so reading them
    imports Keras.
    """
    return _layer_aliases().get(name, name)


@functools.cache
def _layer_aliases() -> dict[str, str]:
    from keras_recipes._keras import layers

    return {
        alias: value.__name__
        for alias, value in vars(layers).items()
        if isinstance(value, type) and value.__name__ != alias
    }


@functools.cache
def _made_up_names(type_name: str) -> re.Pattern[str]:
    kind = canonical_type(type_name)  # loads Keras through keras_recipes._keras
    from keras.src.utils.naming import to_snake_case

    # A counter, where there is one, starts at 1 and has no leading zero.
    pattern = rf"{re.escape(to_snake_case(kind))}(?:_[1-9][0-9]*)?"
    if kind == "InputLayer":
        pattern += "|input_[1-9][0-9]*"  # Keras 2: input_1, input_2, ...
    return re.compile(pattern)


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
    source="derived here (section 1 prints no summary); layer names are ours",
    printed=False,
    keras_version=None,
    exact_names=True,
)

# Section 3.1, multilayer perceptron.
MLP = Summary(
    rows=(
        Row("input", "InputLayer", (None, 784), 0),
        Row("hidden1", "Dense", (None, 512), 401920),
        Row("hidden2", "Dense", (None, 216), 110808),
        Row("hidden3", "Dense", (None, 128), 27776),
        Row("output", "Dense", (None, 10), 1290),
    ),
    total=541794,
    trainable=541794,
    non_trainable=0,
    source="article section 3.1, printed by Keras 2.2.4",
)

# Section 3.2, convolutional network, as printed: Dense meets the 4-D pooled map
# because the listing has no Flatten, so the "classifier" outputs (None, 4, 4, 10).
CNN = Summary(
    rows=(
        Row("input", "InputLayer", (None, 28, 28, 1), 0),
        Row("conv1", "Conv2D", (None, 25, 25, 128), 2176),
        Row("pool1", "MaxPooling2D", (None, 12, 12, 128), 0),
        Row("conv2", "Conv2D", (None, 9, 9, 64), 131136),
        Row("pool2", "MaxPooling2D", (None, 4, 4, 64), 0),
        Row("hidden1", "Dense", (None, 4, 4, 64), 4160),
        Row("output", "Dense", (None, 4, 4, 10), 650),
    ),
    total=138122,
    trainable=138122,
    non_trainable=0,
    source="article section 3.2, printed by Keras 2.2.4",
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
    source="derived here: section 3.2 with the Flatten the article left out",
    printed=False,
    keras_version=None,
    exact_names=True,
)

# Section 3.3, recurrent network: each of the 784 pixels is one time step.
RNN = Summary(
    rows=(
        Row("input", "InputLayer", (None, 784, 1), 0),
        Row("lstm1", "LSTM", (None, 128), 66560),
        Row("hidden1", "Dense", (None, 128), 16512),
        Row("output", "Dense", (None, 10), 1290),
    ),
    total=84362,
    trainable=84362,
    non_trainable=0,
    source="article section 3.3, printed by Keras 2.2.4",
)

# Section 4.1, two convolutional branches sharing one input.
SHARED_INPUT = Summary(
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
    total=399610,
    trainable=399610,
    non_trainable=0,
    source="article section 4.1, printed by Keras 2.2.4",
)

# Section 4.2, one LSTM feature extractor read by a shallow and a deep branch.
SHARED_FEATURE_EXTRACTOR = Summary(
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
    total=78984,
    trainable=78984,
    non_trainable=0,
    source="article section 4.2, printed by Keras 2.2.4",
)

# Section 5.1, a 64x64 gray and a 32x32 colour version of one image.
MULTI_INPUT = Summary(
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
    total=424874,
    trainable=424874,
    non_trainable=0,
    source="article section 5.1, printed by Keras 2.2.4",
)

# Section 5.2, one sequence in; a class and a per-step sequence out.
MULTI_OUTPUT = Summary(
    rows=(
        Row("input", "InputLayer", (None, 784, 1), 0, ()),
        Row("extract", "LSTM", (None, 784, 64), 16896, ("input",)),
        Row("class11", "LSTM", (None, 32), 12416, ("extract",)),
        Row("class12", "Dense", (None, 32), 1056, ("class11",)),
        Row("output1", "Dense", (None, 10), 330, ("class12",)),
        Row("output2", "TimeDistributed", (None, 784, 10), 650, ("extract",)),
    ),
    total=31348,
    trainable=31348,
    non_trainable=0,
    source="article section 5.2, printed by Keras 2.2.4",
)
