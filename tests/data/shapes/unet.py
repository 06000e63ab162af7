"""U-Nets: channel-axis concatenations of upsampled and skipped feature maps.

``get_unet`` is Keras 1 code for Theano's ordering (1-channel 64x64 images,
``merge(..., concat_axis=1)``); ``get_unet_tf`` is today's code for
channels-last images and is never called here (the checker analyses it with
its default input shape); ``odd_unet`` skips a 25x25 map into a 24x24 one.
"""
from keras.layers import Input, merge, Convolution2D, MaxPooling2D, UpSampling2D, Dropout
from keras.layers import Conv2DTranspose, Cropping2D, ZeroPadding2D, concatenate
from keras.models import Model

img_rows, img_cols = 64, 64
smooth = 1.


def get_unet():
    inputs = Input((1, img_rows, img_cols))
    conv1 = Convolution2D(32, 3, 3, activation='relu', border_mode='same')(inputs)
    conv1 = Convolution2D(32, 3, 3, activation='relu', border_mode='same')(conv1)
    pool1 = MaxPooling2D(pool_size=(2, 2))(conv1)

    conv2 = Convolution2D(64, 3, 3, activation='relu', border_mode='same')(pool1)
    conv2 = Convolution2D(64, 3, 3, activation='relu', border_mode='same')(conv2)
    pool2 = MaxPooling2D(pool_size=(2, 2))(conv2)

    conv3 = Convolution2D(128, 3, 3, activation='relu', border_mode='same')(pool2)
    conv3 = Dropout(0.5)(conv3)

    up4 = merge([UpSampling2D(size=(2, 2))(conv3), conv2], mode='concat', concat_axis=1)
    conv4 = Convolution2D(64, 3, 3, activation='relu', border_mode='same')(up4)

    up5 = merge([UpSampling2D(size=(2, 2))(conv4), conv1], mode='concat', concat_axis=1)
    conv5 = Convolution2D(32, 3, 3, activation='relu', border_mode='same')(up5)

    conv6 = Convolution2D(1, 1, 1, activation='sigmoid')(conv5)
    model = Model(input=inputs, output=conv6)
    return model


def get_unet_tf(input_shape=(96, 96, 3), base=16):
    inputs = Input(input_shape)
    c1 = Convolution2D(base, 3, 3, activation='relu', border_mode='valid')(inputs)
    c1 = ZeroPadding2D((1, 1))(c1)
    p1 = MaxPooling2D((2, 2))(c1)
    c2 = Convolution2D(base * 2, 3, 3, activation='relu', border_mode='same')(p1)
    p2 = MaxPooling2D((2, 2))(c2)
    c3 = Convolution2D(base * 4, 3, 3, activation='relu', border_mode='same')(p2)
    u2 = Conv2DTranspose(base * 2, (2, 2), strides=(2, 2), padding='same')(c3)
    u2 = concatenate([u2, c2], axis=3)
    u1 = Conv2DTranspose(base, (3, 3), strides=(2, 2), padding='valid')(u2)
    u1 = Cropping2D(((0, 1), (0, 1)))(u1)
    u1 = concatenate([u1, c1], axis=-1)
    outputs = Convolution2D(1, 1, 1, activation='sigmoid')(u1)
    return Model(input=[inputs], output=[outputs])


def odd_unet(input_shape):
    inputs = Input(input_shape)
    c1 = Convolution2D(8, 3, 3, border_mode='same')(inputs)
    p1 = MaxPooling2D((2, 2))(c1)
    c2 = Convolution2D(8, 3, 3, border_mode='same')(p1)
    p2 = MaxPooling2D((2, 2))(c2)
    u1 = UpSampling2D((2, 2))(p2)
    merged = concatenate([u1, c2], axis=-1)
    return Model(inputs, merged)


model = get_unet()
odd = odd_unet((50, 50, 3))

# ruff: noqa  (legacy Keras 1 code and examples, kept as they were written)
