"""The corrected CNN with kernels of 3 instead of 4."""

from keras.layers import Conv2D, Dense, Flatten, Input, MaxPooling2D
from keras.models import Model

visible = Input(shape=(28, 28, 1))
conv1 = Conv2D(128, kernel_size=3, activation="relu")(visible)
pool1 = MaxPooling2D(pool_size=(2, 2))(conv1)
conv2 = Conv2D(64, kernel_size=3, activation="relu")(pool1)
pool2 = MaxPooling2D(pool_size=(2, 2))(conv2)
flat = Flatten()(pool2)
hidden1 = Dense(64, activation="relu")(flat)
output = Dense(10, activation="softmax")(hidden1)
model = Model(inputs=visible, outputs=output)
