"""Section 3.1 with a relu output layer instead of softmax."""

from keras.layers import Dense, Input
from keras.models import Model

visible = Input(shape=(784,))
hidden1 = Dense(512, activation="relu")(visible)
hidden2 = Dense(216, activation="relu")(hidden1)
hidden3 = Dense(128, activation="relu")(hidden2)
output = Dense(10, activation="relu")(hidden3)
model = Model(inputs=visible, outputs=output)
