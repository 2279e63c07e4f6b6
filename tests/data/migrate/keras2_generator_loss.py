"""A Keras 2 style script: a custom loss written with the backend, trained from a generator
(written for kerastutor's migrate tests)."""

import numpy as np
from keras import backend as K
from keras.layers import Dense, Dropout, Input
from keras.models import Model
from keras.optimizers import RMSprop


def mean_squared(y_true, y_pred):
    # the mean squared error, the Keras 2 way
    return K.mean(K.square(y_pred - y_true), axis=-1)


def batches(batch_size=8):
    while True:
        x = np.random.rand(batch_size, 20).astype("float32")
        yield x, np.sum(x, axis=1, keepdims=True)


inputs = Input(shape=(20,))
hidden = Dense(32, activation='relu', init='glorot_uniform', b_regularizer=None)(inputs)
hidden = Dropout(0.1)(hidden)
outputs = Dense(1)(hidden)
model = Model(input=inputs, output=outputs)
model.compile(optimizer=RMSprop(lr=0.001), loss=mean_squared)

model.fit_generator(batches(), steps_per_epoch=4, nb_epoch=1, verbose=0,
                    workers=1, use_multiprocessing=False, max_queue_size=4)
loss = model.evaluate_generator(batches(), steps=2, verbose=0)
predictions = model.predict_generator(batches(), steps=2, verbose=0)
print("trained", predictions.shape, float(loss) >= 0)
