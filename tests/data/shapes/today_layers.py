"""Today's tf.keras code: the layers whose shape rules need more than a window.

Separable, depthwise, dilated and transposed convolutions, padding and
cropping with per-side amounts, 1D and 3D layers, global pooling, Permute,
Dot, Lambda with an output_shape, and models that cannot build for reasons
other than a window (cropping everything, a Reshape of the wrong size, a Dense
layer after an unknown dimension).
"""
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(32, 32, 3))
x = layers.SeparableConv2D(16, 3, padding='same', depth_multiplier=2)(inputs)
x = layers.DepthwiseConv2D(3, strides=2, depth_multiplier=2, use_bias=False)(x)
x = layers.Conv2D(8, 3, dilation_rate=2, groups=2)(x)
x = layers.Conv2DTranspose(8, 3, strides=2, output_padding=1)(x)
x = layers.ZeroPadding2D(((1, 2), (0, 1)))(x)
x = layers.Cropping2D(((2, 1), (1, 0)))(x)
x = layers.AveragePooling2D(3, strides=1, padding='same')(x)
x = layers.PReLU(shared_axes=[1, 2])(x)
x = layers.SpatialDropout2D(0.1)(x)
x = layers.BatchNormalization()(x)
x = layers.GlobalMaxPooling2D(keepdims=True)(x)
x = layers.Flatten()(x)
outputs = layers.Dense(10, activation='softmax')(x)
images = keras.Model(inputs, outputs)

volumes_in = keras.Input((16, 16, 16, 2))
v = layers.Conv3D(4, 3, padding='same')(volumes_in)
v = layers.MaxPooling3D((2, 2, 2))(v)
v = layers.ZeroPadding3D(1)(v)
v = layers.Cropping3D(((1, 0), (0, 1), (1, 1)))(v)
v = layers.UpSampling3D((1, 2, 2))(v)
v = layers.Conv3DTranspose(2, (3, 3, 3), strides=(1, 2, 2), padding='same')(v)
v = layers.AveragePooling3D(2, strides=(2, 1, 1))(v)
v = layers.GlobalAveragePooling3D()(v)
volumes = keras.Model(volumes_in, layers.Dense(3)(v))

signal_in = keras.Input((50, 8))
s = layers.Conv1D(16, 3, padding='causal', dilation_rate=2)(signal_in)
s = layers.ZeroPadding1D((2, 1))(s)
s = layers.Cropping1D((1, 2))(s)
s = layers.UpSampling1D(3)(s)
s = layers.AveragePooling1D(3, strides=2, padding='same')(s)
s = layers.SeparableConv1D(8, 5, strides=2)(s)
s = layers.MaxPooling1D()(s)
s = layers.Permute((2, 1))(s)
s = layers.LayerNormalization()(s)
s = layers.Reshape((-1,))(s)
s = layers.Lambda(lambda t: t[:, :10], output_shape=(10,))(s)
t = layers.GlobalAveragePooling1D()(layers.Conv1D(10, 1)(signal_in))
similarity = layers.Dot(axes=1)([s, t])
signals = keras.Model(signal_in, [similarity, layers.Concatenate()([s, t])])

crop_in = keras.Input((8, 8, 3))
cropped_to_nothing = keras.Model(crop_in, layers.Cropping2D(((4, 4), (0, 0)))(crop_in))

vector_in = keras.Input((24,))
bad_reshape = keras.Model(vector_in, layers.Reshape((5, 5))(vector_in))

fcn_in = keras.Input((None, None, 3))
f = layers.Conv2D(8, 3, padding='same')(fcn_in)
f = layers.MaxPooling2D()(f)
f = layers.Flatten()(f)
fully_convolutional = keras.Model(fcn_in, layers.Dense(4)(f))

# ruff: noqa  (legacy Keras 1 code and examples, kept as they were written)
