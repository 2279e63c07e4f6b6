"""A Keras 1 style functional model with two branches merged by merge(mode='concat')
(written for kerastutor's migrate tests)."""

import keras.utils.np_utils
import numpy as np
from keras.layers import Dense, Input, merge
from keras.models import Model
from keras.optimizers import Adam

left_in = Input(shape=(4,))
right_in = Input(shape=(6,))
left = Dense(output_dim=8, activation='tanh')(left_in)
right = Dense(8, activation='tanh', init='uniform')(right_in)
joined = merge([left, right], mode='concat', concat_axis=-1)
summed = merge([Dense(8)(joined), left], mode='sum')
outputs = Dense(2, activation='softmax')(summed)

model = Model(input=[left_in, right_in], output=outputs)
model.compile(optimizer=Adam(lr=0.01), loss='categorical_crossentropy')
x_left, x_right = np.random.rand(32, 4), np.random.rand(32, 6)
y = keras.utils.np_utils.to_categorical(np.random.randint(0, 2, size=32), 2)
model.fit([x_left, x_right], y, nb_epoch=1, batch_size=8, verbose=0)
print("trained", model.predict([x_left, x_right], verbose=0).shape)
