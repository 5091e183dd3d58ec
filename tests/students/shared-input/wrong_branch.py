"""Section 4.1 with conv2 reading pool1 instead of the input."""

from keras.layers import Conv2D, Dense, Flatten, Input, MaxPooling2D, concatenate
from keras.models import Model

visible = Input(shape=(28, 28, 1))
conv1 = Conv2D(32, kernel_size=4, activation="relu")(visible)
pool1 = MaxPooling2D(pool_size=(2, 2))(conv1)
flat1 = Flatten()(pool1)
conv2 = Conv2D(16, kernel_size=8, activation="relu")(pool1)
pool2 = MaxPooling2D(pool_size=(2, 2))(conv2)
flat2 = Flatten()(pool2)
merge = concatenate([flat1, flat2])
hidden1 = Dense(64, activation="relu")(merge)
output = Dense(10, activation="softmax")(hidden1)
model = Model(inputs=visible, outputs=output)
