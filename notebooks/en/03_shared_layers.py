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
# In a Sequential model each layer feeds exactly one other. The functional API lets one
# layer's output feed as many layers as you like: call them all on the same tensor. The
# article calls such a layer *shared*, and shows it at both ends of a network:
#
# - a **shared input**: two feature extractors look at the same image (section 4.1);
# - a **shared feature extractor**: one LSTM's features are read by two interpreters
#   (section 4.2).

# %% [markdown]
# ## Setup

# %%
from keras_recipes import (  # noqa: I001
    build_shared_feature_extractor,
    build_shared_input,
    check,
    plot_recipe,
    read_rows,
)

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
# ## Shared input: one image, two ways of looking at it
#
# Two convolutional branches read the same 28x28 image. `conv1` uses 32 filters of 4x4,
# `conv2` 16 filters of 8x8: small kernels pick up fine strokes, large ones coarser shapes.
# Each branch is pooled and flattened, and `merge` joins the two vectors for the classifier.

# %%
shared_input = build_shared_input()
shared_input.summary()

# %% [markdown]
# In the diagram the fork is right at the top: two arrows leave `input`.

# %%
Image(plot_recipe(shared_input, DIAGRAMS / "03_shared_layers-shared-input.png"))

# %%
shared_outputs(shared_input)

# %% [markdown]
# The article let Keras name the `Flatten` and `Concatenate` layers (`flatten_9`,
# `concatenate_5`: numbers that depend on what else ran in the session). The builder names
# them `flat1`, `flat2` and `merge`, and the checker pairs them with the article's rows by
# type and by what they are connected to.

# %%
print(check(shared_input, "shared-input"))

# %% [markdown]
# Sharing the input costs nothing: the image is stored once and each branch has its own
# weights. Both branches see every pixel of every sample, so one array feeds the model:

# %%
images = np.zeros((2, 28, 28, 1), dtype="float32")
shared_input.predict(images, verbose=0).shape

# %% [markdown]
# ## Shared feature extractor: one LSTM, two interpreters
#
# Here the fork comes later. `lstm1` reads the digit as a sequence of 784 pixels and sums it up
# in 128 numbers. Those features are computed once and read twice: by `interp1`, a single
# `Dense` layer, and by a deeper stack `interp21` -> `interp22` -> `interp23`. `merge` joins the
# two readings before the output.

# %%
extractor = build_shared_feature_extractor()
extractor.summary()

# %%
Image(plot_recipe(extractor, DIAGRAMS / "03_shared_layers-shared-feature-extractor.png"))

# %%
shared_outputs(extractor)

# %% [markdown]
# Why share here? The LSTM is by far the most expensive layer (66,560 of the model's 78,984
# parameters, and 784 sequential steps of work per sample). Computing its features once and
# letting cheap layers interpret them in two ways costs almost nothing extra.

# %%
print(check(extractor, "shared-feature-extractor"))

# %% [markdown]
# ## The other kind of sharing: one layer object, called twice
#
# Keras' own guides use "shared layer" for something else as well: the *same layer object*
# called on two different tensors, so both calls use one set of weights. Twin networks that
# compare two inputs are built this way. The article's models do not need it, but it is the
# same mechanism -- a layer is just something you call:

# %%
same_dense = layers.Dense(4, name="same_dense")
left = keras.Input(shape=(8,), name="left")
right = keras.Input(shape=(8,), name="right")
twins = keras.Model(inputs=[left, right], outputs=[same_dense(left), same_dense(right)])
print(twins.count_params(), "parameters: one 8x4 kernel and 4 biases, used twice")

# %% [markdown]
# ## What to take away
#
# To share a layer's output, call several layers on the tensor it returned; the diagram shows
# it as one box with several arrows leaving it. The next notebook, `04_multiple_inputs_outputs`,
# goes further: models with more than one input, and more than one output.
