# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 07 · Training every recipe on handwritten digits
#
# The article builds eight models for MNIST and never fits one. This notebook fits
# each of them, briefly, on real handwritten digits that need no download: the
# 1,797 digits scikit-learn ships (8x8 pixels, 17 gray levels), enlarged to MNIST's
# 28x28. With a network connection, `source="mnist"` uses MNIST itself.
#
# The runs here are kept tiny (256 images, three epochs) so that the notebook runs
# in about a minute; the full runs and their accuracies are in the README
# (`keras-recipes train NAME`).

# %%
# Before anything that loads TensorFlow: keras_recipes quiets its start-up lines.
from keras_recipes import RECIPES, curves, data  # noqa: I001
from keras_recipes.train import OutputShapeError, is_line_model, train

import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
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
print(
    f"train {len(digits.train):,}, validation {len(digits.validation):,}, "
    f"test {len(digits.test):,} digits of {digits.train.images.shape[1:]} pixels"
)

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
# them from the same 28x28 image: a flat 784-vector for the MLP, a one-channel
# image for the CNNs, the 784 pixels one per time step for the article's LSTMs,
# and for the multi-input model a 64x64 gray copy beside a 32x32 copy in a colour
# of its own. The Sequential model of section 1 takes one number, not a digit: it
# is a linear regression, and is fitted to the line y = 2x + 1 instead.

# %%
three = digits.test.take(3)
for name, recipe in RECIPES.items():
    if is_line_model(recipe.inputs, recipe.outputs):
        print(f"{name:<26} not a digit model: one number in, one out")
        continue
    inputs = data.shapes(data.inputs_for(recipe.inputs, three.images))
    try:
        targets = data.shapes(data.targets_for(three.labels, recipe.outputs, recipe.inputs))
    except data.TargetShapeError as error:
        targets = f"none: {error}"
    print(f"{name:<26} inputs {inputs}  targets {targets}")

# %% [markdown]
# ## What the second output of the multi-output model learns
#
# Section 5.2's model reads the pixels one at a time. `output1` gives one class per
# image; `output2` gives a class at *every* time step, from what the LSTM has read
# so far. The article never says what `output2` should predict. We give it the
# image's own label at every step: "which digit is this, given the pixels seen up
# to here?" Early steps see only the blank top rows, so no model can do better than
# a guess there; as more rows arrive its accuracy can rise. Plotting its accuracy
# against the time step shows how much of a digit the network needs to see.
#
# ## Fitting every recipe
#
# Each run below builds the recipe, fits it and scores it on the 359 test digits.
# Each training image is also fitted moved one pixel up, down, left and right
# (`x5` below): with so few digits, that is what lifts the CNNs to 98% in the
# full runs.
#
# Two recipes need a word first:
#
# - The article's CNN, as printed, has no Flatten: its output is one prediction
#   per cell of a 4x4 map, which no per-image label matches. `train` says so before
#   Keras would fail with a shape error, and names the corrected variant, which we
#   then train.
# - The three LSTM recipes read the 784 pixels one per time step. Each of their
#   batches takes 784 LSTM steps: the full runs take one to four minutes for two
#   epochs and reach 41% to 48% (see the README). Here the same builders read the
#   image as 28 rows of 28 pixels instead (`input_shape=(28, 28)`), which learns in
#   seconds. The multi-output model's `output2` then predicts a class after each row.
#
# The Sequential model gets its whole line: 4,096 points, a second or two.

# %%
results = {}
for name, recipe in RECIPES.items():
    kwargs = {"samples": 256, "epochs": 3}
    if is_line_model(recipe.inputs, recipe.outputs):
        kwargs = {}
    elif any(len(s.shape) == 3 and s.shape[1] > 100 for s in recipe.inputs):
        kwargs["input_shape"] = (28, 28)
    try:
        result = train(name, verbose=0, **kwargs)
    except OutputShapeError as error:
        print(f"{name}: {error}\n")
        result = train(name, verbose=0, **kwargs, **recipe.variants[0].kwargs)
        corrected = result.label
    results[result.label] = result

for label, result in results.items():
    scores = ", ".join(f"{k} {v:.3f}" for k, v in result.accuracy().items())
    if not scores:
        scores = f"test loss {result.test['loss']:.4f}; {result.learned}"
    print(
        f"{label:<42} {result.images:>5,} x{result.copies}, {result.epochs} epochs, "
        f"{result.seconds:5.1f} s: {scores}"
    )

# %% [markdown]
# ## Learning curves
#
# Loss and accuracy after each epoch, on the training data and on the validation
# digits (held out from training; the test digits are scored only once, at the
# end). The learning-rate panel shows `train` halving the rate when the
# validation loss stops falling. `keras-recipes train NAME` writes the same figure
# to `runs/NAME/curves.png`.

# %%
show(curves.plot(results[corrected].history, title=f"{corrected}, briefly trained"), "curves")

# %% [markdown]
# ## The per-step accuracy of `output2`
#
# The multi-output model's second output, scored on the test digits after each
# row it has read: close to a guess (0.1) over the first rows, which hold little
# of a digit, then rising as its strokes arrive. (So briefly trained, it may lose
# some of that again over the last rows.)

# %%
result = next(r for r in results.values() if any(len(s.shape) == 3 for s in r.model.outputs))
model_inputs, _ = data.specs_of(result.model)
inputs = data.inputs_for(model_inputs, digits.test.images)
predicted = result.model.predict(inputs, verbose=0)[1].argmax(axis=-1)  # (359, steps)
accuracy = (predicted == digits.test.labels[:, None]).mean(axis=0)
figure, ax = plt.subplots(figsize=(7, 2.6), layout="constrained")
ax.plot(np.arange(1, accuracy.size + 1), accuracy, "o-", markersize=3)
ax.set_xlabel("rows read")
ax.set_ylabel("output2 accuracy")
ax.set_ylim(0, 1)
ax.grid(alpha=0.3)
show(figure, "output2-per-step")
