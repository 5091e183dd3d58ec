"""Section 3.1 with the third hidden layer left out."""

from keras.layers import Dense, Input
from keras.models import Model

visible = Input(shape=(784,))
hidden1 = Dense(512, activation="relu")(visible)
hidden2 = Dense(216, activation="relu")(hidden1)
output = Dense(10, activation="softmax")(hidden2)
model = Model(inputs=visible, outputs=output)
