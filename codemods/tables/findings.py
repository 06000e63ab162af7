"""Finding codes (K9xx): what each one means and which rules report it.

A rule rewrites what it can and reports the rest as a finding whose code says
what a person has to look at. Keys are the codes; ``slug`` is the code's
stable kebab-case name (``--select`` and ``--explain`` take it), ``title`` one
line without a trailing period, ``emitted_by`` the codes of the rules that
report it, or the ``kmigrate`` module for findings of the driver (files that
are not Python). ``tests/test_catalogue.py`` checks that every K9xx code the
sources use is a row here and every row is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, NamedTuple


class FindingRow(NamedTuple):
    slug: str
    title: str
    emitted_by: tuple[str, ...]


# fmt: off
FINDING_CODES: Final[Mapping[str, FindingRow]] = {
    "K901": FindingRow("removed-import", "A Keras 1 module or name with no counterpart today keeps its Keras 1 import", ("K101",)),
    "K902": FindingRow("renamed-class-as-value", "A renamed layer class is used as a value, so calls made through it keep Keras 1 arguments", ("K201",)),
    "K903": FindingRow("unbound-layer-positionals", "Positional layer arguments that fit no single Keras release's order are left as they are", ("K301",)),
    "K904": FindingRow("untranslatable-layer-keyword", "A Keras 1 layer keyword value has no translation and is left for Keras 3 to reject", ("K302",)),
    "K905": FindingRow("dropped-layer-keyword", "A layer keyword Keras 3 removed was dropped: check what it did", ("K302",)),
    "K906": FindingRow("layer-keyword-conflict", "A layer is given a keyword in both spellings, or its input shape twice", ("K302", "K306")),
    "K907": FindingRow("layer-weights-keyword", "A layer's weights= cannot be moved without knowing when the model is built", ("K306",)),
    "K910": FindingRow("untranslatable-helper-argument", "A utils or preprocessing helper argument cannot be translated from its Keras 1 meaning", ("K102",)),
    "K911": FindingRow("unbound-helper-positionals", "Positional helper arguments cannot be bound to the Keras 1 order", ("K102",)),
    "K912": FindingRow("helper-keyword-conflict", "A helper keyword is given in both its Keras 1 and its current spelling", ("K102",)),
    "K913": FindingRow("removed-helper", "A Keras 1 helper that is gone is left as it is, with what to write instead", ("K103",)),
    "K914": FindingRow("checkpoint-period", "ModelCheckpoint(period=) other than 1 stays: save_freq counts batches, not epochs", ("K403",)),
    "K915": FindingRow("checkpoint-extension", "A ModelCheckpoint file name was given, or needs, the extension Keras 3 writes", ("K403",)),
    "K916": FindingRow("removed-callback-feature", "A dropped callback keyword turned on a feature Keras 3 no longer has", ("K403",)),
    "K917": FindingRow("unbound-callback-arguments", "Callback arguments cannot be bound, or a keyword is given in both spellings", ("K403",)),
    "K918": FindingRow("early-stopping-patience", "An explicit EarlyStopping patience stops one epoch sooner in Keras 3", ("K403",)),
    "K919": FindingRow("lambda-callback-logs", "A LambdaCallback batch hook does not name its second parameter logs", ("K403",)),
    "K920": FindingRow("removed-layer", "A layer Keras 3 removed (Highway, MaxoutDense, SReLU, ...) is left as it is", ("K202",)),
    "K921": FindingRow("input-shape-outside-add", "batch_input_shape or input_dtype on a layer outside the Sequential add form", ("K306",)),
    "K922": FindingRow("embedding-dropout", "Embedding(dropout=) became a SpatialDropout1D after the layer, or must go", ("K306",)),
    "K923": FindingRow("untranslatable-padding", "A ZeroPadding dict with other keys or ** entries is left as it is", ("K307",)),
    "K924": FindingRow("cudnn-weight-layout", "CuDNNLSTM/CuDNNGRU became LSTM/GRU, whose saved weights differ", ("K201",)),
    "K925": FindingRow("hard-sigmoid-gates", "Keras 1's hard_sigmoid recurrent gates keep their shape but not every digit", ("K305",)),
    "K930": FindingRow("initializer-callable", "An initializer callable with the Keras 1 signature needs writing by hand", ("K303",)),
    "K931": FindingRow("removed-regularizer", "A Keras 1 regularizer with no counterpart today (EigenvalueRegularizer)", ("K303",)),
    "K932": FindingRow("th-kernel-constraint-axis", "A kernel constraint's axis on a 'th' layer may not fit today's kernel layout", ("K303",)),
    "K940": FindingRow("cosine-proximity", "cosine_proximity became cosine_similarity, which sums where Keras 1 averaged", ("K402",)),
    "K941": FindingRow("removed-metric", "A batch-wise Keras 1 metric (fmeasure, precision, ...) was removed", ("K402",)),
    "K942": FindingRow("layer-node-api", "A layer node API read (node index, inbound_nodes, input side) needs a person", ("K415",)),
    "K943": FindingRow("yaml-model", "Keras 3 has no YAML model format (to_yaml, model_from_yaml)", ("K416",)),
    "K944": FindingRow("tensor-input", "Input(tensor=) or InputLayer(input_tensor=) is given a TF tensor Keras 3 refuses", ("K417",)),
    "K945": FindingRow("nested-model-outputs", "A model's outputs nest lists or tuples, which Keras 3 cannot train", ("K417",)),
    "K946": FindingRow("keras1-weight-files", "Keras 3 does not convert weight files or arrays written by Keras 1", ("K416",)),
    "K947": FindingRow("python-lambda-loading", "A model with a Python-lambda Lambda layer loads only with safe_mode=False", ("K416",)),
    "K948": FindingRow("xla-custom-layers", "compile without jit_compile where custom layers may not compile with XLA", ("K417",)),
    "K949": FindingRow("sequential-not-built", "A Sequential model's input or output is read where it may not be built", ("K418",)),
    "K950": FindingRow("manual-merge", "A merge with no one-to-one Keras 3 layer is left as it is", ("K203", "K204")),
    "K951": FindingRow("cosine-merge", "merge mode='cos' became dot(normalize=True), which divides differently", ("K203", "K204")),
    "K952": FindingRow("sequential-merge-branches", "A Sequential model starting with Merge could not be rebuilt as a functional model", ("K204",)),
    "K953": FindingRow("ordering-guessed", "The channel ordering was guessed from weak signs", ("K603",)),
    "K954": FindingRow("ordering-conflict", "Strong signs of the channel ordering disagree, and one was chosen", ("K603",)),
    "K955": FindingRow("channels-first-cpu", "Channels-first convolutions need TensorFlow's oneDNN kernels on CPU", ("K601",)),
    "K956": FindingRow("channels-last-weights", "Loaded weights whose rows are in channels-first order meet a channels-last layer", ("K602",)),
    "K957": FindingRow("channels-last-axis-code", "A Lambda, custom layer or backend call with axes now sees channels-last maps", ("K602",)),
    "K958": FindingRow("channels-last-unproven", "A layer or output read on feature maps that are now channels last", ("K602",)),
    "K959": FindingRow("batch-norm-axis", "BatchNormalization() after 'th' feature maps normalises the last axis, not the channels", ("K601",)),
    "K960": FindingRow("compile-review", "A dropped sample_weight_mode, a kept target_tensors or an ambiguous compile positional", ("K404",)),
    "K961": FindingRow("unknown-batch-size", "A generator's batch size is unknown, so its sample count cannot become steps", ("K406",)),
    "K962": FindingRow("iterator-passes", "Keras 3 reads at most len(iterator) batches from an ImageDataGenerator iterator", ("K406",)),
    "K963": FindingRow("generator-workers", "Dropped workers or use_multiprocessing: data now loads in the calling thread", ("K406",)),
    "K964": FindingRow("generator-class-weight", "class_weight with what may be a Python generator, which Keras 3 rejects", ("K406",)),
    "K965": FindingRow("unbound-generator-arguments", "The arguments of a *_generator call cannot be bound to Keras 1's order", ("K406",)),
    "K966": FindingRow("default-epochs", "epochs=10 was written out: Keras 1 fit trained 10 epochs by default", ("K407",)),
    "K967": FindingRow("sequential-method-review", "predict_classes on an unproven model, or a train_on_batch weight that could be either", ("K408",)),
    "K968": FindingRow("model-file-names", "A weight or model file name or save format that Keras 3 changes", ("K409",)),
    "K969": FindingRow("model-method-review", "reset_states on what may be a model, or a metrics_names read", ("K409",)),
    "K970": FindingRow("nadam-schedule", "Keras 1 Nadam's momentum schedule has no Keras 3 counterpart", ("K410", "K412")),
    "K971": FindingRow("decay-schedule-callback", "decay became a schedule that LearningRateScheduler or ReduceLROnPlateau cannot set", ("K410",)),
    "K972": FindingRow("unchecked-optimizer", "Optimizer arguments or attributes that cannot be checked (*args, extra positionals, decay)", ("K410", "K413")),
    "K973": FindingRow("custom-optimizer", "A Keras 1 optimizer subclass built on get_updates", ("K414",)),
    "K974": FindingRow("optimizer-epsilon", "An explicit RMSprop/Adagrad epsilon that Keras 3 adds inside the square root", ("K411",)),
    "K975": FindingRow("unproven-image-ordering", "A use of the image ordering setting that cannot be translated", ("K501",)),
    "K976": FindingRow("global-channels-first", "A global set_image_data_format('channels_first') under --channels-last", ("K501",)),
    "K977": FindingRow("th-kernel-layout", "A backend convolution on a 'th' kernel, whose axes are now (rows, cols, in, out)", ("K502",)),
    "K978": FindingRow("removed-backend-function", "A backend function Keras 3 removed (K.function, K.learning_phase, ...)", ("K504", "K506")),
    "K979": FindingRow("crossentropy-order", "A backend crossentropy whose (target, output) order was swapped or is unproven", ("K505",)),
    "K980": FindingRow("set-value-variable", "K.set_value that may be given a Keras 3 variable, on which it raises", ("K507",)),
    "K981": FindingRow("untranslatable-backend-argument", "A backend argument (dim_ordering, padding) that cannot be translated", ("K502", "K503")),
    "K982": FindingRow("theano-backend", "Theano-only backend code: the backend is always tensorflow now", ("K506",)),
    "K983": FindingRow("backend-gradients", "K.gradients raises under eager execution: use tf.GradientTape", ("K506",)),
    "K984": FindingRow("hidden-data-format", "A layer call whose *args/**kwargs may not pass the data_format it needs", ("K601",)),
    "K985": FindingRow("untracked-weight", "A custom layer weight registered the Keras 1 way, or add_weight positionals of unknown order", ("K251", "K252")),
    "K986": FindingRow("initializer-fans", "A rewritten weight whose initializer fans Keras 1 computed in its own way", ("K252",)),
    "K987": FindingRow("weight-constraint", "A custom layer weight constraint that could not move into add_weight", ("K252",)),
    "K988": FindingRow("layer-regularizers", "self.regularizers in a custom layer, which Keras 3 ignores", ("K253",)),
    "K989": FindingRow("layer-updates", "add_update, self.updates or add_loss outside call in a custom layer", ("K254",)),
    "K990": FindingRow("learning-phase", "uses_learning_phase in a custom layer: Keras 3 passes the training flag to call", ("K254",)),
    "K991": FindingRow("call-control-flow", "Python control flow on tensors inside a custom layer's call", ("K255",)),
    "K992": FindingRow("custom-recurrent", "A subclass of the Keras 1 Recurrent base class", ("K256",)),
    "K993": FindingRow("custom-initializer", "A custom initializer function with the Keras 1 signature f(shape, name=None)", ("K257",)),
    "K994": FindingRow("layer-config", "Custom-layer config keys or base-layer keywords that Keras 3 rejects", ("K258",)),
    "K995": FindingRow("keras-json-value", "A keras.json value that makes importing Keras 3 fail", ("kmigrate.keras_json",)),
    "K996": FindingRow("channels-last-manual", "Something --channels-last could not follow or convert", ("K602",)),
    "K997": FindingRow("theano-requirement", "A theano requirement was removed from a dependency file", ("kmigrate.sidefiles",)),
    "K998": FindingRow("notebook-cell-left", "A notebook cell that could not be migrated is left as it is", ("kmigrate.notebook",)),
    "K999": FindingRow("skipped-statement-lost-import", "A statement marked 'kmigrate: skip' uses a Keras name whose import the migration renamed", ("codemods._skip",)),
}
# fmt: on
