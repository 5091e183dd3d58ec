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
# # 序貫模型與函數式 API：描述模型的兩種寫法
#
# 本筆記本對應文章第 1 節「Keras 序貫模型 (Sequential Models)」，以及第 2 節「Keras 函數式(functional)API構建模型」。
#
# 在 Keras 裡，要把一個網絡寫下來有兩種方式。**序貫模型**（Sequential）收下一串層，自動把每一層接到下一層；**函數式 API** 則是由你自己動手接線，分成三個步驟：先建立輸入層，再把一層一層「呼叫」在張量上，最後用 `Model` 把頭尾包起來。這本筆記本會用兩種寫法做出同一個小網絡，看看兩者到底差在哪裡。

# %% [markdown]
# ## 準備工作
#
# 第一個程式儲存格先確認裝了 `keras_recipes`（在 Colab 裡會從課程網站安裝），再趕在 TensorFlow 之前匯入它：它會把 TensorFlow 啟動時的一長串日誌訊息擋掉，`set_language` 則決定表格用哪種語言印出。網絡拓撲圖存放在這本筆記本旁邊的 `diagrams/` 資料夾（若設定了環境變數 `KERAS_RECIPES_DIAGRAMS`，就改存到它指定的資料夾）。

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

from keras_recipes import RECIPES, check, plot_recipe, read_rows, set_language

set_language("zh-TW")

import os
from pathlib import Path

import keras
import numpy as np
from IPython.display import Image
from keras import layers

DIAGRAMS = Path(os.environ.get("KERAS_RECIPES_DIAGRAMS", "diagrams"))
print("Keras", keras.__version__)

# %% [markdown]
# ## 第 1 節：序貫模型就是一串層
#
# 文章的第一個模型很單純：輸入一個數字，經過一層兩個神經元，輸出一個數字。寫成序貫模型時不需要接線，清單裡的順序就是資料流過的順序。文章把 `input_shape=(1,)` 寫在第一個 `Dense` 層上；到了 Keras 3，這種寫法會跳出警告，建議改在清單最前面放一個 `keras.Input` 來宣告形狀。各層的名稱是我們取的，文章原本交給 Keras 自動命名。

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
# 網絡拓撲圖畫出的是同一串層。每個方框標出一層的名稱、類型，以及流進來和流出去的資料形狀；其中的 `None` 代表批次大小，建模時還沒決定。

# %%
Image(plot_recipe(sequential, DIAGRAMS / "01_sequential_vs_functional-sequential.png"))

# %% [markdown]
# 文章沒有印出這個模型的摘要，所以套件自己把它推算出來：第一層 1 × 2 個權重加 2 個偏差，共 4 個參數；第二層 2 × 1 + 1 = 3 個。`check` 會把推算的摘要和 Keras 3 實際建出的模型逐列並排對照：

# %%
print(check(sequential, "sequential"))

# %% [markdown]
# 文章還示範了第二種寫法：先建立一個空模型，再用 `add` 一層一層加進去。結果是同一個模型。`read_rows` 會讀出摘要裡每一層的那一列（名稱、類型、輸出形狀、參數個數、接在哪一層後面），兩種寫法讀出來的內容完全相同：

# %%
stacked = keras.Sequential(name="stacked")
stacked.add(keras.Input(shape=(1,), name="input"))
stacked.add(layers.Dense(2, name="hidden"))
stacked.add(layers.Dense(1, name="output"))
print(read_rows(stacked) == read_rows(sequential))

# %% [markdown]
# ## 第 2 節：函數式 API 的三個步驟
#
# 文章用一個 MNIST 大小的層來介紹函數式 API：輸入 784 個像素值，輸出 512 個神經元。下面把這三個步驟用 Keras 3 的寫法走一遍。
#
# **步驟一：輸入層（2.1）。** `keras.Input` 產生的是一個「符號張量」，裡面沒有任何資料，只記錄每筆樣本的形狀。批次的維度會自動加在最前面，顯示成 `None`。

# %%
mnist_input = keras.Input(shape=(784,), name="input")
mnist_input.shape

# %% [markdown]
# **步驟二：把層接起來（2.2）。** 先建立一個層，再拿它去「呼叫」一個張量。呼叫的結果是另一個符號張量，下一層又可以接著呼叫它。函數式 API 的關鍵就在這裡：你寫下怎樣的呼叫鏈，網絡就長成什麼樣子。

# %%
hidden = layers.Dense(512, name="hidden")(mnist_input)
hidden.shape

# %% [markdown]
# **步驟三：建立模型（2.3）。** 把網絡起點和終點的張量交給 `keras.Model`，它會自動找出中間經過的每一層。

# %%
three_steps = keras.Model(inputs=mnist_input, outputs=hidden, name="three_steps")
three_steps.summary()

# %%
Image(plot_recipe(three_steps, DIAGRAMS / "01_sequential_vs_functional-three-steps.png"))

# %% [markdown]
# ## 用函數式 API 重寫序貫模型
#
# 序貫模型能表達的，函數式 API 都表達得出來。下面把第一個模型用三個步驟再寫一次，層的名稱保持不變。

# %%
inputs = keras.Input(shape=(1,), name="input")
x = layers.Dense(2, name="hidden")(inputs)
outputs = layers.Dense(1, name="output")(x)
functional = keras.Model(inputs=inputs, outputs=outputs, name="functional")
functional.summary()

# %%
Image(plot_recipe(functional, DIAGRAMS / "01_sequential_vs_functional-functional.png"))

# %% [markdown]
# 拿序貫模型的摘要來對照，每一個有權重的層都對得上。唯一被標出來的是 `input` 這一列：函數式模型把輸入層當成獨立的一層列出來，序貫模型則不把它放進 `model.layers`，摘要裡也看不到它。

# %%
print(check(functional, "sequential"))

# %% [markdown]
# 層一樣、形狀一樣、要學的權重也一樣。把其中一個模型的權重複製給另一個，兩者算出來的函數就完全相同：

# %%
functional.set_weights(sequential.get_weights())
numbers = np.array([[0.0], [1.0], [2.5]])
print(sequential.predict(numbers, verbose=0).ravel())
print(functional.predict(numbers, verbose=0).ravel())

# %% [markdown]
# ## 建構函式：同一個模型，直接可以訓練
#
# `keras_recipes` 為文章裡的每個模型準備了一個建構函式。建構函式裡就是上面那幾行程式碼，再加上教學時通常省略的部分：在 Keras 接手之前先檢查引數，最後回傳一個已經編譯好、可以直接 `fit` 的模型。`build_sequential()` 建出的模型，摘要和上面手寫的序貫模型完全相同，參數個數也一樣：

# %%
from keras_recipes import build_sequential

built = build_sequential()
print(read_rows(built) == read_rows(sequential))

# %%
built.count_params(), sequential.count_params()

# %% [markdown]
# 每個建構函式都只接受關鍵字引數，預設值就是文章用的數字。換個大小，還是同一個模型：隱藏層從兩個神經元改成八個。

# %%
build_sequential(hidden_units=8).summary()

# %% [markdown]
# 套件裡文章的每個模型各有一份配方，記錄它出自哪一節、由哪個建構函式建出來。這本筆記本只用到第一個，其他的模型在後面幾本筆記本裡。

# %%
for recipe in RECIPES.values():
    print(f"{recipe.section:>4}  {recipe.name:<26} {recipe.builder_name}()")

# %% [markdown]
# ## 為什麼要學函數式 API
#
# 序貫模型只能有一個輸入、一個輸出，而且每一層只能接到下一層。函數式 API 讓你自己決定每一層要呼叫在哪個張量上，這三個限制也就都不存在了：
#
# - 同一個張量可以同時餵給好幾層，不只是下一層（筆記本 `03_shared_layers`）；
# - 一個模型可以有好幾個輸入（筆記本 `04_multiple_inputs_outputs`）；
# - 一個模型也可以有好幾個輸出（同一本筆記本）。
#
# 在那之前，筆記本 `02_standard_networks` 先用函數式 API 寫出三種經典網絡：多層感知器、卷積神經網絡和遞歸神經網絡。


# %% [markdown]
# ## 練習
#
# 每個練習都從一個照原樣就能執行的儲存格開始。有的要你先親手算出一個數字或形狀，再執行儲存格：`explain` 會把算式和 Keras 數出來的結果並排列出。有的要你照著摘要寫出模型，有的給你一個有一處錯誤的模型：`check` 會在以 `!` 開頭的行裡指出還有哪裡不符。
#
# 答案摺疊在每個練習下方，自己試過之後再打開。下一個儲存格匯入練習用到的所有東西，所以重新啟動 kernel 之後，也能直接從這裡開始。

# %%
from keras_recipes import check, explain_model, explain_recipe

import keras
from keras import layers

# %% [markdown]
# ### 練習 1：先預測，再驗證
#
# `build_sequential(hidden_units=8)` 把隱藏層從兩個神經元改成八個。這個模型共有多少個參數？把 `None` 換成你算出的數字再執行：`explain_recipe` 會從每一層的設定算出各層的參數，最後一行把你的數字和 Keras 數出來的並排。

# %%
prediction = None  # ← 填入你算出的模型參數數量
explained = explain_recipe("sequential", hidden_units=8)
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# prediction = (1 * 8 + 8) + (8 * 1 + 1)  # hidden：16，output：9
# explained = explain_recipe("sequential", hidden_units=8)
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>

# %% [markdown]
# ### 練習 2：照摘要寫出模型
#
# 下面的儲存格只寫了序貫模型的輸出層。報告裡「文章」那幾欄就是要照著寫的摘要：把缺少的層補上，直到報告最後不再有以 `!` 開頭的行。

# %%
yours = keras.Sequential(
    [keras.Input(shape=(1,)), layers.Dense(1, name="output")],
    name="yours",
)
report = check(yours, "sequential")
print(report)

# %% [markdown]
# <details>
# <summary>答案</summary>
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
# ### 練習 3：先預測，再驗證
#
# 第 2 節的那一層把 784 個像素值接到 512 個神經元。它有多少個參數？先預測，再執行儲存格：它用三個步驟建出這一層，`explain_model` 會算出它的參數數量。

# %%
prediction = None  # ← 填入你算出的這一層參數數量
inputs = keras.Input(shape=(784,))
three_steps = keras.Model(inputs, layers.Dense(512)(inputs))
explained = explain_model(three_steps)
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# prediction = 784 * 512 + 512  # 每個輸入和神經元之間一個權重，每個神經元一個偏差
# inputs = keras.Input(shape=(784,))
# three_steps = keras.Model(inputs, layers.Dense(512)(inputs))
# explained = explain_model(three_steps)
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>
