"""The article's model summaries: the text Keras printed, and where each comes from.

The source article (see ``shared/article/`` beside the repository) is a Traditional-Chinese
translation of Jason Brownlee's "How to Use the Keras Functional API for Deep Learning", whose
tables were printed by Keras 2.2.4 on TensorFlow 1.9; each is kept as it printed it, under
``keras_recipes/printed/article/``, and read by ``keras_recipes.parse``. Two summaries are not
in the article: the Sequential model of section 1 (built, never printed) and the corrected CNN
(with the Flatten the article forgot). Their figures are derived by hand from the layer
arithmetic, written out as Keras 3 prints a table, and held by the tests to what Keras 3
builds; no Keras made up their names, so they are marked ``exact_names=True``.

Importing this module imports no TensorFlow: the CLI lists recipes without it.
"""

from __future__ import annotations

from keras_recipes.i18n import N_
from keras_recipes.parse import read_printed
from keras_recipes.summary import Summary

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


def _as_printed(name: str, source: str) -> Summary:
    """A table as the article printed it. ``source`` is written out whole for the message
    catalogue (the check report's first line shows it translated)."""
    return read_printed(
        f"article/{name}", source=source, printed=True, keras_version=ARTICLE_KERAS_VERSION
    )


def _derived(name: str, source: str) -> Summary:
    return read_printed(f"article/{name}", source=source, exact_names=True)


# Section 1: Sequential([Dense(2, input_shape=(1,)), Dense(1)]); Keras 3 lists no input row.
SEQUENTIAL = _derived(
    "sequential", N_("derived here (section 1 prints no summary); layer names are ours")
)
# Section 3.1, multilayer perceptron.
MLP = _as_printed("mlp", N_("article section 3.1, printed by Keras 2.2.4"))
# Section 3.2, convolutional network, as printed: Dense meets the 4-D pooled map because
# the listing has no Flatten, so the "classifier" outputs (None, 4, 4, 10).
CNN = _as_printed("cnn", N_("article section 3.2, printed by Keras 2.2.4"))
# The same network with the missing Flatten put back: one prediction per image.
CNN_FLATTENED = _derived(
    "cnn_flattened", N_("derived here: section 3.2 with the Flatten the article left out")
)
# Section 3.3, recurrent network: each of the 784 pixels is one time step.
RNN = _as_printed("rnn", N_("article section 3.3, printed by Keras 2.2.4"))
# Section 4.1, two convolutional branches sharing one input.
SHARED_INPUT = _as_printed("shared_input", N_("article section 4.1, printed by Keras 2.2.4"))
# Section 4.2, one LSTM feature extractor read by a shallow and a deep branch.
SHARED_FEATURE_EXTRACTOR = _as_printed(
    "shared_feature_extractor", N_("article section 4.2, printed by Keras 2.2.4")
)
# Section 5.1, a 64x64 gray and a 32x32 colour version of one image.
MULTI_INPUT = _as_printed("multi_input", N_("article section 5.1, printed by Keras 2.2.4"))
# Section 5.2, one sequence in; a class and a per-step sequence out.
MULTI_OUTPUT = _as_printed("multi_output", N_("article section 5.2, printed by Keras 2.2.4"))
