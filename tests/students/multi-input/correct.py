"""Section 5.1 as typed from the article, layers left unnamed."""

from keras.layers import Conv2D, Dense, Flatten, Input, MaxPooling2D, concatenate
from keras.models import Model

img_gray_bigsize = Input(shape=(64, 64, 1))
conv11 = Conv2D(32, kernel_size=4, activation="relu")(img_gray_bigsize)
pool11 = MaxPooling2D(pool_size=(2, 2))(conv11)
conv12 = Conv2D(16, kernel_size=4, activation="relu")(pool11)
pool12 = MaxPooling2D(pool_size=(2, 2))(conv12)
flat1 = Flatten()(pool12)
img_rgb_smallsize = Input(shape=(32, 32, 3))
conv21 = Conv2D(32, kernel_size=4, activation="relu")(img_rgb_smallsize)
pool21 = MaxPooling2D(pool_size=(2, 2))(conv21)
conv22 = Conv2D(16, kernel_size=4, activation="relu")(pool21)
pool22 = MaxPooling2D(pool_size=(2, 2))(conv22)
flat2 = Flatten()(pool22)
merge = concatenate([flat1, flat2])
hidden1 = Dense(128, activation="relu")(merge)
hidden2 = Dense(64, activation="relu")(hidden1)
output = Dense(10, activation="softmax")(hidden2)
model = Model(inputs=[img_gray_bigsize, img_rgb_smallsize], outputs=output)
