"""The article's model summaries: the tables Keras 2.2.4 printed in it, kept as their text.

The article (``shared/article/`` beside the repository) translates Jason Brownlee's "How to Use
the Keras Functional API for Deep Learning"; each table it printed is copied in
``printed/article/`` and read by ``keras_recipes.parse``. Two it never printed -- section 1's
Sequential model and the CNN with the Flatten the article forgot -- are derived by hand and
written as Keras 3 prints a table; the tests hold them to what Keras 3 builds, and no Keras
made up their names (``exact_names``). Importing this module imports no TensorFlow.
"""

from __future__ import annotations

from keras_recipes.i18n import N_
from keras_recipes.parse import read_derived, read_printed
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


def _printed(name: str, source: str) -> Summary:
    # ``source`` is written out whole for the message catalogue: the check report shows it.
    version = ARTICLE_KERAS_VERSION
    return read_printed(f"article/{name}", source=source, keras_version=version)


SEQUENTIAL = read_derived(
    "article/sequential", N_("derived here (section 1 prints no summary); layer names are ours")
)
MLP = _printed("mlp", N_("article section 3.1, printed by Keras 2.2.4"))
# As printed: with no Flatten, Dense meets the 4-D pooled map and outputs (None, 4, 4, 10).
CNN = _printed("cnn", N_("article section 3.2, printed by Keras 2.2.4"))
CNN_FLATTENED = read_derived(
    "article/cnn_flattened", N_("derived here: section 3.2 with the Flatten the article left out")
)
RNN = _printed("rnn", N_("article section 3.3, printed by Keras 2.2.4"))
SHARED_INPUT = _printed("shared_input", N_("article section 4.1, printed by Keras 2.2.4"))
SHARED_FEATURE_EXTRACTOR = _printed(
    "shared_feature_extractor", N_("article section 4.2, printed by Keras 2.2.4")
)
MULTI_INPUT = _printed("multi_input", N_("article section 5.1, printed by Keras 2.2.4"))
MULTI_OUTPUT = _printed("multi_output", N_("article section 5.2, printed by Keras 2.2.4"))
