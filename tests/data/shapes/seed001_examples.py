"""The three examples of "What is the cause of the negative dimension error in conv2d_3/Conv2D?".

That article says its "incorrect" models fail; TensorFlow 2.21 builds the first
two: a 7x7 stride-2 'valid' convolution on 28x28 gives 11x11, and a 3x3
stride-4 one on 10x10 gives 2x2. The "_failing" models next to them are real
failures: the window does not fit the input at all.
"""
import tensorflow as tf

# Example 1, "incorrect": builds, (None, 11, 11, 32).
example1 = tf.keras.Sequential([
    tf.keras.layers.Conv2D(32, (7, 7), strides=(2, 2), activation='relu', input_shape=(28, 28, 1)),
])

example1_corrected = tf.keras.Sequential([
    tf.keras.layers.Conv2D(32, (7, 7), strides=(2, 2), padding='same', activation='relu', input_shape=(28, 28, 1)),
])

# A 7x7 window over a 5x5 image.
example1_failing = tf.keras.Sequential([
    tf.keras.layers.Conv2D(32, (7, 7), strides=(2, 2), activation='relu', input_shape=(5, 5, 1)),
])

# Example 2, "incorrect": builds, (None, 2, 2, 32).
example2 = tf.keras.Sequential([
    tf.keras.layers.Conv2D(32, (3, 3), strides=(4, 4), activation='relu', input_shape=(10, 10, 1)),
])

example2_corrected = tf.keras.Sequential([
    tf.keras.layers.Conv2D(32, (3, 3), strides=(2, 2), activation='relu', input_shape=(10, 10, 1)),
])

# A 3x3 window over a 2x2 image.
example2_failing = tf.keras.Sequential([
    tf.keras.layers.Conv2D(32, (3, 3), strides=(4, 4), activation='relu', input_shape=(2, 2, 1)),
])

# Example 3: 'same' padding computes the padding itself.
input_shape = (32, 32, 3)
filter_size = (3, 3)
stride = (2, 2)
example3 = tf.keras.Sequential([
    tf.keras.layers.Conv2D(32, filter_size, strides=stride, padding='same', activation='relu', input_shape=input_shape),
])

# 'valid' padding on a 2x2 image: (2 - 3) // 2 + 1 = 0.
example3_failing = tf.keras.Sequential([
    tf.keras.layers.Conv2D(32, filter_size, strides=stride, activation='relu', input_shape=(2, 2, 3)),
])

# ruff: noqa  (legacy Keras 1 code and examples, kept as they were written)
