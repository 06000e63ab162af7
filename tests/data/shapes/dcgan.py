"""A DCGAN generator for Theano's ordering: Reshape((128, 7, 7)) then up-convolutions.

Both orderings build it (spec 12.7): under channels_last the (128, 7, 7) maps
are read as 128 rows of 7 columns with 7 channels.
"""
from keras.models import Sequential
from keras.layers import Dense, Reshape, Activation, BatchNormalization, UpSampling2D
from keras.layers import Convolution2D, Deconvolution2D

generator = Sequential()
generator.add(Dense(input_dim=100, output_dim=1024))
generator.add(Activation('tanh'))
generator.add(Dense(128 * 7 * 7))
generator.add(BatchNormalization())
generator.add(Activation('tanh'))
generator.add(Reshape((128, 7, 7), input_shape=(128 * 7 * 7,)))
generator.add(UpSampling2D(size=(2, 2)))
generator.add(Convolution2D(64, 5, 5, border_mode='same'))
generator.add(Activation('tanh'))
generator.add(Deconvolution2D(1, 3, 3, output_shape=(None, 1, 29, 29), subsample=(2, 2), border_mode='valid'))
generator.add(Activation('tanh'))

# ruff: noqa  (legacy Keras 1 code and examples, kept as they were written)
