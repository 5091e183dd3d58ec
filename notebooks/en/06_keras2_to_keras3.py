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
# # From the article's Keras 2 to Keras 3
#
# This notebook follows the code of every section of the article, and ends by rebuilding the
# model of section 4.1, 「共享輸入層 (Shared Input Layer)」 ("Shared input layer"), with every
# fix applied.
#
# The article's code was run on Keras 2.2.4 with TensorFlow 1.9. Pasted into a notebook today,
# none of it runs. This notebook runs each failing piece on the Keras installed here, shows the
# error it gives, and the fix. Every failure is caught, so "Run All" goes to the end.
# `docs/keras2-to-keras3.md` has the same list as a reference.

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

from keras_recipes import GraphvizMissingError, build_shared_input, check, plot_recipe, set_language

set_language("en")

import importlib
import os
import warnings
from pathlib import Path

import keras
from IPython.display import Image
from keras import layers

DIAGRAMS = Path(os.environ.get("KERAS_RECIPES_DIAGRAMS", "diagrams"))
print("Keras", keras.__version__)

# %% [markdown]
# ## 1. Curly quotes
#
# The page the article was copied from turned straight quotes into typographic ones. Python
# does not accept them as string delimiters, so the line fails before anything runs:

# %%
line = "hidden1 = Dense(512, activation=\u2018relu\u2019, name=\u2018hidden1\u2019)(mnist_input)"
print(line)
try:
    compile(line, "<article>", "exec")
except SyntaxError as error:
    print("SyntaxError:", error.msg)

# %% [markdown]
# **Fix:** retype the quotes as `'` or `"` (or let an editor's search-and-replace do it).

# %% [markdown]
# ## 2. `name=input`
#
# Several `Input` layers are given `name=input` without quotes. That passes whatever `input`
# means in Python -- a *function*: the built-in one, or in Jupyter the kernel's stand-in for
# it. Keras 3 checks that a name is a string and refuses it:

# %%
try:
    keras.Input(shape=(784,), name=input)
except ValueError as error:
    print("ValueError:", error)

# %% [markdown]
# **Fix:** `name="input"`, a string.

# %% [markdown]
# ## 3. Import paths that no longer exist
#
# Keras 2 had a module per family of layers, and the article imports from them. Keras 3 keeps
# every layer in one public namespace, `keras.layers`; the old module paths are gone:

# %%
old_modules = {
    "keras.layers.convolutional": "Conv2D",
    "keras.layers.pooling": "MaxPool2D",
    "keras.layers.merge": "concatenate",
    "keras.layers.recurrent": "LSTM",
    "keras.layers.wrappers": "TimeDistributed",
}
for module, name in old_modules.items():
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as error:
        print(f"from {module} import {name:<16} -> ModuleNotFoundError: {error}")

# %% [markdown]
# **Fix:** import `layers` from `keras` and take every layer from it. All five are there
# (`MaxPool2D` is another name for `MaxPooling2D`, and `concatenate` is the function form of
# the `Concatenate` layer):

# %%
for name in old_modules.values():
    print(f"layers.{name}: {getattr(layers, name)}")

# %% [markdown]
# ## 4. `input_shape=` on a layer
#
# Section 1 declares its Sequential model's input by passing `input_shape=(1,)` to the first
# `Dense` layer. Keras 3 still builds it, but warns:

# %%
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old_style = keras.Sequential([layers.Dense(2, input_shape=(1,)), layers.Dense(1)])
for warning in caught:
    print(f"{warning.category.__name__}: {warning.message}")

# %% [markdown]
# **Fix:** start the list with an `Input`, as the warning suggests. The model is the same:

# %%
new_style = keras.Sequential([keras.Input(shape=(1,)), layers.Dense(2), layers.Dense(1)])
print(old_style.count_params(), new_style.count_params())

# %% [markdown]
# ## 5. What `plot_model` needs
#
# `keras.utils.plot_model` draws through the Python package **pydot** and the **Graphviz**
# program `dot`, which is not a Python package: it comes from the system's package manager.
# Two things changed that a learner notices.
#
# **Layer names are hidden by default.** Keras 3's `show_layer_names` defaults to `False`, so
# the names the article asks you to give do not show:

# %%
model = build_shared_input()
defaults = DIAGRAMS / "06_keras2_to_keras3-plot-model-defaults.png"
keras.utils.plot_model(model, to_file=str(defaults), show_shapes=True, dpi=96)
Image(defaults)

# %% [markdown]
# The package's `plot_recipe` always shows names and shapes:

# %%
Image(plot_recipe(model, DIAGRAMS / "06_keras2_to_keras3-plot-recipe.png"))

# %% [markdown]
# **A missing Graphviz gives no picture, and maybe no error.** Keras 3.15 checks for pydot and
# `dot` first. Outside IPython it raises `ImportError`. Inside IPython it looks for one module,
# IPython's namespace magics: if that is loaded it only *prints* a message and returns `None`,
# so the cell "works" and no picture appears. Older IPython releases loaded that module at
# start-up; the IPython here loads it on first use of a magic such as `%who`. To show both,
# the next cells hide `dot` by emptying `PATH` for a moment. First, whether the namespace
# magics are loaded yet (`False`), and what `plot_model` does then:


# %%
def plot_model_without_dot():
    """Calls Keras' plot_model with Graphviz's dot out of reach."""
    saved_path = os.environ["PATH"]
    os.environ["PATH"] = ""
    try:
        result = keras.utils.plot_model(model, to_file=str(DIAGRAMS / "never-written.png"))
        print("plot_model ->", result)
    except ImportError as error:
        print("ImportError:", error)
    finally:
        os.environ["PATH"] = saved_path


print("IPython.core.magics.namespace" in sys.modules)
plot_model_without_dot()

# %% [markdown]
# Now load the namespace magics, as `%who` would, and make the same call:

# %%
importlib.import_module("IPython.core.magics.namespace")
plot_model_without_dot()

# %% [markdown]
# `plot_recipe` does not leave it to chance. It checks for pydot and `dot` before drawing and
# raises `GraphvizMissingError`, naming the install command for this system:

# %%
saved_path = os.environ["PATH"]
os.environ["PATH"] = ""
try:
    plot_recipe(model, DIAGRAMS / "never-written.png")
except GraphvizMissingError as error:
    print("GraphvizMissingError:", error)
finally:
    os.environ["PATH"] = saved_path

# %% [markdown]
# **Fix:** install pydot with pip (it is a dependency of this package) and Graphviz with the
# system's package manager -- `make test` and `make diagrams` do it where they can -- and
# pass `show_layer_names=True, show_shapes=True`, or use `plot_recipe`.

# %% [markdown]
# ## 6. The summary's new format
#
# `model.summary()` still lists one row per layer with its output shape and parameter count,
# but looks different from the article's tables:

# %%
model.summary()

# %% [markdown]
# - **A box table** drawn with line characters (in Jupyter, an HTML table) with the model's
#   name above it, instead of rows separated by underscores.
# - **"Connected to"** shows `-` for an input, and a layer fed by several others lists them in
#   one cell, separated by commas, instead of one line each. The `[0][0]` after a name is
#   still there: the call (node) and the output tensor of that layer.
# - **Counts get thousands separators**, and each total is followed by its size in memory:
#   4 bytes per float32 parameter, in units of 1,024.
# - **Generated names start without a number**: Keras 3 counts each layer type on its own,
#   so the first `Flatten` is `flatten`, the next `flatten_1`, and the first `Concatenate` is
#   `concatenate`. Keras 2 also counted each type on its own, from `_1`. Both count from the
#   start of the session (the kernel): the article's `flatten_9` and `concatenate_5` say only
#   that its author had made eight `Flatten` and four `Concatenate` layers earlier in that
#   session. Name your layers and the numbers stop mattering.
# - **Row order** is by depth in the graph in both versions; for the article's models Keras
#   3.15 lists the rows in the order the article printed them.
#
# The size in the totals is plain arithmetic, parameters times 4 bytes:

# %%
params = model.count_params()
print(f"{params:,} x 4 B = {params * 4:,} B = {params * 4 / 1024**2:.2f} MB")

# %% [markdown]
# The text is meant for people. A program should read the same facts through the Keras API
# -- as the package's checker does -- since the layout may change again:

# %%
for layer in model.layers[:4]:
    shape = str(layer.output.shape)
    print(f"{layer.name:<8} {type(layer).__name__:<13} {shape:<20} {layer.count_params():>6,}")

# %% [markdown]
# ## All fixes together
#
# Here is the article's section 4.1 model with every fix applied: straight quotes, string
# names, imports from `keras.layers`, Keras 3 spelling. The checker confirms it is the model
# the article printed.

# %%
image = keras.Input(shape=(28, 28, 1), name="input")
conv1 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv1")(image)
pool1 = layers.MaxPool2D(pool_size=(2, 2), name="pool1")(conv1)
flat1 = layers.Flatten()(pool1)
conv2 = layers.Conv2D(16, kernel_size=8, activation="relu", name="conv2")(image)
pool2 = layers.MaxPool2D(pool_size=(2, 2), name="pool2")(conv2)
flat2 = layers.Flatten()(pool2)
merge = layers.concatenate([flat1, flat2])
hidden1 = layers.Dense(64, activation="relu", name="hidden1")(merge)
output = layers.Dense(10, activation="softmax", name="output")(hidden1)
fixed = keras.Model(inputs=image, outputs=output)
print(check(fixed, "shared-input"))


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
from keras_recipes import check

import keras
from keras import layers

# %% [markdown]
# ### Exercise 1: build from a summary
#
# Port this Keras 2 snippet of section 3.1's model to Keras 3. As it stands, Keras 3 refuses
# its last line: `Model` takes `inputs=` and `outputs=` now.
#
# ```python
# from keras.layers import Input, Dense
# from keras.models import Model
# visible = Input(shape=(784,), name='input')
# hidden1 = Dense(512, activation='relu', name='hidden1')(visible)
# hidden2 = Dense(216, activation='relu', name='hidden2')(hidden1)
# hidden3 = Dense(128, activation='relu', name='hidden3')(hidden2)
# output = Dense(10, activation='softmax', name='output')(hidden3)
# model = Model(input=visible, output=output)
# ```
#
# The cell below has its input, `hidden1` and its output already yours. Port the other two
# hidden layers, until `check` finds no difference from the article's summary.

# %%
visible = keras.Input(shape=(784,), name="input")
x = layers.Dense(512, activation="relu", name="hidden1")(visible)
# ← hidden2 and hidden3 go here
output = layers.Dense(10, activation="softmax", name="output")(x)
yours = keras.Model(inputs=visible, outputs=output)
report = check(yours, "mlp")
print(report)

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# visible = keras.Input(shape=(784,), name="input")
# x = layers.Dense(512, activation="relu", name="hidden1")(visible)
# x = layers.Dense(216, activation="relu", name="hidden2")(x)
# x = layers.Dense(128, activation="relu", name="hidden3")(x)
# output = layers.Dense(10, activation="softmax", name="output")(x)
# yours = keras.Model(inputs=visible, outputs=output)
# report = check(yours, "mlp")
# print(report)
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: fix a broken model
#
# A port of section 4.1 with every fix of this notebook applied, and one slip made while
# retyping it. Run the cell, read the line starting with `!`, and fix it.

# %%
image = keras.Input(shape=(28, 28, 1), name="input")
conv1 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv1")(image)
pool1 = layers.MaxPool2D(pool_size=(2, 2), name="pool1")(conv1)
flat1 = layers.Flatten()(pool1)
conv2 = layers.Conv2D(16, kernel_size=8, activation="relu", name="conv2")(pool1)
pool2 = layers.MaxPool2D(pool_size=(2, 2), name="pool2")(conv2)
flat2 = layers.Flatten()(pool2)
merge = layers.concatenate([flat1, flat2])
hidden1 = layers.Dense(64, activation="relu", name="hidden1")(merge)
output = layers.Dense(10, activation="softmax", name="output")(hidden1)
yours = keras.Model(inputs=image, outputs=output)
report = check(yours, "shared-input")
print(report)

# %% [markdown]
# <details>
# <summary>Answer</summary>
#
# ```python
# image = keras.Input(shape=(28, 28, 1), name="input")
# conv1 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv1")(image)
# pool1 = layers.MaxPool2D(pool_size=(2, 2), name="pool1")(conv1)
# flat1 = layers.Flatten()(pool1)
# conv2 = layers.Conv2D(16, kernel_size=8, activation="relu", name="conv2")(image)
# pool2 = layers.MaxPool2D(pool_size=(2, 2), name="pool2")(conv2)
# flat2 = layers.Flatten()(pool2)
# merge = layers.concatenate([flat1, flat2])
# hidden1 = layers.Dense(64, activation="relu", name="hidden1")(merge)
# output = layers.Dense(10, activation="softmax", name="output")(hidden1)
# yours = keras.Model(inputs=image, outputs=output)
# report = check(yours, "shared-input")
# print(report)
# ```
#
# </details>
