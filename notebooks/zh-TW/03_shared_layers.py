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
# # 共享層：一個輸出，好幾個讀者
#
# 本筆記本對應文章第 4 節「共享層模型」。
#
# 序貫模型裡，每一層的輸出只能交給下一層。函數式 API 沒有這個限制：把好幾層都呼叫在同一個張量上，那一層的輸出就同時餵給了它們。文章把這樣的層稱為「共享」層，並在網絡的頭尾各舉了一個例子：
#
# - **共享輸入層**：兩個特徵提取分支看同一張圖（第 4.1 節「共享輸入層 (Shared Input Layer)」）；
# - **共享特徵提取層**：一個 LSTM 提取的特徵，交給兩個解釋分支各自判讀（第 4.2 節「共享特徵提取層 (Shared Feature Extraction Layer)」）。
#
# 兩個模型都先用 Keras 3 寫出來，層名沿用文章的，並和文章印出的摘要逐列核對；之後再看 `keras_recipes` 的建構函式建出同一個模型。

# %% [markdown]
# ## 準備工作

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

from keras_recipes import check, plot_recipe, read_rows, set_language

set_language("zh-TW")

import os
from collections import defaultdict
from pathlib import Path

import keras
import numpy as np
from IPython.display import Image
from keras import layers

DIAGRAMS = Path(os.environ.get("KERAS_RECIPES_DIAGRAMS", "diagrams"))

# %% [markdown]
# 先寫一個小工具，找出任何模型裡被共享的層。它透過 Keras 的 API 讀出每一層接在哪些層後面，只留下輸出被兩層以上讀取的那些。


# %%
def shared_outputs(model: keras.Model) -> dict[str, list[str]]:
    """Each layer whose output feeds more than one layer, with the layers it feeds."""
    readers = defaultdict(list)
    for row in read_rows(model):
        for source in row.connected_to:
            readers[source].append(row.name)
    return {name: names for name, names in readers.items() if len(names) > 1}


# %% [markdown]
# ## 4.1 共享輸入層：同一張圖，兩種看法
#
# 兩個卷積分支讀同一張 28×28 的圖：它們都呼叫在 `mnist_input` 上。`conv1` 用 32 個濾波器、內核大小 4；`conv2` 用 16 個濾波器、內核大小 8。小內核抓得到細的筆畫，大內核看的是比較粗略的輪廓。每個分支先池化，再平坦化成一條向量；`merge` 把兩條向量串連起來，交給後面的分類層。

# %%
mnist_input = keras.Input(shape=(28, 28, 1), name="input")

conv1 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv1")(mnist_input)
pool1 = layers.MaxPooling2D(pool_size=(2, 2), name="pool1")(conv1)
flat1 = layers.Flatten(name="flat1")(pool1)

conv2 = layers.Conv2D(16, kernel_size=8, activation="relu", name="conv2")(mnist_input)
pool2 = layers.MaxPooling2D(pool_size=(2, 2), name="pool2")(conv2)
flat2 = layers.Flatten(name="flat2")(pool2)

merge = layers.Concatenate(name="merge")([flat1, flat2])
hidden1 = layers.Dense(64, activation="relu", name="hidden1")(merge)
output = layers.Dense(10, activation="softmax", name="output")(hidden1)
shared_input = keras.Model(inputs=mnist_input, outputs=output, name="shared_input")
shared_input.summary()

# %% [markdown]
# 在網絡拓撲圖裡，分岔就在最上面：`input` 往下拉出兩個箭頭。

# %%
Image(plot_recipe(shared_input, DIAGRAMS / "03_shared_layers-shared-input.png"))

# %%
shared_outputs(shared_input)

# %% [markdown]
# 文章沒有替 `Flatten` 和 `Concatenate` 層命名，交給 Keras 自己取（`flatten_9`、`concatenate_5`）。Keras 替每種層各自計數，編號要看同一個工作階段裡之前已經建過幾個同類型的層，每次執行都可能不一樣。上面的程式依用途把它們取名為 `flat1`、`flat2` 和 `merge`；檢查器會改用層的類型和它接在哪些層後面，把它們和文章的那幾列配對起來。結果每一列都對得上：

# %%
print(check(shared_input, "shared-input"))

# %% [markdown]
# 共享輸入層不需要額外的代價：圖只存一份，兩個分支各有自己的權重。每筆樣本的每個像素，兩個分支都看得到，所以餵給模型的只要一個陣列：

# %%
images = np.zeros((2, 28, 28, 1), dtype="float32")
shared_input.predict(images, verbose=0).shape

# %% [markdown]
# 建構函式 `build_shared_input()` 建出的是同一個模型，層名也相同，而且已經編譯好、可以訓練：

# %%
from keras_recipes import build_shared_feature_extractor, build_shared_input

built = build_shared_input()
print(read_rows(built) == read_rows(shared_input))

# %%
built.count_params(), shared_input.count_params()

# %% [markdown]
# 換個大小，還是同一個模型：`filters` 和 `kernel_sizes` 裡有幾個數字，就有幾個分支。加上第三個分支、內核大小 12，同一個輸入層就多了一個讀者。

# %%
three_branches = build_shared_input(filters=(32, 16, 8), kernel_sizes=(4, 8, 12))
shared_outputs(three_branches)

# %% [markdown]
# ## 4.2 共享特徵提取層：一個 LSTM，兩種解讀
#
# 這一次分岔出現在比較後面。`lstm1` 把數字當成 784 個像素的序列讀進來，濃縮成 128 個數。這些特徵只算一次，卻被讀了兩次：一次給 `interp1`，只有一個 `Dense` 層；另一次給比較深的 `interp21` → `interp22` → `interp23`。`merge` 把兩種解讀串連起來，再送到輸出層。
#
# 注意：文章這一節的說明文字寫的是「10個存儲單元」，但它的程式碼和印出的摘要用的都是 128；這裡照程式碼，LSTM 有 128 個神經元。

# %%
mnist_input = keras.Input(shape=(784, 1), name="input")
extract1 = layers.LSTM(128, name="lstm1")(mnist_input)

interp1 = layers.Dense(10, activation="relu", name="interp1")(extract1)

interp21 = layers.Dense(64, activation="relu", name="interp21")(extract1)
interp22 = layers.Dense(32, activation="relu", name="interp22")(interp21)
interp23 = layers.Dense(16, activation="relu", name="interp23")(interp22)

merge = layers.Concatenate(name="merge")([interp1, interp23])
output = layers.Dense(10, activation="softmax", name="output")(merge)
extractor = keras.Model(inputs=mnist_input, outputs=output, name="shared_feature_extractor")
extractor.summary()

# %%
Image(plot_recipe(extractor, DIAGRAMS / "03_shared_layers-shared-feature-extractor.png"))

# %%
shared_outputs(extractor)

# %% [markdown]
# 為什麼要在這裡共享？LSTM 是整個模型裡最貴的一層：全部 78,984 個參數裡它就占了 66,560 個，而且每筆樣本都要一步接一步地算 784 步。特徵只算一次，再交給兩組便宜的層用不同方式解讀，幾乎不增加成本。
#
# 程式裡先建立的是 `interp1`，摘要卻把 `interp21` 和 `interp22` 排在它前面；文章和 Keras 3 都是這樣。原因是摘要會先列出離輸出最遠的層。每一列都和文章的對得上：

# %%
print(check(extractor, "shared-feature-extractor"))

# %% [markdown]
# `build_shared_feature_extractor()` 建出的也是同一個模型：

# %%
built = build_shared_feature_extractor()
print(read_rows(built) == read_rows(extractor))

# %%
built.count_params(), extractor.count_params()

# %% [markdown]
# 換個大小：深的那個分支從三層減成兩層，圖也改成一次讀一列（28 個時間步，每步 28 個像素）。兩個分支讀的仍然是同一個 `lstm1`。

# %%
smaller = build_shared_feature_extractor(input_shape=(28, 28), deep_units=(32, 16))
shared_outputs(smaller)

# %%
smaller.count_params()

# %% [markdown]
# ## 另一種共享：同一個層物件，呼叫兩次
#
# Keras 官方的教學說「共享層」時，還有另一個意思：**同一個層物件**呼叫在兩個不同的張量上，兩次呼叫用的是同一組權重。比較兩個輸入的孿生網絡就是這樣建出來的。文章的模型用不到這種寫法，但背後的機制一樣：層就是一個可以呼叫的東西。一個 8 × 4 的權重矩陣加 4 個偏差，用了兩次，總共還是 36 個參數：

# %%
same_dense = layers.Dense(4, name="same_dense")
left = keras.Input(shape=(8,), name="left")
right = keras.Input(shape=(8,), name="right")
twins = keras.Model(inputs=[left, right], outputs=[same_dense(left), same_dense(right)])
twins.count_params()

# %% [markdown]
# ## 檢查一個常見的錯誤
#
# 共享輸入層模型最容易錯在連接：把第二個卷積層接在第一條分支的輸出上，而不是接在輸入上，模型照樣建得起來。`check` 從圖裡讀出每一層接收哪一層的輸出，所以能指出接錯輸入的是哪一層：

# %%
visible = keras.Input(shape=(28, 28, 1))
a = layers.Conv2D(32, kernel_size=4, activation="relu")(visible)
a = layers.MaxPooling2D(pool_size=(2, 2))(a)
b = layers.Conv2D(16, kernel_size=8, activation="relu")(a)
b = layers.MaxPooling2D(pool_size=(2, 2))(b)
merged = layers.Concatenate()([layers.Flatten()(a), layers.Flatten()(b)])
x = layers.Dense(64, activation="relu")(merged)
yours = keras.Model(visible, layers.Dense(10, activation="softmax")(x))
print(check(yours, "shared-input"))

# %% [markdown]
# 像文章那樣把它接在輸入上，第二條分支看到的就是整張圖，模型也就通過了：

# %%
b = layers.Conv2D(16, kernel_size=8, activation="relu")(visible)
b = layers.MaxPooling2D(pool_size=(2, 2))(b)
merged = layers.Concatenate()([layers.Flatten()(a), layers.Flatten()(b)])
x = layers.Dense(64, activation="relu")(merged)
yours = keras.Model(visible, layers.Dense(10, activation="softmax")(x))
check(yours, "shared-input").ok

# %% [markdown]
# ## 重點整理
#
# 想共享某一層的輸出，就把好幾層都呼叫在它回傳的張量上；在網絡拓撲圖裡，它是一個往下拉出好幾個箭頭的方框。下一本筆記本 `04_multiple_inputs_outputs` 更進一步：模型可以有好幾個輸入，也可以有好幾個輸出。


# %% [markdown]
# ## 練習
#
# 每個練習都從一個照原樣就能執行的儲存格開始。有的要你先親手算出一個數字或形狀，再執行儲存格：`explain` 會把算式和 Keras 數出來的結果並排列出。有的要你照著摘要寫出模型，有的給你一個有一處錯誤的模型：`check` 會在以 `!` 開頭的行裡指出還有哪裡不符。
#
# 答案摺疊在每個練習下方，自己試過之後再打開。下一個儲存格匯入練習用到的所有東西，所以重新啟動 kernel 之後，也能直接從這裡開始。

# %%
from keras_recipes import build_shared_input, check, explain_recipe

import keras
from keras import layers

# %% [markdown]
# ### 練習 1：先預測，再驗證
#
# 共享輸入層模型的兩條分支各自平坦化之後，串連成 `merge`。`merge` 有多少個值寬？先算出每條分支的特徵圖：內核大小為 k 時，28 會縮成 28 − k + 1，池化大小為 2 時再減半（無條件捨去）。

# %%
prediction = None  # ← 填入你算出的 merge 寬度
model = build_shared_input()
print(explain_recipe("shared-input"))
prediction, model.get_layer("merge").output.shape[-1]

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# prediction = 12 * 12 * 32 + 10 * 10 * 16  # conv1：25 → 12；conv2：21 → 10
# model = build_shared_input()
# print(explain_recipe("shared-input"))
# prediction, model.get_layer("merge").output.shape[-1]
# ```
#
# </details>

# %% [markdown]
# ### 練習 2：修好有錯的模型
#
# 下面兩條分支都沒寫錯，但把它們接起來的那一行有錯。執行儲存格，讀以 `!` 開頭的那一行，再把它改對。

# %%
image = keras.Input(shape=(28, 28, 1))
x1 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv1")(image)
flat1 = layers.Flatten(name="flat1")(layers.MaxPooling2D(2, name="pool1")(x1))
x2 = layers.Conv2D(16, kernel_size=8, activation="relu", name="conv2")(image)
flat2 = layers.Flatten(name="flat2")(layers.MaxPooling2D(2, name="pool2")(x2))
merge = layers.Concatenate(name="merge")([flat2, flat1])
hidden1 = layers.Dense(64, activation="relu", name="hidden1")(merge)
yours = keras.Model(image, layers.Dense(10, activation="softmax", name="output")(hidden1))
report = check(yours, "shared-input")
print(report)

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# image = keras.Input(shape=(28, 28, 1))
# x1 = layers.Conv2D(32, kernel_size=4, activation="relu", name="conv1")(image)
# flat1 = layers.Flatten(name="flat1")(layers.MaxPooling2D(2, name="pool1")(x1))
# x2 = layers.Conv2D(16, kernel_size=8, activation="relu", name="conv2")(image)
# flat2 = layers.Flatten(name="flat2")(layers.MaxPooling2D(2, name="pool2")(x2))
# merge = layers.Concatenate(name="merge")([flat1, flat2])
# hidden1 = layers.Dense(64, activation="relu", name="hidden1")(merge)
# yours = keras.Model(image, layers.Dense(10, activation="softmax", name="output")(hidden1))
# report = check(yours, "shared-input")
# print(report)
# ```
#
# </details>

# %% [markdown]
# ### 練習 3：照摘要寫出模型
#
# 下面的共享特徵提取層模型已經有 LSTM、淺的那條 `interp1`、深的那條的第一層和輸出層。請照報告印出的文章第 4.2 節摘要，把深的那條寫完（`interp22`、`interp23`）。

# %%
inputs = keras.Input(shape=(784, 1))
extract = layers.LSTM(128, name="lstm1")(inputs)
interp1 = layers.Dense(10, activation="relu", name="interp1")(extract)
deep = layers.Dense(64, activation="relu", name="interp21")(extract)
# ← interp22 and interp23 go here
merge = layers.Concatenate(name="merge")([interp1, deep])
yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(merge))
report = check(yours, "shared-feature-extractor")
print(report)

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# inputs = keras.Input(shape=(784, 1))
# extract = layers.LSTM(128, name="lstm1")(inputs)
# interp1 = layers.Dense(10, activation="relu", name="interp1")(extract)
# deep = layers.Dense(64, activation="relu", name="interp21")(extract)
# deep = layers.Dense(32, activation="relu", name="interp22")(deep)
# deep = layers.Dense(16, activation="relu", name="interp23")(deep)
# merge = layers.Concatenate(name="merge")([interp1, deep])
# yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(merge))
# report = check(yours, "shared-feature-extractor")
# print(report)
# ```
#
# </details>
