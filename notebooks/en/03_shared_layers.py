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
# # Shared layers: one output, several readers
#
# This notebook follows section 4 of the article, 「共享層模型」 ("Shared layers models").
#
# In a Sequential model each layer feeds exactly one other. The functional API lets one
# layer's output feed as many layers as you like: call them all on the same tensor. The
# article calls such a layer *shared*, and shows it at both ends of a network:
#
# - a **shared input layer**: two feature extractors look at the same image (section 4.1,
#   「共享輸入層 (Shared Input Layer)」);
# - a **shared feature extraction layer**: one LSTM's features are read by two interpreters
#   (section 4.2, 「共享特徵提取層 (Shared Feature Extraction Layer)」).
#
# Each model is written out in Keras 3 with the article's layer names and checked against
# the summary the article printed; then the `keras_recipes` builder makes the same model.

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

from keras_recipes import check, plot_recipe, read_rows, set_language

set_language("en")

import os
from collections import defaultdict
from pathlib import Path

import keras
import numpy as np
from IPython.display import Image
from keras import layers

DIAGRAMS = Path(os.environ.get("KERAS_RECIPES_DIAGRAMS", "diagrams"))

# %% [markdown]
# A small helper finds the shared layers of any model. It reads, through the Keras API, which
# layers each layer is connected to, and keeps the outputs that have more than one reader.


# %%
def shared_outputs(model: keras.Model) -> dict[str, list[str]]:
    """Each layer whose output feeds more than one layer, with the layers it feeds."""
    readers = defaultdict(list)
    for row in read_rows(model):
        for source in row.connected_to:
            readers[source].append(row.name)
    return {name: names for name, names in readers.items() if len(names) > 1}


# %% [markdown]
# ## 4.1 Shared input layer: one image, two ways of looking at it
#
# Two convolutional branches read the same 28x28 image: both are called on `mnist_input`.
# `conv1` uses 32 filters with a kernel size of 4, `conv2` 16 filters with a kernel size
# of 8: small kernels pick up fine strokes, large ones coarser shapes. Each branch is pooled;
# then we flatten each result to a vector and concatenate the two vectors in `merge`, for the
# classifier.

# %%
mnist_input = keras.Input(shape=(28, 28, 1), name="input")

conv1 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv1")(mnist_input)
pool1 = layers.MaxPooling2D(pool_size=(2, 2), name="pool1")(conv1)
flat1 = layers.Flatten(name="flat1")(pool1)

conv2 = layers.Conv2D(16, kernel_size=8, activation="relu", name="conv2")(mnist_input)
pool2 = layers.MaxPooling2D(pool_size=(2, 2), name="pool2")(conv2)
flat2 = layers.Flatten(name="flat2")(pool2)

merge = layers.Concatenate(name="merge")([flat1, flat2])
hidden1 = layers.Dense(64, activation="relu", name="hidden1")(merge)
output = layers.Dense(10, activation="softmax", name="output")(hidden1)
shared_input = keras.Model(inputs=mnist_input, outputs=output, name="shared_input")
shared_input.summary()

# %% [markdown]
# In the model diagram the fork is right at the top: two arrows leave `input`.

# %%
Image(plot_recipe(shared_input, DIAGRAMS / "03_shared_layers-shared-input.png"))

# %%
shared_outputs(shared_input)

# %% [markdown]
# The article let Keras name the `Flatten` and `Concatenate` layers (`flatten_9`,
# `concatenate_5`: Keras counts each layer type, so the numbers depend on how many layers of
# that type the session had made before). Above they are
# named by role, `flat1`, `flat2` and `merge`, and the checker pairs them with the article's
# rows by type and by what they are connected to. Every row matches:

# %%
print(check(shared_input, "shared-input"))

# %% [markdown]
# Sharing the input costs nothing: the image is stored once and each branch has its own
# weights. Both branches see every pixel of every sample, so one array feeds the model:

# %%
images = np.zeros((2, 28, 28, 1), dtype="float32")
shared_input.predict(images, verbose=0).shape

# %% [markdown]
# The builder `build_shared_input()` makes the same model, with the same names, and compiles
# it for training:

# %%
from keras_recipes import build_shared_feature_extractor, build_shared_input

built = build_shared_input()
print(read_rows(built) == read_rows(shared_input))

# %%
built.count_params(), shared_input.count_params()

# %% [markdown]
# The same model, other sizes: one branch per entry of `filters` and `kernel_sizes`. A third
# branch with a kernel size of 12 is one more reader of the same input layer.

# %%
three_branches = build_shared_input(filters=(32, 16, 8), kernel_sizes=(4, 8, 12))
shared_outputs(three_branches)

# %% [markdown]
# ## 4.2 Shared feature extraction layer: one LSTM, two interpreters
#
# Here the fork comes later. `lstm1` reads the digit as a sequence of 784 pixels and sums it
# up in 128 numbers. Those features are computed once and read twice: by `interp1`, a single
# `Dense` layer, and by a deeper stack `interp21` -> `interp22` -> `interp23`. Then we
# concatenate the two readings in `merge`, before the output.
#
# Mind a slip in the article: the text of this section gives the LSTM 10 memory cells, while
# its code and its printed summary have 128. We follow the code: 128 units.

# %%
mnist_input = keras.Input(shape=(784, 1), name="input")
extract1 = layers.LSTM(128, name="lstm1")(mnist_input)

interp1 = layers.Dense(10, activation="relu", name="interp1")(extract1)

interp21 = layers.Dense(64, activation="relu", name="interp21")(extract1)
interp22 = layers.Dense(32, activation="relu", name="interp22")(interp21)
interp23 = layers.Dense(16, activation="relu", name="interp23")(interp22)

merge = layers.Concatenate(name="merge")([interp1, interp23])
output = layers.Dense(10, activation="softmax", name="output")(merge)
extractor = keras.Model(inputs=mnist_input, outputs=output, name="shared_feature_extractor")
extractor.summary()

# %%
Image(plot_recipe(extractor, DIAGRAMS / "03_shared_layers-shared-feature-extractor.png"))

# %%
shared_outputs(extractor)

# %% [markdown]
# Why share here? The LSTM is by far the most expensive layer (66,560 of the model's 78,984
# parameters, and 784 sequential steps of work per sample). Computing its features once and
# letting cheap layers interpret them in two ways costs almost nothing extra.
#
# The code creates `interp1` first, yet the summary lists `interp21` and `interp22` before it,
# in the article as in Keras 3: a summary lists the layers furthest from the output first.
# Every row matches the article's:

# %%
print(check(extractor, "shared-feature-extractor"))

# %% [markdown]
# `build_shared_feature_extractor()` makes the same model:

# %%
built = build_shared_feature_extractor()
print(read_rows(built) == read_rows(extractor))

# %%
built.count_params(), extractor.count_params()

# %% [markdown]
# The same model, other sizes: a deep branch of two layers instead of three, and the image
# read row by row (28 time steps of 28 pixels). `lstm1` is still the one layer both branches
# read.

# %%
smaller = build_shared_feature_extractor(input_shape=(28, 28), deep_units=(32, 16))
shared_outputs(smaller)

# %%
smaller.count_params()

# %% [markdown]
# ## The other kind of sharing: one layer object, called twice
#
# Keras' own guides use "shared layer" for something else as well: the *same layer object*
# called on two different tensors, so both calls use one set of weights. Twin networks that
# compare two inputs are built this way. The article's models do not need it, but it is the
# same mechanism -- a layer is just something you call. One kernel of 8 x 4 and 4 biases,
# used twice, make 36 parameters:

# %%
same_dense = layers.Dense(4, name="same_dense")
left = keras.Input(shape=(8,), name="left")
right = keras.Input(shape=(8,), name="right")
twins = keras.Model(inputs=[left, right], outputs=[same_dense(left), same_dense(right)])
twins.count_params()

# %% [markdown]
# ## A mistake, checked
#
# The easiest slip in a shared-input model is wiring: call the second convolution on the first
# branch's output instead of on the input, and the model still builds. `check` reads which layer
# feeds which from the graph, so it names the layer that reads the wrong tensor:

# %%
visible = keras.Input(shape=(28, 28, 1))
a = layers.Conv2D(32, kernel_size=4, activation="relu")(visible)
a = layers.MaxPooling2D(pool_size=(2, 2))(a)
b = layers.Conv2D(16, kernel_size=8, activation="relu")(a)
b = layers.MaxPooling2D(pool_size=(2, 2))(b)
merged = layers.Concatenate()([layers.Flatten()(a), layers.Flatten()(b)])
x = layers.Dense(64, activation="relu")(merged)
yours = keras.Model(visible, layers.Dense(10, activation="softmax")(x))
print(check(yours, "shared-input"))

# %% [markdown]
# Called on the input, as in the article, the second branch sees the whole image and the
# model passes:

# %%
b = layers.Conv2D(16, kernel_size=8, activation="relu")(visible)
b = layers.MaxPooling2D(pool_size=(2, 2))(b)
merged = layers.Concatenate()([layers.Flatten()(a), layers.Flatten()(b)])
x = layers.Dense(64, activation="relu")(merged)
yours = keras.Model(visible, layers.Dense(10, activation="softmax")(x))
check(yours, "shared-input").ok

# %% [markdown]
# ## What to take away
#
# To share a layer's output, call several layers on the tensor it returned; the model
# diagram shows it as one box with several arrows leaving it. The next notebook,
# `04_multiple_inputs_outputs`, goes further: models with more than one input, and more than
# one output.


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
from keras_recipes import build_shared_input, check, explain_recipe

import keras
from keras import layers

# %% [markdown]
# ### Exercise 1: predict, then check
#
# Both branches of the shared-input model are flattened and then concatenated into `merge`.
# How many values wide is `merge`? Work out each branch's map first: a kernel of k shrinks 28
# to 28 - k + 1, a pool of 2 halves it, rounding down.

# %%
prediction = None  # ← your width of merge
model = build_shared_input()
print(explain_recipe("shared-input"))
prediction, model.get_layer("merge").output.shape[-1]

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# prediction = 12 * 12 * 32 + 10 * 10 * 16  # conv1: 25 → 12; conv2: 21 → 10
# model = build_shared_input()
# print(explain_recipe("shared-input"))
# prediction, model.get_layer("merge").output.shape[-1]
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: fix a broken model
#
# The two branches below are right, but one line joins them wrongly. Run the cell, read the
# line starting with `!`, and fix it.

# %%
image = keras.Input(shape=(28, 28, 1))
x1 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv1")(image)
flat1 = layers.Flatten(name="flat1")(layers.MaxPooling2D(2, name="pool1")(x1))
x2 = layers.Conv2D(16, kernel_size=8, activation="relu", name="conv2")(image)
flat2 = layers.Flatten(name="flat2")(layers.MaxPooling2D(2, name="pool2")(x2))
merge = layers.Concatenate(name="merge")([flat2, flat1])
hidden1 = layers.Dense(64, activation="relu", name="hidden1")(merge)
yours = keras.Model(image, layers.Dense(10, activation="softmax", name="output")(hidden1))
report = check(yours, "shared-input")
print(report)

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# image = keras.Input(shape=(28, 28, 1))
# x1 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv1")(image)
# flat1 = layers.Flatten(name="flat1")(layers.MaxPooling2D(2, name="pool1")(x1))
# x2 = layers.Conv2D(16, kernel_size=8, activation="relu", name="conv2")(image)
# flat2 = layers.Flatten(name="flat2")(layers.MaxPooling2D(2, name="pool2")(x2))
# merge = layers.Concatenate(name="merge")([flat1, flat2])
# hidden1 = layers.Dense(64, activation="relu", name="hidden1")(merge)
# yours = keras.Model(image, layers.Dense(10, activation="softmax", name="output")(hidden1))
# report = check(yours, "shared-input")
# print(report)
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: build from a summary
#
# The shared feature extractor below has its LSTM, its shallow interpreter `interp1`, the
# first layer of its deep interpreter and its output. Finish the deep interpreter (`interp22`,
# `interp23`) from the article's summary of section 4.2, which the report prints.

# %%
inputs = keras.Input(shape=(784, 1))
extract = layers.LSTM(128, name="lstm1")(inputs)
interp1 = layers.Dense(10, activation="relu", name="interp1")(extract)
deep = layers.Dense(64, activation="relu", name="interp21")(extract)
# ← interp22 and interp23 go here
merge = layers.Concatenate(name="merge")([interp1, deep])
yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(merge))
report = check(yours, "shared-feature-extractor")
print(report)

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# inputs = keras.Input(shape=(784, 1))
# extract = layers.LSTM(128, name="lstm1")(inputs)
# interp1 = layers.Dense(10, activation="relu", name="interp1")(extract)
# deep = layers.Dense(64, activation="relu", name="interp21")(extract)
# deep = layers.Dense(32, activation="relu", name="interp22")(deep)
# deep = layers.Dense(16, activation="relu", name="interp23")(deep)
# merge = layers.Concatenate(name="merge")([interp1, deep])
# yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(merge))
# report = check(yours, "shared-feature-extractor")
# print(report)
# ```
#
# </details>
