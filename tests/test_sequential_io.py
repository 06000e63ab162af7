"""Inline cases for sequential_io (K418): a built Sequential's ``input``/``output``
reads become ``inputs[0]``/``outputs[0]``; everything else stays; K949 where the
model may not be built."""

from __future__ import annotations

import pytest

from kmigrate import migrate_source

HEAD = "from keras.models import Sequential, Model, load_model\nfrom keras.layers import Dense, Embedding, InputLayer\n"
READ = "f = Model(input=model.input, output=model.output)\n"
NEW_READ = "f = Model(inputs=model.inputs[0], outputs=model.outputs[0])\n"


def _last_line(source: str) -> str:
    result = migrate_source(source)
    assert result.error is None
    assert migrate_source(result.new_source).new_source == result.new_source
    return result.new_source.rstrip("\n").split("\n")[-1]


def _k949(source: str) -> int:
    return sum(f.code == "K949" for f in migrate_source(source).findings)


REWRITES = [
    pytest.param("model = Sequential([Dense(2, input_shape=(3,))])\n" + READ, NEW_READ, id="a list whose first layer has input_shape is built"),
    pytest.param("model = Sequential(layers=[Dense(2, input_dim=3)])\n" + READ, NEW_READ, id="layers by keyword with input_dim is built"),
    pytest.param("model = Sequential()\nmodel.add(InputLayer(input_shape=(3,)))\n" + READ, NEW_READ, id="an InputLayer added first builds the model"),
    pytest.param("model = Sequential()\nmodel.add(Embedding(100, 8, input_length=5))\n" + READ, NEW_READ, id="Embedding with input_length builds the model"),
    pytest.param("model = Sequential()\nmodel.add(Dense(2, batch_input_shape=(4, 3)))\n" + READ, NEW_READ, id="batch_input_shape builds the model"),
    pytest.param("model = Sequential()\nmodel.add(Dense(2))\nmodel.build((None, 3))\n" + READ, NEW_READ, id="model.build before the read builds the model"),
    pytest.param(
        "model = Sequential([Dense(2, input_dim=3)])\nmodel = Model(input=model.input, output=model.layers[0].output)\n",
        "model = Model(inputs=model.inputs[0], outputs=model.layers[0].output)",
        id="the right-hand side of a reassignment reads the old Sequential",
    ),
    pytest.param(
        "model = Sequential([Dense(2, input_dim=3)])\ns = Model(input=(model.input), output=model.output).output_shape\n",
        "s = Model(inputs=(model.inputs[0]), outputs=model.outputs[0]).output_shape",
        id="parentheses around a read are kept",
    ),
    pytest.param(
        "model = Sequential([Dense(2, input_dim=3)])\ncache = {}\ncache[model.input] = Model(model.input, model.output)\n",
        "cache[model.inputs[0]] = Model(model.inputs[0], model.outputs[0])",
        id="a read inside an assignment target's subscript is rewritten",
    ),
]

NO_OPS = [
    pytest.param("from keras.layers import Input\nx = Input(shape=(3,))\nmodel = Model(input=x, output=Dense(2)(x))\n" + READ, id="a functional model keeps input and output"),
    pytest.param("model = load_model('m.h5')\n" + READ, id="a loaded model of unknown kind is left alone"),
    pytest.param("model = Sequential([Dense(2, input_dim=3)])\nmodel = load_model('m.h5')\n" + READ, id="a Sequential name reassigned to a loaded model is left alone"),
    pytest.param("model = Sequential([Dense(2, input_dim=3)])\nmodel.output = Dense(2)\n", id="an assignment to output is left alone"),
    pytest.param("model = Sequential([Dense(2, input_dim=3)])\nmodel.output += Dense(2).units\n", id="an augmented assignment is left alone"),
    pytest.param("model = Sequential([Dense(2, input_dim=3)])\ndel model.input, Dense\n", id="a del target is left alone"),
    pytest.param("model = Sequential([Dense(2, input_dim=3)])\ndef f(model):\n    return Model(model.input, model.output)\n", id="a parameter shadowing a module model is left alone"),
    pytest.param("model = Sequential([Dense(2, input_dim=3)])\nf = Model(input=args.input, output=model.outputs)\n", id="other receivers and inputs are left alone"),
    pytest.param("def build():\n    model = Sequential([Dense(2, input_dim=3)])\n    return model\n" + READ, id="a model assigned in another function is not proven here"),
]

FINDINGS = [
    pytest.param("model = Sequential()\nmodel.add(Dense(2))\n" + READ, 2, id="a first layer without input shape gives K949"),
    pytest.param("layers = [Dense(2, input_dim=3)]\nmodel = Sequential(layers)\n" + READ, 2, id="a list not seen here gives K949"),
    pytest.param("model = Sequential()\nmodel.add(Embedding(input_dim=100, output_dim=8))\nf = Model(input=model.input)\n", 1, id="Embedding input_dim is the vocabulary, not a shape"),
    pytest.param("model = Sequential()\n" + READ, 2, id="a model with no layer yet gives K949"),
]


@pytest.mark.parametrize(("body", "expected"), REWRITES)
def test_rewrite(body: str, expected: str) -> None:
    assert _last_line(HEAD + body) == expected.rstrip("\n")


@pytest.mark.parametrize("body", NO_OPS)
def test_no_op(body: str) -> None:
    last = body.rstrip("\n").split("\n")[-1]
    new_last = _last_line(HEAD + body)
    assert "inputs[0]" not in new_last and "outputs[0]" not in new_last
    assert new_last.replace("inputs=", "input=").replace("outputs=", "output=") == last
    assert _k949(HEAD + body) == 0


@pytest.mark.parametrize(("body", "count"), FINDINGS)
def test_not_built_is_reported(body: str, count: int) -> None:
    assert _k949(HEAD + body) == count
    assert "inputs[0]" not in _last_line(HEAD + body)
