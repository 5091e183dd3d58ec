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
# # Three standard networks: MLP, CNN and LSTM
#
# This notebook follows section 3 of the article, 「標準網絡模型」 ("Standard network models").
#
# Before branching graphs, the functional API is worth seeing on the three classic shapes of
# network, all classifying 28x28 MNIST digits into 10 classes: a multilayer perceptron, a
# convolutional neural network and a recurrent neural network. They differ most in one place:
# **what one sample looks like** when it goes in. A multilayer perceptron reads a flat vector,
# a convolutional network reads an image, and a recurrent network reads a sequence.
#
# For each network: the model written out in Keras 3 with the article's layer names, its
# summary and model diagram, the check against the summary the article printed, and then the
# `keras_recipes` builder that makes the same model.

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

from keras_recipes import RECIPES, check, plot_recipe, read_rows, set_language

set_language("en")

import os
from pathlib import Path

import keras
import numpy as np
from IPython.display import Image
from keras import layers

DIAGRAMS = Path(os.environ.get("KERAS_RECIPES_DIAGRAMS", "diagrams"))

# %% [markdown]
# The models are not trained here, so their answers mean nothing yet; what matters is the
# shape of the data going in and coming out. One made-up digit serves as the input for all
# three: a 28x28 grid of zeros with a vertical stroke, a rough "1".

# %%
digit = np.zeros((28, 28), dtype="float32")
digit[4:24, 13:15] = 1.0
digit.shape

# %% [markdown]
# ## 3.1 Multilayer perceptron: a digit as 784 numbers
#
# A multilayer perceptron has no notion of rows and columns: its input layer takes a flat
# vector of 784 pixel values. Three hidden layers of 512, 216 and 128 units use the ReLU
# activation function; the output layer has 10 units and a softmax over the classes. Each
# line below is one layer of the article's listing, called on the line above it.

# %%
mnist_input = keras.Input(shape=(784,), name="input")
hidden1 = layers.Dense(512, activation="relu", name="hidden1")(mnist_input)
hidden2 = layers.Dense(216, activation="relu", name="hidden2")(hidden1)
hidden3 = layers.Dense(128, activation="relu", name="hidden3")(hidden2)
output = layers.Dense(10, activation="softmax", name="output")(hidden3)
mlp = keras.Model(inputs=mnist_input, outputs=output, name="mlp")

# %% [markdown]
# The article's listing ends the same way each time: print the summary (`model.summary()`)
# and draw the model diagram.

# %%
mlp.summary()

# %%
Image(plot_recipe(mlp, DIAGRAMS / "02_standard_networks-mlp.png"))

# %% [markdown]
# Each `Dense` layer holds one weight per input-unit pair plus one bias per unit: `hidden1`
# has 784 x 512 + 512 = 401,920 parameters. The article's table and Keras 3 agree on every
# row:

# %%
print(check(mlp, "mlp"))

# %% [markdown]
# The builder `build_mlp()` makes the same model, checks its arguments first and compiles it
# for training. Its summary is the one of the model written above, row for row, and so is its
# number of parameters:

# %%
from keras_recipes import build_cnn, build_mlp, build_rnn

built = build_mlp()
print(read_rows(built) == read_rows(mlp))

# %%
built.count_params(), mlp.count_params()

# %% [markdown]
# The same model, other sizes: two hidden layers of 256 and 128 units. The builder names them
# `hidden1` and `hidden2`, one per entry of `hidden_units`.

# %%
build_mlp(hidden_units=(256, 128)).summary()

# %% [markdown]
# The registry records the shape of one sample; the image is flattened to match, and the
# batch axis goes in front.

# %%
print(RECIPES["mlp"].inputs[0].shape)
mlp.predict(digit.reshape(1, 784), verbose=0).shape

# %% [markdown]
# ## 3.2 Convolutional neural network: a digit as an image
#
# A convolutional neural network keeps the grid. Its input is 28x28 with one channel (gray
# levels). Two blocks of `Conv2D` and a pooling layer (`MaxPooling2D`) turn the image into a
# stack of small feature maps, and `Dense` layers read them. This is the model exactly as the
# article printed it.

# %%
mnist_input = keras.Input(shape=(28, 28, 1), name="input")
conv1 = layers.Conv2D(128, kernel_size=4, activation="relu", name="conv1")(mnist_input)
pool1 = layers.MaxPooling2D(pool_size=(2, 2), name="pool1")(conv1)
conv2 = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(pool1)
pool2 = layers.MaxPooling2D(pool_size=(2, 2), name="pool2")(conv2)
hidden1 = layers.Dense(64, activation="relu", name="hidden1")(pool2)
output = layers.Dense(10, activation="softmax", name="output")(hidden1)
cnn = keras.Model(inputs=mnist_input, outputs=output, name="cnn")
cnn.summary()

# %%
Image(plot_recipe(cnn, DIAGRAMS / "02_standard_networks-cnn.png"))

# %% [markdown]
# Follow one spatial axis down the diagram: a 4x4 kernel with no padding takes 28 to 25,
# pooling by 2 halves it to 12, the next kernel gives 9, the next pooling 4.

# %%
print(check(cnn, "cnn"))

# %% [markdown]
# `build_cnn()` makes the same model:

# %%
built = build_cnn()
print(read_rows(built) == read_rows(cnn))

# %%
built.count_params(), cnn.count_params()

# %% [markdown]
# The same model, other sizes: 32 and 16 filters of 3x3. The smaller kernel leaves larger
# feature maps (26, 13, 11, 5), and the fewer filters far fewer parameters.

# %%
build_cnn(filters=(32, 16), kernel_size=3).summary()

# %% [markdown]
# The image needs only a channel axis and a batch axis added. Look at the output shape,
# though: `(1, 4, 4, 10)`, not `(1, 10)`. The article's code has no `Flatten` before its
# `Dense` layers, so the model makes a prediction for each of the 16 cells of the last
# feature map. Notebook `05_cnn_erratum` looks at this mistake and its fix.

# %%
print(RECIPES["cnn"].inputs[0].shape)
cnn.predict(digit.reshape(1, 28, 28, 1), verbose=0).shape

# %% [markdown]
# ## 3.3 Recurrent neural network: a digit as a sequence
#
# An LSTM, a recurrent neural network, reads its input one time step at a time and carries a
# memory from step to step. Here each of the 784 pixels is one time step with one feature,
# read row after row. The LSTM's last state (128 values) goes to a hidden layer and the
# softmax output layer.

# %%
mnist_input = keras.Input(shape=(784, 1), name="input")
lstm1 = layers.LSTM(128, name="lstm1")(mnist_input)
hidden1 = layers.Dense(128, activation="relu", name="hidden1")(lstm1)
output = layers.Dense(10, activation="softmax", name="output")(hidden1)
rnn = keras.Model(inputs=mnist_input, outputs=output, name="rnn")
rnn.summary()

# %%
Image(plot_recipe(rnn, DIAGRAMS / "02_standard_networks-rnn.png"))

# %% [markdown]
# An LSTM layer has three gates (input, forget, output) and a candidate for its memory: four
# blocks of weights, each with input weights, recurrent weights and a bias. Hence the 4 in
# 4 x (1 x 128 + 128 x 128 + 128) = 66,560 parameters for `lstm1`.

# %%
print(check(rnn, "rnn"))

# %% [markdown]
# `build_rnn()` makes the same model:

# %%
built = build_rnn()
print(read_rows(built) == read_rows(rnn))

# %%
built.count_params(), rnn.count_params()

# %% [markdown]
# For the LSTM the digit becomes 784 steps of one value each:

# %%
print(RECIPES["rnn"].inputs[0].shape)
rnn.predict(digit.reshape(1, 784, 1), verbose=0).shape

# %% [markdown]
# The same model, other sizes: 28 time steps of 28 values, one row of the image per step.
# Each step now brings 28 inputs, so `lstm1` grows to 4 x (28 x 128 + 128 x 128 + 128) =
# 80,384 parameters, but the sequence is 28 times shorter, which is why this shape trains far
# faster.

# %%
by_rows = build_rnn(input_shape=(28, 28))
by_rows.summary()
by_rows.predict(digit.reshape(1, 28, 28), verbose=0).shape

# %% [markdown]
# ## A mistake, checked
#
# Most people type a model without naming its layers, and slip on a number now and then. Here
# the second hidden layer got 256 units. `check` pairs your layers with the article's rows by
# their type, shape and wiring, not by name, and ends with one line per mistake: the layer, the
# argument to change, the article's value and the arithmetic behind it.

# %%
visible = keras.Input(shape=(784,))
x = layers.Dense(512, activation="relu")(visible)
x = layers.Dense(256, activation="relu")(x)
x = layers.Dense(128, activation="relu")(x)
yours = keras.Model(visible, layers.Dense(10, activation="softmax")(x))
print(check(yours, "mlp"))

# %% [markdown]
# `hidden3` differs too, but only because its input grew: the report puts it under the cause
# (“and so”) instead of counting a second mistake. With 216 units the model passes:

# %%
x = layers.Dense(512, activation="relu")(visible)
x = layers.Dense(216, activation="relu")(x)
x = layers.Dense(128, activation="relu")(x)
yours = keras.Model(visible, layers.Dense(10, activation="softmax")(x))
check(yours, "mlp").ok

# %% [markdown]
# ## What to take away
#
# All three are written the same way with the functional API -- `Input`, layer calls,
# `Model` -- and all end in the same softmax over 10 classes. What changes is the input's
# shape, and with it the kind of structure the network can see: none (MLP), neighbouring
# pixels (CNN), order (LSTM). The next notebook, `03_shared_layers`, lets one tensor feed
# more than one layer.


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
# `build_rnn(lstm_units=64)` keeps the article's recurrent network but gives `lstm1` 64 units.
# How many parameters does the whole model have? Hint: an LSTM has four blocks of weights (three
# gates and the candidate), each like a Dense layer on the step's input and the previous output.

# %%
prediction = None  # ← your count of the model's parameters
explained = explain_recipe("rnn", lstm_units=64)
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# prediction = 4 * (64 * (1 + 64) + 64) + (64 * 128 + 128) + (128 * 10 + 10)
# explained = explain_recipe("rnn", lstm_units=64)
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: build from a summary
#
# Write the article's recurrent network (section 3.3) between the input and the output layer
# given below. The report's `article` columns are the summary to follow; as shipped, it says
# which layer is missing first.

# %%
inputs = keras.Input(shape=(784, 1))
x = inputs  # ← lstm1 and hidden1 go here
outputs = layers.Dense(10, activation="softmax", name="output")(x)
yours = keras.Model(inputs, outputs)
report = check(yours, "rnn")
print(report)

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# inputs = keras.Input(shape=(784, 1))
# x = layers.LSTM(128, name="lstm1")(inputs)
# x = layers.Dense(128, activation="relu", name="hidden1")(x)
# outputs = layers.Dense(10, activation="softmax", name="output")(x)
# yours = keras.Model(inputs, outputs)
# report = check(yours, "rnn")
# print(report)
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: fix a broken model
#
# This convolutional network has one mistake. Run the cell, read the line starting with `!`,
# and fix the model.

# %%
inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(128, kernel_size=3, activation="relu", name="conv1")(inputs)
x = layers.MaxPooling2D(pool_size=2, name="pool1")(x)
x = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(x)
x = layers.MaxPooling2D(pool_size=2, name="pool2")(x)
x = layers.Dense(64, activation="relu", name="hidden1")(x)
yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(x))
report = check(yours, "cnn")
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
# x = layers.Dense(64, activation="relu", name="hidden1")(x)
# yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(x))
# report = check(yours, "cnn")
# print(report)
# ```
#
# </details>
