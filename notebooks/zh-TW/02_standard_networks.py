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
# # 三種標準網絡：多層感知器、卷積神經網絡、遞歸神經網絡
#
# 本筆記本對應文章第 3 節「標準網絡模型」。
#
# 在進入會分岔的網絡之前，先用函數式 API 寫出三種最經典的網絡，它們做的是同一件事：把 28×28 的 MNIST 手寫數字分成 10 類。三者最大的不同在於**一筆樣本進來時長什麼樣子**：多層感知器讀的是一條平坦化的向量，卷積神經網絡讀的是一張圖，遞歸神經網絡讀的則是一段序列。
#
# 每種網絡都照同樣的順序走：先用 Keras 3 把模型寫出來，層的名稱沿用文章的；接著看它的摘要和網絡拓撲圖，再和文章印出的摘要逐列核對；最後才交給 `keras_recipes` 的建構函式，確認它建出一模一樣的模型。

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
# 這裡的模型都還沒訓練，預測出來的答案沒有意義；我們關心的是資料進去和出來的形狀。三個模型共用一張自己畫的數字當輸入：28×28 的格子全部填 0，中間畫一道直線，大致像個「1」。

# %%
digit = np.zeros((28, 28), dtype="float32")
digit[4:24, 13:15] = 1.0
digit.shape

# %% [markdown]
# ## 3.1 多層感知器：把數字看成 784 個數
#
# 多層感知器不知道什麼是「列」和「行」，它的輸入層收的是 784 個像素值排成的一條向量。接著是三個隱藏層，分別有 512、216 和 128 個神經元，激活函數都是 ReLU；輸出層有 10 個神經元，用 softmax 算出每一類的機率。下面每一行對應文章程式裡的一層，而且都呼叫在上一行得到的張量上。

# %%
mnist_input = keras.Input(shape=(784,), name="input")
hidden1 = layers.Dense(512, activation="relu", name="hidden1")(mnist_input)
hidden2 = layers.Dense(216, activation="relu", name="hidden2")(hidden1)
hidden3 = layers.Dense(128, activation="relu", name="hidden3")(hidden2)
output = layers.Dense(10, activation="softmax", name="output")(hidden3)
mlp = keras.Model(inputs=mnist_input, outputs=output, name="mlp")

# %% [markdown]
# 文章的每個範例最後都做兩件事：打印網絡結構（`model.summary()`），再產生網絡拓撲圖。

# %%
mlp.summary()

# %%
Image(plot_recipe(mlp, DIAGRAMS / "02_standard_networks-mlp.png"))

# %% [markdown]
# 每個 `Dense` 層的參數，是「輸入數 × 神經元數」個權重，再加上每個神經元一個偏差：`hidden1` 就是 784 × 512 + 512 = 401,920 個。文章印出的表和 Keras 3 建出的模型，每一列都對得上：

# %%
print(check(mlp, "mlp"))

# %% [markdown]
# 建構函式 `build_mlp()` 建出的是同一個模型，只是多做了兩件事：先檢查引數，最後把模型編譯好，隨時可以訓練。它的摘要和上面手寫的模型逐列相同，參數個數也一樣：

# %%
from keras_recipes import build_cnn, build_mlp, build_rnn

built = build_mlp()
print(read_rows(built) == read_rows(mlp))

# %%
built.count_params(), mlp.count_params()

# %% [markdown]
# 換個大小，還是同一個模型：只留兩個隱藏層，分別是 256 和 128 個神經元。`hidden_units` 裡有幾個數字，建構函式就建幾個隱藏層，依序命名為 `hidden1`、`hidden2`。

# %%
build_mlp(hidden_units=(256, 128)).summary()

# %% [markdown]
# 配方裡記錄了一筆樣本的形狀。把圖平坦化成 784 個數就對上了，前面再補上批次的維度：

# %%
print(RECIPES["mlp"].inputs[0].shape)
mlp.predict(digit.reshape(1, 784), verbose=0).shape

# %% [markdown]
# ## 3.2 卷積神經網絡：把數字看成一張圖
#
# 卷積神經網絡保留了圖的格子結構。它的輸入是 28×28、只有一個通道（灰階）的圖。兩組 `Conv2D` 加池化層（`MaxPooling2D`）把圖轉成一疊尺寸愈來愈小的特徵圖，再交給 `Dense` 層判讀。下面這個模型完全照文章印出來的樣子寫。

# %%
mnist_input = keras.Input(shape=(28, 28, 1), name="input")
conv1 = layers.Conv2D(128, kernel_size=4, activation="relu", name="conv1")(mnist_input)
pool1 = layers.MaxPooling2D(pool_size=(2, 2), name="pool1")(conv1)
conv2 = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(pool1)
pool2 = layers.MaxPooling2D(pool_size=(2, 2), name="pool2")(conv2)
hidden1 = layers.Dense(64, activation="relu", name="hidden1")(pool2)
output = layers.Dense(10, activation="softmax", name="output")(hidden1)
cnn = keras.Model(inputs=mnist_input, outputs=output, name="cnn")
cnn.summary()

# %%
Image(plot_recipe(cnn, DIAGRAMS / "02_standard_networks-cnn.png"))

# %% [markdown]
# 沿著拓撲圖往下，只追其中一個空間維度：4×4 的內核、不補邊，28 變成 25；池化大小 2 把它減半成 12；下一個內核得到 9，再池化一次剩 4。

# %%
print(check(cnn, "cnn"))

# %% [markdown]
# `build_cnn()` 建出的也是同一個模型：

# %%
built = build_cnn()
print(read_rows(built) == read_rows(cnn))

# %%
built.count_params(), cnn.count_params()

# %% [markdown]
# 換個大小：濾波器改成 32 和 16 個，內核縮成 3×3。內核小，特徵圖就留得比較大（26、13、11、5）；濾波器少，參數也跟著少了一大截。

# %%
build_cnn(filters=(32, 16), kernel_size=3).summary()

# %% [markdown]
# 輸入的圖只要補上通道和批次兩個維度就行。不過請注意輸出的形狀：是 `(1, 4, 4, 10)`，不是 `(1, 10)`。文章的程式在 `Dense` 層之前少了 `Flatten`，結果模型對最後那張 4×4 特徵圖的 16 個格子各做了一次預測。這個錯誤和它的修正，留到筆記本 `05_cnn_erratum` 再仔細看。

# %%
print(RECIPES["cnn"].inputs[0].shape)
cnn.predict(digit.reshape(1, 28, 28, 1), verbose=0).shape

# %% [markdown]
# ## 3.3 遞歸神經網絡：把數字看成一段序列
#
# LSTM 是一種遞歸神經網絡，它一次讀一個時間步，並把記憶一路帶到下一步。這裡把 784 個像素各當成一個時間步，每步只有一個特徵，從第一列一路讀到最後一列。LSTM 讀完後的最終狀態（128 個數）交給一個隱藏層，最後是 softmax 輸出層。

# %%
mnist_input = keras.Input(shape=(784, 1), name="input")
lstm1 = layers.LSTM(128, name="lstm1")(mnist_input)
hidden1 = layers.Dense(128, activation="relu", name="hidden1")(lstm1)
output = layers.Dense(10, activation="softmax", name="output")(hidden1)
rnn = keras.Model(inputs=mnist_input, outputs=output, name="rnn")
rnn.summary()

# %%
Image(plot_recipe(rnn, DIAGRAMS / "02_standard_networks-rnn.png"))

# %% [markdown]
# LSTM 層有三道閘門（輸入閘、遺忘閘、輸出閘），再加上算出候選記憶的一組權重，一共四組。每一組都有輸入權重、遞歸權重和偏差，算式裡的 4 就是這四組：`lstm1` 的參數是 4 × (1 × 128 + 128 × 128 + 128) = 66,560 個。

# %%
print(check(rnn, "rnn"))

# %% [markdown]
# `build_rnn()` 建出的也是同一個模型：

# %%
built = build_rnn()
print(read_rows(built) == read_rows(rnn))

# %%
built.count_params(), rnn.count_params()

# %% [markdown]
# 對 LSTM 來說，這張數字圖變成 784 個時間步，每步一個值：

# %%
print(RECIPES["rnn"].inputs[0].shape)
rnn.predict(digit.reshape(1, 784, 1), verbose=0).shape

# %% [markdown]
# 換個大小：改成 28 個時間步、每步 28 個值，也就是一步讀圖的一整列。每步帶進來的輸入變成 28 個，`lstm1` 的參數增加到 4 × (28 × 128 + 128 × 128 + 128) = 80,384 個；但序列短了 28 倍，所以這個形狀訓練起來快得多。

# %%
by_rows = build_rnn(input_shape=(28, 28))
by_rows.summary()
by_rows.predict(digit.reshape(1, 28, 28), verbose=0).shape

# %% [markdown]
# ## 檢查一個常見的錯誤
#
# 多數人寫模型時不會替層命名，偶爾也會打錯數字。下面第二個隱藏層寫成了 256 個神經元。`check` 依照層的類型、形狀和連接方式（而不是名稱）把你的層對到文章的每一列，最後每個錯誤各給一行：哪一層、要改哪個引數、文章裡的值，以及算出這個值的算式。

# %%
visible = keras.Input(shape=(784,))
x = layers.Dense(512, activation="relu")(visible)
x = layers.Dense(256, activation="relu")(x)
x = layers.Dense(128, activation="relu")(x)
yours = keras.Model(visible, layers.Dense(10, activation="softmax")(x))
print(check(yours, "mlp"))

# %% [markdown]
# `hidden3` 也不符，但那只是因為它的輸入變大了：報告把它列在原因底下（「因此……也不符」），不算成第二個錯誤。改成 216 個神經元後，模型就通過了：

# %%
x = layers.Dense(512, activation="relu")(visible)
x = layers.Dense(216, activation="relu")(x)
x = layers.Dense(128, activation="relu")(x)
yours = keras.Model(visible, layers.Dense(10, activation="softmax")(x))
check(yours, "mlp").ok

# %% [markdown]
# ## 重點整理
#
# 三種網絡都用函數式 API 的同一套寫法：`Input`、一連串的層呼叫、`Model`，最後也都是對 10 類做 softmax。真正不同的是輸入的形狀，而形狀決定了網絡看得到哪一種結構：多層感知器什麼結構都看不到，卷積神經網絡看得到相鄰的像素，遞歸神經網絡看得到先後順序。下一本筆記本 `03_shared_layers` 要讓一個張量同時餵給好幾層。


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
# `build_rnn(lstm_units=64)` 沿用文章的遞歸神經網絡，只把 `lstm1` 改成 64 個神經元。整個模型有多少個參數？提示：LSTM 有四組權重（三道閘門加上候選記憶），每一組都像一個 Dense 層，讀的是這個時間步的輸入加上前一步的輸出。

# %%
prediction = None  # ← 填入你算出的模型參數數量
explained = explain_recipe("rnn", lstm_units=64)
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# prediction = 4 * (64 * (1 + 64) + 64) + (64 * 128 + 128) + (128 * 10 + 10)
# explained = explain_recipe("rnn", lstm_units=64)
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>

# %% [markdown]
# ### 練習 2：照摘要寫出模型
#
# 在下面已經寫好的輸入層和輸出層之間，寫出文章第 3.3 節的遞歸神經網絡。報告裡「文章」那幾欄就是要照著寫的摘要；原本的儲存格一執行，報告就會指出第一個缺少的層。

# %%
inputs = keras.Input(shape=(784, 1))
x = inputs  # ← 在這裡加上 lstm1 和 hidden1
outputs = layers.Dense(10, activation="softmax", name="output")(x)
yours = keras.Model(inputs, outputs)
report = check(yours, "rnn")
print(report)

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# inputs = keras.Input(shape=(784, 1))
# x = layers.LSTM(128, name="lstm1")(inputs)
# x = layers.Dense(128, activation="relu", name="hidden1")(x)
# outputs = layers.Dense(10, activation="softmax", name="output")(x)
# yours = keras.Model(inputs, outputs)
# report = check(yours, "rnn")
# print(report)
# ```
#
# </details>

# %% [markdown]
# ### 練習 3：修好有錯的模型
#
# 這個卷積神經網絡有一個錯誤。執行儲存格，讀以 `!` 開頭的那一行，再把模型改對。

# %%
inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(128, kernel_size=3, activation="relu", name="conv1")(inputs)
x = layers.MaxPooling2D(pool_size=2, name="pool1")(x)
x = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(x)
x = layers.MaxPooling2D(pool_size=2, name="pool2")(x)
x = layers.Dense(64, activation="relu", name="hidden1")(x)
yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(x))
report = check(yours, "cnn")
print(report)

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# inputs = keras.Input(shape=(28, 28, 1))
# x = layers.Conv2D(128, kernel_size=4, activation="relu", name="conv1")(inputs)
# x = layers.MaxPooling2D(pool_size=2, name="pool1")(x)
# x = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(x)
# x = layers.MaxPooling2D(pool_size=2, name="pool2")(x)
# x = layers.Dense(64, activation="relu", name="hidden1")(x)
# yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(x))
# report = check(yours, "cnn")
# print(report)
# ```
#
# </details>
