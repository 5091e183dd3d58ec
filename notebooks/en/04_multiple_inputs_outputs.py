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
# A Sequential model takes one array and returns one array. With the functional API, `Model`
# accepts a *list* of inputs and a *list* of outputs, so one model can read several kinds of
# data at once, or answer several questions at once. This notebook follows section 5 of the
# article and shows, for each model, how it is declared and how data is fed to it.

# %% [markdown]
# ## Setup

# %%
from keras_recipes import RECIPES, build_multi_input, build_multi_output, check, plot_recipe  # noqa: I001

import os
from pathlib import Path

import numpy as np
from IPython.display import Image

DIAGRAMS = Path(os.environ.get("KERAS_RECIPES_DIAGRAMS", "diagrams"))

# %% [markdown]
# ## Two inputs: the same digit at two sizes
#
# The first model is given each digit twice: enlarged to 64x64 in gray, and shrunk to 32x32
# in colour. Each input has its own convolutional branch; `merge` joins what the two branches
# found, and two `Dense` layers decide.

# %%
multi_input = build_multi_input()
multi_input.summary()

# %% [markdown]
# The two branches never meet until `merge`: the diagram has two roots.

# %%
Image(plot_recipe(multi_input, DIAGRAMS / "04_multiple_inputs_outputs-multi-input.png"))

# %%
print(check(multi_input, "multi-input"))

# %% [markdown]
# ### How the inputs are declared
#
# The builder ends with `keras.Model(inputs=[gray_input, rgb_input], outputs=...)`: a list,
# and its order is the model's order of inputs. The model remembers both, with their names:

# %%
for tensor in multi_input.inputs:
    print(tensor.name, tensor.shape)

# %% [markdown]
# ### How data is fed to them
#
# One array per input, each with the same number of samples. The registry says what each
# input holds; here two samples of each are made up (zeros) in the right shapes.

# %%
batch = 2
arrays = {}
for spec in RECIPES["multi-input"].inputs:
    arrays[spec.name] = np.zeros((batch, *spec.shape[1:]), dtype="float32")
    print(f"{spec.name}: {arrays[spec.name].shape} -- {spec.meaning}")

# %% [markdown]
# Keras takes them either as a **list**, in the order the inputs were given to `Model`, or as
# a **dict** keyed by input name, where order no longer matters. The dict is harder to get
# wrong; `fit` and `evaluate` take the same two forms.

# %%
as_list = [arrays["img_gray_bigsize"], arrays["img_rgb_smallsize"]]
print("list:", multi_input.predict(as_list, verbose=0).shape)

as_dict = {
    "img_rgb_smallsize": arrays["img_rgb_smallsize"],
    "img_gray_bigsize": arrays["img_gray_bigsize"],
}
print("dict:", multi_input.predict(as_dict, verbose=0).shape)

# %% [markdown]
# ## Two outputs: a label and a sequence
#
# The second model reads a digit as 784 pixels in sequence and answers two questions. `extract`,
# an LSTM that returns its state at *every* step, feeds two heads:
#
# - `output1` classifies the whole digit, through a second LSTM and a `Dense` layer;
# - `output2` classifies every time step, applying one `Dense` layer to each of the 784 steps
#   (`TimeDistributed`).

# %%
multi_output = build_multi_output()
multi_output.summary()

# %% [markdown]
# Two leaves at the bottom of the diagram: one per output.

# %%
Image(plot_recipe(multi_output, DIAGRAMS / "04_multiple_inputs_outputs-multi-output.png"))

# %%
print(check(multi_output, "multi-output"))

# %% [markdown]
# ### How the outputs are declared, and what comes back
#
# The builder ends with `keras.Model(inputs=..., outputs=[label, per_step])`. Predicting
# returns one array per output, in that order:

# %%
sequence = np.zeros((1, 784, 1), dtype="float32")
label, per_step = multi_output.predict(sequence, verbose=0)
print("output1:", label.shape, " output2:", per_step.shape)

# %% [markdown]
# ### How targets would be given
#
# Training needs one target per output, and each output can have its own loss. The builder
# compiles the model with one loss per output, keyed by output name:

# %%
multi_output.loss

# %% [markdown]
# So `fit` would take its targets as a dict with the same keys -- an integer label per digit
# for `output1` and one per time step for `output2`, shaped like this:

# %%
targets = {"output1": np.zeros((1,), dtype="int64"), "output2": np.zeros((1, 784), dtype="int64")}
{name: array.shape for name, array in targets.items()}

# %% [markdown]
# ## What to take away
#
# `Model(inputs=[...], outputs=[...])` is all it takes to declare several inputs or outputs.
# Data follows the same structure: a list in declaration order, or -- safer -- a dict keyed by
# the names you gave the `Input` and output layers. Naming layers, which the article
# recommends for readable summaries, pays off a second time here.
