"""Section 4.2 as typed from the article, layers left unnamed."""

from keras.layers import LSTM, Dense, Input, concatenate
from keras.models import Model

visible = Input(shape=(784, 1))
extract1 = LSTM(128)(visible)
interp1 = Dense(10, activation="relu")(extract1)
interp21 = Dense(64, activation="relu")(extract1)
interp22 = Dense(32, activation="relu")(interp21)
interp23 = Dense(16, activation="relu")(interp22)
merge = concatenate([interp1, interp23])
output = Dense(10, activation="softmax")(merge)
model = Model(inputs=visible, outputs=output)
