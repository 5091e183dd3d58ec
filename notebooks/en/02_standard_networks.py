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
# Before branching graphs, the functional API is worth seeing on the three classic shapes of
# network, all classifying 28x28 MNIST digits into 10 classes. They differ most in one place:
# **what one sample looks like** when it goes in. A multilayer perceptron reads a flat vector,
# a convolutional network reads an image, and a recurrent network reads a sequence.
#
# This notebook follows section 3 of the article: for each network, the builder call, its
# summary, its diagram, and the check against the summary the article printed.

# %% [markdown]
# ## Setup

# %%
from keras_recipes import RECIPES, build_cnn, build_mlp, build_rnn, check, plot_recipe  # noqa: I001

import os
from pathlib import Path

import numpy as np
from IPython.display import Image

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
# ## Multilayer perceptron: a digit as 784 numbers
#
# An MLP has no notion of rows and columns: its input is a flat vector of 784 pixel values.
# Three hidden `Dense` layers (512, 216 and 128 units, ReLU) lead to a softmax over the 10
# classes.

# %%
mlp = build_mlp()
mlp.summary()

# %%
Image(plot_recipe(mlp, DIAGRAMS / "02_standard_networks-mlp.png"))

# %% [markdown]
# Each `Dense` layer holds one weight per input-unit pair plus one bias per unit: `hidden1`
# has 784 x 512 + 512 = 401,920. The article's table and Keras 3 agree on every row:

# %%
print(check(mlp, "mlp"))

# %% [markdown]
# The registry records what one sample must look like; the image is flattened to match, and
# the batch axis goes in front.

# %%
print(RECIPES["mlp"].inputs[0])
mlp.predict(digit.reshape(1, 784), verbose=0).shape

# %% [markdown]
# ## Convolutional network: a digit as an image
#
# A CNN keeps the grid. Its input is 28x28 with one channel (gray levels). Two blocks of
# `Conv2D` and `MaxPooling2D` turn the image into a stack of small feature maps, and `Dense`
# layers read them. This is the model exactly as the article printed it.

# %%
cnn = build_cnn()
cnn.summary()

# %%
Image(plot_recipe(cnn, DIAGRAMS / "02_standard_networks-cnn.png"))

# %% [markdown]
# Follow one spatial axis down the diagram: a 4x4 kernel with no padding takes 28 to 25,
# pooling by 2 halves it to 12, the next kernel gives 9, the next pooling 4.

# %%
print(check(cnn, "cnn"))

# %% [markdown]
# The image needs only a channel axis and a batch axis added. Look at the output shape,
# though: `(1, 4, 4, 10)`, not `(1, 10)`. The article's code has no `Flatten` before its
# `Dense` layers, so the model makes a prediction for each of the 16 cells of the last
# feature map. Notebook `05_cnn_erratum` looks at this mistake and its fix.

# %%
print(RECIPES["cnn"].inputs[0])
cnn.predict(digit.reshape(1, 28, 28, 1), verbose=0).shape

# %% [markdown]
# ## Recurrent network: a digit as a sequence
#
# An LSTM reads its input one time step at a time and carries a memory from step to step.
# Here each of the 784 pixels is one time step with one feature, read row after row. The
# LSTM's last state (128 values) goes to a `Dense` layer and the softmax output.

# %%
rnn = build_rnn()
rnn.summary()

# %%
Image(plot_recipe(rnn, DIAGRAMS / "02_standard_networks-rnn.png"))

# %% [markdown]
# An LSTM layer has four gates, each with input weights, recurrent weights and a bias:
# 4 x (1 x 128 + 128 x 128 + 128) = 66,560 parameters for `lstm1`.

# %%
print(check(rnn, "rnn"))

# %% [markdown]
# For the LSTM the digit becomes 784 steps of one value each:

# %%
print(RECIPES["rnn"].inputs[0])
rnn.predict(digit.reshape(1, 784, 1), verbose=0).shape

# %% [markdown]
# ## What to take away
#
# All three are written the same way -- `Input`, layer calls, `Model` -- and all end in the
# same softmax over 10 classes. What changes is the input's shape, and with it the kind of
# structure the network can see: none (MLP), neighbouring pixels (CNN), order (LSTM). The
# next notebook, `03_shared_layers`, lets one tensor feed more than one layer.
