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
# # 依名稱給的輸入與輸出、共享層、自訂層、特徵
#
# 本筆記本跟著 Keras 指南〈The Functional API〉（keras.io），走到文章之外：對應指南的〈Models with multiple inputs and outputs〉一節，以及指南在它之後三個較短的小節：共享一個層、讀出模型內部各層的輸出、自己寫一個層。
#
# 文章的多輸入模型和多輸出模型（筆記本 04）收的、給的都是串列。指南的工單分類器則替每個輸入、每個輸出都取了名字，訓練時輸入是一個陣列字典，目標值也是一個字典，每個輸出各有自己的損失函數。下面先用 Keras 3 把這個模型寫出來，看它的摘要和網絡拓撲圖，再拿去比對；接著用 `keras_recipes` 的建構函式做出同一個模型，最後拿假造的工單做一次簡短的訓練，看名字怎麼派上用場。
#
# 數字的來源：指南建立並畫出了它的工單分類器，但沒有印出摘要。它的參數總數 1,392,097 是這裡依各層的算式推導出來的，比對結果的第一行也會註明。本筆記本其他的模型都是我們自己的。

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

from keras_recipes import check, explain_model, plot_recipe, read_rows, set_language

set_language("zh-TW")

import os
from pathlib import Path

import keras
import numpy as np
from IPython.display import Image
from keras import layers

DIAGRAMS = Path(os.environ.get("KERAS_RECIPES_DIAGRAMS", "diagrams"))

# %% [markdown]
# ## 工單分類器：三個輸入，兩個輸出
#
# 一張客服工單有標題、內文和幾個標籤。模型把三者都讀進來，回答兩個問題：這張工單有多急（`priority`，一個分數），以及該交給四個部門中的哪一個（`department`，每個部門一個分數）。
#
# 標題和內文是字詞索引，文字有幾個字詞就有幾個，所以它們的輸入形狀是 `(None,)`，型別是整數。兩者各自經過一個 `Embedding` 層（嵌入層），在一張 10,000 個字詞的表裡替每個字詞查出 64 個數字；再經過一個 LSTM，讀完嵌入後的字詞，留下最後的狀態。標籤是 12 個 0 或 1。`merge` 把三者串連起來，再由兩個 `Dense` 輸出層給出答案。

# %%
num_words = 10000  # 詞彙表：字詞索引從 0 到 9,999
num_tags = 12
num_departments = 4

title = keras.Input(shape=(None,), dtype="int32", name="title")
body = keras.Input(shape=(None,), dtype="int32", name="body")
tags = keras.Input(shape=(num_tags,), name="tags")

title_embedding = layers.Embedding(num_words, 64, name="title_embedding")(title)
body_embedding = layers.Embedding(num_words, 64, name="body_embedding")(body)
title_lstm = layers.LSTM(128, name="title_lstm")(title_embedding)
body_lstm = layers.LSTM(32, name="body_lstm")(body_embedding)

merge = layers.Concatenate(name="merge")([title_lstm, body_lstm, tags])
priority = layers.Dense(1, name="priority")(merge)
department = layers.Dense(num_departments, name="department")(merge)

ticket_classifier = keras.Model(
    inputs=[title, body, tags],
    outputs={"priority": priority, "department": department},
    name="ticket_classifier",
)
ticket_classifier.summary()

# %% [markdown]
# 輸出是以**字典**交給 `keras.Model` 的：每個輸出都以它的鍵為名，Keras 依名稱排列它們，所以 `department` 排在 `priority` 前面。
#
# 網絡拓撲圖裡有三個起點（輸入）和兩個終點（輸出）：

# %%
Image(plot_recipe(ticket_classifier, DIAGRAMS / "09_guide_inputs_outputs_and_layers-ticket.png"))

# %% [markdown]
# 1,392,097 個參數分布在哪裡，用手算出來：
#
# - 每個 `Embedding` 存一張 10,000 個字詞 × 64 個數字的表，共 640,000 個；
# - LSTM 有三道閘門和一組候選記憶，共四組權重；在每一組裡，每個神經元對這一層上一個時間步的每個輸出、每個輸入數字各有一個權重，外加一個偏差：標題是 4 × 128 × (128 + 64 + 1) = 98,816，內文是 4 × 32 × (32 + 64 + 1) = 12,416；
# - `merge` 輸出 128 + 32 + 12 = 172 個數字，所以 `priority` 有 172 × 1 + 1 = 173 個參數，`department` 有 172 × 4 + 4 = 692 個。
#
# 加起來是 2 × 640,000 + 98,816 + 12,416 + 173 + 692 = 1,392,097。比對會拿每一列和它的連接去對照 Keras 3：

# %%
print(check(ticket_classifier, "ticket-classifier"))

# %% [markdown]
# 建構函式 `build_ticket_classifier()` 做出的是同一個模型，逐列相同：

# %%
from keras_recipes import build_mnist_model, build_ticket_classifier

built = build_ticket_classifier()
print(read_rows(built) == read_rows(ticket_classifier))

# %% [markdown]
# ### 每個輸出一個損失函數，依名稱指定
#
# 兩個問題需要不同的損失函數：`priority` 是「是或否」的分數，`department` 是四選一的類別。建構函式編譯模型時給的是一個損失函數字典，鍵就是輸出的名稱；兩個輸出層給的都是分數（logits），所以兩個損失函數都以 logits 為輸入：

# %%
{name: loss.name for name, loss in built.loss.items()}

# %% [markdown]
# ### 用假造的工單訓練
#
# 這裡沒有工單資料，而重點只在資料怎麼進、怎麼出，所以資料是產生出來的，和指南的做法一樣：隨機的字詞索引（標題 10 個、內文 100 個）、隨機的標籤，以及隨機的目標值。輸入和目標值都是字典，鍵是替輸入層和輸出層取的名字；`fit` 依名稱把每個陣列配給對應的層。

# %%
rng = np.random.default_rng(0)
samples = 256
tickets = {
    "title": rng.integers(0, num_words, size=(samples, 10)),
    "body": rng.integers(0, num_words, size=(samples, 100)),
    "tags": rng.integers(0, 2, size=(samples, num_tags)).astype("float32"),
}
answers = {
    "priority": rng.integers(0, 2, size=(samples, 1)).astype("float32"),
    "department": rng.integers(0, num_departments, size=(samples,)),
}
{name: array.shape for name, array in {**tickets, **answers}.items()}

# %% [markdown]
# 跑兩個訓練週期，權重以固定的隨機種子產生。Keras 依名稱替每個輸出回報一個損失，`loss` 則是兩者的和：

# %%
keras.utils.set_random_seed(0)
built = build_ticket_classifier()
history = built.fit(tickets, answers, epochs=2, batch_size=32, verbose=0)
for key in ("priority_loss", "department_loss", "loss"):
    print(f"{key:16}", "  ".join(f"{value:.4f}" for value in history.history[key]))
print(f"{'ln 2, ln 4':16}", f"{np.log(2):.4f}  {np.log(4):.4f}")

# %% [markdown]
# 目標值是隨機的，所以沒有東西可學：每個損失都停在亂猜的水準附近，「是或否」是 ln 2，四選一是 ln 4。這次訓練要看的是：輸入是字典、輸出也是字典，照樣可以直接訓練。
#
# 預測時拿回來的也是字典，每個輸出名稱一個陣列：

# %%
predicted = built.predict({name: array[:2] for name, array in tickets.items()}, verbose=0)
{name: array.shape for name, array in predicted.items()}

# %% [markdown]
# ## 共享的嵌入層：一個層，呼叫兩次
#
# 指南的〈Shared layers〉一節把同一個層物件用在兩個輸入上：兩次呼叫用的是同一組權重。標題和內文的字詞來自同一份詞彙表，所以工單分類器大可讓兩者查同一張表。下面把它寫出來，只用一個 `Embedding`，也就是 `words`，分別對 `title` 和 `body` 呼叫：

# %%
words = layers.Embedding(num_words, 64, name="words")
title_lstm = layers.LSTM(128, name="title_lstm")(words(title))
body_lstm = layers.LSTM(32, name="body_lstm")(words(body))

merge = layers.Concatenate(name="merge")([title_lstm, body_lstm, tags])
one_table = keras.Model(
    inputs=[title, body, tags],
    outputs={
        "priority": layers.Dense(1, name="priority")(merge),
        "department": layers.Dense(num_departments, name="department")(merge),
    },
    name="one_table",
)
one_table.summary()

# %% [markdown]
# `words` 在摘要裡只有一列，連到兩個輸入；在網絡拓撲圖裡是一個方塊，有兩個箭頭指進來：

# %%
Image(plot_recipe(one_table, DIAGRAMS / "09_guide_inputs_outputs_and_layers-shared.png"))

# %% [markdown]
# 不論讀的是哪個輸入，那張表都是同一個變數，所以這個模型比指南的少了 640,000 個參數（這個數字是這裡推導的，指南沒有建這個模型）：

# %%
print([weight.path for weight in one_table.weights if weight.path.startswith("words/")])
print(ticket_classifier.count_params() - one_table.count_params())

# %% [markdown]
# ## 在函數式 API 模型裡用自己寫的層
#
# 指南的〈Extend the API using custom layers〉一節把一個層寫成類別：在 `build` 裡建立權重（這時已經知道輸入的大小），在 `call` 裡計算。下面的 `HandDense` 是手寫的 `Dense` 層：輸入乘上核心矩陣，加上偏差，再套用激活函數。`get_config` 列出它的引數，讓 Keras 能重新做出這個層。


# %%
class HandDense(layers.Layer):
    """A Dense layer written by hand: activation(inputs @ kernel + bias)."""

    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.units), initializer="glorot_uniform", name="kernel"
        )
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs):
        return self.activation(keras.ops.matmul(inputs, self.kernel) + self.bias)

    def get_config(self):
        activation = keras.activations.serialize(self.activation)
        return {**super().get_config(), "units": self.units, "activation": activation}


# %% [markdown]
# 它和 Keras 本身的層一樣，在函數式 API 模型裡直接呼叫：

# %%
features = keras.Input(shape=(4,), name="features")
hidden = HandDense(8, activation="relu", name="hand_dense")(features)
output = layers.Dense(1, name="output")(hidden)
with_custom = keras.Model(inputs=features, outputs=output, name="with_custom")
with_custom.summary()

# %% [markdown]
# 它做的事和 `Dense` 一樣：給 `Dense` 層同一組權重，算出來的數字也相同。

# %%
hand = with_custom.get_layer("hand_dense")
dense = layers.Dense(8, activation="relu")
dense.build((None, 4))
dense.set_weights(hand.get_weights())
sample = rng.normal(size=(3, 4)).astype("float32")
print(np.allclose(hand(sample), dense(sample)))

# %% [markdown]
# `explain` 依照它認得的 Keras 內建層的公式，算出每一層的形狀和參數。它沒有 `HandDense` 的公式，所以那一列寫「沒有公式」，不會用猜的，參數總數也就無法加總；旁邊列出 Keras 自己算的數字，4 × 8 + 8 = 40。

# %%
print(explain_model(with_custom))

# %% [markdown]
# ## 特徵：用另一個模型內部的層組成的模型
#
# 指南的〈Extract and reuse nodes in the graph of layers〉一節做了一個模型，它的輸出就是另一個模型每一層的輸出。這裡的「另一個模型」是指南的第一個模型：它的 MNIST 數字分類器（各層名為 `input`、`hidden1`、`hidden2` 和 `output`）。前面的筆記本沒有建過它，這裡直接用建構函式 `build_mnist_model()` 建出來。它的輸出又是一個字典，每一層一個，以層的名稱為鍵：

# %%
mnist_model = build_mnist_model()
extractor = keras.Model(
    inputs=mnist_model.inputs,
    outputs={layer.name: layer.output for layer in mnist_model.layers},
    name="extractor",
)
len(extractor.outputs)

# %% [markdown]
# 現在呼叫一次，就能依層的名稱拿到每一層對每張圖算出的結果。以三張圖為例（全是 0，只為了看形狀）：

# %%
digits = np.zeros((3, 784), dtype="float32")
for name, feature in extractor.predict(digits, verbose=0).items():
    print(f"{name:8}", feature.shape)

# %% [markdown]
# 特徵提取模型沒有自己的層：它讀的是分類器的層，權重也相同，所以訓練其中一個，另一個也跟著訓練了。

# %%
print(extractor.get_layer("hidden1") is mnist_model.get_layer("hidden1"))
print(extractor.count_params(), mnist_model.count_params())

# %% [markdown]
# ## 移植其他教學：拿它印出的摘要來比對
#
# 比對工具並不限於本課程的兩份文件。大多數 Keras 教學都會印出 `model.summary()`，老師只要有這段文字，就能檢查用 Keras 3 移植的模型。下面是《Hands-On Machine Learning》第 10 章的 wide-and-deep 網路（取自該書的筆記本 ageron/handson-ml2，Apache-2.0 授權），也就是 tf.keras 當時印出的摘要：把文字貼上，`parse_summary` 就會把它讀回成各列和總數。

# %%
printed = """\
Model: "model"
__________________________________________________________________________________________________
Layer (type)                    Output Shape         Param #     Connected to
==================================================================================================
input_1 (InputLayer)            [(None, 8)]          0
__________________________________________________________________________________________________
dense_5 (Dense)                 (None, 30)           270         input_1[0][0]
__________________________________________________________________________________________________
dense_6 (Dense)                 (None, 30)           930         dense_5[0][0]
__________________________________________________________________________________________________
concatenate (Concatenate)       (None, 38)           0           input_1[0][0]
                                                                 dense_6[0][0]
__________________________________________________________________________________________________
dense_7 (Dense)                 (None, 1)            39          concatenate[0][0]
==================================================================================================
Total params: 1,239
Trainable params: 1,239
Non-trainable params: 0
__________________________________________________________________________________________________
"""
from keras_recipes import parse_summary

wide_and_deep = parse_summary(printed)
[(row.name, row.output_shape, row.params) for row in wide_and_deep.rows]

# %% [markdown]
# 用 Keras 3 改寫、像原教學一樣不替層命名，模型照樣通過：Keras 2 的 `input_1` 和 `[(None, 8)]` 就是 Keras 3 的 `input_layer` 和 `(None, 8)`，而且各層是依結構而不是依名稱配對。改掉某個寬度，報告就會指出來，就像文章裡的模型一樣。在命令列上，`keras-recipes check FILE.py --summary printed.txt` 會對學習者的檔案做同樣的比對。

# %%
inputs = keras.Input(shape=(8,))
hidden1 = layers.Dense(30, activation="relu")(inputs)
hidden2 = layers.Dense(30, activation="relu")(hidden1)
concat = layers.Concatenate()([inputs, hidden2])
ported = keras.Model(inputs, layers.Dense(1)(concat))
print(check(ported, wide_and_deep))

# %% [markdown]
# ## 重點整理
#
# 替輸入和輸出取名字，其他地方就都能用這些名字：輸入的陣列、目標值、損失函數和預測結果，全都可以寫成字典。同一個層物件呼叫兩次，用的是同一組權重。自己寫的層可以和 Keras 內建的層一樣放進函數式 API 模型，只是沒有公式能解釋它。任何一層的輸出都能當成新模型的輸出，新模型和舊模型共用同樣的層。


# %% [markdown]
# ## 練習
#
# 每個練習都從一個照原樣就能執行的儲存格開始。有的要你先親手算出一個數字或形狀，再執行儲存格：`explain` 會把算式和 Keras 數出來的結果並排列出。有的要你照著摘要寫出模型，有的給你一個有一處錯誤的模型：`check` 會在以 `!` 開頭的行裡指出還有哪裡不符。
#
# 答案摺疊在每個練習下方，自己試過之後再打開。下一個儲存格匯入練習用到的所有東西，所以重新啟動 kernel 之後，也能直接從這裡開始。

# %%
from keras_recipes import check, explain_model, parse_summary

import keras
from keras import layers

# %% [markdown]
# ### 練習 1：照摘要寫出模型
#
# 假設某份教學替一個分類器印出了下面的摘要（這份是我們照 tf.keras 2 的版面寫的）：每筆資料 20 個數字，分成 3 類。先用 `parse_summary` 讀進來（第一個儲存格），再用 Keras 3 寫出這個模型（第二個儲存格）：輸入和輸出已經寫好，兩個隱藏層要從參數數量推出來。

# %%
printed = """\
Model: "model"
_________________________________________________________________
Layer (type)                 Output Shape              Param #
=================================================================
input_1 (InputLayer)         [(None, 20)]              0
_________________________________________________________________
dense (Dense)                (None, 32)                672
_________________________________________________________________
dense_1 (Dense)              (None, 16)                528
_________________________________________________________________
dense_2 (Dense)              (None, 3)                 51
=================================================================
Total params: 1,251
Trainable params: 1,251
Non-trainable params: 0
_________________________________________________________________
"""
tabular = parse_summary(printed)

# %%
inputs = keras.Input(shape=(20,))
x = inputs  # ← 在這裡加上兩個隱藏層
outputs = layers.Dense(3, activation="softmax")(x)
yours = keras.Model(inputs, outputs)
report = check(yours, tabular)
print(report)

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# inputs = keras.Input(shape=(20,))
# x = layers.Dense(32, activation="relu")(inputs)  # 20 * 32 + 32 = 672
# x = layers.Dense(16, activation="relu")(x)  # 32 * 16 + 16 = 528
# outputs = layers.Dense(3, activation="softmax")(x)
# yours = keras.Model(inputs, outputs)
# report = check(yours, tabular)
# print(report)
# ```
#
# </details>

# %% [markdown]
# ### 練習 2：先預測，再驗證
#
# 工單分類器把標題裡的字嵌入成 64 個數字的向量，詞彙量是 10,000 個字。這個 `Embedding` 層有多少個參數？

# %%
prediction = None  # ← 填入你算出的嵌入層參數數量
title = keras.Input(shape=(None,), dtype="int32")
embedded = keras.Model(title, layers.Embedding(10_000, 64)(title))
explained = explain_model(embedded)
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# prediction = 10_000 * 64  # 每個字一個 64 個數字的向量，沒有偏差
# title = keras.Input(shape=(None,), dtype="int32")
# embedded = keras.Model(title, layers.Embedding(10_000, 64)(title))
# explained = explain_model(embedded)
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>

# %% [markdown]
# ### 練習 3：修好有錯的模型
#
# 這是同一份教學分類器的另一個移植版，對照的是同一份摘要（練習 1 讀進來的 `tabular`），其中有一個數字寫錯了。執行儲存格，讀以 `!` 開頭的那一行，再把它改對。

# %%
inputs = keras.Input(shape=(20,))
x = layers.Dense(32, activation="relu", name="hidden1")(inputs)
x = layers.Dense(8, activation="relu", name="hidden2")(x)
outputs = layers.Dense(3, activation="softmax", name="output")(x)
yours = keras.Model(inputs, outputs)
report = check(yours, tabular)
print(report)

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# inputs = keras.Input(shape=(20,))
# x = layers.Dense(32, activation="relu", name="hidden1")(inputs)
# x = layers.Dense(16, activation="relu", name="hidden2")(x)
# outputs = layers.Dense(3, activation="softmax", name="output")(x)
# yours = keras.Model(inputs, outputs)
# report = check(yours, tabular)
# print(report)
# ```
#
# </details>
