"""Section 3.3 as typed from the article, layers left unnamed."""

from keras.layers import LSTM, Dense, Input
from keras.models import Model

visible = Input(shape=(784, 1))
lstm1 = LSTM(128)(visible)
hidden1 = Dense(128, activation="relu")(lstm1)
output = Dense(10, activation="softmax")(hidden1)
model = Model(inputs=visible, outputs=output)
