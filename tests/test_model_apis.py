"""Inline cases for the model-API rules (layer_node_apis, model_files, model_graph_limits):
tiny rewrites, no-ops and findings, through migrate_source."""

from __future__ import annotations

import pytest

from kmigrate import migrate_source

SEQ = "from keras.models import Sequential\nfrom keras.layers import Dense\nmodel = Sequential()\nmodel.add(Dense(2, input_dim=3))\n"
NEW_SEQ = (
    "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\nmodel = Sequential()\n"
    "model.add(Dense(2, input_shape=(3,)))\n"
)
FUNC = (
    "from keras.models import Model\nfrom keras.layers import Dense, Input\nx = Input(shape=(3,))\n"
    "model = Model(input=x, output=Dense(2)(x))\n"
)
NEW_FUNC = (
    "from tensorflow.keras.models import Model\nfrom tensorflow.keras.layers import Dense, Input\nx = Input(shape=(3,))\n"
    "model = Model(inputs=x, outputs=Dense(2)(x))\n"
)

REWRITES = [
    pytest.param(SEQ + "s = model.layers[0].output_shape\n", NEW_SEQ + "s = model.layers[0].output.shape\n", id="an indexed layer of a proven model is rewritten"),
    pytest.param(SEQ + "s = model.layers[0].input_shape\n", NEW_SEQ + "s = model.layers[0].input.shape\n", id="a Sequential model's layers have one input each"),
    pytest.param(
        SEQ + "s = model.get_layer('dense_1').output_shape[1:]\n",
        NEW_SEQ + "s = model.get_layer('dense_1').output.shape[1:]\n",
        id="get_layer on a proven model is a layer",
    ),
    pytest.param(
        SEQ + "for i, l in enumerate(model.layers[1:]):\n    print(i, l.output_shape)\n",
        NEW_SEQ + "for i, l in enumerate(model.layers[1:]):\n    print(i, l.output.shape)\n",
        id="enumerate over a slice of the layers binds a layer",
    ),
    pytest.param(
        SEQ + "for l in model.layers: print(l.output_shape)\n",
        NEW_SEQ + "for l in model.layers: print(l.output.shape)\n",
        id="a one-line loop suite is rewritten",
    ),
    pytest.param(
        SEQ + "for l in model.layers:\n    while l.output_shape[-1] > 1:\n        break\n",
        NEW_SEQ + "for l in model.layers:\n    while l.output.shape[-1] > 1:\n        break\n",
        id="a while header inside the loop is rewritten",
    ),
    pytest.param(
        SEQ + "if model.layers[-1].output_shape[-1] == 2:\n    pass\nelif model.layers[0].input_shape:\n    pass\n",
        NEW_SEQ + "if model.layers[-1].output.shape[-1] == 2:\n    pass\nelif model.layers[0].input.shape:\n    pass\n",
        id="if and elif headers are rewritten",
    ),
    pytest.param(
        SEQ + "def report(m):\n    d = Dense(3)\n    return d.output_shape\n",
        NEW_SEQ + "def report(m):\n    d = Dense(3)\n    return d.output.shape\n",
        id="a name assigned a layer in the same function is a layer",
    ),
    pytest.param(
        "from keras.layers import Dense\nd = Dense(3)\ny = d.get_output_at(node_index=0)\n",
        "from tensorflow.keras.layers import Dense\nd = Dense(3)\ny = d.output\n",
        id="node_index by keyword is read",
    ),
    pytest.param(
        "from keras.layers import Dense\nd = Dense(3)\ny = d.get_input_shape_at(0)\n",
        "from tensorflow.keras.layers import Dense\nd = Dense(3)\ny = d.input.shape\n",
        id="a Dense built here has one input",
    ),
]

NO_OPS = [
    pytest.param(SEQ + "print(args.input_shape, parser.output_shape)\n", id="attributes of other objects are left alone"),
    pytest.param(SEQ + "print(model.input_shape, model.output_shape)\n", id="a model keeps input_shape and output_shape"),
    pytest.param(SEQ + "model.layers[0].output_shape = (None, 2)\n", id="an assignment target is left alone"),
    pytest.param(SEQ + "def f(layer):\n    return layer.output_shape\n", id="a parameter is not proven a layer"),
    pytest.param(SEQ + "d = Dense(3)\nd = make()\nprint(d.output_shape)\n", id="a name bound twice is not followed"),
    pytest.param(SEQ + "d = Dense(3)\ndef f():\n    return d.output_shape\n", id="a module name read in a function is not followed"),
    pytest.param(SEQ + "layers = model.layers\nfor l in layers:\n    print(l.output_shape)\n", id="a loop over a copy of the layers is not followed"),
    pytest.param(SEQ + "for l in model.layers:\n    l = other\n    print(l.output_shape)\n", id="a loop name rebound in the body is not followed"),
    pytest.param(SEQ + "model.load_weights('trained.weights.h5')\n", id="a weights file only Keras 3 writes is not marked"),
    pytest.param(SEQ + "model.save_weights(path)\nmodel.load_weights(path)\n", id="weights this script saved to the same path are not marked"),
    pytest.param(SEQ + "net.load_weights('old.h5')\n", id="load_weights on an unproven receiver is not marked"),
    pytest.param(SEQ + "model.set_weights(other.get_weights())\n", id="arrays from get_weights are not marked"),
    pytest.param(
        "from keras.layers import Embedding\nemb = Embedding(10, 4)\nemb.set_weights([matrix])\n",
        id="an Embedding's Keras 1 arrays have today's layout",
    ),
    pytest.param(SEQ + "config.to_yaml()\n", id="to_yaml on an unproven receiver is not marked"),
    pytest.param(FUNC + "model.compile(optimizer='sgd', loss='mse')\n", id="compile in a file without custom layers is not marked"),
]

FINDINGS = [
    pytest.param(FUNC + "s = model.layers[0].input_shape\n", "s = model.layers[0].input.shape", ["K942"], id="a functional model's first layer may be an InputLayer"),
    pytest.param(FUNC + "for l in model.layers:\n    print(l.inbound_nodes)\n", "print(l.inbound_nodes)", ["K942"], id="inbound_nodes is marked"),
    pytest.param(FUNC + "for l in model.layers:\n    if l.input_shape:\n        pass\n", "if l.input_shape:", [], id="a header that would need a finding is left as it is"),
    pytest.param(
        "from keras.layers import Dense\nd = Dense(3)\ny = d.get_output_at(-1)\n", "d.get_output_at(-1)", ["K942"], id="a node index other than 0 is marked"
    ),
    pytest.param(
        "from keras.layers import Concatenate\nc = Concatenate()\ns = c.input_shape\n", "s = c.input.shape", ["K942"], id="a merge layer's input is a list"
    ),
    pytest.param(SEQ + "model.load_weights(path)\n", "model.load_weights(path)", ["K946"], id="weights from an unknown file are marked"),
    pytest.param(SEQ + "model.layers[0].load_weights('w.h5')\n", "load_weights('w.h5')", ["K946"], id="a layer's load_weights is marked"),
    pytest.param(SEQ + "model.set_weights(np.load('w.npy'))\n", "model.set_weights", ["K946"], id="a model's set_weights with outside arrays is marked"),
    pytest.param(
        "from keras.models import load_model\nm = load_model('m.h5', compile=False)\n", "compile=False", ["K946"], id="load_model with compile given gets no compile hint"
    ),
    pytest.param(
        "import keras\nm = keras.models.model_from_yaml(s)\n", "model_from_yaml(s)", ["K943"], id="model_from_yaml through the module is marked"
    ),
    pytest.param(
        "from keras.layers import Lambda\nfrom keras.models import load_model\nl = Lambda(function=lambda t: t)\nm = load_model('m.keras')\n",
        "load_model('m.keras')",
        ["K947"],
        id="a Python lambda by keyword makes load_model marked",
    ),
    pytest.param(
        "from keras.layers import Lambda\nfrom keras.models import load_model\nl = Lambda(abs)\nm = load_model('m.keras')\n",
        "load_model('m.keras')",
        [],
        id="a named function is not a Python lambda",
    ),
    pytest.param(
        "from keras.layers import InputLayer\nl = InputLayer(None, None, None, t)\n",
        "input_tensor=t",
        ["K944"],
        id="a positional input_tensor is keyworded first and marked",
    ),
    pytest.param(
        "from keras.layers import Input\nfrom keras.models import Model\na = Input(shape=(2,))\nb = Input(shape=(2,))\n"
        "m = Model(input=[[a], b], output=a)\n",
        "m = Model(inputs=[[a], b], outputs=a)",
        [],
        id="nested inputs are not marked",
    ),
    pytest.param(
        "import keras\nx = keras.layers.Input(tensor=t)\n", "Input(tensor=t)", ["K944"], id="Input through the module is marked"
    ),
    pytest.param(
        FUNC + "from keras.layers import Lambda\ny = Lambda(lambda t: t)(x)\nmodel.compile('sgd', 'mse')\n",
        "model.compile('sgd', 'mse')",
        ["K948"],
        id="compile after a Lambda is marked",
    ),
]


def _codes(source: str) -> list[str]:
    result = migrate_source(source)
    assert result.error is None
    return sorted(f.code for f in result.findings if f.code in {"K942", "K943", "K944", "K945", "K946", "K947", "K948"})


@pytest.mark.parametrize(("source", "expected"), REWRITES)
def test_rewrite(source: str, expected: str) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert result.new_source == expected
    assert migrate_source(result.new_source).new_source == result.new_source


@pytest.mark.parametrize("source", NO_OPS)
def test_no_op(source: str) -> None:
    result = migrate_source(source)
    assert result.error is None
    body = source.split("\n")[-2]
    assert result.new_source.split("\n")[-2] == body
    assert _codes(source) == []


@pytest.mark.parametrize(("source", "fragment", "codes"), FINDINGS)
def test_finding(source: str, fragment: str, codes: list[str]) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert fragment in result.new_source
    assert _codes(source) == codes
