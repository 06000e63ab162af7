"""Conv -> BatchNormalization -> ReLU classifier (Keras 1, explicit dim_ordering='th').

The convolutions and poolings say dim_ordering='th'; the batch normalizations
after them normalise each channel with axis=1, and the feature maps are
flattened into a small Dense head.
"""

from keras.layers.convolutional import Convolution2D, MaxPooling2D
from keras.layers.core import Activation, Dense, Dropout, Flatten
from keras.layers.normalization import BatchNormalization
from keras.models import Sequential

nb_classes = 5


def build(input_shape=(3, 40, 40)):
    model = Sequential([
        Convolution2D(16, 3, 3, border_mode='same', dim_ordering='th', input_shape=input_shape),
        BatchNormalization(mode=0, axis=1),
        Activation('relu'),
        Convolution2D(16, 3, 3, border_mode='same', dim_ordering='th'),
        BatchNormalization(mode=0, axis=1),
        Activation('relu'),
        MaxPooling2D(pool_size=(2, 2), dim_ordering='th'),
        Convolution2D(24, 3, 3, border_mode='same', dim_ordering='th'),
        BatchNormalization(mode=0, axis=1),
        Activation('relu'),
        MaxPooling2D(pool_size=(2, 2), dim_ordering='th'),
        Flatten(),
        Dense(64),
        BatchNormalization(),
        Activation('relu'),
        Dropout(0.5),
        Dense(nb_classes, activation='softmax'),
    ])
    return model
