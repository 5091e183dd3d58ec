"""Section 3.3 with an LSTM of 64 units instead of 128."""

from keras.layers import LSTM, Dense, Input
from keras.models import Model

visible = Input(shape=(784, 1))
lstm1 = LSTM(64)(visible)
hidden1 = Dense(128, activation="relu")(lstm1)
output = Dense(10, activation="softmax")(hidden1)
model = Model(inputs=visible, outputs=output)
