"""The code sets Theano's ordering itself; one layer states its own (tf) ordering."""
from keras import backend as K
from keras.models import Sequential
from keras.layers import Convolution2D, MaxPooling2D, Flatten, Dense

K.set_image_dim_ordering('th')

model = Sequential()
model.add(Convolution2D(16, 3, 3, border_mode='same', input_shape=(3, 32, 32)))
model.add(MaxPooling2D((2, 2)))
model.add(Convolution2D(16, 3, 3, border_mode='same'))
model.add(MaxPooling2D((2, 2), dim_ordering='tf'))
model.add(Flatten())
model.add(Dense(10))

# ruff: noqa  (legacy Keras 1 code and examples, kept as they were written)
