# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Inputs and outputs by name, shared layers, custom layers, features
#
# This notebook follows the Keras guide "The Functional API" (keras.io), beyond the article:
# its section "Models with multiple inputs and outputs", and three shorter sections that come
# after it in the guide, on sharing a layer, on reading a model's inner layers, and on writing
# a layer of your own.
#
# The article's multiple-input and multiple-output models (notebook 04) take and give lists.
# The guide's ticket classifier gives every input and every output a name, and then trains
# with a dict of arrays in and a dict of targets out, one loss per output. That model is
# written out below in Keras 3, shown as a summary and a model diagram, and checked; then the
# `keras_recipes` builder makes the same model, and a short training on made-up tickets shows
# the names at work.
#
# Where the figures come from: the guide builds and plots its ticket classifier but prints no
# summary of it. Its total, 1,392,097 parameters, is derived here from the layers' arithmetic,
# and the check says so on its first line. The other models of this notebook are ours.

# %% [markdown]
# ## Setup

# %%
# In Colab, or a Jupyter without this course's package, pip installs it from the course's site.
import importlib.util
import subprocess
import sys

SITE = "https://keras-recipes.github.io/keras-recipes/"
PACKAGE = f"keras-recipes @ {SITE}keras_recipes-0.1.0-py3-none-any.whl"
if importlib.util.find_spec("keras_recipes") is None:
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", PACKAGE])
    if pip.returncode != 0:
        raise SystemExit(f"Install it yourself / 請自行安裝: pip install '{PACKAGE}'")

from keras_recipes import check, explain_model, plot_recipe, read_rows, set_language

set_language("en")

import os
from pathlib import Path

import keras
import numpy as np
from IPython.display import Image
from keras import layers

DIAGRAMS = Path(os.environ.get("KERAS_RECIPES_DIAGRAMS", "diagrams"))

# %% [markdown]
# ## A ticket classifier: three inputs, two outputs
#
# A support ticket arrives with a title, a body and some tags. The model reads all three and
# answers two questions: how urgent is it (`priority`, one score), and which of four
# departments should handle it (`department`, one score each).
#
# Title and body are word indices, as many as the text has words, so their inputs have shape
# `(None,)` and integer type. Each goes through an `Embedding` layer, which looks up 64
# numbers per word in a table of 10,000 words, and an LSTM that reads the embedded words and
# keeps its last state. The tags are 12 zeros and ones. `merge` joins the three, and two
# `Dense` heads make the answers.

# %%
num_words = 10000  # the vocabulary: word indices run from 0 to 9,999
num_tags = 12
num_departments = 4

title = keras.Input(shape=(None,), dtype="int32", name="title")
body = keras.Input(shape=(None,), dtype="int32", name="body")
tags = keras.Input(shape=(num_tags,), name="tags")

title_embedding = layers.Embedding(num_words, 64, name="title_embedding")(title)
body_embedding = layers.Embedding(num_words, 64, name="body_embedding")(body)
title_lstm = layers.LSTM(128, name="title_lstm")(title_embedding)
body_lstm = layers.LSTM(32, name="body_lstm")(body_embedding)

merge = layers.Concatenate(name="merge")([title_lstm, body_lstm, tags])
priority = layers.Dense(1, name="priority")(merge)
department = layers.Dense(num_departments, name="department")(merge)

ticket_classifier = keras.Model(
    inputs=[title, body, tags],
    outputs={"priority": priority, "department": department},
    name="ticket_classifier",
)
ticket_classifier.summary()

# %% [markdown]
# The outputs went to `keras.Model` as a **dict**: each output is known by its key, and Keras
# lists them in the order of their names, `department` before `priority`.
#
# In the model diagram, three roots (the inputs) and two leaves (the outputs):

# %%
Image(plot_recipe(ticket_classifier, DIAGRAMS / "09_guide_inputs_outputs_and_layers-ticket.png"))

# %% [markdown]
# Where the 1,392,097 parameters are, worked out by hand:
#
# - each `Embedding` holds a table of 10,000 words x 64 numbers = 640,000;
# - an LSTM has three gates and a candidate memory, four blocks of weights; in each block,
#   each unit has a weight for every output of the layer at the step before, a weight for
#   every input number, and a bias:
#   4 x 128 x (128 + 64 + 1) = 98,816 for the title, 4 x 32 x (32 + 64 + 1) = 12,416 for the
#   body;
# - `merge` holds 128 + 32 + 12 = 172 numbers, so `priority` has 172 x 1 + 1 = 173 parameters
#   and `department` 172 x 4 + 4 = 692.
#
# Together 2 x 640,000 + 98,816 + 12,416 + 173 + 692 = 1,392,097. The check holds every row,
# and its connections, to Keras 3:

# %%
print(check(ticket_classifier, "ticket-classifier"))

# %% [markdown]
# The builder `build_ticket_classifier()` makes the same model, row for row:

# %%
from keras_recipes import build_mnist_model, build_ticket_classifier

built = build_ticket_classifier()
print(read_rows(built) == read_rows(ticket_classifier))

# %% [markdown]
# ### One loss per output, by name
#
# The two questions need different losses: `priority` is a yes-or-no score, `department` one
# class out of four. The builder compiles the model with a dict of losses whose keys are the
# output names; both heads give scores (logits), so both losses take logits:

# %%
{name: loss.name for name, loss in built.loss.items()}

# %% [markdown]
# ### Training on made-up tickets
#
# There is no ticket data here, and the point is only how data goes in and out, so the data
# is generated, as the guide does: random word indices (10 per title, 100 per body), random
# tags, and random targets. Inputs and targets are both dicts, keyed by the names given to
# the input layers and output layers; `fit` pairs each array with its layer by name.

# %%
rng = np.random.default_rng(0)
samples = 256
tickets = {
    "title": rng.integers(0, num_words, size=(samples, 10)),
    "body": rng.integers(0, num_words, size=(samples, 100)),
    "tags": rng.integers(0, 2, size=(samples, num_tags)).astype("float32"),
}
answers = {
    "priority": rng.integers(0, 2, size=(samples, 1)).astype("float32"),
    "department": rng.integers(0, num_departments, size=(samples,)),
}
{name: array.shape for name, array in {**tickets, **answers}.items()}

# %% [markdown]
# Two epochs, from weights drawn with a fixed seed. Keras reports a loss for each output,
# under its name, and `loss`, their sum:

# %%
keras.utils.set_random_seed(0)
built = build_ticket_classifier()
history = built.fit(tickets, answers, epochs=2, batch_size=32, verbose=0)
for key in ("priority_loss", "department_loss", "loss"):
    print(f"{key:16}", "  ".join(f"{value:.4f}" for value in history.history[key]))
print(f"{'ln 2, ln 4':16}", f"{np.log(2):.4f}  {np.log(4):.4f}")

# %% [markdown]
# The targets are random, so there is nothing to learn: each loss stays near what guessing
# gives, ln 2 for a yes or no and ln 4 for one of four. What the run shows is that dicts in
# and dicts out train as they are.
#
# Predicting gives a dict back too, one array per output name:

# %%
predicted = built.predict({name: array[:2] for name, array in tickets.items()}, verbose=0)
{name: array.shape for name, array in predicted.items()}

# %% [markdown]
# ## A shared embedding: one layer, called twice
#
# The guide's section "Shared layers" calls one layer object on two inputs: both calls use
# the same weights. Title and body are words of the same vocabulary, so the ticket classifier
# could look both up in one table. Here it is written out with one `Embedding`, `words`,
# called on `title` and on `body`:

# %%
words = layers.Embedding(num_words, 64, name="words")
title_lstm = layers.LSTM(128, name="title_lstm")(words(title))
body_lstm = layers.LSTM(32, name="body_lstm")(words(body))

merge = layers.Concatenate(name="merge")([title_lstm, body_lstm, tags])
one_table = keras.Model(
    inputs=[title, body, tags],
    outputs={
        "priority": layers.Dense(1, name="priority")(merge),
        "department": layers.Dense(num_departments, name="department")(merge),
    },
    name="one_table",
)
one_table.summary()

# %% [markdown]
# `words` is one row, connected to both inputs, and one box with two arrows in the model
# diagram:

# %%
Image(plot_recipe(one_table, DIAGRAMS / "09_guide_inputs_outputs_and_layers-shared.png"))

# %% [markdown]
# The table is one variable, whichever input it reads, so the model is 640,000 parameters
# smaller than the guide's (a figure derived here; the guide builds no such model):

# %%
print([weight.path for weight in one_table.weights if weight.path.startswith("words/")])
print(ticket_classifier.count_params() - one_table.count_params())

# %% [markdown]
# ## A layer of your own in a functional model
#
# The guide's section "Extend the API using custom layers" writes a layer as a class: it
# makes its weights in `build`, once it knows the size of its input, and computes in `call`.
# `HandDense` below is a `Dense` layer written by hand: inputs times a kernel, plus a bias,
# then an activation. `get_config` lists its arguments, so that Keras can make it again.


# %%
class HandDense(layers.Layer):
    """A Dense layer written by hand: activation(inputs @ kernel + bias)."""

    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.units), initializer="glorot_uniform", name="kernel"
        )
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs):
        return self.activation(keras.ops.matmul(inputs, self.kernel) + self.bias)

    def get_config(self):
        activation = keras.activations.serialize(self.activation)
        return {**super().get_config(), "units": self.units, "activation": activation}


# %% [markdown]
# It is called like any Keras layer, inside a functional model:

# %%
features = keras.Input(shape=(4,), name="features")
hidden = HandDense(8, activation="relu", name="hand_dense")(features)
output = layers.Dense(1, name="output")(hidden)
with_custom = keras.Model(inputs=features, outputs=output, name="with_custom")
with_custom.summary()

# %% [markdown]
# It does what `Dense` does: a `Dense` layer given the same weights gives the same numbers.

# %%
hand = with_custom.get_layer("hand_dense")
dense = layers.Dense(8, activation="relu")
dense.build((None, 4))
dense.set_weights(hand.get_weights())
sample = rng.normal(size=(3, 4)).astype("float32")
print(np.allclose(hand(sample), dense(sample)))

# %% [markdown]
# `explain` works out each layer's shape and parameters from formulas it knows for Keras'
# own layers. It has none for `HandDense`, so it says "no formula" for that row instead of
# guessing, and adds up no total of parameters; Keras' own count, 4 x 8 + 8 = 40, is shown
# beside it.

# %%
print(explain_model(with_custom))

# %% [markdown]
# ## Features: a model made of another model's inner layers
#
# The guide's section "Extract and reuse nodes in the graph of layers" builds a model whose
# outputs are the outputs of every layer of another model. Here the other model is the
# guide's first, its MNIST digit classifier (layers `input`, `hidden1`, `hidden2` and
# `output`). No earlier notebook builds it: here its builder, `build_mnist_model()`, does.
# Its outputs are a dict again, one per layer, keyed by the layer's name:

# %%
mnist_model = build_mnist_model()
extractor = keras.Model(
    inputs=mnist_model.inputs,
    outputs={layer.name: layer.output for layer in mnist_model.layers},
    name="extractor",
)
len(extractor.outputs)

# %% [markdown]
# One call now gives what every layer made for each image, by layer name. For three images
# (zeros, for the shapes):

# %%
digits = np.zeros((3, 784), dtype="float32")
for name, feature in extractor.predict(digits, verbose=0).items():
    print(f"{name:8}", feature.shape)

# %% [markdown]
# The extractor makes no layers of its own: it reads the classifier's, with the same
# weights, so training one trains the other.

# %%
print(extractor.get_layer("hidden1") is mnist_model.get_layer("hidden1"))
print(extractor.count_params(), mnist_model.count_params())

# %% [markdown]
# ## Porting another tutorial: check against the summary it printed
#
# The checker is not tied to the two documents of this course. Most Keras tutorials print
# `model.summary()`, and that text is all a teacher needs to check a Keras 3 port of the model.
# Here is the wide-and-deep network of *Hands-On Machine Learning* (chapter 10, from the
# book's notebooks, ageron/handson-ml2, Apache-2.0), as tf.keras printed it: paste the text,
# and `parse_summary` reads it back into rows and totals.

# %%
printed = """\
Model: "model"
__________________________________________________________________________________________________
Layer (type)                    Output Shape         Param #     Connected to
==================================================================================================
input_1 (InputLayer)            [(None, 8)]          0
__________________________________________________________________________________________________
dense_5 (Dense)                 (None, 30)           270         input_1[0][0]
__________________________________________________________________________________________________
dense_6 (Dense)                 (None, 30)           930         dense_5[0][0]
__________________________________________________________________________________________________
concatenate (Concatenate)       (None, 38)           0           input_1[0][0]
                                                                 dense_6[0][0]
__________________________________________________________________________________________________
dense_7 (Dense)                 (None, 1)            39          concatenate[0][0]
==================================================================================================
Total params: 1,239
Trainable params: 1,239
Non-trainable params: 0
__________________________________________________________________________________________________
"""
from keras_recipes import parse_summary

wide_and_deep = parse_summary(printed)
[(row.name, row.output_shape, row.params) for row in wide_and_deep.rows]

# %% [markdown]
# Written in Keras 3 with its layers unnamed, as the tutorial wrote it, the model passes:
# Keras 2's `input_1` and `[(None, 8)]` are Keras 3's `input_layer` and `(None, 8)`, and the
# layers are paired by structure, not by name. Change a width and the report names it, as for
# the article's models. From the command line, `keras-recipes check FILE.py --summary
# printed.txt` does the same for a learner's file.

# %%
inputs = keras.Input(shape=(8,))
hidden1 = layers.Dense(30, activation="relu")(inputs)
hidden2 = layers.Dense(30, activation="relu")(hidden1)
concat = layers.Concatenate()([inputs, hidden2])
ported = keras.Model(inputs, layers.Dense(1)(concat))
print(check(ported, wide_and_deep))

# %% [markdown]
# ## What to take away
#
# Give inputs and outputs names, and everything else can use them: arrays in, targets,
# losses and predictions out, all as dicts. A layer object called twice is one set of
# weights. A layer you write yourself fits into a functional model as Keras' own do, though
# no formula can explain it. And any layer's output can become the output of a new model,
# which shares the old model's layers.


# %% [markdown]
# ## Exercises
#
# Each exercise starts from a cell that runs as it is. Some ask you to predict a number or a
# shape by hand, then run the cell: `explain` shows the arithmetic beside what Keras counts.
# Some ask you to write a model from a summary, and some give you a model with one mistake:
# `check` names what still differs in its lines starting with `!`.
#
# The answers are folded under each exercise: open one once you have tried. The next cell
# imports everything the exercises use, so they also run after a restart of the kernel.

# %%
from keras_recipes import check, explain_model, parse_summary

import keras
from keras import layers

# %% [markdown]
# ### Exercise 1: build from a summary
#
# Suppose a tutorial printed the summary below (we wrote it in tf.keras 2's layout) for a
# classifier of rows of 20 numbers into 3 classes. Read it with `parse_summary` (first cell),
# then write the model in Keras 3 (second cell): its input and output are given, the two
# hidden layers are yours to work out from the parameter counts.

# %%
printed = """\
Model: "model"
_________________________________________________________________
Layer (type)                 Output Shape              Param #
=================================================================
input_1 (InputLayer)         [(None, 20)]              0
_________________________________________________________________
dense (Dense)                (None, 32)                672
_________________________________________________________________
dense_1 (Dense)              (None, 16)                528
_________________________________________________________________
dense_2 (Dense)              (None, 3)                 51
=================================================================
Total params: 1,251
Trainable params: 1,251
Non-trainable params: 0
_________________________________________________________________
"""
tabular = parse_summary(printed)

# %%
inputs = keras.Input(shape=(20,))
x = inputs  # ← two hidden layers go here
outputs = layers.Dense(3, activation="softmax")(x)
yours = keras.Model(inputs, outputs)
report = check(yours, tabular)
print(report)

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# inputs = keras.Input(shape=(20,))
# x = layers.Dense(32, activation="relu")(inputs)  # 20 * 32 + 32 = 672
# x = layers.Dense(16, activation="relu")(x)  # 32 * 16 + 16 = 528
# outputs = layers.Dense(3, activation="softmax")(x)
# yours = keras.Model(inputs, outputs)
# report = check(yours, tabular)
# print(report)
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: predict, then check
#
# The ticket classifier embeds the words of a title into vectors of 64 numbers, for a
# vocabulary of 10,000 words. How many parameters does that `Embedding` layer have?

# %%
prediction = None  # ← your count of the embedding's parameters
title = keras.Input(shape=(None,), dtype="int32")
embedded = keras.Model(title, layers.Embedding(10_000, 64)(title))
explained = explain_model(embedded)
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# prediction = 10_000 * 64  # one vector of 64 numbers per word, and no bias
# title = keras.Input(shape=(None,), dtype="int32")
# embedded = keras.Model(title, layers.Embedding(10_000, 64)(title))
# explained = explain_model(embedded)
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: fix a broken model
#
# Another port of the tutorial's classifier, held to the same summary (`tabular`, read in
# exercise 1), with one number wrong. Run the cell, read the line starting with `!`, and fix
# it.

# %%
inputs = keras.Input(shape=(20,))
x = layers.Dense(32, activation="relu", name="hidden1")(inputs)
x = layers.Dense(8, activation="relu", name="hidden2")(x)
outputs = layers.Dense(3, activation="softmax", name="output")(x)
yours = keras.Model(inputs, outputs)
report = check(yours, tabular)
print(report)

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# inputs = keras.Input(shape=(20,))
# x = layers.Dense(32, activation="relu", name="hidden1")(inputs)
# x = layers.Dense(16, activation="relu", name="hidden2")(x)
# outputs = layers.Dense(3, activation="softmax", name="output")(x)
# yours = keras.Model(inputs, outputs)
# report = check(yours, tabular)
# print(report)
# ```
#
# </details>
