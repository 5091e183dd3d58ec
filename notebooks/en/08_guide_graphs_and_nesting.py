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
# # One graph, several models; models as layers; a residual connection
#
# This notebook follows the Keras guide "The Functional API" (keras.io), beyond the article:
# its sections "Use the same graph of layers to define multiple models", "All models are
# callable, just like layers" and, from its part on complex graphs, "A toy ResNet model".
#
# The article builds each model from its own layers, once. The guide shows three things the
# article never does: one graph of layers giving more than one model, a whole model called as
# if it were one layer, and a layer whose input skips over the layers before it. Each model
# is written out below in Keras 3, shown as a summary and a model diagram, and checked against
# the summary the guide printed; then the `keras_recipes` builder makes the same model.
#
# Where the figures come from: the guide printed its summaries with Keras 3, and the package
# keeps them as data (`keras_recipes.guide`). The guide prints no summary of its ensemble; that
# model's figures are derived here, and the check says so on its first line.

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

from keras_recipes import RECIPES, check, check_recipe, plot_recipe, read_rows, set_language
from keras_recipes import data, reconstructions
from keras_recipes.train import train

set_language("en")

import os
from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Image
from keras import layers

DIAGRAMS = Path(os.environ.get("KERAS_RECIPES_DIAGRAMS", "diagrams"))


def show(figure, name):
    """A matplotlib figure saved beside the diagrams, then shown."""
    path = DIAGRAMS / f"08_guide_graphs_and_nesting-{name}.png"
    figure.savefig(path, dpi=96)
    plt.close(figure)
    return Image(path)


# %% [markdown]
# ## One graph of layers, two models
#
# An autoencoder squeezes a 28x28 digit into a short code and rebuilds the digit from it. Its
# first half, the encoder, is four convolutions with a max pooling in the middle; a global max
# pooling keeps the largest value of each of the last 16 channels: the code, 16 numbers. The
# second half, the decoder, mirrors it with transposed convolutions, each adding two to the
# map's height and width, and an upsampling where the encoder pooled.
#
# The guide lets Keras name these layers (`conv2d`, `conv2d_1`, ...). Here they are named by
# role, as the builders name them; the checker pairs a row whose name Keras made up by its
# type, output shape, parameters and inputs.

# %%
img = keras.Input(shape=(28, 28, 1), name="img")
x = layers.Conv2D(16, 3, activation="relu", name="conv1")(img)
x = layers.Conv2D(32, 3, activation="relu", name="conv2")(x)
x = layers.MaxPooling2D(3, name="pool1")(x)
x = layers.Conv2D(32, 3, activation="relu", name="conv3")(x)
x = layers.Conv2D(16, 3, activation="relu", name="conv4")(x)
code = layers.GlobalMaxPooling2D(name="global_pool")(x)

x = layers.Reshape((4, 4, 1), name="reshape")(code)
x = layers.Conv2DTranspose(16, 3, activation="relu", name="deconv1")(x)
x = layers.Conv2DTranspose(32, 3, activation="relu", name="deconv2")(x)
x = layers.UpSampling2D(3, name="upsample1")(x)
x = layers.Conv2DTranspose(16, 3, activation="relu", name="deconv3")(x)
rebuilt = layers.Conv2DTranspose(1, 3, activation="relu", name="output")(x)

# %% [markdown]
# That is one graph, from `img` to `rebuilt`. Two models come out of it: the encoder, from
# `img` to `code`, and the autoencoder, from `img` all the way to `rebuilt`.

# %%
encoder = keras.Model(img, code, name="encoder")
autoencoder = keras.Model(img, rebuilt, name="autoencoder")
encoder.summary()

# %% [markdown]
# The two models hold the same layer objects, not copies: train the autoencoder, and the
# encoder's weights are trained with it.

# %%
print(autoencoder.get_layer("conv1") is encoder.get_layer("conv1"))

# %% [markdown]
# Both summaries agree with the ones the guide printed, row for row: 18,672 parameters for
# the encoder, 28,241 for the autoencoder.

# %%
print(check(encoder, "encoder"))

# %%
autoencoder.summary()

# %%
Image(plot_recipe(autoencoder, DIAGRAMS / "08_guide_graphs_and_nesting-autoencoder.png"))

# %%
print(check(autoencoder, "autoencoder"))

# %% [markdown]
# Follow the shapes down the diagram: 28 to 26 to 24 through the convolutions, 8 after the
# pooling by 3, then 6 and 4; the code is reshaped to 4x4x1, and the decoder climbs back 6, 8,
# 24 (the upsampling by 3), 26 and 28.
#
# The builders `build_encoder()` and `build_autoencoder()` make the same models, with the same
# layer names, compiled for training:

# %%
from keras_recipes import (
    build_autoencoder,
    build_decoder,
    build_encoder,
    build_ensemble,
    build_toy_resnet,
)

built_encoder, built_autoencoder = build_encoder(), build_autoencoder()
print(read_rows(built_encoder) == read_rows(encoder))
print(read_rows(built_autoencoder) == read_rows(autoencoder))

# %% [markdown]
# The autoencoder's output has the shape of its input: a digit in, a digit out. Untrained, its
# digits mean nothing yet.

# %%
digits = np.zeros((2, 28, 28, 1), dtype="float32")
autoencoder.predict(digits, verbose=0).shape, encoder.predict(digits, verbose=0).shape

# %% [markdown]
# ## A model called like a layer
#
# A model is callable, like a layer: call it on a tensor and its whole graph runs on that
# tensor, with its own weights. So the autoencoder can also be put together from two models.
# The decoder becomes a model of its own, from a code of 16 numbers, `encoded_img`, to a
# digit:

# %%
encoded_img = keras.Input(shape=(16,), name="encoded_img")
x = layers.Reshape((4, 4, 1), name="reshape")(encoded_img)
x = layers.Conv2DTranspose(16, 3, activation="relu", name="deconv1")(x)
x = layers.Conv2DTranspose(32, 3, activation="relu", name="deconv2")(x)
x = layers.UpSampling2D(3, name="upsample1")(x)
x = layers.Conv2DTranspose(16, 3, activation="relu", name="deconv3")(x)
decoded = layers.Conv2DTranspose(1, 3, activation="relu", name="output")(x)
decoder = keras.Model(encoded_img, decoded, name="decoder")
print(check(decoder, "decoder"))

# %% [markdown]
# Now the encoder from above and this decoder are called one after the other, on a new input.
# The autoencoder's summary shrinks to three rows: each model called is one row, typed
# `Functional`, its parameters the sum of its own rows.

# %%
img = keras.Input(shape=(28, 28, 1), name="img")
nested = keras.Model(img, decoder(encoder(img)), name="autoencoder")
nested.summary()

# %%
Image(plot_recipe(nested, DIAGRAMS / "08_guide_graphs_and_nesting-nested.png"))

# %% [markdown]
# The guide printed this summary too; the package records it as a variant of the
# `autoencoder` recipe, labelled with the builder argument that makes it. Same total, 28,241:
# the same layers, packed differently.

# %%
variant = RECIPES["autoencoder"].variants[0]
print(variant.label)
print(check(nested, variant.expected))

# %% [markdown]
# The encoder inside is the very model of the first section, weights and all:

# %%
print(nested.get_layer("encoder") is encoder)

# %% [markdown]
# `build_decoder()` makes the decoder, and `build_autoencoder(nested=True)` the nested
# autoencoder:

# %%
built_decoder, built_nested = build_decoder(), build_autoencoder(nested=True)
print(read_rows(built_decoder) == read_rows(decoder))
print(read_rows(built_nested) == read_rows(nested))

# %% [markdown]
# The guide builds its encoder a second time for this, its input renamed `original_img`, and
# prints that summary as well. `build_encoder(input_name="original_img")` makes it, and
# `check_recipe` builds it and holds it to that table:

# %%
print(check_recipe("encoder", input_name="original_img"))

# %% [markdown]
# ## Three models, averaged
#
# Models called like layers can also sit side by side. An ensemble calls several models on the
# same input and averages what they say. Here, three models of one `Dense` unit each, on 128
# numbers:


# %%
def one_unit_model(name):
    inputs = keras.Input(shape=(128,), name="input")
    return keras.Model(inputs, layers.Dense(1, name="output")(inputs), name=name)


inputs = keras.Input(shape=(128,), name="input")
members = [one_unit_model(f"model{i}")(inputs) for i in (1, 2, 3)]
average = layers.Average(name="average")(members)
ensemble = keras.Model(inputs, average, name="ensemble")
ensemble.summary()

# %%
Image(plot_recipe(ensemble, DIAGRAMS / "08_guide_graphs_and_nesting-ensemble.png"))

# %% [markdown]
# The guide prints no summary of its ensemble, and it leaves the names to Keras. The figures
# are derived here: each member holds 128 weights and one bias, 129 parameters, and the three
# make 3 x 129 = 387; averaging adds none. The names are ours, so the checker holds every one
# of them; its first line says where the figures come from.

# %%
print(check(ensemble, "ensemble"))

# %% [markdown]
# `build_ensemble()` makes the same model:

# %%
built = build_ensemble()
print(read_rows(built) == read_rows(ensemble))

# %% [markdown]
# ## A residual connection: the toy ResNet
#
# In every model so far, each layer reads the layer just above it, or a branch of it. A
# residual connection adds a block's input to its output: the two convolutions of a block
# learn only what to add, and the input still gets through if they learn nothing. `Add` needs
# both of the same shape, so the block's convolutions keep the map's size (`padding="same"`)
# and its 64 channels.
#
# The toy ResNet reads 32x32 colour images: two convolutions and a max pooling, two residual
# blocks, one more convolution, the mean of each channel, and a small classifier giving scores
# (logits) for 10 classes.

# %%
img = keras.Input(shape=(32, 32, 3), name="img")
x = layers.Conv2D(32, 3, activation="relu", name="block1_conv1")(img)
x = layers.Conv2D(64, 3, activation="relu", name="block1_conv2")(x)
block1 = layers.MaxPooling2D(3, name="block1_pool")(x)

x = layers.Conv2D(64, 3, activation="relu", padding="same", name="block2_conv1")(block1)
x = layers.Conv2D(64, 3, activation="relu", padding="same", name="block2_conv2")(x)
block2 = layers.Add(name="block2_add")([x, block1])

x = layers.Conv2D(64, 3, activation="relu", padding="same", name="block3_conv1")(block2)
x = layers.Conv2D(64, 3, activation="relu", padding="same", name="block3_conv2")(x)
block3 = layers.Add(name="block3_add")([x, block2])

x = layers.Conv2D(64, 3, activation="relu", name="top_conv")(block3)
x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
x = layers.Dense(256, activation="relu", name="hidden")(x)
x = layers.Dropout(0.5, name="dropout")(x)
scores = layers.Dense(10, name="output")(x)
toy_resnet = keras.Model(img, scores, name="toy_resnet")
toy_resnet.summary()

# %% [markdown]
# The summary has a fourth column, "Connected to", because the graph is no longer a chain.
# Each `Add` layer has two inputs, its block's last convolution and the block's input. Read
# through the package:

# %%
for row in read_rows(toy_resnet):
    if row.type == "Add":
        print(row.name, "<-", ", ".join(row.connected_to))

# %% [markdown]
# In the diagram, the connection is the arrow that jumps over two convolutions.

# %%
Image(plot_recipe(toy_resnet, DIAGRAMS / "08_guide_graphs_and_nesting-toy-resnet.png"))

# %% [markdown]
# The guide printed this table with its "Connected to" column, and the checker holds every
# connection to it as well as every shape and count: 223,242 parameters.

# %%
print(check(toy_resnet, "toy-resnet"))

# %% [markdown]
# `build_toy_resnet()` makes the same model; `blocks` says how many residual blocks follow
# block 1.

# %%
built = build_toy_resnet()
print(read_rows(built) == read_rows(toy_resnet))

# %% [markdown]
# The same model, other sizes: a third residual block adds two more convolutions, 2 x 36,928
# parameters, and a third `Add`.

# %%
deeper = build_toy_resnet(blocks=3)
deeper.count_params() - toy_resnet.count_params()

# %% [markdown]
# ## The autoencoder, trained on digits
#
# The guide builds its autoencoder and stops there. Trained, it has one job: give back the
# digit it was shown, after squeezing it through 16 numbers. Its target is its own input, so
# `train` fits it to the digits themselves, and scores each rebuilt pixel by its squared
# distance from the original (the mean squared error, the loss this recipe compiles with).
# A short run: the 1,295 training digits, three epochs, in batches of 16 rather than 32, which
# gives twice the steps for the same digits.

# %%
autoencoder_run = train("autoencoder", epochs=3, shift=False, batch_size=16, verbose=0)
print("\n".join(autoencoder_run.report()))

# %% [markdown]
# Is that loss small? One way to tell: draw every test digit as the average of the training
# digits, a blurry blob, and score that the same way. The autoencoder must do clearly better
# than a model that ignores its input.

# %%
handwritten = data.load_digits()
mean_digit = handwritten.train.images.mean(axis=0)
blob = float(((handwritten.test.images - mean_digit) ** 2).mean())
print(f"the mean digit for every test digit: {blob:.4f}")
print(f"the autoencoder:                     {autoencoder_run.test['loss']:.4f}")
assert autoencoder_run.test["loss"] < 0.8 * blob

# %% [markdown]
# Top row: ten test digits it never trained on. Bottom row: what it rebuilt from the 16
# numbers its encoder kept of each. After so short a run the copies are blurry: the rough
# outline of some digits comes back, the strokes not yet. The full run,
# `keras-recipes train autoencoder` (eight epochs, every digit also shifted one pixel four
# ways), lowers the loss to about a third of the mean digit's and draws them recognisably; the
# README gives its figures, and it writes this picture to `runs/autoencoder/reconstructions.png`.

# %%
test_inputs = data.inputs_for(RECIPES["autoencoder"].inputs, handwritten.test.images)
show(reconstructions.plot(autoencoder_run.model, test_inputs), "reconstructions")

# %% [markdown]
# ## The toy ResNet, trained on colour digits
#
# The guide trains its toy ResNet on CIFAR-10, 50,000 small colour photos that would need a
# download. `train` uses the digits instead: each is enlarged to 32x32 and drawn in an ink colour
# of its own, so the model gets the guide's shape of input, three channels, and has to tell
# digits apart whatever their colour.

# %%
colour = data.inputs_for(RECIPES["toy-resnet"].inputs, handwritten.test.images[:10])
figure, axes = plt.subplots(1, 10, figsize=(9, 1.2))
for ax, image, label in zip(axes, colour, handwritten.test.labels, strict=False):
    ax.imshow(image)
    ax.set_title(str(label))
    ax.axis("off")
show(figure, "colour-digits")

# %% [markdown]
# Fitting it takes longer than this notebook should: `keras-recipes train toy-resnet` runs
# eight epochs over every digit, each also moved one pixel four ways, in about two and a half
# minutes on a 2-core CPU, and writes its learning curves to `runs/toy-resnet/curves.png`. It
# reaches 98.6% on the test digits (the README gives the run). The first epoch is the slow
# one: the model mostly guesses until it has seen a few thousand digits, then the residual
# blocks learn quickly.

# %% [markdown]
# ## A mistake, checked
#
# A residual connection that skips to the wrong block changes no shape and no parameter count:
# every row of the summary still matches. Only the wiring differs, and `check` compares it too.
# Here the third block adds the first block's output instead of the second's:

# %%
inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(32, 3, activation="relu")(inputs)
x = layers.Conv2D(64, 3, activation="relu")(x)
block_1 = layers.MaxPooling2D(3)(x)
x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_1)
x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
block_2 = layers.add([x, block_1])
x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_2)
x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
block_3 = layers.add([x, block_1])
x = layers.Conv2D(64, 3, activation="relu")(block_3)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(256, activation="relu")(x)
x = layers.Dropout(0.5)(x)
yours = keras.Model(inputs, layers.Dense(10)(x))
print(check(yours, "toy-resnet"))

# %% [markdown]
# Adding `block_2`, as the guide does, the model passes:

# %%
x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_2)
x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
block_3 = layers.add([x, block_2])
x = layers.Conv2D(64, 3, activation="relu")(block_3)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(256, activation="relu")(x)
x = layers.Dropout(0.5)(x)
yours = keras.Model(inputs, layers.Dense(10)(x))
check(yours, "toy-resnet").ok

# %% [markdown]
# ## What to take away
#
# `keras.Model(inputs, outputs)` picks a part of a graph of layers; more than one model can
# share that graph and its weights. A model is also a layer: called on a tensor, it shows up in
# a summary as one `Functional` row. And a tensor may be read twice, once by the next layer and
# once by an `Add` further down: that is all a residual connection is. The next notebook
# follows the guide further: several named inputs and outputs, shared layers, a custom layer,
# and reading a model's intermediate outputs.


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
# How many parameters does the guide's encoder have? Its four convolutions all use 3x3
# kernels, with 16, 32, 32 and 16 filters, on a one-channel image; pooling and global pooling
# have none.

# %%
prediction = None  # ← your count of the encoder's parameters
explained = explain_recipe("encoder")
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# prediction = (
#     (3 * 3 * 1 * 16 + 16)
#     + (3 * 3 * 16 * 32 + 32)
#     + (3 * 3 * 32 * 32 + 32)
#     + (3 * 3 * 32 * 16 + 16)
# )
# explained = explain_recipe("encoder")
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: fix a broken model
#
# This ensemble should average three models. Run the cell, read the line starting with `!`,
# and fix it.


# %%
def get_model():
    inputs = keras.Input(shape=(128,))
    return keras.Model(inputs, layers.Dense(1)(inputs))


model1, model2, model3 = get_model(), get_model(), get_model()
inputs = keras.Input(shape=(128,))
outputs = layers.average([model1(inputs), model2(inputs)])
yours = keras.Model(inputs, outputs)
report = check(yours, "ensemble")
print(report)

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# def get_model():
#     inputs = keras.Input(shape=(128,))
#     return keras.Model(inputs, layers.Dense(1)(inputs))
#
#
# model1, model2, model3 = get_model(), get_model(), get_model()
# inputs = keras.Input(shape=(128,))
# outputs = layers.average([model1(inputs), model2(inputs), model3(inputs)])
# yours = keras.Model(inputs, outputs)
# report = check(yours, "ensemble")
# print(report)
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: build from a summary
#
# Write the guide's first model, `mnist-model`, between the input and the output given below:
# two Dense layers of 64 units with ReLU. The report's `guide` columns are the summary to
# follow.

# %%
inputs = keras.Input(shape=(784,))
x = inputs  # ← two Dense layers go here
outputs = layers.Dense(10)(x)
yours = keras.Model(inputs, outputs)
report = check(yours, "mnist-model")
print(report)

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# inputs = keras.Input(shape=(784,))
# x = layers.Dense(64, activation="relu")(inputs)
# x = layers.Dense(64, activation="relu")(x)
# outputs = layers.Dense(10)(x)
# yours = keras.Model(inputs, outputs)
# report = check(yours, "mnist-model")
# print(report)
# ```
#
# </details>
