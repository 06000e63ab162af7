"""A small VGG-style CIFAR-10 classifier (Keras 1, Theano ordering set globally).

Written for the Theano backend: the global setter below makes every layer
channels-first, and the data is kept as (samples, 3, 32, 32).
"""

from keras import backend as K
from keras.layers import Activation, Convolution2D, Dense, Dropout, Flatten, MaxPooling2D
from keras.models import Sequential
from keras.optimizers import SGD
from keras.utils import np_utils

K.set_image_dim_ordering('th')

nb_classes = 10
img_channels, img_rows, img_cols = 3, 32, 32


def build():
    model = Sequential()
    model.add(Convolution2D(16, 3, 3, border_mode='same', input_shape=(img_channels, img_rows, img_cols)))
    model.add(Activation('relu'))
    model.add(Convolution2D(16, 3, 3))
    model.add(Activation('relu'))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Dropout(0.25))

    model.add(Convolution2D(32, 3, 3, border_mode='same'))
    model.add(Activation('relu'))
    model.add(Convolution2D(32, 3, 3))
    model.add(Activation('relu'))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Dropout(0.25))

    model.add(Flatten())
    model.add(Dense(64))
    model.add(Activation('relu'))
    model.add(Dropout(0.5))
    model.add(Dense(nb_classes))
    model.add(Activation('softmax'))
    return model


def train(X_train, y_train, nb_epoch=20, batch_size=32):
    X_train = X_train.astype('float32') / 255
    Y_train = np_utils.to_categorical(y_train, nb_classes)
    model = build()
    sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
    model.compile(loss='categorical_crossentropy', optimizer=sgd, metrics=['accuracy'])
    model.fit(X_train, Y_train, batch_size=batch_size, nb_epoch=nb_epoch, validation_split=0.1, shuffle=True)
    return model
