"""The SEMANTIC and MANUAL rows of spec §6-§10, each with a Keras 1 snippet and what kmigrate must do with it.

The spec (``keras-api-changes.md``) is not in the repository, so ``SPEC_LABELS``
keeps a copy of the row ids and labels this data covers. Every row in ``ROWS``
holds one short, realistic Keras 1 snippet (Keras 1 imports; a method row calls
the method on a receiver the file assigns a Keras model) and one expectation:

- ``Finding(code)``: the migration reports ``code`` and writes a
  ``# kmigrate: <code>`` comment into the output;
- ``Exact(contains, proofs)``: the construct is rewritten (the output contains
  ``contains`` and no longer ``gone``), and the ``proofs`` are tests, named
  ``tests/<file>.py::<function>``, that run the rewrite under TensorFlow and
  show it computes what Keras 1 computed;
- ``KeptExact(kept, proofs)``: the construct is left as it is (``kept`` is still
  in the output) because it means the same today, which the ``proofs`` show;

``tests/test_spec_meaning.py`` checks every row against ``migrate_source``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Finding:
    """kmigrate reports ``code``; ``says``, when given, is part of that finding's message."""

    code: str
    says: str = ""


@dataclass(frozen=True)
class Exact:
    """The output contains ``contains`` and not ``gone``; the ``proofs`` show the rewrite keeps the meaning."""

    contains: str
    proofs: tuple[str, ...]
    gone: str = ""


@dataclass(frozen=True)
class KeptExact:
    """``kept`` is still in the output, and the ``proofs`` show it means today what it meant in Keras 1."""

    kept: str
    proofs: tuple[str, ...]


Expectation = Finding | Exact | KeptExact


@dataclass(frozen=True)
class Row:
    id: str
    label: str  # as the spec's Label column has it
    construct: str
    snippet: str
    expect: Expectation


# The rows of §6-§10 labelled SEMANTIC or MANUAL (in part, for the mixed labels),
# with the spec's Label column. 6.18 is MECHANICAL in the table; its note names
# the SEMANTIC case (an output_shape-less Lambda that cannot be traced).
SPEC_LABELS: Final[Mapping[str, str]] = {
    "6.7": "SEMANTIC",
    "6.10": "MANUAL",
    "6.11": "MANUAL",
    "6.15": "MANUAL",
    "6.16": "SEMANTIC",
    "6.18": "MECHANICAL",
    "6.19": "MANUAL",
    "6.20": "MECHANICAL (single-node) / MANUAL (shared layers)",
    "6.22": "SEMANTIC",
    "6.23": "MANUAL",
    "7.2": "SEMANTIC",
    "7.6": "SEMANTIC",
    "7.8": "SEMANTIC",
    "7.9": "SEMANTIC",
    "7.10": "SEMANTIC",
    "7.11": "SEMANTIC",
    "7.12": "SEMANTIC",
    "7.13": "MECHANICAL (drop) / MANUAL (keep parallelism)",
    "7.14": "SEMANTIC",
    "7.19": "SEMANTIC",
    "7.21": "SEMANTIC",
    "7.23": "SEMANTIC",
    "7.25": "SEMANTIC",
    "7.29": "SEMANTIC",
    "7.31": "MANUAL",
    "8.2": "SEMANTIC",
    "8.3": "SEMANTIC",
    "8.4": "MANUAL",
    "8.5": "MANUAL",
    "8.6": "MANUAL",
    "8.7": "MANUAL",
    "8.8": "MANUAL",
    "8.9": "MANUAL",
    "8.11": "MANUAL",
    "8.19": "SEMANTIC",
    "8.23": "SEMANTIC",
    "8.25": "MANUAL",
    "8.26": "SEMANTIC",
    "9.5": "SEMANTIC",
    "9.6": "SEMANTIC",
    "9.7": "MANUAL",
    "9.9": "SEMANTIC",
    "9.10": "MANUAL",
    "9.12": "SEMANTIC",
    "9.14": "MANUAL",
    "9.16": "MANUAL",
    "9.17": "MANUAL",
    "9.18": "MANUAL",
    "9.19": "MANUAL",
    "9.21": "MANUAL",
    "9.22": "MANUAL",
    "10.3": "SEMANTIC",
    "10.9": "SEMANTIC",
    "10.11": "SEMANTIC (`weights`, `input_dtype`) / MECHANICAL (shape kwargs)",
    "10.13": "SEMANTIC",
    "10.14": "SEMANTIC",
    "10.16": "SEMANTIC",
    "10.17": "SEMANTIC (ThresholdedReLU) / MANUAL (LocallyConnected)",
    "10.19": "SEMANTIC",
    "10.20": "SEMANTIC",
    "10.21": "SEMANTIC",
    "10.22": "SEMANTIC",
    "10.23": "SEMANTIC",
    "10.26": "MECHANICAL (extension) / MANUAL (SavedModel consumers)",
    "10.30": "SEMANTIC (`period`) / MECHANICAL (extensions)",
    "10.32": "MANUAL",
    "10.34": "SEMANTIC",
    "10.35": "SEMANTIC",
    "10.37": "SEMANTIC",
    "10.38": "MANUAL",
    "10.39": "MANUAL",
    "10.40": "MANUAL",
    "10.41": "MANUAL",
    "10.42": "MANUAL",
    "10.44": "MANUAL",
    "10.46": "SEMANTIC (cosine loss scale) / MECHANICAL (renames)",
    "10.47": "MANUAL",
    "10.48": "SEMANTIC",
    "10.50": "SEMANTIC",
    "10.51": "MANUAL",
}

# Exact/KeptExact rows allowed to name no proof yet, each until a test that runs the
# construct under TensorFlow and compares it with Keras 1 exists. Empty this set.
PROOFS_PENDING: Final[frozenset[str]] = frozenset()


def _py(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


_MODEL = _py(
    """
    from keras.models import Sequential
    from keras.layers import Dense
    model = Sequential()
    model.add(Dense(1, input_dim=8))
    """
)
_COMPILED = _MODEL + "model.compile(optimizer='sgd', loss='mse')\n"
_FLOW = _COMPILED + _py(
    """
    from keras.preprocessing.image import ImageDataGenerator
    datagen = ImageDataGenerator()
    """
)
_TWO_OUTPUTS = _py(
    """
    from keras.layers import Input, Dense
    from keras.models import Model
    x = Input(shape=(4,))
    model = Model(input=x, output=[Dense(1)(x), Dense(1)(x)])
    model.compile(optimizer='sgd', loss='mse')
    """
)
_LAMBDA_MODEL = _py(
    """
    from keras.layers import Input, Lambda, Dense
    from keras.models import Model, load_model
    x = Input(shape=(4,))
    y = Lambda(lambda x: x * 2)(x)
    model = Model(input=x, output=Dense(1)(y))
    """
)

# proofs used by more than one row
_LAMBDA_WRAP = (
    "tests/test_tables_backend_tensorflow.py::test_backend_ops_on_keras_tensors_need_a_lambda"
)
_BACKEND_NUMBERS = (
    _LAMBDA_WRAP,
    "tests/test_tables_backend_tensorflow.py::test_swapped_crossentropy_is_what_keras_1_computed",
    "tests/test_tables_backend_tensorflow.py::test_renamed_functions_compute_the_same",
)
_DECAY = (
    "tests/test_tables_optimizers_tensorflow.py::test_inverse_time_decay_gives_keras1_rates",
    "tests/test_tables_optimizers_tensorflow.py::test_migrated_optimizer_follows_the_keras1_update_rule",
)
_PREDICT_CLASSES = (
    "tests/test_tables_training_tensorflow.py::test_the_predict_classes_expression_equals_keras1s_rule",
    "tests/test_tables_training_tensorflow.py::test_the_migrated_predict_classes_follow_keras1_on_softmax_and_sigmoid",
)
_PER_OUTPUT_LOSSES = (
    "tests/test_tables_training_tensorflow.py::test_multi_output_evaluate_still_lists_per_output_losses_in_keras1_order",
)
_CLASSES = "(lambda p: p.argmax(axis=-1) if p.shape[-1] > 1 else (p > 0.5).astype('int32'))"

ROWS: Final[tuple[Row, ...]] = (
    # -- §6 functional API ---------------------------------------------------------------------
    Row(
        "6.7",
        SPEC_LABELS["6.7"],
        "merge(mode='cos')",
        _py(
            """
            from keras.layers import Input, merge
            a = Input(shape=(16,))
            b = Input(shape=(16,))
            similarity = merge([a, b], mode='cos', dot_axes=1)
            """
        ),
        Finding("K951"),
    ),
    Row(
        "6.10",
        SPEC_LABELS["6.10"],
        "Merge node_indices",
        _py(
            """
            from keras.layers import Input, Dense, Merge
            a = Input(shape=(16,))
            b = Input(shape=(16,))
            shared = Dense(8)
            x1 = shared(a)
            x2 = shared(b)
            joined = Merge([shared, shared], mode='concat', node_indices=[0, 1])
            """
        ),
        Finding("K950"),
    ),
    Row(
        "6.11",
        SPEC_LABELS["6.11"],
        "Merge of Sequential models",
        _py(
            """
            from keras.models import Sequential
            from keras.layers import Dense, Merge
            left = Sequential()
            left.add(Dense(32, input_dim=16, activation='relu'))
            right = Sequential()
            right.add(Dense(32, input_dim=16, activation='relu'))
            model = Sequential()
            model.add(Merge([left, right], mode='concat'))
            model.add(Dense(1, activation='sigmoid'))
            model.compile(loss='binary_crossentropy', optimizer='sgd')
            """
        ),
        Exact(
            contains="model = Model(left.inputs + right.inputs, model(concatenate(left.outputs + right.outputs)))",
            gone="Merge(",
            proofs=(
                "tests/test_tensorflow_functional.py::test_sequential_merge_towers_become_a_functional_model_with_the_same_weights",
            ),
        ),
    ),
    Row(
        "6.15",
        SPEC_LABELS["6.15"],
        "Input(tensor=K.variable(...))",
        _py(
            """
            import numpy as np
            from keras import backend as K
            from keras.layers import Input
            style = K.variable(np.zeros((1, 64, 64, 3)))
            style_input = Input(tensor=style)
            """
        ),
        Finding("K944"),
    ),
    Row(
        "6.16",
        SPEC_LABELS["6.16"],
        "K.sum on a Keras tensor",
        _py(
            """
            from keras import backend as K
            from keras.layers import Input, Dense
            from keras.models import Model
            x = Input(shape=(8, 4))
            s = K.sum(x, axis=1)
            model = Model(input=x, output=Dense(1)(s))
            """
        ),
        Exact(
            contains="s = Lambda(lambda t: K.sum(t, axis=1))(x)",
            gone="s = K.sum(x",
            proofs=(_LAMBDA_WRAP,),
        ),
    ),
    Row(
        "6.18",
        SPEC_LABELS["6.18"],
        "Lambda(f, output_shape=...)",
        _py(
            """
            from keras import backend as K
            from keras.layers import Input, Lambda
            from keras.models import Model
            x = Input(shape=(8, 4))
            y = Lambda(lambda t: K.sum(t, axis=1), output_shape=(4,))(x)
            model = Model(input=x, output=y)
            """
        ),
        KeptExact(
            kept="y = Lambda(lambda t: K.sum(t, axis=1), output_shape=(4,))(x)",
            proofs=("tests/test_tensorflow_spec_proofs.py::test_lambda_output_shape_keeps_its_keras1_meaning",),
        ),
    ),
    Row(
        "6.19",
        SPEC_LABELS["6.19"],
        "load_model of a .keras file with a Python-lambda Lambda",
        _LAMBDA_MODEL + "restored = load_model('m.keras')\n",
        Finding("K947"),
    ),
    Row(
        "6.20",
        SPEC_LABELS["6.20"],
        "layer.output_shape",
        _MODEL + "shape = model.layers[0].output_shape\n",
        Exact(
            contains="shape = model.layers[0].output.shape",
            gone=".output_shape",
            proofs=("tests/test_tables_model_apis_tensorflow.py::test_migrated_shape_reads_give_the_keras1_tuples",),
        ),
    ),
    Row(
        "6.22",
        SPEC_LABELS["6.22"],
        "multi-output evaluate unpacked into per-output losses",
        _TWO_OUTPUTS + "loss, loss_a, loss_b = model.evaluate(x_test, [y_a, y_b])\n",
        KeptExact(
            kept="loss, loss_a, loss_b = model.evaluate(x_test, [y_a, y_b])",
            proofs=_PER_OUTPUT_LOSSES,
        ),
    ),
    Row(
        "6.23",
        SPEC_LABELS["6.23"],
        "nested model inputs and outputs",
        _py(
            """
            from keras.layers import Input, Dense
            from keras.models import Model
            a = Input(shape=(4,))
            b = Input(shape=(4,))
            model = Model(input=[[a, b]], output=[[Dense(1)(a)], [Dense(1)(b)]])
            """
        ),
        Finding("K945"),
    ),
    # -- §7 training API -------------------------------------------------------------------------
    Row(
        "7.2",
        SPEC_LABELS["7.2"],
        "fit() without nb_epoch",
        _COMPILED + "model.fit(x_train, y_train, batch_size=32)\n",
        Finding("K966"),
    ),
    Row(
        "7.6",
        SPEC_LABELS["7.6"],
        "compile(sample_weight_mode='temporal')",
        _py(
            """
            from keras.models import Sequential
            from keras.layers import Dense, TimeDistributed
            model = Sequential()
            model.add(TimeDistributed(Dense(1), input_shape=(10, 8)))
            model.compile(optimizer='sgd', loss='mse', sample_weight_mode='temporal')
            """
        ),
        Finding("K960"),
    ),
    Row(
        "7.8",
        SPEC_LABELS["7.8"],
        "fit_generator over an ImageDataGenerator flow",
        _FLOW
        + "model.fit_generator(datagen.flow(x_train, y_train, batch_size=32), samples_per_epoch=x_train.shape[0],\n"
        + "                    nb_epoch=5, validation_data=(x_test, y_test))\n",
        Exact(
            contains="steps_per_epoch=ceil(x_train.shape[0] / 32)",
            gone="fit_generator",
            proofs=(
                "tests/test_tables_training_tensorflow.py::test_the_migrated_fit_generator_runs_ceil_s_over_b_steps",
            ),
        ),
    ),
    Row(
        "7.9",
        SPEC_LABELS["7.9"],
        "samples_per_epoch=S, not the flow's own sample count",
        _FLOW
        + "model.fit_generator(datagen.flow(x_train, y_train, batch_size=64), samples_per_epoch=6400, nb_epoch=5)\n",
        Finding("K962"),
    ),
    Row(
        "7.10",
        SPEC_LABELS["7.10"],
        "nb_val_samples=N with a validation generator",
        _FLOW
        + "model.fit_generator(datagen.flow(x_train, y_train, batch_size=32), samples_per_epoch=3200, nb_epoch=5,\n"
        + "                    validation_data=datagen.flow(x_val, y_val, batch_size=32), nb_val_samples=640)\n",
        Finding("K962"),
    ),
    Row(
        "7.11",
        SPEC_LABELS["7.11"],
        "evaluate_generator(gen, val_samples)",
        _FLOW
        + "score = model.evaluate_generator(datagen.flow(x_val, y_val, batch_size=32), 640)\n",
        Finding("K965"),
    ),
    Row(
        "7.12",
        SPEC_LABELS["7.12"],
        "predict_generator(gen, val_samples)",
        _FLOW
        + "preds = model.predict_generator(datagen.flow(x_val, batch_size=32, shuffle=False), 650)\n",
        Finding("K965"),
    ),
    Row(
        "7.13",
        SPEC_LABELS["7.13"],
        "nb_worker / pickle_safe on fit_generator",
        _FLOW
        + "model.fit_generator(datagen.flow(x_train, y_train, batch_size=32), samples_per_epoch=x_train.shape[0],\n"
        + "                    nb_epoch=5, nb_worker=4, pickle_safe=True)\n",
        Finding("K963"),
    ),
    Row(
        "7.14",
        SPEC_LABELS["7.14"],
        "predict_classes",
        _COMPILED + "classes = model.predict_classes(x_test, batch_size=32)\n",
        Exact(
            contains=f"classes = {_CLASSES}(model.predict(x_test, batch_size=32))",
            gone="predict_classes",
            proofs=_PREDICT_CLASSES,
        ),
    ),
    Row(
        "7.19",
        SPEC_LABELS["7.19"],
        "optimizer decay=",
        _MODEL
        + _py(
            """
            from keras.optimizers import SGD
            sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
            model.compile(optimizer=sgd, loss='mse')
            """
        ),
        Exact(
            contains="learning_rate=InverseTimeDecay(initial_learning_rate=0.01, decay_steps=1, decay_rate=1e-6)",
            gone="decay=1e-6",
            proofs=_DECAY,
        ),
    ),
    Row(
        "7.21",
        SPEC_LABELS["7.21"],
        "Nadam(schedule_decay=...)",
        _MODEL
        + _py(
            """
            from keras.optimizers import Nadam
            model.compile(optimizer=Nadam(lr=0.002, schedule_decay=0.004), loss='mse')
            """
        ),
        Finding("K970"),
    ),
    Row(
        "7.23",
        SPEC_LABELS["7.23"],
        "optimizer string with Keras 1 defaults",
        _MODEL + "model.compile(optimizer='adadelta', loss='mse')\n",
        Exact(
            contains="optimizer=Adadelta(learning_rate=1.0, epsilon=1e-08)",
            gone="'adadelta'",
            proofs=(
                "tests/test_tables_optimizers_tensorflow.py::test_adadelta_step_size_is_keras1s_not_keras3s",
                "tests/test_tables_optimizers_tensorflow.py::test_migrated_optimizer_follows_the_keras1_update_rule",
            ),
        ),
    ),
    Row(
        "7.25",
        SPEC_LABELS["7.25"],
        "ModelCheckpoint(period=5)",
        _COMPILED
        + _py(
            """
            from keras.callbacks import ModelCheckpoint
            checkpoint = ModelCheckpoint('weights.h5', period=5)
            model.fit(x_train, y_train, nb_epoch=20, callbacks=[checkpoint])
            """
        ),
        Finding("K914"),
    ),
    Row(
        "7.29",
        SPEC_LABELS["7.29"],
        "EarlyStopping(monitor='val_acc')",
        _py(
            """
            from keras.models import Sequential
            from keras.layers import Dense
            from keras.callbacks import EarlyStopping
            model = Sequential()
            model.add(Dense(1, input_dim=8, activation='sigmoid'))
            model.compile(optimizer='sgd', loss='binary_crossentropy', metrics=['accuracy'])
            stop = EarlyStopping(monitor='val_acc', patience=2)
            model.fit(x_train, y_train, nb_epoch=20, validation_split=0.1, callbacks=[stop])
            """
        ),
        Finding("K918"),
    ),
    Row(
        "7.31",
        SPEC_LABELS["7.31"],
        "explicit BaseLogger",
        _COMPILED
        + _py(
            """
            from keras.callbacks import BaseLogger
            model.fit(x_train, y_train, nb_epoch=5, callbacks=[BaseLogger()])
            """
        ),
        Finding("K913"),
    ),
    # -- §8 backend ------------------------------------------------------------------------------
    Row(
        "8.2",
        SPEC_LABELS["8.2"],
        "K.set_image_dim_ordering('th')",
        "from keras import backend as K\nK.set_image_dim_ordering('th')\n",
        Exact(
            contains="K.set_image_data_format('channels_first')",
            gone="set_image_dim_ordering",
            proofs=("tests/test_tables_channels_tensorflow.py::test_a_file_that_sets_th_computes_what_keras1_computed",),
        ),
    ),
    Row(
        "8.3",
        SPEC_LABELS["8.3"],
        "standalone keras.backend as K",
        _py(
            """
            from keras import backend as K


            def sse(y_true, y_pred):
                return K.sum(K.square(y_pred - y_true), axis=-1)
            """
        ),
        Exact(
            contains="from tensorflow.keras import backend as K",
            gone="from keras import",
            proofs=_BACKEND_NUMBERS,
        ),
    ),
    Row(
        "8.4",
        SPEC_LABELS["8.4"],
        "K.logsumexp (gone from tensorflow.keras.backend)",
        _py(
            """
            from keras import backend as K


            def smooth_max(x):
                return K.logsumexp(x, axis=-1)
            """
        ),
        Finding("K978"),
    ),
    Row(
        "8.5",
        SPEC_LABELS["8.5"],
        "K.function with K.learning_phase()",
        _py(
            """
            from keras import backend as K
            from keras.models import Sequential
            from keras.layers import Dense, Dropout
            model = Sequential()
            model.add(Dense(8, input_dim=4))
            model.add(Dropout(0.5))
            get_output = K.function([model.layers[0].input, K.learning_phase()], [model.layers[-1].output])
            out = get_output([x, 0])[0]
            """
        ),
        Finding("K978"),
    ),
    Row(
        "8.6",
        SPEC_LABELS["8.6"],
        "K.set_learning_phase(0)",
        "from keras import backend as K\nK.set_learning_phase(0)\n",
        Finding("K978"),
    ),
    Row(
        "8.7",
        SPEC_LABELS["8.7"],
        "K.in_train_phase",
        _py(
            """
            from keras import backend as K


            def noisy(x):
                return K.in_train_phase(x + K.random_normal(K.shape(x), std=0.1), x)
            """
        ),
        Finding("K978"),
    ),
    Row(
        "8.8",
        SPEC_LABELS["8.8"],
        "K.placeholder",
        "from keras import backend as K\nx = K.placeholder(shape=(None, 4))\n",
        Finding("K978"),
    ),
    Row(
        "8.9",
        SPEC_LABELS["8.9"],
        "K.set_session",
        _py(
            """
            import tensorflow as tf
            from keras import backend as K
            config = tf.ConfigProto()
            config.gpu_options.allow_growth = True
            K.set_session(tf.Session(config=config))
            """
        ),
        Finding("K978"),
    ),
    Row(
        "8.11",
        SPEC_LABELS["8.11"],
        "K.gradients",
        _MODEL
        + "from keras import backend as K\ngrads = K.gradients(K.mean(model.output), model.trainable_weights)\n",
        Finding("K983"),
    ),
    Row(
        "8.19",
        SPEC_LABELS["8.19"],
        "K.conv2d with a 'th' kernel",
        _py(
            """
            from keras import backend as K


            def conv(x, kernel):
                return K.conv2d(x, kernel, strides=(1, 1), border_mode='same', dim_ordering='th')
            """
        ),
        Finding("K977"),
    ),
    Row(
        "8.23",
        SPEC_LABELS["8.23"],
        "crossentropy (output, target) order",
        _py(
            """
            from keras import backend as K


            def my_loss(y_true, y_pred):
                return K.categorical_crossentropy(y_pred, y_true)
            """
        ),
        Finding("K979"),
    ),
    Row(
        "8.25",
        SPEC_LABELS["8.25"],
        "K.backend() == 'theano' branch",
        _py(
            """
            from keras import backend as K
            if K.backend() == 'theano':
                import theano
            """
        ),
        Finding("K982"),
    ),
    Row(
        "8.26",
        SPEC_LABELS["8.26"],
        "K.max on a Keras tensor",
        _py(
            """
            from keras import backend as K
            from keras.layers import Input, Dense
            from keras.models import Model
            x = Input(shape=(8, 4))
            m = K.max(x, axis=1)
            model = Model(input=x, output=Dense(1)(m))
            """
        ),
        Exact(
            contains="m = Lambda(lambda t: K.max(t, axis=1))(x)",
            gone="m = K.max(x",
            proofs=(_LAMBDA_WRAP,),
        ),
    ),
    # -- §9 custom layers and components ---------------------------------------------------------
    Row(
        "9.5",
        SPEC_LABELS["9.5"],
        "raw variables registered with self.trainable_weights",
        _py(
            """
            from keras import backend as K
            from keras import initializations
            from keras.engine.topology import Layer


            class MyDense(Layer):
                def __init__(self, output_dim, **kwargs):
                    self.output_dim = output_dim
                    self.init = initializations.get('glorot_uniform')
                    super(MyDense, self).__init__(**kwargs)

                def build(self, input_shape):
                    self.W = self.init((input_shape[1], self.output_dim))
                    self.b = K.zeros((self.output_dim,))
                    self.trainable_weights = [self.W, self.b]

                def call(self, x, mask=None):
                    return K.dot(x, self.W) + self.b
            """
        ),
        Exact(
            contains="self.W = self.add_weight(shape=(input_shape[1], self.output_dim), initializer='glorot_uniform', name='W')",
            gone="self.trainable_weights = [",
            proofs=(
                "tests/test_tables_custom_layers_tensorflow.py::test_migrated_autoencoder_matches_the_hand_written_model_and_trains",
                "tests/test_tables_custom_layers_tensorflow.py::test_migrated_keras1_dense_holds_its_weights_and_constraints",
            ),
        ),
    ),
    Row(
        "9.6",
        SPEC_LABELS["9.6"],
        "self.non_trainable_weights = [...]",
        _py(
            """
            from keras import backend as K
            from keras.engine.topology import Layer


            class Centre(Layer):
                def build(self, input_shape):
                    self.mean = K.zeros((input_shape[1],))
                    self.non_trainable_weights = [self.mean]

                def call(self, x, mask=None):
                    return x - self.mean
            """
        ),
        Exact(
            contains="self.mean = self.add_weight(shape=(input_shape[1],), initializer='zeros', name='mean', trainable=False)",
            gone="self.non_trainable_weights = [",
            proofs=(
                "tests/test_tables_custom_layers_tensorflow.py::test_migrated_autoencoder_matches_the_hand_written_model_and_trains",
                "tests/test_tables_custom_layers_tensorflow.py::test_migrated_keras1_dense_holds_its_weights_and_constraints",
            ),
        ),
    ),
    Row(
        "9.7",
        SPEC_LABELS["9.7"],
        "self.regularizers.append(r)",
        _py(
            """
            from keras import backend as K
            from keras import initializations, regularizers
            from keras.engine.topology import Layer


            class MyDense(Layer):
                def __init__(self, output_dim, W_regularizer=None, **kwargs):
                    self.output_dim = output_dim
                    self.init = initializations.get('glorot_uniform')
                    self.W_regularizer = regularizers.get(W_regularizer)
                    super(MyDense, self).__init__(**kwargs)

                def build(self, input_shape):
                    self.W = self.init((input_shape[1], self.output_dim))
                    self.trainable_weights = [self.W]
                    self.regularizers = []
                    if self.W_regularizer:
                        self.W_regularizer.set_param(self.W)
                        self.regularizers.append(self.W_regularizer)

                def call(self, x, mask=None):
                    return K.dot(x, self.W)
            """
        ),
        Finding("K988"),
    ),
    Row(
        "9.9",
        SPEC_LABELS["9.9"],
        "built-in weight attributes in a Dense subclass",
        _py(
            """
            from keras import backend as K
            from keras.layers import Dense


            class TiedDense(Dense):
                def call(self, x, mask=None):
                    return K.dot(x, K.transpose(self.W)) + self.b
            """
        ),
        Exact(
            contains="K.dot(inputs, K.transpose(self.kernel)) + self.bias",
            gone="self.W",
            proofs=(
                "tests/test_tables_custom_layers_tensorflow.py::test_migrated_builtin_subclasses_read_todays_weights",
                "tests/test_tables_custom_layers_tensorflow.py::test_builtin_weight_attributes_have_their_new_names",
            ),
        ),
    ),
    Row(
        "9.10",
        SPEC_LABELS["9.10"],
        "Keras 1 weight arrays from a file passed to set_weights",
        _py(
            """
            import numpy as np
            from keras.models import Sequential
            from keras.layers import LSTM
            model = Sequential()
            model.add(LSTM(32, input_shape=(10, 8)))
            keras1_weights = np.load('lstm_weights.npy', allow_pickle=True)
            model.layers[0].set_weights(keras1_weights)
            """
        ),
        Finding("K946"),
    ),
    Row(
        "9.12",
        SPEC_LABELS["9.12"],
        "get_config with Keras 1 argument names",
        _py(
            """
            from keras.engine.topology import Layer


            class MyDense(Layer):
                def __init__(self, units, **kwargs):
                    self.units = units
                    super(MyDense, self).__init__(**kwargs)

                def get_config(self):
                    config = {'output_dim': self.units, 'init': 'glorot_uniform'}
                    base_config = super(MyDense, self).get_config()
                    return dict(list(base_config.items()) + list(config.items()))
            """
        ),
        Finding("K994"),
    ),
    Row(
        "9.14",
        SPEC_LABELS["9.14"],
        "custom initializer f(shape, name=None)",
        _py(
            """
            import numpy as np
            from keras import backend as K
            from keras.layers import Dense


            def my_init(shape, name=None):
                return K.variable(np.random.normal(0, 0.01, shape), name=name)


            layer = Dense(64, init=my_init)
            """
        ),
        Finding("K993"),
    ),
    Row(
        "9.16",
        SPEC_LABELS["9.16"],
        "self.add_update(...)",
        _py(
            """
            from keras import backend as K
            from keras.engine.topology import Layer


            class RunningMean(Layer):
                def build(self, input_shape):
                    self.mean = K.zeros((input_shape[1],))
                    self.non_trainable_weights = [self.mean]

                def call(self, x, mask=None):
                    self.add_update([K.update(self.mean, 0.9 * self.mean + 0.1 * K.mean(x, axis=0))], x)
                    return x - self.mean
            """
        ),
        Finding("K989"),
    ),
    Row(
        "9.17",
        SPEC_LABELS["9.17"],
        "self.add_loss outside call",
        _py(
            """
            from keras import backend as K
            from keras.engine.topology import Layer


            class Penalised(Layer):
                def build(self, input_shape):
                    self.W = self.add_weight((input_shape[1], 4), 'glorot_uniform', 'W')
                    self.add_loss(0.01 * K.sum(K.square(self.W)))

                def call(self, x, mask=None):
                    return K.dot(x, self.W)
            """
        ),
        Finding("K989"),
    ),
    Row(
        "9.18",
        SPEC_LABELS["9.18"],
        "self.uses_learning_phase = True",
        _py(
            """
            from keras import backend as K
            from keras.engine.topology import Layer


            class Noise(Layer):
                def __init__(self, sigma, **kwargs):
                    self.sigma = sigma
                    self.uses_learning_phase = True
                    super(Noise, self).__init__(**kwargs)

                def call(self, x, mask=None):
                    return x + K.random_normal(shape=K.shape(x), std=self.sigma)
            """
        ),
        Finding("K990"),
    ),
    Row(
        "9.19",
        SPEC_LABELS["9.19"],
        "Python if on a tensor in call",
        _py(
            """
            from keras import backend as K
            from keras.engine.topology import Layer


            class Rescale(Layer):
                def call(self, x, mask=None):
                    if K.max(x) > 1:
                        return x / K.max(x)
                    return x
            """
        ),
        Finding("K991"),
    ),
    Row(
        "9.21",
        SPEC_LABELS["9.21"],
        "custom Recurrent subclass",
        _py(
            """
            from keras import backend as K
            from keras.layers.recurrent import Recurrent


            class MinimalRNN(Recurrent):
                def step(self, x, states):
                    h = K.tanh(x + states[0])
                    return h, [h]
            """
        ),
        Finding("K992"),
    ),
    Row(
        "9.22",
        SPEC_LABELS["9.22"],
        "custom optimizer get_updates",
        _py(
            """
            from keras import backend as K
            from keras.optimizers import Optimizer


            class PlainSGD(Optimizer):
                def __init__(self, lr=0.01, **kwargs):
                    super(PlainSGD, self).__init__(**kwargs)
                    self.lr = K.variable(lr)

                def get_updates(self, params, constraints, loss):
                    grads = self.get_gradients(loss, params)
                    self.updates = [K.update(p, p - self.lr * g) for p, g in zip(params, grads)]
                    return self.updates
            """
        ),
        Finding("K973"),
    ),
    # -- §10 Keras 2 -> Keras 3 ------------------------------------------------------------------
    Row(
        "10.3",
        SPEC_LABELS["10.3"],
        "Adam(decay=...)",
        _MODEL
        + _py(
            """
            from keras.optimizers import Adam
            model.compile(optimizer=Adam(lr=1e-3, decay=1e-4), loss='mse')
            """
        ),
        Exact(
            contains="learning_rate=InverseTimeDecay(initial_learning_rate=1e-3, decay_steps=1, decay_rate=1e-4)",
            gone="decay=1e-4",
            proofs=_DECAY,
        ),
    ),
    Row(
        "10.9",
        SPEC_LABELS["10.9"],
        "predict_classes on a sigmoid model",
        _py(
            """
            from keras.models import Sequential
            from keras.layers import Dense
            model = Sequential()
            model.add(Dense(1, input_dim=8, activation='sigmoid'))
            labels = model.predict_classes(x_test)
            """
        ),
        Exact(
            contains=f"labels = {_CLASSES}(model.predict(x_test))",
            gone="predict_classes",
            proofs=_PREDICT_CLASSES,
        ),
    ),
    Row(
        "10.11",
        SPEC_LABELS["10.11"],
        "weights= on a layer",
        _MODEL + "model.add(Dense(4, weights=[w, b]))\n",
        Finding("K907"),
    ),
    Row(
        "10.13",
        SPEC_LABELS["10.13"],
        "Embedding(input_length=...)",
        _py(
            """
            from keras.models import Sequential
            from keras.layers import Embedding, Flatten, Dense
            model = Sequential()
            model.add(Embedding(1000, 64, input_length=10))
            model.add(Flatten())
            model.add(Dense(1, activation='sigmoid'))
            """
        ),
        Exact(
            contains="Embedding(1000, 64, input_shape=(10,))",
            gone="input_length",
            proofs=(
                "tests/test_tensorflow_spec_proofs.py::test_embedding_input_length_becomes_an_input_shape_with_the_same_model",
            ),
        ),
    ),
    Row(
        "10.14",
        SPEC_LABELS["10.14"],
        "GRU relying on the Keras 1 recurrent defaults",
        _py(
            """
            from keras.models import Sequential
            from keras.layers import GRU
            model = Sequential()
            model.add(GRU(32, input_shape=(10, 8)))
            """
        ),
        # Not exact: Keras 3's 'hard_sigmoid' is relu6(x + 3) / 6, Keras 1's was
        # clip(0.2 x + 0.5, 0, 1) (spec §4.26): the pin keeps the layout, K925 says the rest.
        Finding("K925", says="relu6(x + 3) / 6"),
    ),
    Row(
        "10.16",
        SPEC_LABELS["10.16"],
        "CuDNNLSTM",
        _py(
            """
            from keras.models import Sequential
            from keras.layers import CuDNNLSTM
            model = Sequential()
            model.add(CuDNNLSTM(32, input_shape=(10, 8)))
            """
        ),
        Finding("K924"),
    ),
    Row(
        "10.17",
        SPEC_LABELS["10.17"],
        "LocallyConnected2D",
        _py(
            """
            from keras.models import Sequential
            from keras.layers import LocallyConnected2D
            model = Sequential()
            model.add(LocallyConnected2D(16, 3, 3, input_shape=(32, 32, 3)))
            """
        ),
        Finding("K920"),
    ),
    Row(
        "10.19",
        SPEC_LABELS["10.19"],
        "1D layers under a global channels_first",
        _py(
            """
            from keras import backend as K
            from keras.models import Sequential
            from keras.layers import Convolution1D, MaxPooling1D
            K.set_image_dim_ordering('th')
            model = Sequential()
            model.add(Convolution1D(16, 3, input_shape=(100, 8)))
            model.add(MaxPooling1D(2))
            """
        ),
        Exact(
            contains="Conv1D(16, 3, input_shape=(100, 8), data_format='channels_last')",
            proofs=(
                "tests/test_tables_channels_tensorflow.py::test_1d_rows_are_reread_under_a_global_channels_first_unless_pinned",
                "tests/test_tables_channels_tensorflow.py::test_a_file_that_sets_th_computes_what_keras1_computed",
            ),
        ),
    ),
    Row(
        "10.20",
        SPEC_LABELS["10.20"],
        "Flatten under a global channels_first",
        _py(
            """
            from keras import backend as K
            from keras.models import Sequential
            from keras.layers import Convolution2D, Flatten, Dense
            K.set_image_dim_ordering('th')
            model = Sequential()
            model.add(Convolution2D(8, 3, 3, input_shape=(3, 32, 32)))
            model.add(Flatten())
            model.add(Dense(10))
            """
        ),
        Exact(
            contains="model.add(Flatten(data_format='channels_last'))",
            proofs=(
                "tests/test_tables_channels_tensorflow.py::test_flatten_keeps_the_keras1_order_only_with_channels_last",
                "tests/test_tables_channels_tensorflow.py::test_a_file_that_sets_th_computes_what_keras1_computed",
            ),
        ),
    ),
    Row(
        "10.21",
        SPEC_LABELS["10.21"],
        "K.concatenate on Keras tensors",
        _py(
            """
            from keras import backend as K
            from keras.layers import Input, Dense
            from keras.models import Model
            a = Input(shape=(4,))
            b = Input(shape=(4,))
            c = K.concatenate([a, b])
            model = Model(input=[a, b], output=Dense(1)(c))
            """
        ),
        Exact(
            contains="c = Lambda(lambda t: K.concatenate([t[0], t[1]]))([a, b])",
            gone="c = K.concatenate",
            proofs=(_LAMBDA_WRAP,),
        ),
    ),
    Row(
        "10.22",
        SPEC_LABELS["10.22"],
        "standalone keras.backend as K",
        _py(
            """
            from keras import backend as K


            def peak(y_true, y_pred):
                return K.max(K.concatenate([y_true, y_pred]), axis=-1)
            """
        ),
        Exact(
            contains="from tensorflow.keras import backend as K",
            gone="from keras import",
            proofs=_BACKEND_NUMBERS,
        ),
    ),
    Row(
        "10.23",
        SPEC_LABELS["10.23"],
        "raw tf.Variable attribute in a layer",
        _py(
            """
            import tensorflow as tf
            from keras.engine.topology import Layer


            class Scale(Layer):
                def build(self, input_shape):
                    self.alpha = tf.Variable(1.0)

                def call(self, x, mask=None):
                    return self.alpha * x
            """
        ),
        Finding("K985"),
    ),
    Row(
        "10.26",
        SPEC_LABELS["10.26"],
        "model.save('dir')",
        _COMPILED + "model.save('saved_model_dir')\n",
        Finding("K968"),
    ),
    Row(
        "10.30",
        SPEC_LABELS["10.30"],
        "ModelCheckpoint(period=2)",
        _COMPILED
        + _py(
            """
            from keras.callbacks import ModelCheckpoint
            checkpoint = ModelCheckpoint('weights.{epoch:02d}.hdf5', period=2)
            model.fit(x_train, y_train, nb_epoch=10, callbacks=[checkpoint])
            """
        ),
        Finding("K914"),
    ),
    Row(
        "10.32",
        SPEC_LABELS["10.32"],
        "to_yaml / model_from_yaml",
        _MODEL
        + _py(
            """
            from keras.models import model_from_yaml
            yaml_string = model.to_yaml()
            restored = model_from_yaml(yaml_string)
            """
        ),
        Finding("K943"),
    ),
    Row(
        "10.34",
        SPEC_LABELS["10.34"],
        "metrics_names zipped with evaluate()",
        _MODEL
        + _py(
            """
            model.compile(optimizer='sgd', loss='mse', metrics=['mae'])
            scores = model.evaluate(x_test, y_test)
            results = dict(zip(model.metrics_names, scores))
            """
        ),
        Finding("K969"),
    ),
    Row(
        "10.35",
        SPEC_LABELS["10.35"],
        "compile(target_tensors=...)",
        _MODEL + "model.compile(optimizer='sgd', loss='mse', target_tensors=[y_tensor])\n",
        Finding("K960"),
    ),
    Row(
        "10.37",
        SPEC_LABELS["10.37"],
        "multi-output evaluate unpacked into per-output losses",
        _TWO_OUTPUTS
        + "total, first_loss, second_loss = model.evaluate(x_test, [y_a, y_b], verbose=0)\n",
        KeptExact(
            kept="total, first_loss, second_loss = model.evaluate(x_test, [y_a, y_b], verbose=0)",
            proofs=_PER_OUTPUT_LOSSES,
        ),
    ),
    Row(
        "10.38",
        SPEC_LABELS["10.38"],
        "XLA jit_compile='auto' with a custom layer",
        _py(
            """
            from keras import backend as K
            from keras.engine.topology import Layer
            from keras.models import Sequential
            from keras.layers import Dense


            class Clipped(Layer):
                def call(self, x, mask=None):
                    return K.clip(x, 0.0, 6.0)


            model = Sequential()
            model.add(Dense(8, input_dim=4))
            model.add(Clipped())
            model.compile(optimizer='sgd', loss='mse')
            """
        ),
        Finding("K948"),
    ),
    Row(
        "10.39",
        SPEC_LABELS["10.39"],
        "Python while on a tensor in call",
        _py(
            """
            from keras import backend as K
            from keras.engine.topology import Layer


            class Halve(Layer):
                def call(self, x, mask=None):
                    while K.sum(x) > 1:
                        x = x / 2
                    return x
            """
        ),
        Finding("K991"),
    ),
    Row(
        "10.40",
        SPEC_LABELS["10.40"],
        "load_model of a .keras file with a Python-lambda Lambda",
        _LAMBDA_MODEL + "model = load_model('m.keras')\n",
        Finding("K947"),
    ),
    Row(
        "10.41",
        SPEC_LABELS["10.41"],
        "load_weights of a Keras 1 HDF5 file",
        _py(
            """
            from keras.models import Sequential
            from keras.layers import LSTM, Dense
            model = Sequential()
            model.add(LSTM(32, input_shape=(10, 8)))
            model.add(Dense(1))
            model.load_weights('keras1_weights.h5')
            """
        ),
        Finding("K946"),
    ),
    Row(
        "10.42",
        SPEC_LABELS["10.42"],
        "load_model('model.h5')",
        "from keras.models import load_model\nmodel = load_model('model.h5')\n",
        Finding("K946"),
    ),
    Row(
        "10.44",
        SPEC_LABELS["10.44"],
        "keras.wrappers.scikit_learn",
        _py(
            """
            from keras.wrappers.scikit_learn import KerasClassifier
            clf = KerasClassifier(build_fn=build_model, nb_epoch=10, batch_size=32)
            """
        ),
        Finding("K901"),
    ),
    Row(
        "10.46",
        SPEC_LABELS["10.46"],
        "loss='cosine_proximity'",
        _MODEL + "model.compile(optimizer='sgd', loss='cosine_proximity')\n",
        Finding("K940"),
    ),
    Row(
        "10.47",
        SPEC_LABELS["10.47"],
        "Input(tensor=<TF tensor>)",
        _py(
            """
            import tensorflow as tf
            from keras.layers import Input
            images = tf.constant(0.0, shape=(1, 64, 64, 3))
            image_input = Input(tensor=images)
            """
        ),
        Finding("K944"),
    ),
    Row(
        "10.48",
        SPEC_LABELS["10.48"],
        "tensorflow.python.keras import",
        "from tensorflow.python.keras.layers import Dense\nlayer = Dense(4)\n",
        Exact(
            contains="from tensorflow.keras.layers import Dense",
            gone="tensorflow.python.keras",
            proofs=("tests/test_tables_tensorflow.py::test_private_tf_keras_imports_become_keras3_ones",),
        ),
    ),
    Row(
        "10.50",
        SPEC_LABELS["10.50"],
        "channels_first convolution on CPU",
        _py(
            """
            from keras.models import Sequential
            from keras.layers import Convolution2D
            model = Sequential()
            model.add(Convolution2D(8, 3, 3, dim_ordering='th', input_shape=(3, 32, 32)))
            """
        ),
        Finding("K955", says="oneDNN"),
    ),
    Row(
        "10.51",
        SPEC_LABELS["10.51"],
        "the tf_keras escape hatch, named where a model needs it",
        _py(
            """
            from keras.models import Sequential
            from keras.layers import LocallyConnected1D
            model = Sequential()
            model.add(LocallyConnected1D(16, 3, input_shape=(10, 8)))
            """
        ),
        Finding("K920", says="tf_keras"),
    ),
)
