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
# # 同一張圖、好幾個模型；模型當成層；殘差連接
#
# 本筆記本跟著文章之外的 Keras 指南〈The Functional API〉（keras.io），對應它的〈Use the same graph of layers to define multiple models〉、〈All models are callable, just like layers〉兩節，以及講複雜圖形那一部分的〈A toy ResNet model〉。
#
# 文章裡的每個模型都用自己的層建一次。指南示範了三件文章沒做過的事：同一張層的圖產生不只一個模型、把整個模型當成一層來呼叫，以及讓某一層的輸入跳過它前面的幾層。下面每個模型都先用 Keras 3 寫出來，看它的摘要和網絡拓撲圖，並和指南印出的摘要逐列核對；之後再由 `keras_recipes` 的建構函式建出同一個模型。
#
# 數字的出處：指南用 Keras 3 印出摘要，本套件把它們存成資料（`keras_recipes.guide`）。指南沒有印出集成模型的摘要，那個模型的數字是在這裡推導的，核對結果的第一行也會說明。

# %% [markdown]
# ## 準備工作

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

from keras_recipes import RECIPES, check, check_recipe, plot_recipe, read_rows, set_language
from keras_recipes import data, reconstructions
from keras_recipes.train import train

set_language("zh-TW")

import os
from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Image
from keras import layers

DIAGRAMS = Path(os.environ.get("KERAS_RECIPES_DIAGRAMS", "diagrams"))


def show(figure, name):
    """A matplotlib figure saved beside the diagrams, then shown."""
    path = DIAGRAMS / f"08_guide_graphs_and_nesting-{name}.png"
    figure.savefig(path, dpi=96)
    plt.close(figure)
    return Image(path)


# %% [markdown]
# ## 一張層的圖，兩個模型
#
# 自編碼器把一張 28×28 的數字壓成一段短短的編碼，再從編碼把數字還原回來。前半段是編碼器：四個卷積層，中間夾一個最大池化；最後的全域最大池化只留下 16 個通道各自的最大值，也就是編碼，共 16 個數。後半段是解碼器，和編碼器對稱：每個轉置卷積讓特徵圖的高和寬各加 2，編碼器池化的地方改成上採樣。
#
# 指南讓 Keras 自己替這些層命名（`conv2d`、`conv2d_1`……）。這裡和建構函式一樣，依用途命名；名稱由 Keras 自動產生的那些列，檢查器會改用層的類型、輸出形狀、參數和它接在哪些層後面來配對。

# %%
img = keras.Input(shape=(28, 28, 1), name="img")
x = layers.Conv2D(16, 3, activation="relu", name="conv1")(img)
x = layers.Conv2D(32, 3, activation="relu", name="conv2")(x)
x = layers.MaxPooling2D(3, name="pool1")(x)
x = layers.Conv2D(32, 3, activation="relu", name="conv3")(x)
x = layers.Conv2D(16, 3, activation="relu", name="conv4")(x)
code = layers.GlobalMaxPooling2D(name="global_pool")(x)

x = layers.Reshape((4, 4, 1), name="reshape")(code)
x = layers.Conv2DTranspose(16, 3, activation="relu", name="deconv1")(x)
x = layers.Conv2DTranspose(32, 3, activation="relu", name="deconv2")(x)
x = layers.UpSampling2D(3, name="upsample1")(x)
x = layers.Conv2DTranspose(16, 3, activation="relu", name="deconv3")(x)
rebuilt = layers.Conv2DTranspose(1, 3, activation="relu", name="output")(x)

# %% [markdown]
# 這是一張圖，從 `img` 到 `rebuilt`。從它可以取出兩個模型：編碼器從 `img` 到 `code`，自編碼器則從 `img` 一路到 `rebuilt`。

# %%
encoder = keras.Model(img, code, name="encoder")
autoencoder = keras.Model(img, rebuilt, name="autoencoder")
encoder.summary()

# %% [markdown]
# 兩個模型拿的是同一批層物件，不是複本：訓練自編碼器時，編碼器的權重也跟著一起訓練。

# %%
print(autoencoder.get_layer("conv1") is encoder.get_layer("conv1"))

# %% [markdown]
# 兩份摘要都和指南印出的逐列一致：編碼器 18,672 個參數，自編碼器 28,241 個。

# %%
print(check(encoder, "encoder"))

# %%
autoencoder.summary()

# %%
Image(plot_recipe(autoencoder, DIAGRAMS / "08_guide_graphs_and_nesting-autoencoder.png"))

# %%
print(check(autoencoder, "autoencoder"))

# %% [markdown]
# 沿著網絡拓撲圖往下看形狀：經過卷積，28 變成 26、24，池化（大小 3）後剩 8，再來是 6 和 4；編碼重新排成 4×4×1，解碼器再一路放大回 6、8、24（上採樣 3 倍）、26、28。
#
# 建構函式 `build_encoder()` 和 `build_autoencoder()` 建出同樣的模型，層名也相同，而且已經編譯好、可以訓練：

# %%
from keras_recipes import (
    build_autoencoder,
    build_decoder,
    build_encoder,
    build_ensemble,
    build_toy_resnet,
)

built_encoder, built_autoencoder = build_encoder(), build_autoencoder()
print(read_rows(built_encoder) == read_rows(encoder))
print(read_rows(built_autoencoder) == read_rows(autoencoder))

# %% [markdown]
# 自編碼器輸出的形狀和輸入一樣：進去一張數字，出來一張數字。還沒訓練，出來的數字目前沒有意義。

# %%
digits = np.zeros((2, 28, 28, 1), dtype="float32")
autoencoder.predict(digits, verbose=0).shape, encoder.predict(digits, verbose=0).shape

# %% [markdown]
# ## 把模型當成層來呼叫
#
# 模型和層一樣可以呼叫：把它呼叫在一個張量上，整張圖就用它自己的權重在那個張量上跑一次。所以自編碼器也可以由兩個模型組起來。解碼器自成一個模型，從 16 個數的編碼 `encoded_img` 變回一張數字：

# %%
encoded_img = keras.Input(shape=(16,), name="encoded_img")
x = layers.Reshape((4, 4, 1), name="reshape")(encoded_img)
x = layers.Conv2DTranspose(16, 3, activation="relu", name="deconv1")(x)
x = layers.Conv2DTranspose(32, 3, activation="relu", name="deconv2")(x)
x = layers.UpSampling2D(3, name="upsample1")(x)
x = layers.Conv2DTranspose(16, 3, activation="relu", name="deconv3")(x)
decoded = layers.Conv2DTranspose(1, 3, activation="relu", name="output")(x)
decoder = keras.Model(encoded_img, decoded, name="decoder")
print(check(decoder, "decoder"))

# %% [markdown]
# 現在把上面的編碼器和這個解碼器，依序呼叫在一個新的輸入上。自編碼器的摘要縮成三列：每個被呼叫的模型各占一列，類型是 `Functional`，參數是它自己各列的總和。

# %%
img = keras.Input(shape=(28, 28, 1), name="img")
nested = keras.Model(img, decoder(encoder(img)), name="autoencoder")
nested.summary()

# %%
Image(plot_recipe(nested, DIAGRAMS / "08_guide_graphs_and_nesting-nested.png"))

# %% [markdown]
# 指南也印出了這份摘要；本套件把它記成 `autoencoder` 配方的一個變體，並用建出它的建構函式引數當標籤。總數一樣是 28,241：同樣的層，只是包裝的方式不同。

# %%
variant = RECIPES["autoencoder"].variants[0]
print(variant.label)
print(check(nested, variant.expected))

# %% [markdown]
# 裡面的編碼器，就是第一節那個模型本身，連權重都是同一份：

# %%
print(nested.get_layer("encoder") is encoder)

# %% [markdown]
# `build_decoder()` 建出解碼器，`build_autoencoder(nested=True)` 建出巢狀的自編碼器：

# %%
built_decoder, built_nested = build_decoder(), build_autoencoder(nested=True)
print(read_rows(built_decoder) == read_rows(decoder))
print(read_rows(built_nested) == read_rows(nested))

# %% [markdown]
# 為了這一步，指南把編碼器重新建了一次，輸入改名為 `original_img`，也印出了它的摘要。`build_encoder(input_name="original_img")` 建出的就是這個模型，`check_recipe` 會把它建出來，再和那份表格核對：

# %%
print(check_recipe("encoder", input_name="original_img"))

# %% [markdown]
# ## 三個模型取平均
#
# 當成層來呼叫的模型，也可以並排放。集成模型把好幾個模型呼叫在同一個輸入上，再把它們的結果取平均。這裡是三個模型，各只有一個神經元的 `Dense` 層，讀 128 個數：


# %%
def one_unit_model(name):
    inputs = keras.Input(shape=(128,), name="input")
    return keras.Model(inputs, layers.Dense(1, name="output")(inputs), name=name)


inputs = keras.Input(shape=(128,), name="input")
members = [one_unit_model(f"model{i}")(inputs) for i in (1, 2, 3)]
average = layers.Average(name="average")(members)
ensemble = keras.Model(inputs, average, name="ensemble")
ensemble.summary()

# %%
Image(plot_recipe(ensemble, DIAGRAMS / "08_guide_graphs_and_nesting-ensemble.png"))

# %% [markdown]
# 指南沒有印出集成模型的摘要，層名也交給 Keras 決定。這裡的數字是推導出來的：每個成員有 128 個權重加一個偏差，共 129 個參數，三個合起來 3 × 129 = 387；取平均不增加參數。層名是我們取的，所以檢查器會逐一核對每個名稱；核對結果的第一行說明了數字的出處。

# %%
print(check(ensemble, "ensemble"))

# %% [markdown]
# `build_ensemble()` 建出同一個模型：

# %%
built = build_ensemble()
print(read_rows(built) == read_rows(ensemble))

# %% [markdown]
# ## 殘差連接：小型 ResNet
#
# 到目前為止，每個模型的每一層都讀它正上方那一層，或是某個分支的上一層。殘差連接則把一個區塊的輸入加到它的輸出上：區塊裡的兩個卷積層只需要學「要加上什麼」，就算它們什麼都沒學到，輸入也照樣傳得過去。`Add` 要求兩邊形狀相同，所以區塊裡的卷積層保持特徵圖的大小（`padding="same"`）和 64 個通道。
#
# 這個小型 ResNet 讀 32×32 的彩色圖片：兩個卷積層和一個最大池化，接著兩個殘差區塊、再一個卷積層、每個通道取平均，最後一個小分類器，輸出 10 個類別的分數（logits）。

# %%
img = keras.Input(shape=(32, 32, 3), name="img")
x = layers.Conv2D(32, 3, activation="relu", name="block1_conv1")(img)
x = layers.Conv2D(64, 3, activation="relu", name="block1_conv2")(x)
block1 = layers.MaxPooling2D(3, name="block1_pool")(x)

x = layers.Conv2D(64, 3, activation="relu", padding="same", name="block2_conv1")(block1)
x = layers.Conv2D(64, 3, activation="relu", padding="same", name="block2_conv2")(x)
block2 = layers.Add(name="block2_add")([x, block1])

x = layers.Conv2D(64, 3, activation="relu", padding="same", name="block3_conv1")(block2)
x = layers.Conv2D(64, 3, activation="relu", padding="same", name="block3_conv2")(x)
block3 = layers.Add(name="block3_add")([x, block2])

x = layers.Conv2D(64, 3, activation="relu", name="top_conv")(block3)
x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
x = layers.Dense(256, activation="relu", name="hidden")(x)
x = layers.Dropout(0.5, name="dropout")(x)
scores = layers.Dense(10, name="output")(x)
toy_resnet = keras.Model(img, scores, name="toy_resnet")
toy_resnet.summary()

# %% [markdown]
# 因為這張圖不再是一條直線，摘要多了第四欄 "Connected to"。每個 `Add` 層都有兩個輸入：區塊的最後一個卷積層，以及區塊的輸入。透過本套件讀出來：

# %%
for row in read_rows(toy_resnet):
    if row.type == "Add":
        print(row.name, "<-", ", ".join(row.connected_to))

# %% [markdown]
# 在網絡拓撲圖裡，殘差連接就是那條跳過兩個卷積層的箭頭。

# %%
Image(plot_recipe(toy_resnet, DIAGRAMS / "08_guide_graphs_and_nesting-toy-resnet.png"))

# %% [markdown]
# 指南印出這張表時帶著 "Connected to" 欄，檢查器除了每個形狀和數字，也逐一核對每條連接：223,242 個參數。

# %%
print(check(toy_resnet, "toy-resnet"))

# %% [markdown]
# `build_toy_resnet()` 建出同一個模型；`blocks` 指定區塊 1 後面接幾個殘差區塊。

# %%
built = build_toy_resnet()
print(read_rows(built) == read_rows(toy_resnet))

# %% [markdown]
# 換個大小，還是同一個模型：多一個殘差區塊，就多兩個卷積層，共 2 × 36,928 個參數，外加第三個 `Add`。

# %%
deeper = build_toy_resnet(blocks=3)
deeper.count_params() - toy_resnet.count_params()

# %% [markdown]
# ## 訓練自編碼器：用手寫數字
#
# 指南建好自編碼器就停了。真的訓練起來，它只有一個任務：把看到的數字先壓成 16 個數，再還原回來。它的目標值就是它自己的輸入，所以 `train` 直接拿數字本身當目標，用每個還原像素和原圖的差的平方來打分數（均方誤差，也就是這個配方編譯時用的損失函數）。這裡只跑一小段：1,295 張訓練數字、3 個訓練週期，批次大小用 16 而不是 32，同樣的數字就能多走一倍的步數。

# %%
autoencoder_run = train("autoencoder", epochs=3, shift=False, batch_size=16, verbose=0)
print("\n".join(autoencoder_run.report()))

# %% [markdown]
# 這個損失算小嗎？有個比較基準：不管輸入是什麼，一律畫出所有訓練數字的平均，也就是一團模糊的影子，再用同樣的方式打分數。自編碼器必須明顯贏過這種完全不看輸入的做法。

# %%
handwritten = data.load_digits()
mean_digit = handwritten.train.images.mean(axis=0)
blob = float(((handwritten.test.images - mean_digit) ** 2).mean())
print(f"the mean digit for every test digit: {blob:.4f}")
print(f"the autoencoder:                     {autoencoder_run.test['loss']:.4f}")
assert autoencoder_run.test["loss"] < 0.8 * blob

# %% [markdown]
# 上排是它訓練時沒看過的 10 張測試數字；下排是它只憑編碼器留下的 16 個數還原出來的樣子。訓練這麼短，還原結果還很模糊：有些數字回來了大致的輪廓，筆畫還沒有。完整的訓練 `keras-recipes train autoencoder`（8 個訓練週期，每張數字另外上下左右各平移一個像素）能把損失降到平均數字的三分之一左右，還原出認得出來的數字；數字列在 README，這張圖則寫到 `runs/autoencoder/reconstructions.png`。

# %%
test_inputs = data.inputs_for(RECIPES["autoencoder"].inputs, handwritten.test.images)
show(reconstructions.plot(autoencoder_run.model, test_inputs), "reconstructions")

# %% [markdown]
# ## 訓練小型 ResNet：用彩色的手寫數字
#
# 指南用 CIFAR-10 訓練它的小型 ResNet，那是 50,000 張小小的彩色照片，需要下載。`train` 改用手寫數字：每張放大到 32×32，再各自塗上一種墨水顏色。這樣模型拿到的輸入形狀和指南一樣，有三個通道，而且不管數字是什麼顏色，都得認出它是哪個數字。

# %%
colour = data.inputs_for(RECIPES["toy-resnet"].inputs, handwritten.test.images[:10])
figure, axes = plt.subplots(1, 10, figsize=(9, 1.2))
for ax, image, label in zip(axes, colour, handwritten.test.labels, strict=False):
    ax.imshow(image)
    ax.set_title(str(label))
    ax.axis("off")
show(figure, "colour-digits")

# %% [markdown]
# 真的訓練它，會比這本筆記本該花的時間久：`keras-recipes train toy-resnet` 用全部數字（每張另外上下左右各平移一個像素）跑 8 個訓練週期，在 2 核心的 CPU 上大約兩分半鐘，學習曲線寫到 `runs/toy-resnet/curves.png`。它在測試數字上達到 98.6%（詳見 README）。最慢的是第一個訓練週期：模型要先看過幾千張數字，在那之前大多是亂猜，之後殘差區塊就學得很快。

# %% [markdown]
# ## 檢查一個常見的錯誤
#
# 殘差連接跳錯區塊時，形狀和參數數量都不會變：摘要的每一列照樣相符。不一樣的只有連接方式，而 `check` 也會比對它。下面第三個區塊加上的是第一個區塊的輸出，而不是第二個的：

# %%
inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(32, 3, activation="relu")(inputs)
x = layers.Conv2D(64, 3, activation="relu")(x)
block_1 = layers.MaxPooling2D(3)(x)
x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_1)
x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
block_2 = layers.add([x, block_1])
x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_2)
x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
block_3 = layers.add([x, block_1])
x = layers.Conv2D(64, 3, activation="relu")(block_3)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(256, activation="relu")(x)
x = layers.Dropout(0.5)(x)
yours = keras.Model(inputs, layers.Dense(10)(x))
print(check(yours, "toy-resnet"))

# %% [markdown]
# 像指南那樣加上 `block_2`，模型就通過了：

# %%
x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_2)
x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
block_3 = layers.add([x, block_2])
x = layers.Conv2D(64, 3, activation="relu")(block_3)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(256, activation="relu")(x)
x = layers.Dropout(0.5)(x)
yours = keras.Model(inputs, layers.Dense(10)(x))
check(yours, "toy-resnet").ok

# %% [markdown]
# ## 重點整理
#
# `keras.Model(inputs, outputs)` 是從一張層的圖裡取出一段；好幾個模型可以共用同一張圖和同一份權重。模型本身也是一層：呼叫在張量上時，它在摘要裡只占一列 `Functional`。而一個張量可以被讀兩次，一次給下一層，一次給後面的 `Add`：殘差連接就只是這樣。下一本筆記本繼續跟著指南：好幾個具名的輸入和輸出、共享層、自訂層，以及讀出模型中間層的輸出。


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
# 指南的編碼器有多少個參數？它的四層卷積都用 3×3 的內核，依序有 16、32、32、16 個濾波器，輸入是單一通道的圖；池化層和全域池化層沒有參數。

# %%
prediction = None  # ← 填入你算出的編碼器參數數量
explained = explain_recipe("encoder")
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# prediction = (
#     (3 * 3 * 1 * 16 + 16)
#     + (3 * 3 * 16 * 32 + 32)
#     + (3 * 3 * 32 * 32 + 32)
#     + (3 * 3 * 32 * 16 + 16)
# )
# explained = explain_recipe("encoder")
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>

# %% [markdown]
# ### 練習 2：修好有錯的模型
#
# 這個集成模型應該平均三個模型的輸出。執行儲存格，讀以 `!` 開頭的那一行，再把它改對。


# %%
def get_model():
    inputs = keras.Input(shape=(128,))
    return keras.Model(inputs, layers.Dense(1)(inputs))


model1, model2, model3 = get_model(), get_model(), get_model()
inputs = keras.Input(shape=(128,))
outputs = layers.average([model1(inputs), model2(inputs)])
yours = keras.Model(inputs, outputs)
report = check(yours, "ensemble")
print(report)

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# def get_model():
#     inputs = keras.Input(shape=(128,))
#     return keras.Model(inputs, layers.Dense(1)(inputs))
#
#
# model1, model2, model3 = get_model(), get_model(), get_model()
# inputs = keras.Input(shape=(128,))
# outputs = layers.average([model1(inputs), model2(inputs), model3(inputs)])
# yours = keras.Model(inputs, outputs)
# report = check(yours, "ensemble")
# print(report)
# ```
#
# </details>

# %% [markdown]
# ### 練習 3：照摘要寫出模型
#
# 在下面已經寫好的輸入層和輸出層之間，寫出指南的第一個模型 `mnist-model`：兩個 64 個神經元、用 ReLU 的 Dense 層。報告裡「指南」那幾欄就是要照著寫的摘要。

# %%
inputs = keras.Input(shape=(784,))
x = inputs  # ← 在這裡加上兩個 Dense 層
outputs = layers.Dense(10)(x)
yours = keras.Model(inputs, outputs)
report = check(yours, "mnist-model")
print(report)

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# inputs = keras.Input(shape=(784,))
# x = layers.Dense(64, activation="relu")(inputs)
# x = layers.Dense(64, activation="relu")(x)
# outputs = layers.Dense(10)(x)
# yours = keras.Model(inputs, outputs)
# report = check(yours, "mnist-model")
# print(report)
# ```
#
# </details>
