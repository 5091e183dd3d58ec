"""The guide's ensemble of three models, as typed from the guide."""

import keras
from keras import layers


def get_model():
    inputs = keras.Input(shape=(128,))
    outputs = layers.Dense(1)(inputs)
    return keras.Model(inputs, outputs)


inputs = keras.Input(shape=(128,))
y1 = get_model()(inputs)
y2 = get_model()(inputs)
y3 = get_model()(inputs)
outputs = layers.average([y1, y2, y3])
model = keras.Model(inputs=inputs, outputs=outputs)
