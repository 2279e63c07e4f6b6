"""A Keras 1 style convnet, as 2016 tutorials wrote it (written for kerastutor's migrate tests)."""

import numpy as np
from keras.layers.convolutional import Convolution2D, MaxPooling2D
from keras.layers.core import Activation, Dense, Dropout, Flatten
from keras.models import Sequential
from keras.optimizers import SGD
from keras.utils import np_utils

np.random.seed(7)
x_train = np.random.rand(64, 8, 8, 1).astype("float32")
y_train = np_utils.to_categorical(np.random.randint(0, 3, size=64), nb_classes=3)

model = Sequential()
model.add(Convolution2D(8, 3, 3, border_mode='same', input_shape=(8, 8, 1)))  # 8 filters, 3x3
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2), border_mode='valid', dim_ordering='tf'))
model.add(Dropout(p=0.25))
model.add(Flatten())
model.add(Dense(output_dim=16, init='he_normal', W_regularizer=None))
model.add(Activation('relu'))
model.add(Dense(3, activation='softmax'))

sgd = SGD(lr=0.01, momentum=0.9, nesterov=True)
model.compile(loss='categorical_crossentropy', optimizer=sgd, metrics=['accuracy'])
model.fit(x_train, y_train, batch_size=16, nb_epoch=1, verbose=0)
print("trained", model.predict_proba(x_train[:2], verbose=0).shape)
