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
# # 用手寫數字訓練每一個模型
#
# 本筆記本拿文章的模型來訓練，並且特別仔細地看第 5.2 節「多輸出模型」。
#
# 文章替 MNIST 建了八個模型，卻一個也沒有訓練。這裡挑其中三個簡短地訓練，用的是不必下載的真實手寫數字：scikit-learn 附帶的 1,797 個數字（8×8 像素、17 個灰階），放大成 MNIST 的 28×28。如果可以上網，`source="mnist"` 會改用 MNIST 本身。
#
# 這裡的訓練都刻意縮得很小（256 張圖片、三個訓練週期），讓整本筆記本不到一分鐘就能跑完；`keras-recipes train NAME` 可以完整訓練任何一個模型，每個模型的準確率都寫在 README 裡。

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

# 先匯入 keras_recipes，再載入 TensorFlow：它會擋掉 TensorFlow 啟動時的日誌訊息。
from keras_recipes import RECIPES, curves, data, set_language
from keras_recipes.train import fed_and_fitted, train

set_language("zh-TW")

import os
from pathlib import Path

import matplotlib.pyplot as plt
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
for split in ("train", "validation", "test"):
    print(split, getattr(digits, split).images.shape)

figure, axes = plt.subplots(1, 10, figsize=(9, 1.4))
for i, ax in enumerate(axes):
    ax.imshow(digits.train.images[i], cmap="gray_r")
    ax.set_title(str(digits.train.labels[i]))
    ax.axis("off")
show(figure, "digits")

# %% [markdown]
# ## 同一個數字，整理成每個模型要的形狀
#
# 每個模型在 registry 裡都記著它的輸入長什麼樣子，data 模組再從同一張 28×28 的圖片把它們做出來：多層感知器（MLP）要的是平坦化成 784 維的向量，卷積神經網絡要單一通道的圖片，文章的 LSTM 要 784 個像素、每個時間步一個；多輸入模型則要一張 64×64 的灰階版本，加上一張 32×32、墨水顏色各不相同的彩色版本。第 1 節的序貫模型接收的是一個數字，不是一張圖：它是線性迴歸，所以改用 y = 2x + 1 這條直線來訓練。registry 也會從每個模型的輸出形狀判斷，能不能用每張圖片一個標籤來訓練它。下面每一行先列出模型對三個測試數字的輸入形狀，再列出目標值。

# %%
# 只取文章的配方：指南的模型在筆記本 08 和 09 建立並比對。
three = digits.test.take(3)
for name, recipe in RECIPES.items():
    if recipe.document.name == "article":
        print(f"{name:<26} {fed_and_fitted(recipe, three)}")

# %% [markdown]
# ## 訓練一個模型
#
# `train` 會建出模型、訓練它，再用 359 個測試數字評分。它的報告寫出訓練了什麼、花了多久，以及測試準確率。先看第 3.1 節的多層感知器：

# %%
mlp = train("mlp", samples=256, epochs=3, shift=False, verbose=0)
print("\n".join(mlp.report()))

# %% [markdown]
# 文章原樣的 CNN 沒有 Flatten：它的輸出是 4×4 特徵圖上每個格子一個預測，沒有任何「每張圖片一個」的標籤對得上。registry 從輸出的形狀就知道這一點，`train` 會在 Keras 因為形狀錯誤而失敗之前先拒絕這個模型。修正後的變體 `flatten=True` 就訓練得起來：

# %%
print(RECIPES["cnn"].configuration("").untrainable)
cnn = train("cnn", flatten=True, samples=256, epochs=3, shift=False, verbose=0)
print("\n".join(cnn.report()))

# %% [markdown]
# 文章的 LSTM 把 784 個像素當成 784 個時間步逐一讀入，每個批次都要跑 784 步 LSTM，完整訓練一次要好幾分鐘。同樣的建構函式加上 `input_shape=(28, 28)`，就改成把圖片當成 28 列、每列 28 個像素來讀，幾秒鐘就學得會。第 5.2 節的模型就這樣讀，而且每張訓練圖片還會連同上、下、左、右各移一個像素的版本一起訓練（報告裡的 `x5`）：

# %%
multi_output = train("multi-output", input_shape=(28, 28), samples=256, epochs=3, verbose=0)
print("\n".join(multi_output.report()))

# %% [markdown]
# ## 學習曲線
#
# 修正後的 CNN 在每個訓練週期結束後，在訓練資料和驗證數字上的損失與準確率（驗證數字不參與訓練；測試數字只在最後評一次分）。學習率那一格顯示：驗證損失不再下降時，`train` 就把學習率減半。`keras-recipes train NAME` 也會把同樣的圖寫到 `runs/NAME/curves.png`。

# %%
show(curves.plot(cnn.history, title="cnn flatten=True"), "curves")

# %% [markdown]
# ## 每讀一列，`output2` 看得出多少
#
# 第 5.2 節的模型有兩個輸出。`output1` 每張圖片給一個類別，由第二個 LSTM 讀完整個序列後決定；`output2` 則在**每一列**之後都給一個類別，根據的是第一個 LSTM `extract` 讀到那裡時的狀態。文章沒說 `output2` 該預測什麼；`train` 在每個時間步都給它這張圖片自己的標籤，等於問它：「從目前讀過的這幾列看來，這是哪個數字？」下面在測試數字上逐列計算它的準確率：

# %%
result = multi_output
model_inputs, _ = data.specs_of(result.model)
labels = digits.test.labels


def accuracy_per_row(images):
    predicted = result.model.predict(data.inputs_for(model_inputs, images), verbose=0)[1]
    return (predicted.argmax(axis=-1) == labels[:, None]).mean(axis=0)  # 每一列一個


accuracy = accuracy_per_row(digits.test.images)
rows = accuracy.size
peak = int(accuracy.argmax()) + 1
print(f"output2 after row 1: {accuracy[0]:.3f}")
print(f"output2 at its best, after row {peak}: {accuracy[peak - 1]:.3f}")
print(f"output2 after row {rows}, the last: {accuracy[-1]:.3f}")
print(f"output1, from the whole sequence: {result.accuracy()['output1']:.3f}")
# 下面的文字對這條曲線的描述。
assert accuracy[0] < 0.2 and peak <= rows - 4 and accuracy[-1] < accuracy.max() - 0.1
assert result.accuracy()["output1"] > accuracy.max()

# %%
show(curves.per_step(accuracy, label="output2", marked=peak), "output2-per-step")

# %% [markdown]
# 讀完第一列時，它和亂猜（0.1）差不了多少：光看最上面的筆畫，很難判斷接下來會是哪個數字。隨著筆畫一筆筆進來，準確率跟著上升，卻沒有一路升到最後：它在最後一列之前幾列就到達最高點（上面印出的那一列），接著在最後幾列掉了超過 0.1。讀完整個數字之後，`output2` 答對的比例反而比只讀一部分時還低。
#
# ## 為什麼會下降
#
# 不是因為最後幾列是空白的。MNIST 的數字四周留有空白，但這裡的數字填滿了整個畫面：最下面幾列的墨水和其他列一樣多。

# %%
ink = digits.test.images.mean(axis=(0, 2))  # 每一列的平均像素值（對所有測試數字取平均）
print(f"ink in row 1: {ink[0]:.2f}, row {peak}: {ink[peak - 1]:.2f}, row {rows}: {ink[-1]:.2f}")
print(f"whole digits: {ink.mean():.2f}")
assert ink[peak:].min() > 0.9 * ink.mean()  # 「墨水和其他列一樣多」

# %% [markdown]
# 也不是因為最後幾列誤導了它。把最佳那一列之後的每一列都塗成空白，讓模型再也讀不到數字的其他部分：讀完最後一列時，它的準確率照樣掉了下來，和讀完整個數字時差不多（上面印過）。

# %%
blank_tail = digits.test.images.copy()
blank_tail[:, peak:] = 0
blanked = accuracy_per_row(blank_tail)
print(f"after row {rows}, reading blank rows after row {peak}: {blanked[-1]:.3f}")
assert abs(blanked[-1] - accuracy[-1]) < 0.05  # 「和讀完整個數字時差不多」

# %% [markdown]
# 真正衰退的是模型的記憶。LSTM 把讀過的東西存在一個狀態裡，每一步都會更新這個狀態：遺忘閘把舊的內容調低，再加進新的輸入。要把「這是哪個數字」一列接一列原封不動地帶下去，是網絡必須學會的本事，而在 256 個數字上只跑三個訓練週期還不夠：最後幾列能提供的有用資訊不多，中間幾列告訴它的東西卻逐漸淡去。把訓練拉長到四倍（`epochs=12`，一兩分鐘），同一個模型在我們的執行中，最佳那一列達到 0.82，到最後一列仍然掉了 0.11：訓練久一點能把整條曲線往上抬，下降的幅度卻只縮小一點點。`output1` 被訓練成只在最後回答一次，不論和哪一列相比，它都比 `output2` 好（數字印在上面）。


# %% [markdown]
# ## 練習
#
# 每個練習都從一個照原樣就能執行的儲存格開始。有的要你先親手算出一個數字或形狀，再執行儲存格：`explain` 會把算式和 Keras 數出來的結果並排列出。有的要你照著摘要寫出模型，有的給你一個有一處錯誤的模型：`check` 會在以 `!` 開頭的行裡指出還有哪裡不符。
#
# 答案摺疊在每個練習下方，自己試過之後再打開。下一個儲存格匯入練習用到的所有東西，所以重新啟動 kernel 之後，也能直接從這裡開始。

# %%
from keras_recipes import build_multi_output, explain_model, explain_recipe

# %% [markdown]
# ### 練習 1：先預測，再驗證
#
# 訓練時，目標的形狀要和模型的輸出一樣。`build_multi_output()` 的兩個輸出各是什麼形狀？寫成一串 tuple，批次那一軸寫 `None`，例如 `[(None, 1)]`。

# %%
prediction = None  # ← 填入你寫出的兩個輸出形狀
model = build_multi_output()
print(explain_model(model))
prediction, [tuple(output.shape) for output in model.outputs]

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# prediction = [(None, 10), (None, 784, 10)]  # 一個類別；784 個時間步各一個類別
# model = build_multi_output()
# print(explain_model(model))
# prediction, [tuple(output.shape) for output in model.outputs]
# ```
#
# </details>

# %% [markdown]
# ### 練習 2：先預測，再驗證
#
# 一列一列讀時，一張數字圖是 28 個時間步、每步 28 個像素：`build_rnn(input_shape=(28, 28))`。這時這個 LSTM 網絡有多少個參數？只有 `lstm1` 會變：它的四組權重（三道閘門加上候選記憶）每一步改讀 28 個值，而不是 1 個。

# %%
prediction = None  # ← 填入你算出的模型參數數量
explained = explain_recipe("rnn", input_shape=(28, 28))
print(explained)
prediction, explained.keras_total

# %% [markdown]
# <details>
# <summary>答案</summary>
#
# ```python
# prediction = 4 * (128 * (28 + 128) + 128) + (128 * 128 + 128) + (128 * 10 + 10)
# explained = explain_recipe("rnn", input_shape=(28, 28))
# print(explained)
# prediction, explained.keras_total
# ```
#
# </details>
