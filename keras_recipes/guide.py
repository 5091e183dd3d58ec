"""The Keras guide's model summaries: the tables Keras 3 printed, and where each comes from.

The second source document: "The Functional API", the guide on keras.io (keras-team/keras-io,
``guides/functional_api.py``), whose summaries were printed by Keras 3. Each table is kept as
Keras 3's box-drawing text under ``keras_recipes/printed/guide/``, rebuilt from the
transcription in ``shared/keras-guide/printed-summaries.md`` beside the repository (see
``printed/README.md``), and read by ``keras_recipes.parse``. Where the guide prints no
"Connected to" column, its model is a chain of layers, each reading the one above it, and the
rows carry no connections, as for the article.

Two models the guide builds but never summarises -- its ensemble and its ticket classifier --
have figures derived here by hand from the layer arithmetic, written out as Keras 3 prints a
table; the tests hold them to what Keras 3 builds. Their names are ours (the inputs and outputs
the guide named keep its names), so they are marked ``exact_names=True``.

Importing this module imports no TensorFlow: the CLI lists recipes without it.
"""

from __future__ import annotations

from keras_recipes.i18n import N_
from keras_recipes.parse import read_printed
from keras_recipes.summary import Summary

# The guide's section headings, as it prints them: what a reader searches for.
INTRODUCTION = "Introduction"
SAME_GRAPH = "Use the same graph of layers to define multiple models"
CALLABLE = "All models are callable, just like layers"
MULTIPLE_INPUTS_OUTPUTS = "Models with multiple inputs and outputs"
A_TOY_RESNET = "A toy ResNet model"
SECTIONS = (INTRODUCTION, SAME_GRAPH, CALLABLE, MULTIPLE_INPUTS_OUTPUTS, A_TOY_RESNET)


def _as_printed(name: str, source: str) -> Summary:
    """A table as the guide printed it. ``source`` is written out whole for the message
    catalogue (the check report's first line shows it translated)."""
    return read_printed(f"guide/{name}", source=source, printed=True)


# "Introduction": three Dense layers on a flattened 28x28 digit; every name is Keras's.
MNIST_MODEL = _as_printed("mnist_model", N_('guide section "Introduction", printed by Keras 3'))

# "Use the same graph of layers...": the encoder, then the whole graph (encoder and decoder
# layers in one model).
_SAME_GRAPH = N_(
    'guide section "Use the same graph of layers to define multiple models", printed by Keras 3'
)
ENCODER = _as_printed("encoder", _SAME_GRAPH)
AUTOENCODER = _as_printed("autoencoder", _SAME_GRAPH)

# "All models are callable, just like layers": the encoder built again (its input renamed)
# and a decoder of its own, each called as one layer of the autoencoder, whose rows are the
# two models (their parameters the sums of their own rows).
_CALLABLE = N_('guide section "All models are callable, just like layers", printed by Keras 3')
ENCODER_TO_NEST = _as_printed("encoder_to_nest", _CALLABLE)
DECODER = _as_printed("decoder", _CALLABLE)
AUTOENCODER_NESTED = _as_printed("autoencoder_nested", _CALLABLE)

# The same section: three one-unit models averaged. The guide prints no summary.
ENSEMBLE = read_printed(
    "guide/ensemble",
    source=N_(
        'derived here (the guide prints no summary of its ensemble, section "All models are '
        'callable, just like layers"); layer names are ours'
    ),
    exact_names=True,
)

# "Models with multiple inputs and outputs": a ticket's title and body (word indices of any
# length) and its tags in; its priority and department out. The guide names the inputs and
# outputs and prints no summary.
TICKET_CLASSIFIER = read_printed(
    "guide/ticket_classifier",
    source=N_(
        'derived here (the guide prints no summary of its ticket classifier, section "Models '
        'with multiple inputs and outputs"); names other than its inputs and outputs are ours'
    ),
    exact_names=True,
)

# "A toy ResNet model": the one table the guide prints with a "Connected to" column. Two
# cells were cut short in print ("global_average_poo…" with "(GlobalAveragePool…", and
# connections ending "max_pooling2d_2[0][…" and "global_average_pool…"); the text has them
# whole, as Keras names the first GlobalAveragePooling2D, in columns wide enough to hold them.
TOY_RESNET = _as_printed("toy_resnet", N_('guide section "A toy ResNet model", printed by Keras 3'))
