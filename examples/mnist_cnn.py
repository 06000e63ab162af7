"""A small convnet on MNIST, written for Keras 1.2 with Theano's channel ordering.

This is the kind of script kmigrate is for: it ran in 2016 and fails on
today's TensorFlow. Try:

    kmigrate --diff examples/mnist_cnn.py
"""
from __future__ import print_function

import numpy as np

from keras.datasets import mnist
from keras.models import Sequential
from keras.layers.core import Dense, Dropout, Activation, Flatten
from keras.layers.convolutional import Convolution2D, MaxPooling2D
from keras.utils import np_utils

batch_size = 128
nb_classes = 10
nb_epoch = 12

img_rows, img_cols = 28, 28
nb_filters = 32
pool_size = (2, 2)
kernel_size = (3, 3)


def load_data():
    (X_train, y_train), (X_test, y_test) = mnist.load_data()
    X_train = X_train.reshape(X_train.shape[0], 1, img_rows, img_cols).astype('float32') / 255
    X_test = X_test.reshape(X_test.shape[0], 1, img_rows, img_cols).astype('float32') / 255
    Y_train = np_utils.to_categorical(y_train, nb_classes)
    Y_test = np_utils.to_categorical(y_test, nb_classes)
    return (X_train, Y_train), (X_test, Y_test)


def build_model(input_shape=(1, img_rows, img_cols)):
    model = Sequential()
    model.add(Convolution2D(nb_filters, kernel_size[0], kernel_size[1],
                            border_mode='valid', dim_ordering='th',
                            input_shape=input_shape))
    model.add(Activation('relu'))
    model.add(Convolution2D(nb_filters, kernel_size[0], kernel_size[1], dim_ordering='th'))
    model.add(Activation('relu'))
    model.add(MaxPooling2D(pool_size=pool_size, dim_ordering='th'))
    model.add(Dropout(0.25))

    model.add(Flatten())
    model.add(Dense(128, init='glorot_uniform'))
    model.add(Activation('relu'))
    model.add(Dropout(p=0.5))
    model.add(Dense(output_dim=nb_classes))
    model.add(Activation('softmax'))
    return model


if __name__ == '__main__':
    (X_train, Y_train), (X_test, Y_test) = load_data()
    model = build_model()
    model.compile(loss='categorical_crossentropy', optimizer='sgd', metrics=['accuracy'])
    model.fit(X_train, Y_train, batch_size=batch_size, nb_epoch=nb_epoch,
              verbose=1, validation_data=(X_test, Y_test))
    score = model.evaluate(X_test, Y_test, verbose=0)
    print('Test score:', score[0])
    print('Test accuracy:', score[1])
    print(np.argmax(model.predict(X_test[:5]), axis=1))
