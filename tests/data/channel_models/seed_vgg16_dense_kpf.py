"""VGG16-style dense feature extractor, from the seed blog post (Keras 1).

No layer says dim_ordering and nothing here sets it: the author's
~/.keras/keras.json had "image_dim_ordering": "th", so the (3, 256, 256)
input is (channels, rows, cols). Under a "tf" keras.json the same code fails
with "Negative dimension size caused by subtracting 2 from 1 for 'MaxPool_21'".
"""

from keras.layers import Convolution2D, Input, MaxPooling2D
from keras.models import Model


def create_vgg16_dense_kpf(input_shape, model_name='vgg16_dense_kpf', is_simplified=True):
    '''Create a CNN feature extractor that is identical to the well known VGG16 architecture
    INPUT:
        input_shape = tuple of ( nb_chs, nb_rows, nb_cols ), input image shape
        model_name  = string, name of the output model
        is_simplified = bool, whether or not use all 5 CNN blocks of VGG16
    OUTPUT:
        vgg16_cnn_featex = keras.model, output model
    '''
    img_input = Input(shape=input_shape)
    # Block 1
    x = Convolution2D(64, 3, 3, activation='relu', border_mode='same', name=model_name + '-block1_conv1')(img_input)
    x = Convolution2D(64, 3, 3, activation='relu', border_mode='same', name=model_name + '-block1_conv2')(x)
    x = MaxPooling2D((2, 2), strides=(2, 2), name=model_name + '-block1_pool')(x)
    # Block 2
    x = Convolution2D(128, 3, 3, activation='relu', border_mode='same', name=model_name + '-block2_conv1')(x)
    x = Convolution2D(128, 3, 3, activation='relu', border_mode='same', name=model_name + '-block2_conv2')(x)
    x = MaxPooling2D((2, 2), strides=(2, 2), name=model_name + '-block2_pool')(x)
    # Block 3
    x = Convolution2D(256, 3, 3, activation='relu', border_mode='same', name=model_name + '-block3_conv1')(x)
    x = Convolution2D(256, 3, 3, activation='relu', border_mode='same', name=model_name + '-block3_conv2')(x)
    x = Convolution2D(256, 3, 3, activation='relu', border_mode='same', name=model_name + '-block3_conv3')(x)
    x = MaxPooling2D((2, 2), strides=(2, 2), name=model_name + '-block3_pool')(x)
    # Block 4
    x = Convolution2D(512, 3, 3, activation='relu', border_mode='same', name=model_name + '-block4_conv1')(x)
    x = Convolution2D(512, 3, 3, activation='relu', border_mode='same', name=model_name + '-block4_conv2')(x)
    x = Convolution2D(512, 3, 3, activation='relu', border_mode='same', name=model_name + '-block4_conv3')(x)
    x = MaxPooling2D((2, 2), strides=(2, 2), name=model_name + '-block4_pool')(x)
    if not is_simplified:
        # Block 5
        x = Convolution2D(512, 3, 3, activation='relu', border_mode='same', name=model_name + '-block5_conv1')(x)
        x = Convolution2D(512, 3, 3, activation='relu', border_mode='same', name=model_name + '-block5_conv2')(x)
        x = Convolution2D(512, 3, 3, activation='relu', border_mode='same', name=model_name + '-block5_conv3')(x)
        x = MaxPooling2D((2, 2), strides=(2, 2), name=model_name + '-block5_pool')(x)
    vgg16_cnn_featex = Model(input=img_input, output=x, name=model_name)
    return vgg16_cnn_featex


def build():
    return create_vgg16_dense_kpf((3, 256, 256))
