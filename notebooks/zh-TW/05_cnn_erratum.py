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
# # 卷積神經網絡的勘誤：少了一個 Flatten 層
#
# 本筆記本對應文章第 3.2 節「卷積神經網絡(CNN)」。
#
# 文章裡的卷積神經網絡建得起來，摘要也印得整整齊齊，總共 138,122 個參數，卻沒辦法訓練成數字分類器。問題出在最後一個池化層直接接上 `Dense` 層，中間沒有先把特徵圖平坦化。這本筆記本先照文章原樣把模型寫出來，看看少了這一步會發生什麼事、摘要又在哪裡露出破綻，最後寫出修正後的模型。

# %% [markdown]
# ## 準備

# %%
# 在 Colab，或沒有裝這門課套件的 Jupyter 裡，先用 pip 從課程網站把它裝起來。
import importlib.util
import subprocess
import sys

SITE = "https://keras-recipes.github.io/keras-recipes/"
PACKAGE = f"keras-recipes[digits] @ {SITE}keras_recipes-0.1.0-py3-none-any.whl"
if importlib.util.find_spec("keras_recipes") is None:
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", PACKAGE])
    if pip.returncode != 0:
        raise SystemExit(f"Install it yourself / 請自行安裝: pip install '{PACKAGE}'")

from keras_recipes import RECIPES, check, data, plot_recipe, read_rows, set_language
from keras_recipes.arithmetic import conv_output, pool_output

set_language("zh-TW")

import math
import os
from pathlib import Path

import keras
from IPython.display import Image
from keras import layers

DIAGRAMS = Path(os.environ.get("KERAS_RECIPES_DIAGRAMS", "diagrams"))

# Real handwritten digits, no download: scikit-learn's, enlarged to 28x28 (see notebook 07).
digits = data.load_digits()

# %% [markdown]
# ## 照文章原樣的模型
#
# 用 Keras 3 寫出文章的程式碼，連錯誤也照抄：兩組 `Conv2D` 加 `MaxPooling2D`，接著直接在 `pool2` 上呼叫 `hidden1`。

# %%
mnist_input = keras.Input(shape=(28, 28, 1), name="input")
conv1 = layers.Conv2D(128, kernel_size=4, activation="relu", name="conv1")(mnist_input)
pool1 = layers.MaxPooling2D(pool_size=(2, 2), name="pool1")(conv1)
conv2 = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(pool1)
pool2 = layers.MaxPooling2D(pool_size=(2, 2), name="pool2")(conv2)
hidden1 = layers.Dense(64, activation="relu", name="hidden1")(pool2)
output = layers.Dense(10, activation="softmax", name="output")(hidden1)

as_printed = keras.Model(inputs=mnist_input, outputs=output, name="cnn")
as_printed.summary()

# %%
Image(plot_recipe(as_printed, DIAGRAMS / "05_cnn_erratum-as-printed.png"))

# %% [markdown]
# 它和文章的摘要逐列相符，所以光靠比對是抓不到這個問題的：

# %%
print(check(as_printed, "cnn"))

# %% [markdown]
# `build_cnn()` 也一字不差地重現文章的程式碼，錯誤照樣保留，摘要完全相同。不同的是它會順便編譯模型（文章從來沒有編譯過），所以建構函式做出的模型帶著一個可以拿來訓練的損失函數：

# %%
from keras_recipes import build_cnn

built = build_cnn()
print(read_rows(built) == read_rows(as_printed))

# %%
built.count_params(), as_printed.count_params()

# %% [markdown]
# ## 為什麼 `(None, 4, 4, 10)` 不對
#
# 沿著摘要往下看形狀：圖片從 28×28 一路縮成 64 個通道的 4×4 特徵圖。

# %%
size = 28
for step, window in [("conv1", 4), ("pool1", 2), ("conv2", 4), ("pool2", 2)]:
    size = conv_output(size, window) if step.startswith("conv") else pool_output(size, window)
    print(f"{step}: {size}x{size}")

# %% [markdown]
# `Dense` 層只作用在輸入的**最後一個軸**上，其他的軸原封不動。拿到 4×4×64 的特徵圖時，`hidden1` 會對 16 個格子各自套用同一組 64 -> 64 的權重，所以它只有 64 × 64 + 64 = 4,160 個參數。`output` 也是如此，結果模型替每張圖片給出 16 組機率向量（每個格子一組），而不是一組。放進八個測試數字看看：

# %%
sample = digits.test.take(8)
images = sample.images[..., None]  # (8, 28, 28, 1)：CNN 要的單一灰階通道
predictions = built.predict(images, verbose=0)
predictions.shape

# %% [markdown]
# 一個數字只有一個標籤，不是十六個。訓練時要透過損失函數比較標籤和預測，而損失函數不接受這樣的組合。下面把模型自己的損失函數套在這八個數字的標籤上，算的正是 `fit` 在第一個批次會算的東西：

# %%
print("labels:", sample.labels)
try:
    built.compute_loss(y=sample.labels, y_pred=predictions)
except ValueError as error:
    print("ValueError:", error)

# %% [markdown]
# ## 修正後的模型
#
# 只要多一行就能修好：在 `pool2` 和 `hidden1` 之間加上 `Flatten`。它把 4×4×64 的特徵圖平坦化，讓每張圖片變成一個 1,024 個特徵的向量，模型的輸出也就變成 `(None, 10)`。

# %%
mnist_input = keras.Input(shape=(28, 28, 1), name="input")
conv1 = layers.Conv2D(128, kernel_size=4, activation="relu", name="conv1")(mnist_input)
pool1 = layers.MaxPooling2D(pool_size=(2, 2), name="pool1")(conv1)
conv2 = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(pool1)
pool2 = layers.MaxPooling2D(pool_size=(2, 2), name="pool2")(conv2)
flatten = layers.Flatten(name="flatten")(pool2)
hidden1 = layers.Dense(64, activation="relu", name="hidden1")(flatten)
output = layers.Dense(10, activation="softmax", name="output")(hidden1)

corrected = keras.Model(inputs=mnist_input, outputs=output, name="cnn")
corrected.summary()

# %%
Image(plot_recipe(corrected, DIAGRAMS / "05_cnn_erratum-corrected.png"))

# %% [markdown]
# 文章從沒印過這個模型，所以它的摘要是套件自己推導出來的，記成 `cnn` 的一個變體，標籤就是做出它的那個建構函式引數。比對時，Keras 3 建出的模型必須和它完全一致，連每一層的名稱都算在內：

# %%
variant = RECIPES["cnn"].variants[0]
print(variant.label)
print(check(corrected, variant.expected))

# %% [markdown]
# `build_cnn(flatten=True)` 做出的是同一個模型：

# %%
built_corrected = build_cnn(flatten=True, seed=0)  # seed：每次執行的起始權重都一樣
print(read_rows(built_corrected) == read_rows(corrected))

# %% [markdown]
# 同一個模型，換個尺寸：`flatten=True` 可以和其他引數一起用。濾波器改成 32 和 16 個時，`pool2` 剩下 4×4×16 = 256 個特徵，`hidden1` 只需要 256 × 64 + 64 = 16,448 個參數。

# %%
build_cnn(flatten=True, filters=(32, 16)).summary()

# %% [markdown]
# ## 多出來的參數從哪裡來
#
# 回到文章的尺寸。唯一改變的是 `hidden1`：它現在把全部 1,024 個特徵連到自己的 64 個神經元。

# %%
flat_features = 4 * 4 * 64
print(f"hidden1: {flat_features} x 64 + 64 = {flat_features * 64 + 64:,}")
corrected.get_layer("hidden1").count_params()

# %% [markdown]
# 把有權重的層加起來，修正後的總數是 199,562 個參數，而文章的是 138,122 個：

# %%
counts = {layer.name: layer.count_params() for layer in corrected.layers if layer.count_params()}
print(" + ".join(f"{n:,}" for n in counts.values()), f"= {sum(counts.values()):,}")
print(f"corrected.count_params() = {corrected.count_params():,}")

# %% [markdown]
# ## 還沒學到任何東西的模型，損失是多少
#
# 剛才不接受原樣模型的那個損失函數，現在算得出一個數字了。下面是建構函式做出的修正模型，還沒訓練，在 359 個測試數字上的損失：

# %%
probabilities = built_corrected.predict(digits.test.images[..., None], verbose=0)
loss = float(built_corrected.compute_loss(y=digits.test.labels, y_pred=probabilities))
print(f"loss, untrained: {loss:.4f}")
print(f"ln 10:           {math.log(10):.4f}")
print(f"probabilities from {probabilities.min():.3f} to {probabilities.max():.3f}")
assert abs(loss - math.log(10)) < 0.05  # 下一段文字說的就是這件事

# %% [markdown]
# 兩者很接近，而且其來有自。損失是 -ln p 的平均，p 是模型給每個數字正確類別的機率。剛建好的網絡從很小的隨機權重和全為零的偏差（bias）開始，送進 softmax 的十個分數彼此都差不多，softmax 就把機率分得幾乎一樣平均：不管是哪個數字，每個類別都拿到接近 1/10 的機率（範圍就是上面印出來的那兩個數）。而 -ln(1/10) = ln 10。
#
# 所以，一個剛建好的 10 類分類器，第一個批次的損失應該落在 ln 10 附近。如果第一個損失離它很遠，就值得在花時間訓練之前先檢查一下標籤和輸出層。

# %% [markdown]
# ## 檢查一個常見的錯誤
#
# 修正版 CNN 有自己的標籤，就是 `list` 和 `verify` 印出來的 `"cnn flatten=True"`，拿你寫的版本和它比對就行。內核大小寫成 3（別處常見的預設值）時，每個卷積層的特徵圖都會大一個像素；報告從文章的特徵圖大小反推出內核大小：

# %%
visible = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(128, kernel_size=3, activation="relu")(visible)
x = layers.MaxPooling2D(pool_size=(2, 2))(x)
x = layers.Conv2D(64, kernel_size=3, activation="relu")(x)
x = layers.MaxPooling2D(pool_size=(2, 2))(x)
x = layers.Flatten()(x)
x = layers.Dense(64, activation="relu")(x)
yours = keras.Model(visible, layers.Dense(10, activation="softmax")(x))
print(check(yours, "cnn flatten=True"))

# %% [markdown]
# 像文章一樣用大小為 4 的內核，修正版 CNN 就通過了：

# %%
x = layers.Conv2D(128, kernel_size=4, activation="relu")(visible)
x = layers.MaxPooling2D(pool_size=(2, 2))(x)
x = layers.Conv2D(64, kernel_size=4, activation="relu")(x)
x = layers.MaxPooling2D(pool_size=(2, 2))(x)
x = layers.Flatten()(x)
x = layers.Dense(64, activation="relu")(x)
yours = keras.Model(visible, layers.Dense(10, activation="softmax")(x))
check(yours, "cnn flatten=True").ok

# %% [markdown]
# ## 重點整理
#
# 建得起來的摘要，不見得是正確的摘要。請拿最後一層的**輸出形狀**和手上的標籤對照：替單張圖片分類的模型，最後一定是 `(None, 類別數)`。卷積特徵圖和 `Dense` 層之間，要靠 `Flatten`（或全域池化層）把特徵圖變成每個樣本一個向量。


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
# `build_cnn(flatten=True, hidden_units=32)` 是補上 Flatten 的卷積神經網絡，`hidden1` 改成 32 個神經元。它有多少個參數？兩層卷積不變：2,176 和 131,136。

# %%
prediction = None  # ← 填入你算出的模型參數數量
explained = explain_recipe("cnn", flatten=True, hidden_units=32)
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# prediction = 2_176 + 131_136 + (4 * 4 * 64 * 32 + 32) + (32 * 10 + 10)
# explained = explain_recipe("cnn", flatten=True, hidden_units=32)
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>

# %% [markdown]
# ### 練習 2：修好有錯的模型
#
# 這是重新打一次的文章卷積神經網絡，要拿來對照補上 Flatten 之後的摘要。執行儲存格，讀以 `!` 開頭的那一行，再把模型改對。

# %%
inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(128, kernel_size=4, activation="relu", name="conv1")(inputs)
x = layers.MaxPooling2D(pool_size=2, name="pool1")(x)
x = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(x)
x = layers.MaxPooling2D(pool_size=2, name="pool2")(x)
x = layers.Dense(64, activation="relu", name="hidden1")(x)
yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(x))
report = check(yours, "cnn flatten=True")
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
# x = layers.Flatten(name="flatten")(x)
# x = layers.Dense(64, activation="relu", name="hidden1")(x)
# yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(x))
# report = check(yours, "cnn flatten=True")
# print(report)
# ```
#
# </details>

# %% [markdown]
# ### 練習 3：修好有錯的模型
#
# 這次是補上 Flatten 的卷積神經網絡裡的另一個小錯。執行儲存格，讀以 `!` 開頭的那一行，再把它改對。

# %%
inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(128, kernel_size=4, activation="relu", name="conv1")(inputs)
x = layers.MaxPooling2D(pool_size=3, name="pool1")(x)
x = layers.Conv2D(64, kernel_size=4, activation="relu", name="conv2")(x)
x = layers.MaxPooling2D(pool_size=2, name="pool2")(x)
x = layers.Flatten(name="flatten")(x)
x = layers.Dense(64, activation="relu", name="hidden1")(x)
yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(x))
report = check(yours, "cnn flatten=True")
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
# x = layers.Flatten(name="flatten")(x)
# x = layers.Dense(64, activation="relu", name="hidden1")(x)
# yours = keras.Model(inputs, layers.Dense(10, activation="softmax", name="output")(x))
# report = check(yours, "cnn flatten=True")
# print(report)
# ```
#
# </details>
