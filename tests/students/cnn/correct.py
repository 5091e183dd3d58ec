"""Section 3.2 exactly as the article prints it: no Flatten."""

from keras.layers import Conv2D, Dense, Input, MaxPooling2D
from keras.models import Model

visible = Input(shape=(28, 28, 1))
conv1 = Conv2D(128, kernel_size=4, activation="relu")(visible)
pool1 = MaxPooling2D(pool_size=(2, 2))(conv1)
conv2 = Conv2D(64, kernel_size=4, activation="relu")(pool1)
pool2 = MaxPooling2D(pool_size=(2, 2))(conv2)
hidden1 = Dense(64, activation="relu")(pool2)
output = Dense(10, activation="softmax")(hidden1)
model = Model(inputs=visible, outputs=output)
