"""The seed: a VGG16 feature extractor written for Theano's ordering, (3, 256, 256) inputs.

Keras 1 read the ordering from ~/.keras/keras.json; under TensorFlow's default
(channels last) the second pooling gets (None, 1, 128, 128) and fails with
"Negative dimension size caused by subtracting 2 from 1 for 'MaxPool'".
"""
from keras.layers import Input
from keras.layers.convolutional import Convolution2D, MaxPooling2D
from keras.models import Model


def create_vgg16_dense_kpf( input_shape, model_name = 'vgg16_dense_kpf', is_simplified = True ) :
    '''Create a CNN feature extractor that is identical to the well known VGG16 architecture
    INPUT:
        input_shape = tuple of ( nb_chs, nb_rows, nb_cols ), input image shape
        model_name  = string, name of the output model
        is_simplified = bool, whether or not use all 5 CNN blocks of VGG16
    OUTPUT:
        vgg16_cnn_featex = keras.model, output model
    '''
    img_input = Input( shape = input_shape )
    print(1, img_input.shape)
    # Block 1
    x = Convolution2D(64, 3, 3, activation='relu', border_mode='same', name= model_name + '-block1_conv1')(img_input)
    print(2, x.shape)
    x = Convolution2D(64, 3, 3, activation='relu', border_mode='same', name= model_name + '-block1_conv2')(x)
    print(3, x.shape)
    x = MaxPooling2D((2, 2), strides=(2, 2), name= model_name + '-block1_pool')(x)
    print(4, x.shape)
    # Block 2
    x = Convolution2D(128, 3, 3, activation='relu', border_mode='same', name= model_name + '-block2_conv1')(x)
    print(5, x.shape)
    x = Convolution2D(128, 3, 3, activation='relu', border_mode='same', name= model_name + '-block2_conv2')(x)
    print(6, x.shape)
    x = MaxPooling2D((2, 2), strides=(2, 2), name= model_name + '-block2_pool')(x)
    print(7, x.shape)
    # Block 3
    x = Convolution2D(256, 3, 3, activation='relu', border_mode='same', name= model_name + '-block3_conv1')(x)
    x = Convolution2D(256, 3, 3, activation='relu', border_mode='same', name= model_name + '-block3_conv2')(x)
    x = Convolution2D(256, 3, 3, activation='relu', border_mode='same', name= model_name + '-block3_conv3')(x)
    x = MaxPooling2D((2, 2), strides=(2, 2), name= model_name + '-block3_pool')(x)
    print(x.shape)
    # Block 4
    x = Convolution2D(512, 3, 3, activation='relu', border_mode='same', name= model_name + '-block4_conv1')(x)
    x = Convolution2D(512, 3, 3, activation='relu', border_mode='same', name= model_name + '-block4_conv2')(x)
    x = Convolution2D(512, 3, 3, activation='relu', border_mode='same', name= model_name + '-block4_conv3')(x)
    x = MaxPooling2D((2, 2), strides=(2, 2), name= model_name + '-block4_pool')(x)
    print(x.shape)
    if not is_simplified:
        # Block 5
        x = Convolution2D(512, 3, 3, activation='relu', border_mode='same', name= model_name + '-block5_conv1')(x)
        x = Convolution2D(512, 3, 3, activation='relu', border_mode='same', name= model_name + '-block5_conv2')(x)
        x = Convolution2D(512, 3, 3, activation='relu', border_mode='same', name= model_name + '-block5_conv3')(x)
        x = MaxPooling2D((2, 2), strides=(2, 2), name= model_name + '-block5_pool')(x)
        print(x.shape)
    vgg16_cnn_featex = Model(img_input, x, name=model_name)
    return vgg16_cnn_featex


model = create_vgg16_dense_kpf((3, 256, 256))

# ruff: noqa  (legacy Keras 1 code and examples, kept as they were written)
