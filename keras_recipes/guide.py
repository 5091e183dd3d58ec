"""The Keras guide's model summaries: the tables Keras 3 printed in it, kept as their text.

"The Functional API", the guide on keras.io (keras-team/keras-io, ``guides/functional_api.py``):
each table is rebuilt in ``printed/guide/`` from the transcription in
``shared/keras-guide/printed-summaries.md`` beside the repository (see ``printed/README.md``)
and read by ``keras_recipes.parse``. A table with no "Connected to" column is a chain of layers;
its rows carry no connections. Two models the guide never summarises -- its ensemble and its
ticket classifier -- are derived by hand; the tests hold them to what Keras 3 builds, and their
names are ours but the guide's inputs and outputs (``exact_names``). Imports no TensorFlow.
"""

from __future__ import annotations

from keras_recipes.i18n import N_
from keras_recipes.parse import read_derived, read_printed
from keras_recipes.summary import Summary

# The guide's section headings, as it prints them: what a reader searches for.
INTRODUCTION = "Introduction"
SAME_GRAPH = "Use the same graph of layers to define multiple models"
CALLABLE = "All models are callable, just like layers"
MULTIPLE_INPUTS_OUTPUTS = "Models with multiple inputs and outputs"
A_TOY_RESNET = "A toy ResNet model"
SECTIONS = (INTRODUCTION, SAME_GRAPH, CALLABLE, MULTIPLE_INPUTS_OUTPUTS, A_TOY_RESNET)


def _printed(name: str, source: str) -> Summary:
    # ``source`` is written out whole for the message catalogue: the check report shows it.
    return read_printed(f"guide/{name}", source=source)


MNIST_MODEL = _printed("mnist_model", N_('guide section "Introduction", printed by Keras 3'))
# The encoder, then the same graph carried on into the autoencoder.
_SAME = N_(
    'guide section "Use the same graph of layers to define multiple models", printed by Keras 3'
)
ENCODER = _printed("encoder", _SAME)
AUTOENCODER = _printed("autoencoder", _SAME)
# The encoder again (input renamed) and a decoder, each one row of the nested autoencoder.
_CALLABLE = N_('guide section "All models are callable, just like layers", printed by Keras 3')
ENCODER_TO_NEST = _printed("encoder_to_nest", _CALLABLE)
DECODER = _printed("decoder", _CALLABLE)
AUTOENCODER_NESTED = _printed("autoencoder_nested", _CALLABLE)
ENSEMBLE = read_derived(
    "guide/ensemble",
    N_(
        'derived here (the guide prints no summary of its ensemble, section "All models are '
        'callable, just like layers"); layer names are ours'
    ),
)
TICKET_CLASSIFIER = read_derived(
    "guide/ticket_classifier",
    N_(
        'derived here (the guide prints no summary of its ticket classifier, section "Models '
        'with multiple inputs and outputs"); names other than its inputs and outputs are ours'
    ),
)
# Two cells cut short in print ("global_average_poo…", "max_pooling2d_2[0][…") are written
# whole, as Keras names the first GlobalAveragePooling2D (see printed/README.md).
TOY_RESNET = _printed("toy_resnet", N_('guide section "A toy ResNet model", printed by Keras 3'))
