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
# # Sequential or functional: two ways to describe a model
#
# This notebook follows section 1 of the article, 「Keras 序貫模型 (Sequential Models)」
# ("Keras Sequential models"), and section 2, 「Keras 函數式(functional)API構建模型」
# ("building models with the Keras functional API").
#
# Keras gives you two ways to write down a network. A **Sequential model** takes a list of
# layers and wires each one to the next. The **functional API** has you wire the layers
# yourself, in three steps: make an input layer, call layers on tensors, and wrap the result
# in a `Model`. This notebook writes the same small network both ways and shows where they
# differ.

# %% [markdown]
# ## Setup
#
# The first cell installs `keras_recipes` where it is missing (in Colab, from the course's
# website), then imports it before TensorFlow: it quiets TensorFlow's start-up log, and
# `set_language` picks the language its tables print in. Diagrams go to the `diagrams/`
# folder beside this notebook (or to the folder named by `KERAS_RECIPES_DIAGRAMS`).

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
print("Keras", keras.__version__)

# %% [markdown]
# ## Section 1: a Sequential model is a list of layers
#
# The article's first model maps one number to one number through a layer of two units. In a
# Sequential model there is nothing to connect: the order of the list is the order of the
# network. The article gave the first `Dense` layer an `input_shape=(1,)`; Keras 3 warns
# about that and wants the shape from a `keras.Input` at the head of the list instead. The
# layer names are ours: the article leaves them to Keras.

# %%
sequential = keras.Sequential(
    [
        keras.Input(shape=(1,), name="input"),
        layers.Dense(2, name="hidden"),
        layers.Dense(1, name="output"),
    ],
    name="sequential",
)
sequential.summary()

# %% [markdown]
# The diagram draws the same list. Each box shows a layer's name, its type and the shape of
# what comes in and goes out; `None` stands for the batch size, which is not fixed yet.

# %%
Image(plot_recipe(sequential, DIAGRAMS / "01_sequential_vs_functional-sequential.png"))

# %% [markdown]
# The article never prints this model's summary, so the package derives one by hand
# (1 x 2 weights + 2 biases = 4 parameters, then 2 x 1 + 1 = 3). `check` puts it beside
# what Keras 3 built, row by row:

# %%
print(check(sequential, "sequential"))

# %% [markdown]
# The article's second form starts from an empty model and adds one layer at a time with
# `add`. It is the same model: `read_rows` reads each layer's row of the summary (name, type,
# output shape, parameters, inputs), and the two lists are equal.

# %%
stacked = keras.Sequential(name="stacked")
stacked.add(keras.Input(shape=(1,), name="input"))
stacked.add(layers.Dense(2, name="hidden"))
stacked.add(layers.Dense(1, name="output"))
print(read_rows(stacked) == read_rows(sequential))

# %% [markdown]
# ## Section 2: the functional API in three steps
#
# The article introduces the functional API with one MNIST-sized layer: 784 pixel values in,
# 512 units out. Here are its three steps, in Keras 3 spelling.
#
# **Step 1, the input layer (2.1).** `keras.Input` makes a symbolic tensor: no data, just a
# shape per sample. The batch axis is added in front as `None`.

# %%
mnist_input = keras.Input(shape=(784,), name="input")
mnist_input.shape

# %% [markdown]
# **Step 2, connecting layers (2.2).** A layer is created first, then *called* on a tensor.
# The call returns a new symbolic tensor, which the next layer can be called on in turn. This
# is the whole trick of the functional API: the graph is whatever chain of calls you write.

# %%
hidden = layers.Dense(512, name="hidden")(mnist_input)
hidden.shape

# %% [markdown]
# **Step 3, the model (2.3).** `keras.Model` is given the tensor where the graph starts and
# the one where it ends, and collects every layer in between.

# %%
three_steps = keras.Model(inputs=mnist_input, outputs=hidden, name="three_steps")
three_steps.summary()

# %%
Image(plot_recipe(three_steps, DIAGRAMS / "01_sequential_vs_functional-three-steps.png"))

# %% [markdown]
# ## The Sequential model, written the functional way
#
# Anything a Sequential model can say, the functional API can say too. Here is the first
# model again, in three steps, with the same layer names.

# %%
inputs = keras.Input(shape=(1,), name="input")
x = layers.Dense(2, name="hidden")(inputs)
outputs = layers.Dense(1, name="output")(x)
functional = keras.Model(inputs=inputs, outputs=outputs, name="functional")
functional.summary()

# %%
Image(plot_recipe(functional, DIAGRAMS / "01_sequential_vs_functional-functional.png"))

# %% [markdown]
# Checked against the Sequential summary, every layer with weights matches. The one row the
# checker flags is `input`: a functional model lists its input layer as a layer of its own,
# while a Sequential model keeps it out of `model.layers` and out of its summary.

# %%
print(check(functional, "sequential"))

# %% [markdown]
# Same layers, same shapes, same weights to learn. Give both models the same weights and
# they compute the same function:

# %%
functional.set_weights(sequential.get_weights())
numbers = np.array([[0.0], [1.0], [2.5]])
print(sequential.predict(numbers, verbose=0).ravel())
print(functional.predict(numbers, verbose=0).ravel())

# %% [markdown]
# ## The builder: the same model, ready to train
#
# `keras_recipes` keeps one builder per model of the article. A builder is the code above,
# plus what a lesson leaves out: it checks its arguments before Keras sees them and returns
# a compiled model, ready for `fit`. `build_sequential()` gives the same summary as the
# Sequential model written by hand, and the same number of parameters:

# %%
from keras_recipes import build_sequential

built = build_sequential()
print(read_rows(built) == read_rows(sequential))

# %%
built.count_params(), sequential.count_params()

# %% [markdown]
# Every builder takes keyword arguments, each defaulting to the article's value. The same
# model, other sizes: eight hidden units instead of two.

# %%
build_sequential(hidden_units=8).summary()

# %% [markdown]
# The package holds one recipe per model of the article, each with its section and its
# builder. This notebook used the first; the others have notebooks of their own.

# %%
for recipe in RECIPES.values():
    print(f"{recipe.section:>4}  {recipe.name:<26} {recipe.builder_name}()")

# %% [markdown]
# ## Why bother with the functional API
#
# A Sequential model has exactly one input, one output, and each layer feeds only the next.
# The functional API lifts all three limits, because you decide what each layer is called on:
#
# - one tensor can feed several layers, not only the next (notebook `03_shared_layers`),
# - a model can take several inputs (notebook `04_multiple_inputs_outputs`),
# - and give several outputs (the same notebook).
#
# Notebook `02_standard_networks` first writes the three classic networks -- MLP, CNN, LSTM --
# with the functional API.


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
from keras_recipes import check, explain_model, explain_recipe

import keras
from keras import layers

# %% [markdown]
# ### Exercise 1: predict, then check
#
# `build_sequential(hidden_units=8)` gives the hidden layer eight units instead of two. How
# many parameters does the model have? Replace `None` with your number and run the cell:
# `explain_recipe` works every count out from the layers' settings, and the last line shows
# your number beside the one Keras counts.

# %%
prediction = None  # ← your count of the model's parameters
explained = explain_recipe("sequential", hidden_units=8)
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# prediction = (1 * 8 + 8) + (8 * 1 + 1)  # hidden: 16, output: 9
# explained = explain_recipe("sequential", hidden_units=8)
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: build from a summary
#
# The cell below writes only the Sequential model's output layer. The report's `article`
# columns are the summary to follow: add the layer that is missing, until the report ends
# without a `!` line.

# %%
yours = keras.Sequential(
    [keras.Input(shape=(1,)), layers.Dense(1, name="output")],
    name="yours",
)
report = check(yours, "sequential")
print(report)

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# yours = keras.Sequential(
#     [keras.Input(shape=(1,)), layers.Dense(2, name="hidden"), layers.Dense(1, name="output")],
#     name="yours",
# )
# report = check(yours, "sequential")
# print(report)
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: predict, then check
#
# Section 2's one layer reads 784 pixel values into 512 units. How many parameters does it
# have? Predict, then run the cell: it builds that layer in three steps and `explain_model`
# works its count out.

# %%
prediction = None  # ← your count of the layer's parameters
inputs = keras.Input(shape=(784,))
three_steps = keras.Model(inputs, layers.Dense(512)(inputs))
explained = explain_model(three_steps)
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# prediction = 784 * 512 + 512  # a weight per input and unit, and a bias per unit
# inputs = keras.Input(shape=(784,))
# three_steps = keras.Model(inputs, layers.Dense(512)(inputs))
# explained = explain_model(three_steps)
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>
