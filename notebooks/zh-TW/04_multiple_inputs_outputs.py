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
# # 多個輸入、多個輸出
#
# 本筆記本對應文章第 5 節「多種輸入和輸出模型」，包括 5.1「多輸入模型」和 5.2「多輸出模型」。
#
# 序貫模型只接受一個陣列，也只回傳一個陣列。函數式 API 的 `Model` 則可以收下一串輸入、交出一串輸出：同一個模型可以同時讀好幾種資料，也可以一次回答好幾個問題。
#
# 兩個模型都照同樣的順序來看：先用 Keras 3 把程式碼一行一行寫出來（層的名稱沿用文章的），看它的摘要和網絡拓撲圖，再拿去和文章印出的摘要比對；接著用 `keras_recipes` 的建構函式做出同一個模型；最後看資料怎麼餵進去、結果怎麼拿回來。

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

from keras_recipes import RECIPES, check, plot_recipe, read_rows, set_language

set_language("zh-TW")

import os
from pathlib import Path

import keras
import numpy as np
from IPython.display import Image
from keras import layers

DIAGRAMS = Path(os.environ.get("KERAS_RECIPES_DIAGRAMS", "diagrams"))

# %% [markdown]
# ## 5.1 多輸入模型：同一個數字，兩種尺寸
#
# 第一個模型會把每個 28×28 的數字看兩次：一次放大成 64×64 的灰階圖，一次稍微放大成 32×32 的彩色圖。兩張圖各有自己的輸入層，也各走一條自己的卷積分支：兩組 `Conv2D` 加 `MaxPooling2D`，最後接一個 `Flatten`。兩條分支找到的特徵在 `merge` 會合，再交給兩個 `Dense` 層做判斷。
#
# 文章沒有替兩個 `Flatten` 層和負責串連的那一層取名字，Keras 就自動替它們編號（`flatten_11`、`concatenate_6`）。這裡改用存放它們的變數名稱來命名：`flat1`、`flat2` 和 `merge`。

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
# 兩條分支一直到 `merge` 才碰頭，所以網絡拓撲圖的最上面有兩個起點。

# %%
Image(plot_recipe(multi_input, DIAGRAMS / "04_multiple_inputs_outputs-multi-input.png"))

# %% [markdown]
# 每一列都和文章印出的摘要相符。文章裡的 `flatten_11` 和 `concatenate_6` 是 Keras 自己取的名字，所以這幾列改用類型、形狀、參數數量和輸入來比對：

# %%
print(check(multi_input, "multi-input"))

# %% [markdown]
# 建構函式 `build_multi_input()` 做出的是同一個模型，而且已經編譯好，可以直接拿來訓練。它的摘要和上面手寫的模型逐列相同：

# %%
from keras_recipes import build_multi_input, build_multi_output

built = build_multi_input()
print(read_rows(built) == read_rows(multi_input))

# %%
built.count_params(), multi_input.count_params()

# %% [markdown]
# 同一個模型，換個尺寸：每條分支的濾波器都減半，隱藏層只留一層。改變的只有寬度，兩條分支和會合的位置都沒有動。

# %%
build_multi_input(filters=(16, 8), hidden_units=(64,)).summary()

# %% [markdown]
# ### 輸入怎麼宣告
#
# 上面的程式碼最後寫的是 `keras.Model(inputs=[img_gray_bigsize, img_rgb_smallsize], ...)`：傳入的是一個串列，串列的順序就是模型輸入的順序。模型會記住這兩個輸入層，連名字一起：

# %%
for tensor in built.inputs:
    print(tensor.name, tensor.shape)

# %% [markdown]
# ### 資料怎麼餵進去
#
# 每個輸入各給一個陣列，而且樣本數必須一樣。每個輸入的形狀都記在 registry 裡；這裡照著這些形狀，各做兩個全是 0 的假樣本。

# %%
batch = 2
arrays = {}
for spec in RECIPES["multi-input"].inputs:
    arrays[spec.name] = np.zeros((batch, *spec.shape[1:]), dtype="float32")
    print(spec.name, arrays[spec.name].shape)

# %% [markdown]
# Keras 接受兩種寫法：一種是**串列**，順序和當初交給 `Model` 的輸入相同；另一種是以輸入名稱為鍵的**字典**，這時順序就不重要了。字典比較不容易出錯，`fit` 和 `evaluate` 也都接受這兩種寫法。

# %%
as_list = [arrays["img_gray_bigsize"], arrays["img_rgb_smallsize"]]
print("list:", built.predict(as_list, verbose=0).shape)

as_dict = {
    "img_rgb_smallsize": arrays["img_rgb_smallsize"],
    "img_gray_bigsize": arrays["img_gray_bigsize"],
}
print("dict:", built.predict(as_dict, verbose=0).shape)

# %% [markdown]
# ## 5.2 多輸出模型：一個類別，加上一整個序列
#
# 第二個模型把數字當成 784 個像素來讀，每個時間步讀一個像素，然後回答兩個問題。`extract` 是一個在**每個**時間步都交出狀態的 LSTM（`return_sequences=True`），後面接著兩個分支：
#
# - `output1` 經過第二個 LSTM 和一個 `Dense` 層，替整個數字分類；
# - `output2` 對 784 個時間步的每一步套用同一個 `Dense` 層（`TimeDistributed`），替每一步分類。
#
# 兩個輸出層以串列的形式交給 `keras.Model`。

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
# 網絡拓撲圖的最下面有兩個終點，每個輸出層一個。

# %%
Image(plot_recipe(multi_output, DIAGRAMS / "04_multiple_inputs_outputs-multi-output.png"))

# %% [markdown]
# `output2` 裡只有一個 `Dense` 層，64 × 10 + 10 = 650 個參數，在 784 個時間步上重複使用。不論這一列還是其他列，文章的表格和 Keras 3 都一致：

# %%
print(check(multi_output, "multi-output"))

# %% [markdown]
# `build_multi_output()` 做出的也是同一個模型：

# %%
built = build_multi_output()
print(read_rows(built) == read_rows(multi_output))

# %%
built.count_params(), multi_output.count_params()

# %% [markdown]
# 同一個模型，換個尺寸：把數字當成 28 列、每列 28 個像素來讀，而不是 784 個單獨的像素。現在每個時間步帶進一整列，序列長度變成 28，`output2` 每讀完一列就回答一次（筆記本 07 訓練的就是這個版本）。

# %%
by_rows = build_multi_output(input_shape=(28, 28))
by_rows.summary()

# %% [markdown]
# ### 輸出怎麼宣告，預測會拿回什麼
#
# 預測時，每個輸出各回傳一個陣列，順序就是交給 `Model` 的那個串列的順序。這裡用的是逐列讀取的版本：784 步要跑上好幾秒，28 步一下子就好：

# %%
digit_rows = np.zeros((1, 28, 28), dtype="float32")
label, per_step = by_rows.predict(digit_rows, verbose=0)
print("output1:", label.shape, " output2:", per_step.shape)

# %% [markdown]
# ### 目標值怎麼給
#
# 訓練時，每個輸出都需要自己的目標值，也可以有自己的損失函數。文章從頭到尾都沒有編譯模型；建構函式替這個模型的每個輸出各設了一個損失函數，以輸出層的名稱為鍵：

# %%
built.loss

# %% [markdown]
# 所以 `fit` 收目標值時，也用同樣的鍵組成字典：`output1` 每個數字一個整數標籤，`output2` 每個時間步一個。以上面那一個數字為例，形狀像這樣：

# %%
targets = {"output1": np.zeros((1,), dtype="int64"), "output2": np.zeros((1, 28), dtype="int64")}
{name: array.shape for name, array in targets.items()}

# %% [markdown]
# ## 檢查一個常見的錯誤
#
# 兩條分支長得很像時，很容易把一條原封不動抄到另一條。下面彩色分支的第二個卷積層還是 32 個濾波器，文章用的是 16 個。報告指出是哪一層、應該是多少，並把它之後、直到第一個 Dense 層為止的各層列為連帶不符：

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
# 改成 16 個濾波器，兩條分支最後的特徵圖深度相同，模型就通過了：

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
# ## 重點整理
#
# 要宣告多輸入模型或多輸出模型，只需要寫 `Model(inputs=[...], outputs=[...])`。資料也照同樣的結構給：依宣告順序排好的串列，或是更保險的做法：以你替輸入層和輸出層取的名字為鍵的字典。文章建議替每一層取名字，讓摘要比較好讀；到了這裡，取名字又多了一個好處。


# %% [markdown]
# ## 練習
#
# 每個練習都從一個照原樣就能執行的儲存格開始。有的要你先親手算出一個數字或形狀，再執行儲存格：`explain` 會把算式和 Keras 數出來的結果並排列出。有的要你照著摘要寫出模型，有的給你一個有一處錯誤的模型：`check` 會在以 `!` 開頭的行裡指出還有哪裡不符。
#
# 答案摺疊在每個練習下方，自己試過之後再打開。下一個儲存格匯入練習用到的所有東西，所以重新啟動 kernel 之後，也能直接從這裡開始。

# %%
from keras_recipes import check, explain_recipe

import keras
from keras import layers

# %% [markdown]
# ### 練習 1：先預測，再驗證
#
# `build_multi_output(extract_units=32)` 把共用的 LSTM `extract` 從 64 個神經元改成 32 個，其他不變。這個模型現在有多少個參數？別忘了 `output2` 在每個時間步套用同一個 10 個神經元的 Dense 層，權重共用。

# %%
prediction = None  # ← 填入你算出的模型參數數量
explained = explain_recipe("multi-output", extract_units=32)
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# prediction = (
#     4 * (32 * (1 + 32) + 32)  # extract
#     + 4 * (32 * (32 + 32) + 32)  # class11
#     + (32 * 32 + 32)  # class12
#     + (32 * 10 + 10)  # output1
#     + (32 * 10 + 10)  # output2：每個時間步共用同一個 Dense
# )
# explained = explain_recipe("multi-output", extract_units=32)
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>

# %% [markdown]
# ### 練習 2：修好有錯的模型
#
# 這個多輸入模型有一個數字寫錯了。執行儲存格，讀以 `!` 開頭的那一行，再把它改對。

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
# <summary>答案</summary>
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
# ### 練習 3：照摘要寫出模型
#
# 下面的多輸出模型已經有共用的 LSTM 和分類的輸出。請照文章第 5.2 節的摘要補上第二個輸出 `output2`：在 784 個時間步的每一步，各對 10 類做一次預測。

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
# <summary>答案</summary>
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
