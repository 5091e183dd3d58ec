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
# # Training every recipe on handwritten digits
#
# This notebook fits models of the article, and looks closest at the multiple-output
# model of section 5.2, 「多輸出模型」.
#
# The article builds eight models for MNIST and never fits one. Here three of them are
# fitted, briefly, on real handwritten digits that need no download: the 1,797 digits
# scikit-learn ships (8x8 pixels, 17 gray levels), enlarged to MNIST's 28x28. With a
# network connection, `source="mnist"` uses MNIST itself.
#
# The runs here are kept tiny (256 images, three epochs) so that the notebook runs in
# under a minute; `keras-recipes train NAME` fits any recipe in full, and the README
# gives every recipe's accuracy.

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

# Before anything that loads TensorFlow: keras_recipes quiets its start-up lines.
from keras_recipes import RECIPES, curves, data, set_language
from keras_recipes.train import fed_and_fitted, train

set_language("en")

import os
from pathlib import Path

import matplotlib.pyplot as plt
from IPython.display import Image

# Pictures are written as files, like the diagrams of the other notebooks, then shown.
PICTURES = Path(os.environ.get("KERAS_RECIPES_DIAGRAMS", "diagrams"))
PICTURES.mkdir(parents=True, exist_ok=True)


def show(figure, name):
    path = PICTURES / f"07_training-{name}.png"
    figure.savefig(path, dpi=96)
    plt.close(figure)
    return Image(path)


digits = data.load_digits()
for split in ("train", "validation", "test"):
    print(split, getattr(digits, split).images.shape)

figure, axes = plt.subplots(1, 10, figsize=(9, 1.4))
for i, ax in enumerate(axes):
    ax.imshow(digits.train.images[i], cmap="gray_r")
    ax.set_title(str(digits.train.labels[i]))
    ax.axis("off")
show(figure, "digits")

# %% [markdown]
# ## One digit, shaped for every recipe
#
# Each recipe says in the registry what its inputs look like; the data module makes
# them from the same 28x28 image: a flat 784-vector for the multilayer perceptron
# (MLP), a one-channel image for the CNNs, the 784 pixels one per time step for the
# article's LSTMs, and for the multi-input model a 64x64 gray copy beside a 32x32 copy
# in a colour of its own. The Sequential model of section 1 takes one number, not a digit: it
# is a linear regression, and is fitted to the line y = 2x + 1 instead. The registry
# also says, from each model's output shape, whether one label per image can train it.
# Each line below shows a recipe's inputs for three test digits, then its targets.

# %%
# The article's recipes only: notebooks 08 and 09 build and check the guide's.
three = digits.test.take(3)
for name, recipe in RECIPES.items():
    if recipe.document.name == "article":
        print(f"{name:<26} {fed_and_fitted(recipe, three)}")

# %% [markdown]
# ## Fitting a recipe
#
# `train` builds a recipe, fits it and scores it on the 359 test digits. Its report says
# what it fitted, how long that took, and the test accuracy. The multilayer perceptron
# of section 3.1 first:

# %%
mlp = train("mlp", samples=256, epochs=3, shift=False, verbose=0)
print("\n".join(mlp.report()))

# %% [markdown]
# The article's CNN, as printed, has no Flatten: its output is one prediction per cell of
# a 4x4 map, and no label per image matches that. The registry knows it from the output's
# shape, and `train` refuses the model before Keras would fail with a shape error. The
# corrected variant, `flatten=True`, trains:

# %%
print(RECIPES["cnn"].configuration("").untrainable)
cnn = train("cnn", flatten=True, samples=256, epochs=3, shift=False, verbose=0)
print("\n".join(cnn.report()))

# %% [markdown]
# The article's LSTMs read the 784 pixels one per time step: each batch takes 784 LSTM
# steps, and a full run takes minutes. The same builders read the image as 28 rows of 28
# pixels with `input_shape=(28, 28)`, which learns in seconds. Section 5.2's model, read
# that way, with each training image also fitted moved one pixel up, down, left and right
# (`x5` in its report):

# %%
multi_output = train("multi-output", input_shape=(28, 28), samples=256, epochs=3, verbose=0)
print("\n".join(multi_output.report()))

# %% [markdown]
# ## Learning curves
#
# The corrected CNN's loss and accuracy after each epoch, on the training data and on the
# validation digits (held out from training; the test digits are scored only once, at the
# end). The learning-rate panel shows `train` halving the rate when the validation loss
# stops falling. `keras-recipes train NAME` writes the same figure to
# `runs/NAME/curves.png`.

# %%
show(curves.plot(cnn.history, title="cnn flatten=True"), "curves")

# %% [markdown]
# ## What `output2` can tell after each row
#
# Section 5.2's model has two outputs. `output1` gives one class per image, read off the
# whole sequence by a second LSTM. `output2` gives a class after *every* row, from the
# state the first LSTM, `extract`, has reached there. The article never says what
# `output2` should predict; `train` gives it the image's own label at every step: "which
# digit is this, from the rows read so far?" Here it is scored on the test digits after
# each row:

# %%
result = multi_output
model_inputs, _ = data.specs_of(result.model)
labels = digits.test.labels


def accuracy_per_row(images):
    predicted = result.model.predict(data.inputs_for(model_inputs, images), verbose=0)[1]
    return (predicted.argmax(axis=-1) == labels[:, None]).mean(axis=0)  # one per row


accuracy = accuracy_per_row(digits.test.images)
rows = accuracy.size
peak = int(accuracy.argmax()) + 1
print(f"output2 after row 1: {accuracy[0]:.3f}")
print(f"output2 at its best, after row {peak}: {accuracy[peak - 1]:.3f}")
print(f"output2 after row {rows}, the last: {accuracy[-1]:.3f}")
print(f"output1, from the whole sequence: {result.accuracy()['output1']:.3f}")
# What the text below says of this curve.
assert accuracy[0] < 0.2 and peak <= rows - 4 and accuracy[-1] < accuracy.max() - 0.1
assert result.accuracy()["output1"] > accuracy.max()

# %%
show(curves.per_step(accuracy, label="output2", marked=peak), "output2-per-step")

# %% [markdown]
# After one row it is little better than a guess (0.1): the top stroke alone says little
# about which digit is coming. It climbs as the strokes arrive, but not to the end: it is
# best a few rows before the last one (the row printed above) and then falls by more than
# 0.1 over the last rows. After reading the whole digit, `output2` is right less often than
# it was with part of it.
#
# ## Why it falls
#
# Not because the last rows are empty. MNIST digits have blank margins, but these fill
# their frame: the bottom rows hold as much ink as the others.

# %%
ink = digits.test.images.mean(axis=(0, 2))  # mean pixel value of each row, over the test digits
print(f"ink in row 1: {ink[0]:.2f}, row {peak}: {ink[peak - 1]:.2f}, row {rows}: {ink[-1]:.2f}")
print(f"whole digits: {ink.mean():.2f}")
assert ink[peak:].min() > 0.9 * ink.mean()  # "as much ink as the others"

# %% [markdown]
# Nor because the last rows mislead it. Blank out every row after the best one, so that
# the model reads nothing more of the digit: after the last row its accuracy has fallen
# all the same, to about what it was with the whole digit (printed above).

# %%
blank_tail = digits.test.images.copy()
blank_tail[:, peak:] = 0
blanked = accuracy_per_row(blank_tail)
print(f"after row {rows}, reading blank rows after row {peak}: {blanked[-1]:.3f}")
assert abs(blanked[-1] - accuracy[-1]) < 0.05  # "all the same"

# %% [markdown]
# What falls is the model's memory. An LSTM carries what it has read in a state that
# every step updates: its forget gate scales the old content down and new input is added
# in. Carrying a digit's identity unchanged through row after row is something the network
# has to learn, and three short epochs on 256 digits are not enough: the last rows add
# little it can use, while what the middle rows told it fades. Fitted four times longer
# (`epochs=12`, a minute or two), the same model reached 0.82 at its best row in our run and
# still lost 0.11 of it by the last: longer training lifts the whole curve, and shrinks the
# fall only a little. `output1`, trained to answer once, at the end, does better than
# `output2` at any row (printed above).


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
from keras_recipes import build_multi_output, explain_model, explain_recipe

# %% [markdown]
# ### Exercise 1: predict, then check
#
# Training needs targets shaped like the model's outputs. What shapes are the two outputs of
# `build_multi_output()`? Write them as a list of tuples, with `None` for the batch axis, e.g.
# `[(None, 1)]`.

# %%
prediction = None  # ← your list of the two outputs' shapes
model = build_multi_output()
print(explain_model(model))
prediction, [tuple(output.shape) for output in model.outputs]

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# prediction = [(None, 10), (None, 784, 10)]  # a class; a class at each of 784 steps
# model = build_multi_output()
# print(explain_model(model))
# prediction, [tuple(output.shape) for output in model.outputs]
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: predict, then check
#
# Read row by row, a digit is 28 time steps of 28 pixels: `build_rnn(input_shape=(28, 28))`.
# How many parameters does the LSTM network have then? Only `lstm1` changes: each of its four
# blocks of weights (three gates and the candidate) now reads 28 values per step instead of 1.

# %%
prediction = None  # ← your count of the model's parameters
explained = explain_recipe("rnn", input_shape=(28, 28))
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# prediction = 4 * (128 * (28 + 128) + 128) + (128 * 128 + 128) + (128 * 10 + 10)
# explained = explain_recipe("rnn", input_shape=(28, 28))
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>
