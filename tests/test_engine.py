"""Inline cases for migrate_source: tiny rewrites, no-ops, and errors."""

from __future__ import annotations

import ast
from pathlib import Path

import libcst as cst
import pytest

from codemods import run_pipeline
from kmigrate import migrate_source
from kmigrate.engine import SourceDecodeError, decode_source, encode_source

REWRITES = [
    pytest.param(
        "from keras.layers import Convolution2D as C2D\nx = C2D(32, 3, 3)\n",
        "from tensorflow.keras.layers import Conv2D as C2D\nx = C2D(32, (3, 3))\n",
        id="aliased import is followed and keeps its alias",
    ),
    pytest.param(
        "import keras.layers as L\nx = L.Convolution2D(32, 3, 3, border_mode='same')\n",
        "from tensorflow.keras import layers as L\nx = L.Conv2D(32, (3, 3), padding='same')\n",
        id="module alias is followed",
    ),
    pytest.param(
        "import tensorflow as tf\nx = tf.keras.layers.Convolution2D(32, 3, 3)\n",
        "import tensorflow as tf\nx = tf.keras.layers.Conv2D(32, (3, 3))\n",
        id="Keras 1 call spelled through tf.keras is converted",
    ),
    pytest.param(
        "from keras.layers.convolutional import *\nx = Convolution2D(32, 3, 3)\n",
        "from tensorflow.keras.layers import *\nx = Conv2D(32, (3, 3))\n",
        id="star import provides the name",
    ),
    pytest.param(
        "from keras.layers import Dense\nd = Dense(10,  # classes\n          init='zero')\n",
        "from tensorflow.keras.layers import Dense\nd = Dense(10,  # classes\n          kernel_initializer='zeros')\n",
        id="comments inside a call survive",
    ),
    pytest.param(
        "from keras.layers import Dropout\nd = Dropout(p=0.5)\n",
        "from tensorflow.keras.layers import Dropout\nd = Dropout(rate=0.5)\n",
        id="Dropout p becomes rate",
    ),
    pytest.param(
        "from keras.layers import Convolution2D\nc = Convolution2D(8, 3, 3, dim_ordering='th')\n",
        "from tensorflow.keras.layers import Conv2D\n"
        "# kmigrate: K955 channels-first Conv2D on CPU needs TensorFlow's oneDNN kernels (fails with "
        "TF_ENABLE_ONEDNN_OPTS=0 and on some builds); rerun with `kmigrate --channels-last` for a portable model\n"
        "c = Conv2D(8, (3, 3), data_format='channels_first')\n",
        id="th dim_ordering becomes channels_first",
    ),
    pytest.param(
        "from keras.layers import Convolution1D\nc = Convolution1D(64, 3, border_mode='same', subsample_length=2)\n",
        "from tensorflow.keras.layers import Conv1D\nc = Conv1D(64, 3, padding='same', strides=2)\n",
        id="Convolution1D subsample_length becomes strides",
    ),
    pytest.param(
        "from keras.layers import Convolution2D\r\nc = Convolution2D(8, 3, 3)\r\n",
        "from tensorflow.keras.layers import Conv2D\r\nc = Conv2D(8, (3, 3))\r\n",
        id="CRLF line endings are kept",
    ),
    pytest.param(
        "model.fit(X, Y, nb_epoch=3)\nimport keras\n",
        "model.fit(X, Y, epochs=3)\nfrom tensorflow import keras\n",
        id="nb_epoch is renamed on any receiver",
    ),
]


@pytest.mark.parametrize(("source", "expected"), REWRITES)
def test_rewrite(source: str, expected: str) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert result.new_source == expected
    assert migrate_source(expected).new_source == expected


NO_OPS = [
    pytest.param("import numpy as np\nx = np.zeros(3)\n", id="file without Keras is untouched"),
    pytest.param(
        "from tensorflow.keras.models import Sequential\n"
        "class Dense(object):\n    def __init__(self, n, init): pass\n"
        "d = Dense(64, 'uniform')\n",
        id="a user's own Dense class is never touched",
    ),
    pytest.param(
        "from tensorflow.keras.layers import Conv2D, Dense\nc = Conv2D(64, (3, 3), padding='same')\nd = Dense(10, 'relu')\n",
        id="today's tf.keras code is unchanged",
    ),
    pytest.param(
        "from tensorflow.keras.layers import Conv2D\nc = Conv2D(64, 3, 2)\n",
        id="a Keras 2 Conv2D positional call is not read as Keras 1",
    ),
    pytest.param("from tensorflow.keras.layers import Dense\nd = Dense(64, 'relu')\n", id="Keras 2 Dense activation positional is kept"),
    pytest.param("import keras_contrib\nx = keras_contrib.layers.CRF(3)\n", id="a package whose name starts with keras is not Keras"),
    pytest.param("from .keras.layers import Dense\nd = Dense(output_dim=3)\n", id="relative imports are not followed"),
    pytest.param('print("keras")\n', id="a file that only mentions keras in a string is untouched"),
    pytest.param("from tensorflow.keras.models import Sequential\nclf.fit(X, y)\n", id="fit without Keras 1 keywords is untouched"),
]


@pytest.mark.parametrize("source", NO_OPS)
def test_no_op(source: str) -> None:
    result = migrate_source(source)
    assert result.error is None
    assert result.new_source == source
    assert not result.changed
    assert result.fired == ()


def test_user_dense_shadows_keras_import() -> None:
    source = (
        "from keras.layers import Dense\n"
        "class Dense(object):\n"
        "    pass\n"
        "d = Dense(64, 'uniform')\n"
    )
    result = migrate_source(source)
    assert "d = Dense(64, 'uniform')" in result.new_source


def test_with_py2_off_python2_source_is_a_one_line_error_naming_the_line() -> None:
    from kmigrate.config import RunConfig

    result = migrate_source("import keras\n\nprint 'hello'\n", RunConfig(py2=False), path="old.py")
    assert result.error is not None
    assert result.error.line == 3
    rendered = result.error.render()
    assert rendered.startswith("old.py:3: error: cannot parse as Python 3")
    assert "Python 2" in rendered
    assert "\n" not in rendered
    assert result.new_source == result.source


def test_broken_source_is_an_error_not_an_exception() -> None:
    result = migrate_source("import keras\ndef f(:\n", path="broken.py")
    assert result.error is not None and result.error.line == 2


def test_findings_carry_code_line_and_comment() -> None:
    source = "from keras.layers import Convolution2D\n\nc = Convolution2D(8, 3, 3, border_mode='full')\n"
    result = migrate_source(source)
    assert [(f.code, f.line) for f in result.findings] == [("K904", 3)]
    assert "# kmigrate: K904 " in result.new_source
    assert migrate_source(result.new_source).new_source == result.new_source


def test_annotate_false_writes_no_comments() -> None:
    from kmigrate.config import RunConfig

    source = "from keras.layers import Convolution2D\nc = Convolution2D(8, 3, 3, border_mode='full')\n"
    result = migrate_source(source, RunConfig(annotate=False))
    assert "# kmigrate" not in result.new_source
    assert [f.code for f in result.findings] == ["K904"]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(b"\xef\xbb\xbfimport keras\n", "utf-8-sig", id="BOM"),
        pytest.param(b"# -*- coding: latin-1 -*-\n# caf\xe9\nimport keras\n", "latin-1", id="latin-1 cookie"),
        pytest.param(b"import keras\r\n", "utf-8", id="CRLF"),
    ],
)
def test_decode_encode_round_trip(data: bytes, encoding: str) -> None:
    decoded = decode_source(data)
    assert decoded.encoding.replace("iso-8859-1", "latin-1") == encoding
    assert encode_source(decoded.text, decoded.encoding) == data


def test_migrated_latin1_file_keeps_its_bytes_outside_changed_lines() -> None:
    data = b"# -*- coding: latin-1 -*-\n# r\xe9seau\nfrom keras.layers import Dropout\nd = Dropout(p=0.5)\n"
    decoded = decode_source(data)
    out = encode_source(migrate_source(decoded.text).new_source, decoded.encoding)
    assert out == b"# -*- coding: latin-1 -*-\n# r\xe9seau\nfrom tensorflow.keras.layers import Dropout\nd = Dropout(rate=0.5)\n"


@pytest.mark.parametrize(
    ("data", "line"),
    [
        pytest.param(b"import keras\nx = '\xff'\n", 2, id="invalid UTF-8 names its line"),
        pytest.param(b"import keras\x00\n", 1, id="NUL byte is binary"),
    ],
)
def test_undecodable_bytes_raise_with_line(data: bytes, line: int) -> None:
    with pytest.raises(SourceDecodeError) as info:
        decode_source(data)
    assert info.value.line == line


def test_skipping_statements_without_keras_names_never_changes_the_result() -> None:
    """The walk skips statements that mention no Keras name; prove it loses nothing."""
    import ast
    from pathlib import Path

    import libcst as cst

    from codemods import run_pipeline

    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    sources = [p.read_text(encoding="utf-8") for p in sorted(fixtures.glob("*/*.in.py"))]
    sources.append((Path(__file__).resolve().parent.parent / "examples" / "mnist_cnn.py").read_text())
    for text in sources:
        module = cst.parse_module(text)
        full = run_pipeline(module)
        pruned = run_pipeline(module, source=(text, ast.parse(text)))
        assert pruned.module.code == full.module.code
        assert pruned.findings == full.findings
        assert pruned.fired == full.fired


_WITH_FINDINGS = sorted((Path(__file__).resolve().parent.parent / "fixtures").glob("*/*.findings.txt"))


@pytest.mark.parametrize("findings_file", _WITH_FINDINGS, ids=lambda p: f"{p.parent.name}/{p.name[: -len('.findings.txt')]}")
def test_finding_positions_from_single_statements_equal_a_whole_module_pass(findings_file: Path) -> None:
    """The cheap position pass (per statement, offset by Python's ast) must agree with libcst's own."""
    text = findings_file.with_name(findings_file.name.replace(".findings.txt", ".in.py")).read_text(encoding="utf-8")
    module = cst.parse_module(text)
    fast = run_pipeline(module, source=(text, ast.parse(text))).findings
    whole = run_pipeline(cst.parse_module(text)).findings
    assert fast == whole


def test_edits_name_the_original_lines_where_each_rule_changed_something() -> None:
    source = (
        "from keras.layers import Convolution2D, Dense\n"
        "\n"
        "def build(model):\n"
        "    model.add(Convolution2D(32, 3, 3,\n"
        "                            border_mode='same'))\n"
        "    model.add(Dense(10, init='uniform'))\n"
        "model.fit(x, y, nb_epoch=5)\n"
    )
    result = migrate_source(source)
    spans = {(e.code, e.line, e.end_line) for e in result.edits}
    assert spans == {
        ("K101", 1, 1),  # the import line
        ("K201", 4, 5),  # Convolution2D -> Conv2D, a statement over two lines
        ("K301", 4, 5),
        ("K302", 4, 5),
        ("K302", 6, 6),
        ("K303", 6, 6),
        ("K401", 7, 7),
    }
    assert {e.code for e in result.edits} == set(result.fired)
