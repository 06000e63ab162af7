"""U-Net for binary segmentation masks (Keras 1, every layer says dim_ordering='th').

Images and masks are (samples, 1, img_rows, img_cols); the skip connections
concatenate feature maps along the channel axis, axis 1.
"""

from keras import backend as K
from keras.layers import Convolution2D, Input, MaxPooling2D, UpSampling2D, merge
from keras.models import Model
from keras.optimizers import Adam

img_rows, img_cols = 40, 56
smooth = 1.


def dice_coef(y_true, y_pred):
    y_true_f = K.flatten(y_true)
    y_pred_f = K.flatten(y_pred)
    intersection = K.sum(y_true_f * y_pred_f)
    return (2. * intersection + smooth) / (K.sum(y_true_f) + K.sum(y_pred_f) + smooth)


def dice_coef_loss(y_true, y_pred):
    return -dice_coef(y_true, y_pred)


def build():
    inputs = Input((1, img_rows, img_cols))
    conv1 = Convolution2D(8, 3, 3, activation='relu', border_mode='same', dim_ordering='th')(inputs)
    conv1 = Convolution2D(8, 3, 3, activation='relu', border_mode='same', dim_ordering='th')(conv1)
    pool1 = MaxPooling2D(pool_size=(2, 2), dim_ordering='th')(conv1)

    conv2 = Convolution2D(16, 3, 3, activation='relu', border_mode='same', dim_ordering='th')(pool1)
    conv2 = Convolution2D(16, 3, 3, activation='relu', border_mode='same', dim_ordering='th')(conv2)
    pool2 = MaxPooling2D(pool_size=(2, 2), dim_ordering='th')(conv2)

    conv3 = Convolution2D(32, 3, 3, activation='relu', border_mode='same', dim_ordering='th')(pool2)
    conv3 = Convolution2D(32, 3, 3, activation='relu', border_mode='same', dim_ordering='th')(conv3)

    up4 = merge([UpSampling2D(size=(2, 2), dim_ordering='th')(conv3), conv2], mode='concat', concat_axis=1)
    conv4 = Convolution2D(16, 3, 3, activation='relu', border_mode='same', dim_ordering='th')(up4)
    conv4 = Convolution2D(16, 3, 3, activation='relu', border_mode='same', dim_ordering='th')(conv4)

    up5 = merge([UpSampling2D(size=(2, 2), dim_ordering='th')(conv4), conv1], mode='concat', concat_axis=1)
    conv5 = Convolution2D(8, 3, 3, activation='relu', border_mode='same', dim_ordering='th')(up5)
    conv5 = Convolution2D(8, 3, 3, activation='relu', border_mode='same', dim_ordering='th')(conv5)

    conv6 = Convolution2D(1, 1, 1, activation='sigmoid', dim_ordering='th')(conv5)

    model = Model(input=inputs, output=conv6)
    return model


def train(imgs_train, imgs_mask_train, nb_epoch=20):
    imgs_train = imgs_train.reshape(imgs_train.shape[0], 1, img_rows, img_cols).astype('float32')
    imgs_mask_train = imgs_mask_train.reshape(imgs_mask_train.shape[0], 1, img_rows, img_cols).astype('float32') / 255.
    model = build()
    model.compile(optimizer=Adam(lr=1e-5), loss=dice_coef_loss, metrics=[dice_coef])
    model.fit(imgs_train, imgs_mask_train, batch_size=32, nb_epoch=nb_epoch, verbose=1, shuffle=True)
    return model
