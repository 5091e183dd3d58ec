"""Section 5.2 with output2's Dense layer in relu instead of softmax."""

from keras.layers import LSTM, Dense, Input, TimeDistributed
from keras.models import Model

visible = Input(shape=(784, 1))
extract = LSTM(64, return_sequences=True)(visible)
class11 = LSTM(32)(extract)
class12 = Dense(32, activation="relu")(class11)
output1 = Dense(10, activation="softmax")(class12)
output2 = TimeDistributed(Dense(10, activation="relu"))(extract)
model = Model(inputs=visible, outputs=[output1, output2])
