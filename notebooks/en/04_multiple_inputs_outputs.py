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
# # Several inputs, several outputs
#
# This notebook follows section 5 of the article, 「多種輸入和輸出模型」 ("Models with multiple
# inputs and outputs"): 5.1, the multiple-input model, and 5.2, the multiple-output model.
#
# A Sequential model takes one array and returns one array. With the functional API, `Model`
# accepts a *list* of inputs and a *list* of outputs, so one model can read several kinds of
# data at once, or answer several questions at once. For each of the two models: its code
# written out in Keras 3 with the article's layer names, its summary and model diagram, the
# check against the summary the article printed, the `keras_recipes` builder that makes the
# same model, and how data goes in and comes out.

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
# ## 5.1 A multiple-input model: the same digit at two sizes
#
# The first model is given each 28x28 digit twice: enlarged to 64x64 in gray, and enlarged a
# little, to 32x32, in colour. Each picture gets an input layer of its own and a
# convolutional branch of its own: two blocks of `Conv2D` and `MaxPooling2D`, then a
# `Flatten`. `merge` joins what the two branches found, and two `Dense` layers decide.
#
# The article leaves the names of the two `Flatten` layers and of the join to Keras, which
# numbers them (`flatten_11`, `concatenate_6`); here they are named after the variables that
# hold them, `flat1`, `flat2` and `merge`.

# %%
img_gray_bigsize = keras.Input(shape=(64, 64, 1), name="img_gray_bigsize")
conv11 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv11")(img_gray_bigsize)
pool11 = layers.MaxPooling2D(pool_size=(2, 2), name="pool11")(conv11)
conv12 = layers.Conv2D(16, kernel_size=4, activation="relu", name="conv12")(pool11)
pool12 = layers.MaxPooling2D(pool_size=(2, 2), name="pool12")(conv12)
flat1 = layers.Flatten(name="flat1")(pool12)

img_rgb_smallsize = keras.Input(shape=(32, 32, 3), name="img_rgb_smallsize")
conv21 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv21")(img_rgb_smallsize)
pool21 = layers.MaxPooling2D(pool_size=(2, 2), name="pool21")(conv21)
conv22 = layers.Conv2D(16, kernel_size=4, activation="relu", name="conv22")(pool21)
pool22 = layers.MaxPooling2D(pool_size=(2, 2), name="pool22")(conv22)
flat2 = layers.Flatten(name="flat2")(pool22)

merge = layers.Concatenate(name="merge")([flat1, flat2])
hidden1 = layers.Dense(128, activation="relu", name="hidden1")(merge)
hidden2 = layers.Dense(64, activation="relu", name="hidden2")(hidden1)
output = layers.Dense(10, activation="softmax", name="output")(hidden2)

multi_input = keras.Model(
    inputs=[img_gray_bigsize, img_rgb_smallsize], outputs=output, name="multi_input"
)
multi_input.summary()

# %% [markdown]
# The two branches never meet until `merge`: the model diagram has two roots.

# %%
Image(plot_recipe(multi_input, DIAGRAMS / "04_multiple_inputs_outputs-multi-input.png"))

# %% [markdown]
# Every row matches the summary the article printed. Its `flatten_11` and `concatenate_6`
# are names Keras made up, so those rows are matched by type, shape, parameters and inputs:

# %%
print(check(multi_input, "multi-input"))

# %% [markdown]
# The builder `build_multi_input()` makes the same model and compiles it for training. Its
# summary is the one of the model written above, row for row:

# %%
from keras_recipes import build_multi_input, build_multi_output

built = build_multi_input()
print(read_rows(built) == read_rows(multi_input))

# %%
built.count_params(), multi_input.count_params()

# %% [markdown]
# The same model, other sizes: half as many filters in each branch and a single hidden
# layer. Only the widths change; the two branches and the join stay where they were.

# %%
build_multi_input(filters=(16, 8), hidden_units=(64,)).summary()

# %% [markdown]
# ### How the inputs are declared
#
# The code above ends with `keras.Model(inputs=[img_gray_bigsize, img_rgb_smallsize], ...)`:
# a list, and its order is the model's order of inputs. The model remembers both input
# layers, with their names:

# %%
for tensor in built.inputs:
    print(tensor.name, tensor.shape)

# %% [markdown]
# ### How data is fed to them
#
# One array per input, each with the same number of samples. The registry records the shape
# of each input; here two samples of each are made up (zeros) in the right shapes.

# %%
batch = 2
arrays = {}
for spec in RECIPES["multi-input"].inputs:
    arrays[spec.name] = np.zeros((batch, *spec.shape[1:]), dtype="float32")
    print(spec.name, arrays[spec.name].shape)

# %% [markdown]
# Keras takes them either as a **list**, in the order the inputs were given to `Model`, or as
# a **dict** keyed by input name, where order no longer matters. The dict is harder to get
# wrong; `fit` and `evaluate` take the same two forms.

# %%
as_list = [arrays["img_gray_bigsize"], arrays["img_rgb_smallsize"]]
print("list:", built.predict(as_list, verbose=0).shape)

as_dict = {
    "img_rgb_smallsize": arrays["img_rgb_smallsize"],
    "img_gray_bigsize": arrays["img_gray_bigsize"],
}
print("dict:", built.predict(as_dict, verbose=0).shape)

# %% [markdown]
# ## 5.2 A multiple-output model: a label and a sequence
#
# The second model reads a digit as 784 pixels, one per time step, and answers two
# questions. `extract`, an LSTM that returns its state at *every* time step
# (`return_sequences=True`), feeds two heads:
#
# - `output1` classifies the whole digit, through a second LSTM and a `Dense` layer;
# - `output2` classifies every time step, applying one `Dense` layer to each of the 784 steps
#   (`TimeDistributed`).
#
# The two output layers go to `keras.Model` as a list.

# %%
mnist_input = keras.Input(shape=(784, 1), name="input")
extract = layers.LSTM(64, return_sequences=True, name="extract")(mnist_input)

class11 = layers.LSTM(32, name="class11")(extract)
class12 = layers.Dense(32, activation="relu", name="class12")(class11)
output1 = layers.Dense(10, activation="softmax", name="output1")(class12)

output2 = layers.TimeDistributed(layers.Dense(10, activation="softmax"), name="output2")(extract)

multi_output = keras.Model(inputs=mnist_input, outputs=[output1, output2], name="multi_output")
multi_output.summary()

# %% [markdown]
# Two leaves at the bottom of the model diagram: one per output layer.

# %%
Image(plot_recipe(multi_output, DIAGRAMS / "04_multiple_inputs_outputs-multi-output.png"))

# %% [markdown]
# `output2` holds a single `Dense` layer of 64 x 10 + 10 = 650 parameters, used again at each
# of the 784 steps; the article's table and Keras 3 agree on it and on every other row:

# %%
print(check(multi_output, "multi-output"))

# %% [markdown]
# `build_multi_output()` makes the same model:

# %%
built = build_multi_output()
print(read_rows(built) == read_rows(multi_output))

# %%
built.count_params(), multi_output.count_params()

# %% [markdown]
# The same model, other sizes: a digit read as 28 rows of 28 pixels instead of 784 single
# pixels. Each time step now carries a whole row, so the sequences are 28 steps long and
# `output2` answers after every row (notebook 07 trains this form).

# %%
by_rows = build_multi_output(input_shape=(28, 28))
by_rows.summary()

# %% [markdown]
# ### How the outputs are declared, and what comes back
#
# Predicting returns one array per output, in the order of the list given to `Model`. Here
# with the model that reads rows, whose 28 steps take a moment where 784 take seconds:

# %%
digit_rows = np.zeros((1, 28, 28), dtype="float32")
label, per_step = by_rows.predict(digit_rows, verbose=0)
print("output1:", label.shape, " output2:", per_step.shape)

# %% [markdown]
# ### How targets would be given
#
# Training needs one target per output, and each output can have its own loss. The article
# never compiles its models; the builder compiles this one with one loss per output, keyed
# by the output layer's name:

# %%
built.loss

# %% [markdown]
# So `fit` would take its targets as a dict with the same keys -- an integer label per digit
# for `output1` and one per time step for `output2` -- shaped like this for the one digit
# above:

# %%
targets = {"output1": np.zeros((1,), dtype="int64"), "output2": np.zeros((1, 28), dtype="int64")}
{name: array.shape for name, array in targets.items()}

# %% [markdown]
# ## A mistake, checked
#
# With two branches that look alike, it is easy to copy one into the other unchanged. Here the
# colour branch's second convolution kept 32 filters where the article has 16. The report names
# that layer and the value, and lists the layers after it, up to the first Dense, as following
# from it:

# %%
gray = keras.Input(shape=(64, 64, 1))
a = layers.Conv2D(32, 4, activation="relu")(gray)
a = layers.MaxPooling2D((2, 2))(a)
a = layers.Conv2D(16, 4, activation="relu")(a)
a = layers.MaxPooling2D((2, 2))(a)
colour = keras.Input(shape=(32, 32, 3))
b = layers.Conv2D(32, 4, activation="relu")(colour)
b = layers.MaxPooling2D((2, 2))(b)
b = layers.Conv2D(32, 4, activation="relu")(b)
b = layers.MaxPooling2D((2, 2))(b)
x = layers.Concatenate()([layers.Flatten()(a), layers.Flatten()(b)])
x = layers.Dense(128, activation="relu")(x)
x = layers.Dense(64, activation="relu")(x)
yours = keras.Model([gray, colour], layers.Dense(10, activation="softmax")(x))
print(check(yours, "multi-input"))

# %% [markdown]
# With 16 filters the two branches end in maps of the same depth and the model passes:

# %%
b = layers.Conv2D(32, 4, activation="relu")(colour)
b = layers.MaxPooling2D((2, 2))(b)
b = layers.Conv2D(16, 4, activation="relu")(b)
b = layers.MaxPooling2D((2, 2))(b)
x = layers.Concatenate()([layers.Flatten()(a), layers.Flatten()(b)])
x = layers.Dense(128, activation="relu")(x)
x = layers.Dense(64, activation="relu")(x)
yours = keras.Model([gray, colour], layers.Dense(10, activation="softmax")(x))
check(yours, "multi-input").ok

# %% [markdown]
# ## What to take away
#
# `Model(inputs=[...], outputs=[...])` is all it takes to declare a multiple-input or a
# multiple-output model. Data follows the same structure: a list in declaration order, or --
# safer -- a dict keyed by the names you gave the input layers and output layers. Naming
# layers, which the article recommends for readable summaries, pays off a second time here.


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
# `build_multi_output(extract_units=32)` gives the shared LSTM `extract` 32 units instead of
# 64; everything else stays. How many parameters does the model have now? Remember that
# `output2` applies one Dense layer of 10 units at every time step, with the same weights.

# %%
prediction = None  # ← your count of the model's parameters
explained = explain_recipe("multi-output", extract_units=32)
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# prediction = (
#     4 * (32 * (1 + 32) + 32)  # extract
#     + 4 * (32 * (32 + 32) + 32)  # class11
#     + (32 * 32 + 32)  # class12
#     + (32 * 10 + 10)  # output1
#     + (32 * 10 + 10)  # output2, the same Dense at every step
# )
# explained = explain_recipe("multi-output", extract_units=32)
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: fix a broken model
#
# One number in this multiple-input model is wrong. Run the cell, read the line starting with
# `!`, and fix it.

# %%
gray = keras.Input(shape=(64, 64, 1))
x1 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv11")(gray)
x1 = layers.MaxPooling2D(2, name="pool11")(x1)
x1 = layers.Conv2D(16, kernel_size=4, activation="relu", name="conv12")(x1)
x1 = layers.Flatten()(layers.MaxPooling2D(2, name="pool12")(x1))
rgb = keras.Input(shape=(32, 32, 3))
x2 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv21")(rgb)
x2 = layers.MaxPooling2D(2, name="pool21")(x2)
x2 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv22")(x2)
x2 = layers.Flatten()(layers.MaxPooling2D(2, name="pool22")(x2))
x = layers.Concatenate()([x1, x2])
x = layers.Dense(128, activation="relu", name="hidden1")(x)
x = layers.Dense(64, activation="relu", name="hidden2")(x)
outputs = layers.Dense(10, activation="softmax", name="output")(x)
yours = keras.Model([gray, rgb], outputs)
report = check(yours, "multi-input")
print(report)

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# gray = keras.Input(shape=(64, 64, 1))
# x1 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv11")(gray)
# x1 = layers.MaxPooling2D(2, name="pool11")(x1)
# x1 = layers.Conv2D(16, kernel_size=4, activation="relu", name="conv12")(x1)
# x1 = layers.Flatten()(layers.MaxPooling2D(2, name="pool12")(x1))
# rgb = keras.Input(shape=(32, 32, 3))
# x2 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv21")(rgb)
# x2 = layers.MaxPooling2D(2, name="pool21")(x2)
# x2 = layers.Conv2D(16, kernel_size=4, activation="relu", name="conv22")(x2)
# x2 = layers.Flatten()(layers.MaxPooling2D(2, name="pool22")(x2))
# x = layers.Concatenate()([x1, x2])
# x = layers.Dense(128, activation="relu", name="hidden1")(x)
# x = layers.Dense(64, activation="relu", name="hidden2")(x)
# outputs = layers.Dense(10, activation="softmax", name="output")(x)
# yours = keras.Model([gray, rgb], outputs)
# report = check(yours, "multi-input")
# print(report)
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: build from a summary
#
# The multiple-output model below has its shared LSTM and its classification output. Add the
# second output, `output2`, from the article's summary of section 5.2: one prediction of 10
# classes at each of the 784 time steps.

# %%
inputs = keras.Input(shape=(784, 1))
extract = layers.LSTM(64, return_sequences=True, name="extract")(inputs)
class11 = layers.LSTM(32, name="class11")(extract)
class12 = layers.Dense(32, activation="relu", name="class12")(class11)
output1 = layers.Dense(10, activation="softmax", name="output1")(class12)
# ← output2 goes here, and into the model's outputs
yours = keras.Model(inputs, [output1])
report = check(yours, "multi-output")
print(report)

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# inputs = keras.Input(shape=(784, 1))
# extract = layers.LSTM(64, return_sequences=True, name="extract")(inputs)
# class11 = layers.LSTM(32, name="class11")(extract)
# class12 = layers.Dense(32, activation="relu", name="class12")(class11)
# output1 = layers.Dense(10, activation="softmax", name="output1")(class12)
# output2 = layers.TimeDistributed(layers.Dense(10, activation="softmax"), name="output2")(extract)
# yours = keras.Model(inputs, [output1, output2])
# report = check(yours, "multi-output")
# print(report)
# ```
#
# </details>
