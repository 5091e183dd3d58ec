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
# # The CNN erratum: a missing Flatten layer
#
# This notebook follows section 3.2 of the article, 「卷積神經網絡(CNN)」 ("Convolutional
# neural network").
#
# The article's convolutional neural network builds, prints a clean summary, and totals
# 138,122 parameters -- yet it cannot be trained as a digit classifier. Its last pooling layer
# goes straight into `Dense` layers with nothing to flatten the feature map in between. This
# notebook writes the model out as printed, shows what that does and how the summary gives it
# away, then writes out the corrected model.

# %% [markdown]
# ## Setup

# %%
# In Colab, or a Jupyter without this course's package, pip installs it from the course's site.
import importlib.util
import subprocess
import sys

SITE = "https://keras-recipes.github.io/keras-recipes/"
PACKAGE = f"keras-recipes[digits] @ {SITE}keras_recipes-0.1.0-py3-none-any.whl"
if importlib.util.find_spec("keras_recipes") is None:
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", PACKAGE])
    if pip.returncode != 0:
        raise SystemExit(f"Install it yourself / 請自行安裝: pip install '{PACKAGE}'")

from keras_recipes import RECIPES, check, data, plot_recipe, read_rows, set_language
from keras_recipes.arithmetic import conv_output, pool_output

set_language("en")

import math
import os
from pathlib import Path

import keras
from IPython.display import Image
from keras import layers

DIAGRAMS = Path(os.environ.get("KERAS_RECIPES_DIAGRAMS", "diagrams"))

# Real handwritten digits, no download: scikit-learn's, enlarged to 28x28 (see notebook 07).
digits = data.load_digits()

# %% [markdown]
# ## The model as printed
#
# The article's code in Keras 3, mistake included: two blocks of `Conv2D` and `MaxPooling2D`,
# then `hidden1` called directly on `pool2`.

# %%
mnist_input = keras.Input(shape=(28, 28, 1), name="input")
conv1 = layers.Conv2D(128, kernel_size=4, activation="relu", name="conv1")(mnist_input)
pool1 = layers.MaxPooling2D(pool_size=(2, 2), name="pool1")(conv1)
conv2 = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(pool1)
pool2 = layers.MaxPooling2D(pool_size=(2, 2), name="pool2")(conv2)
hidden1 = layers.Dense(64, activation="relu", name="hidden1")(pool2)
output = layers.Dense(10, activation="softmax", name="output")(hidden1)

as_printed = keras.Model(inputs=mnist_input, outputs=output, name="cnn")
as_printed.summary()

# %%
Image(plot_recipe(as_printed, DIAGRAMS / "05_cnn_erratum-as-printed.png"))

# %% [markdown]
# It matches the article row for row, so the checker alone would not catch the problem:

# %%
print(check(as_printed, "cnn"))

# %% [markdown]
# `build_cnn()` reproduces the article's code exactly, mistake included, and gives the same
# summary. It also compiles the model, which the article never does, so the builder's model
# has a loss to train with:

# %%
from keras_recipes import build_cnn

built = build_cnn()
print(read_rows(built) == read_rows(as_printed))

# %%
built.count_params(), as_printed.count_params()

# %% [markdown]
# ## Why `(None, 4, 4, 10)` is wrong
#
# Read the shapes down the summary. The image shrinks from 28x28 to a 4x4 map with 64 channels:

# %%
size = 28
for step, window in [("conv1", 4), ("pool1", 2), ("conv2", 4), ("pool2", 2)]:
    size = conv_output(size, window) if step.startswith("conv") else pool_output(size, window)
    print(f"{step}: {size}x{size}")

# %% [markdown]
# A `Dense` layer acts on the **last axis** of whatever it is given and keeps every other axis.
# Given a 4x4x64 map, `hidden1` applies the same 64 -> 64 weights to each of the 16 cells on
# its own: that is why it has only 64 x 64 + 64 = 4,160 parameters. `output` does the same,
# so the model answers with 16 probability vectors per image, one per cell, instead of one.
# Eight test digits go in:

# %%
sample = digits.test.take(8)
images = sample.images[..., None]  # (8, 28, 28, 1): the CNN's one gray channel
predictions = built.predict(images, verbose=0)
predictions.shape

# %% [markdown]
# A digit has one label, not sixteen. Training compares labels with predictions through the
# loss, and the loss refuses the pair. Here is the model's own loss on the eight digits'
# labels -- exactly what `fit` would compute on its first batch:

# %%
print("labels:", sample.labels)
try:
    built.compute_loss(y=sample.labels, y_pred=predictions)
except ValueError as error:
    print("ValueError:", error)

# %% [markdown]
# ## The corrected model
#
# One line puts it right: a `Flatten` between `pool2` and `hidden1`. It flattens the 4x4x64
# map into one vector of 1,024 features per image, and the model outputs `(None, 10)`.

# %%
mnist_input = keras.Input(shape=(28, 28, 1), name="input")
conv1 = layers.Conv2D(128, kernel_size=4, activation="relu", name="conv1")(mnist_input)
pool1 = layers.MaxPooling2D(pool_size=(2, 2), name="pool1")(conv1)
conv2 = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(pool1)
pool2 = layers.MaxPooling2D(pool_size=(2, 2), name="pool2")(conv2)
flatten = layers.Flatten(name="flatten")(pool2)
hidden1 = layers.Dense(64, activation="relu", name="hidden1")(flatten)
output = layers.Dense(10, activation="softmax", name="output")(hidden1)

corrected = keras.Model(inputs=mnist_input, outputs=output, name="cnn")
corrected.summary()

# %%
Image(plot_recipe(corrected, DIAGRAMS / "05_cnn_erratum-corrected.png"))

# %% [markdown]
# The article never printed this model, so its summary is derived in the package and recorded
# as a variant of the `cnn` recipe, labelled with the builder argument that makes it. The
# checker holds Keras 3 to it, every name included:

# %%
variant = RECIPES["cnn"].variants[0]
print(variant.label)
print(check(corrected, variant.expected))

# %% [markdown]
# `build_cnn(flatten=True)` makes the same model:

# %%
built_corrected = build_cnn(flatten=True, seed=0)  # seed: the same starting weights every run
print(read_rows(built_corrected) == read_rows(corrected))

# %% [markdown]
# The same model, other sizes: `flatten=True` goes with the other arguments. With 32 and 16
# filters, `pool2` holds 4x4x16 = 256 features, and `hidden1` needs 256 x 64 + 64 = 16,448
# parameters.

# %%
build_cnn(flatten=True, filters=(32, 16)).summary()

# %% [markdown]
# ## Where the extra parameters come from
#
# Back to the article's sizes. Only `hidden1` changes: it now connects all 1,024 features to
# each of its 64 units.

# %%
flat_features = 4 * 4 * 64
print(f"hidden1: {flat_features} x 64 + 64 = {flat_features * 64 + 64:,}")
corrected.get_layer("hidden1").count_params()

# %% [markdown]
# Adding up the layers with weights gives the corrected total of 199,562, against the
# article's 138,122:

# %%
counts = {layer.name: layer.count_params() for layer in corrected.layers if layer.count_params()}
print(" + ".join(f"{n:,}" for n in counts.values()), f"= {sum(counts.values()):,}")
print(f"corrected.count_params() = {corrected.count_params():,}")

# %% [markdown]
# ## The loss of a model that has learned nothing yet
#
# The same loss that refused the printed model now gives one number. Here it is for the
# builder's corrected model, still untrained, on the 359 test digits:

# %%
probabilities = built_corrected.predict(digits.test.images[..., None], verbose=0)
loss = float(built_corrected.compute_loss(y=digits.test.labels, y_pred=probabilities))
print(f"loss, untrained: {loss:.4f}")
print(f"ln 10:           {math.log(10):.4f}")
print(f"probabilities from {probabilities.min():.3f} to {probabilities.max():.3f}")
assert abs(loss - math.log(10)) < 0.05  # what the next paragraph says

# %% [markdown]
# The two are close, and for a reason. The loss is the average of -ln p, where p is the
# probability the model gives each digit's true class. A freshly built network starts
# from small random weights and zero biases, so the ten scores it feeds its softmax are all
# close to one another, and the softmax spreads the probability almost evenly: every class
# gets close to 1/10 (the range printed above), whatever the digit. And -ln(1/10) = ln 10.
#
# That makes ln 10 the number to expect on the first batch of a fresh 10-class classifier. A
# first loss far from it is worth a look (the labels, the output layer) before any training
# time is spent.

# %% [markdown]
# ## A mistake, checked
#
# The corrected CNN has a label of its own, the one `list` and `verify` print: `"cnn flatten=True"`.
# Check your version against it. Kernels of 3, a common default elsewhere, make each
# convolution's map one pixel larger; the report works the kernel size back from the article's
# map size:

# %%
visible = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(128, kernel_size=3, activation="relu")(visible)
x = layers.MaxPooling2D(pool_size=(2, 2))(x)
x = layers.Conv2D(64, kernel_size=3, activation="relu")(x)
x = layers.MaxPooling2D(pool_size=(2, 2))(x)
x = layers.Flatten()(x)
x = layers.Dense(64, activation="relu")(x)
yours = keras.Model(visible, layers.Dense(10, activation="softmax")(x))
print(check(yours, "cnn flatten=True"))

# %% [markdown]
# With kernels of 4, as in the article, the corrected CNN passes:

# %%
x = layers.Conv2D(128, kernel_size=4, activation="relu")(visible)
x = layers.MaxPooling2D(pool_size=(2, 2))(x)
x = layers.Conv2D(64, kernel_size=4, activation="relu")(x)
x = layers.MaxPooling2D(pool_size=(2, 2))(x)
x = layers.Flatten()(x)
x = layers.Dense(64, activation="relu")(x)
yours = keras.Model(visible, layers.Dense(10, activation="softmax")(x))
check(yours, "cnn flatten=True").ok

# %% [markdown]
# ## What to take away
#
# A summary that builds is not a summary that is right. Check the **output shape** of the last
# layer against the labels you have: a classifier of single images must end in
# `(None, number_of_classes)`. Between convolutional feature maps and `Dense` layers, a
# `Flatten` (or a global pooling layer) is what turns a map into one vector per sample.


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
from keras_recipes import check, explain_recipe

import keras
from keras import layers

# %% [markdown]
# ### Exercise 1: predict, then check
#
# `build_cnn(flatten=True, hidden_units=32)` is the corrected CNN with 32 units in `hidden1`.
# How many parameters does it have? The two convolutions do not change: 2,176 and 131,136.

# %%
prediction = None  # ← your count of the model's parameters
explained = explain_recipe("cnn", flatten=True, hidden_units=32)
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# prediction = 2_176 + 131_136 + (4 * 4 * 64 * 32 + 32) + (32 * 10 + 10)
# explained = explain_recipe("cnn", flatten=True, hidden_units=32)
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: fix a broken model
#
# This is the article's CNN, typed again, to be checked against the corrected summary. Run the
# cell, read the line starting with `!`, and fix the model.

# %%
inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(128, kernel_size=4, activation="relu", name="conv1")(inputs)
x = layers.MaxPooling2D(pool_size=2, name="pool1")(x)
x = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(x)
x = layers.MaxPooling2D(pool_size=2, name="pool2")(x)
x = layers.Dense(64, activation="relu", name="hidden1")(x)
yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(x))
report = check(yours, "cnn flatten=True")
print(report)

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# inputs = keras.Input(shape=(28, 28, 1))
# x = layers.Conv2D(128, kernel_size=4, activation="relu", name="conv1")(inputs)
# x = layers.MaxPooling2D(pool_size=2, name="pool1")(x)
# x = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(x)
# x = layers.MaxPooling2D(pool_size=2, name="pool2")(x)
# x = layers.Flatten(name="flatten")(x)
# x = layers.Dense(64, activation="relu", name="hidden1")(x)
# yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(x))
# report = check(yours, "cnn flatten=True")
# print(report)
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: fix a broken model
#
# Another slip, in the corrected CNN this time. Run the cell, read the line starting with `!`,
# and fix it.

# %%
inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(128, kernel_size=4, activation="relu", name="conv1")(inputs)
x = layers.MaxPooling2D(pool_size=3, name="pool1")(x)
x = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(x)
x = layers.MaxPooling2D(pool_size=2, name="pool2")(x)
x = layers.Flatten(name="flatten")(x)
x = layers.Dense(64, activation="relu", name="hidden1")(x)
yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(x))
report = check(yours, "cnn flatten=True")
print(report)

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# inputs = keras.Input(shape=(28, 28, 1))
# x = layers.Conv2D(128, kernel_size=4, activation="relu", name="conv1")(inputs)
# x = layers.MaxPooling2D(pool_size=2, name="pool1")(x)
# x = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(x)
# x = layers.MaxPooling2D(pool_size=2, name="pool2")(x)
# x = layers.Flatten(name="flatten")(x)
# x = layers.Dense(64, activation="relu", name="hidden1")(x)
# yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(x))
# report = check(yours, "cnn flatten=True")
# print(report)
# ```
#
# </details>
