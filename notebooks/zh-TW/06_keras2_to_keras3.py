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
# # 從文章的 Keras 2 到 Keras 3
#
# 本筆記本對應文章每一節的程式碼，最後把第 4.1 節「共享輸入層 (Shared Input Layer)」的模型套上所有修正，重新建一次。
#
# 文章的程式碼是在 Keras 2.2.4 和 TensorFlow 1.9 上執行的。今天把它原封不動貼進筆記本，沒有一段跑得起來。這本筆記本在這裡安裝的 Keras 上逐一執行會失敗的片段，秀出它給的錯誤訊息，再說明怎麼修。每個失敗都會被攔下來，所以「Run All」可以一路跑到底。同樣的清單也整理在 `docs/keras2-to-keras3.zh-TW.md`，方便查閱。

# %% [markdown]
# ## 準備

# %%
# 在 Colab，或沒有裝這門課套件的 Jupyter 裡，先用 pip 從課程網站把它裝起來。
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

set_language("zh-TW")

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
# ## 1. 彎引號
#
# 文章是從網頁上複製過來的，網頁把直引號換成了排版用的彎引號。Python 不接受彎引號當字串的界線，所以這一行在執行任何東西之前就失敗了：

# %%
line = "hidden1 = Dense(512, activation=\u2018relu\u2019, name=\u2018hidden1\u2019)(mnist_input)"
print(line)
try:
    compile(line, "<article>", "exec")
except SyntaxError as error:
    print("SyntaxError:", error.msg)

# %% [markdown]
# **修正**：把引號改打成 `'` 或 `"`（也可以用編輯器的搜尋取代一次改完）。

# %% [markdown]
# ## 2. `name=input`
#
# 有好幾個 `Input` 層寫的是沒有加引號的 `name=input`。這樣傳進去的是 `input` 在 Python 裡代表的東西，也就是一個**函式**：內建的 `input`，在 Jupyter 裡則是 kernel 替它準備的替身。Keras
# 3 會檢查名稱是不是字串，於是拒絕了它：

# %%
try:
    keras.Input(shape=(784,), name=input)
except ValueError as error:
    print("ValueError:", error)

# %% [markdown]
# **修正**：寫成 `name="input"`，一個字串。

# %% [markdown]
# ## 3. 已經不存在的匯入路徑
#
# Keras 2 每一類的層各有一個模組，文章就是從這些模組匯入的。Keras 3 把所有的層都放在同一個公開的命名空間 `keras.layers` 裡，舊的模組路徑都不見了：

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
# **修正**：從 `keras` 匯入 `layers`，所有的層都從它取用。五個名稱都還在（`MaxPool2D` 是 `MaxPooling2D` 的別名，`concatenate` 則是 `Concatenate` 層的函式寫法）：

# %%
for name in old_modules.values():
    print(f"layers.{name}: {getattr(layers, name)}")

# %% [markdown]
# ## 4. 寫在層上的 `input_shape=`
#
# 第 1 節的序貫模型，是把 `input_shape=(1,)` 傳給第一個 `Dense` 層來宣告輸入的。Keras 3 還是建得出來，但會發出警告：

# %%
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old_style = keras.Sequential([layers.Dense(2, input_shape=(1,)), layers.Dense(1)])
for warning in caught:
    print(f"{warning.category.__name__}: {warning.message}")

# %% [markdown]
# **修正**：照警告的建議，在串列的最前面放一個 `Input`。建出來的模型完全一樣：

# %%
new_style = keras.Sequential([keras.Input(shape=(1,)), layers.Dense(2), layers.Dense(1)])
print(old_style.count_params(), new_style.count_params())

# %% [markdown]
# ## 5. `plot_model` 需要什麼
#
# `keras.utils.plot_model` 要透過 Python 套件 **pydot** 和 **Graphviz** 的 `dot` 程式來畫圖。`dot` 不是 Python 套件，得用系統的套件管理員安裝。有兩個改變是初學者會注意到的。
#
# **層的名稱預設不顯示**。Keras 3 的 `show_layer_names` 預設是 `False`，所以文章要你取的那些名字不會出現在圖上：

# %%
model = build_shared_input()
defaults = DIAGRAMS / "06_keras2_to_keras3-plot-model-defaults.png"
keras.utils.plot_model(model, to_file=str(defaults), show_shapes=True, dpi=96)
Image(defaults)

# %% [markdown]
# 這個套件的 `plot_recipe` 一定會顯示名稱和形狀：

# %%
Image(plot_recipe(model, DIAGRAMS / "06_keras2_to_keras3-plot-recipe.png"))

# %% [markdown]
# **少了 Graphviz 就沒有圖，而且不一定有錯誤**。Keras 3.15 會先檢查 pydot 和 `dot`。在 IPython 之外，它會丟出 `ImportError`；在 IPython 裡，它會去找一個模組，也就是 IPython 的 namespace
# magics：如果這個模組已經載入，它只會**印出**一段訊息、回傳 `None`，儲存格看起來「成功」了，圖卻沒有出現。舊版的 IPython 啟動時就會載入這個模組；這裡的 IPython 則是第一次用到像 `%who` 這樣的 magic 時才載入。為了把兩種情況都演示出來，接下來的儲存格會暫時清空 `PATH`，讓系統找不到 `dot`。先看 namespace magics 是否已經載入（`False`），以及這時 `plot_model` 會怎麼做：


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
# 接著像 `%who` 那樣載入 namespace magics，再呼叫一次：

# %%
importlib.import_module("IPython.core.magics.namespace")
plot_model_without_dot()

# %% [markdown]
# `plot_recipe` 不碰運氣。它在畫圖之前先檢查 pydot 和 `dot`，找不到就丟出 `GraphvizMissingError`，並附上這個系統的安裝指令：

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
# **修正**：用 pip 安裝 pydot（這個套件已經把它列為相依套件），用系統的套件管理員安裝 Graphviz（`make test` 和 `make diagrams` 能裝的時候會自動裝好），並且傳入 `show_layer_names=True, show_shapes=True`，或者直接用 `plot_recipe`。

# %% [markdown]
# ## 6. 摘要的新格式
#
# `model.summary()` 仍然是一層一列，列出輸出形狀和參數數量，但和文章裡的表格長得不一樣：

# %%
model.summary()

# %% [markdown]
# - **用線條畫成的表格**（在 Jupyter 裡是 HTML 表格），模型名稱放在表格上方，不再用底線分隔每一列。
# - 「**Connected to**」欄位在輸入層顯示 `-`；一個層若接收好幾個層的輸出，會把它們列在同一格、用逗號隔開，而不是一個一行。名稱後面的 `[0][0]` 還在，代表那一層的第幾次呼叫（node）   和第幾個輸出張量。
# - **數字加上千分位逗號**，每個總數後面還附上它占用的記憶體：每個 float32 參數 4 個位元組，以 1,024 為進位。
# - **自動產生的名稱從不帶編號開始**：Keras 3 替每種層各自計數，第一個 `Flatten` 叫 `flatten`，下一個叫 `flatten_1`，第一個 `Concatenate` 叫 `concatenate`。Keras 2 也是每種層各自計數，只是從 `_1` 開始。兩個版本都從工作階段（kernel）啟動時算起，所以文章的 `flatten_9`、`concatenate_5` 只表示作者在同一個工作階段裡先建過八個 `Flatten` 層和四個 `Concatenate` 層。只要替每一層取名字，這些編號就無關緊要了。
# - **列的順序**在兩個版本裡都依照層在圖中的深度；就文章的這些模型而言，Keras 3.15 列出的順序剛好和文章印的一樣。
#
# 總數後面的大小只是簡單的算術，參數數量乘上 4 個位元組：

# %%
params = model.count_params()
print(f"{params:,} x 4 B = {params * 4:,} B = {params * 4 / 1024**2:.2f} MB")

# %% [markdown]
# 這些文字是給人看的。程式應該透過 Keras 的 API 讀取同樣的資訊（這個套件的比對功能就是這麼做），因為版面說不定哪天又會改：

# %%
for layer in model.layers[:4]:
    shape = str(layer.output.shape)
    print(f"{layer.name:<8} {type(layer).__name__:<13} {shape:<20} {layer.count_params():>6,}")

# %% [markdown]
# ## 所有修正合在一起
#
# 下面是文章第 4.1 節的模型，套上了所有修正：直引號、字串形式的名稱、從 `keras.layers` 匯入、Keras
# 3 的寫法。比對的結果證實，它就是文章印出的那個模型。

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
# ## 練習
#
# 每個練習都從一個照原樣就能執行的儲存格開始。有的要你先親手算出一個數字或形狀，再執行儲存格：`explain` 會把算式和 Keras 數出來的結果並排列出。有的要你照著摘要寫出模型，有的給你一個有一處錯誤的模型：`check` 會在以 `!` 開頭的行裡指出還有哪裡不符。
#
# 答案摺疊在每個練習下方，自己試過之後再打開。下一個儲存格匯入練習用到的所有東西，所以重新啟動 kernel 之後，也能直接從這裡開始。

# %%
from keras_recipes import check

import keras
from keras import layers

# %% [markdown]
# ### 練習 1：照摘要寫出模型
#
# 把下面這段 Keras 2 的第 3.1 節程式碼移植到 Keras 3。照原樣執行的話，Keras 3 會拒絕最後一行：現在 `Model` 的引數是 `inputs=` 和 `outputs=`。
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
# 下面的儲存格已經移植好輸入層、`hidden1` 和輸出層。請移植另外兩個隱藏層，直到 `check` 找不出和文章摘要不同的地方。

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
# <summary>答案</summary>
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
# ### 練習 2：修好有錯的模型
#
# 這是套用了本筆記本所有修正的第 4.1 節移植版，只是重打時手滑了一處。執行儲存格，讀以 `!` 開頭的那一行，再把它改對。

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
# <summary>答案</summary>
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
