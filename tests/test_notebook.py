"""Notebooks: code cells migrated as one module, IPython lines kept, JSON layout kept byte for byte."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from kmigrate.config import RunConfig
from kmigrate.notebook import cell_label, migrate_notebook, migrate_notebook_text
from kmigrate.render import unified_diff
from kmigrate.results import Mode
from kmigrate.runner import run

CONFIG = RunConfig()

PY2_KERNEL = {
    "kernelspec": {"display_name": "Python 2", "language": "python", "name": "python2"},
    "language_info": {
        "codemirror_mode": {"name": "ipython", "version": 2},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython2",
        "version": "2.7.12",
    },
}
PY3_KERNEL = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python", "version": "3.6.1"},
}

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def code(source: list[str] | str, outputs: list[Any] | None = None, count: int | None = 1) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "execution_count": count,
        "metadata": {"collapsed": False},
        "outputs": outputs or [],
        "source": source,
    }


def markdown(source: list[str]) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def notebook(cells: list[dict[str, Any]], metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "cells": cells,
        "metadata": copy.deepcopy(PY2_KERNEL if metadata is None else metadata),
        "nbformat": 4,
        "nbformat_minor": 0,
    }


def jupyter_bytes(nb: dict[str, Any]) -> bytes:
    """What Jupyter writes (nbformat.writes): sorted keys, indent 1, raw UTF-8, final newline."""
    return (json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def migrate(nb_bytes: bytes) -> tuple[Any, bytes]:
    result, encoding, new = migrate_notebook(nb_bytes, CONFIG, "nb.ipynb")
    assert encoding == "utf-8"
    return result, new


OLD_CELLS = [
    markdown(["# Training a small convnet with keras\n", "Keras 1 code, Python 2 kernel."]),
    code(
        [
            "%matplotlib inline\n",
            "from __future__ import print_function\n",
            "from keras.models import Sequential\n",
            "from keras.layers import Dense, Convolution2D, Flatten\n",
            "!pip install keras==1.2.2",
        ],
        outputs=[{"name": "stdout", "output_type": "stream", "text": ["Collecting keras==1.2.2\n"]}],
    ),
    code(
        [
            "%%time\n",
            "model = Sequential()\n",
            "model.add(Convolution2D(32, 3, 3, border_mode='same', input_shape=(32, 32, 3)))\n",
            "model.add(Flatten())\n",
            "model.add(Dense(10, init='uniform'))\n",
            "print 'built', model\n",
            "Sequential?",
        ],
        outputs=[
            {"name": "stdout", "output_type": "stream", "text": ["built caf\u00e9\n", "Wall time: 1 s\n"]},
            {
                "data": {"image/png": PNG, "text/plain": ["<matplotlib.figure.Figure at 0x7f>"]},
                "metadata": {},
                "output_type": "display_data",
            },
        ],
        count=2,
    ),
    code(["model.add(Dense(10, init='uniform')\n", "# half-written"], count=None),
    code("for i in xrange(3):\n    print i\n??model", count=3),
    code(["%%bash\n", "pip install keras==1.2.2\n", "echo keras"], count=4),
]

NEW_SOURCES = {
    1: [
        "%matplotlib inline\n",
        "from __future__ import print_function\n",
        "from tensorflow.keras.models import Sequential\n",
        "from tensorflow.keras.layers import Dense, Conv2D, Flatten\n",
        "!pip install keras==1.2.2",
    ],
    2: [
        "%%time\n",
        "model = Sequential()\n",
        "model.add(Conv2D(32, (3, 3), padding='same', input_shape=(32, 32, 3)))\n",
        "model.add(Flatten())\n",
        "model.add(Dense(10, kernel_initializer='uniform'))\n",
        "print('built', model)\n",
        "Sequential?",
    ],
    4: "for i in range(3):\n    print(i)\n??model",
}


@pytest.fixture
def py2_notebook() -> dict[str, Any]:
    return notebook(copy.deepcopy(OLD_CELLS))


def expected_after(nb: dict[str, Any]) -> dict[str, Any]:
    new = copy.deepcopy(nb)
    for index, source in NEW_SOURCES.items():
        new["cells"][index]["source"] = source
    new["metadata"]["kernelspec"].update(display_name="Python 3", name="python3")
    info = new["metadata"]["language_info"]
    info.update(pygments_lexer="ipython3", version="3.10")
    info["codemirror_mode"]["version"] = 3
    return new


def test_python2_notebook_with_magics_and_outputs_is_migrated_cell_by_cell(py2_notebook: dict[str, Any]) -> None:
    result, new = migrate(jupyter_bytes(py2_notebook))
    assert result.error is None
    assert result.modernised
    # byte for byte what Jupyter would write for the expected notebook: outputs, metadata,
    # key order, indentation and the final newline are kept; the magics, the shell escapes
    # and the help lines survive; the half-written cell and the %%bash cell are untouched
    assert new.decode() == jupyter_bytes(expected_after(py2_notebook)).decode()


def test_findings_name_the_cell_and_point_at_the_notebook_line(py2_notebook: dict[str, Any]) -> None:
    text = jupyter_bytes(py2_notebook).decode()
    result, _ = migrate(text.encode())
    lines = text.splitlines()
    by_code = {f.code: f for f in result.findings}
    left = by_code["K998"]
    assert left.message.startswith("cell 4: left as it is: line 1: cannot parse as Python 3")
    assert "model.add(Dense(10, init='uniform')" in lines[left.line - 1]
    assert [f.message.split(":")[0] for f in result.findings] == ["cell 4"]


def test_diff_is_a_patch_of_the_notebook_file(py2_notebook: dict[str, Any]) -> None:
    result, _ = migrate(jupyter_bytes(py2_notebook))
    diff = unified_diff(result)
    assert "--- a/nb.ipynb" in diff
    assert '-    "from keras.models import Sequential\\n",' in diff
    assert '+    "from tensorflow.keras.models import Sequential\\n",' in diff
    assert '-   "name": "python2"' in diff
    assert PNG not in diff
    hunks = [line for line in diff.splitlines() if line.startswith("@@ ")]
    assert [line.rpartition("@@ ")[2] for line in hunks][:3] == ["cell 2", "cell 3", "cell 5"]  # the cells that changed


def test_migrating_twice_changes_nothing(py2_notebook: dict[str, Any]) -> None:
    _, once = migrate(jupyter_bytes(py2_notebook))
    result, twice = migrate(once)
    assert twice == once
    assert not result.changed


@pytest.mark.parametrize(
    "nb",
    [
        pytest.param(notebook([code(["import numpy as np\n", "%matplotlib inline"])]), id="notebook without keras"),
        pytest.param(
            notebook(
                [code(["from tensorflow.keras.layers import Dense\n", "Dense(3)"])], PY3_KERNEL
            ),
            id="notebook already on tf.keras",
        ),
        pytest.param(notebook([markdown(["keras 1 notes: `Convolution2D(32, 3, 3)`"])]), id="keras only in markdown"),
    ],
)
def test_untouched_notebook_keeps_every_byte(nb: dict[str, Any]) -> None:
    data = jupyter_bytes(nb)
    result, new = migrate(data)
    assert new is data or new == data
    assert not result.changed and result.error is None
    assert json.loads(data) == nb  # the Jupyter serialisation round-trips


def test_other_json_layouts_are_kept() -> None:
    """A notebook not written by Jupyter: indent 2, ASCII escapes, a source string, no final newline."""
    nb = notebook(
        [code("# caf\u00e9\nfrom keras.layers import Convolution2D\nc = Convolution2D(8, 3, 3)")],
        PY3_KERNEL,
    )
    data = json.dumps(nb, indent=2).encode()
    _, new = migrate(data)
    nb["cells"][0]["source"] = "# caf\u00e9\nfrom tensorflow.keras.layers import Conv2D\nc = Conv2D(8, (3, 3))"
    assert new.decode() == json.dumps(nb, indent=2)


def test_imports_of_an_earlier_cell_name_what_a_later_cell_calls() -> None:
    nb = notebook(
        [
            code(["from keras.layers import Convolution2D"]),
            code(["# build\n", "conv = Convolution2D(8, 3, 3, border_mode='valid')"]),
        ],
        PY3_KERNEL,
    )
    _, new = migrate(jupyter_bytes(nb))
    cells = json.loads(new)["cells"]
    assert cells[0]["source"] == ["from tensorflow.keras.layers import Conv2D"]
    assert cells[1]["source"] == ["# build\n", "conv = Conv2D(8, (3, 3), padding='valid')"]


def test_future_import_in_a_later_cell_is_kept_and_the_rest_migrated() -> None:
    nb = notebook(
        [
            code(["import os"]),
            code(["from __future__ import division\n", "from keras.layers import Convolution2D\n", "Convolution2D(8, 3, 3)"]),
        ],
        PY3_KERNEL,
    )
    _, new = migrate(jupyter_bytes(nb))
    assert json.loads(new)["cells"][1]["source"] == [
        "from __future__ import division\n",
        "from tensorflow.keras.layers import Conv2D\n",
        "Conv2D(8, (3, 3))",
    ]


def test_python3_kernel_is_left_alone_and_python2_kernel_without_changes_too() -> None:
    migrated = notebook([code(["from keras.layers import Convolution2D\n", "Convolution2D(8, 3, 3)"])], PY3_KERNEL)
    _, new = migrate(jupyter_bytes(migrated))
    assert json.loads(new)["metadata"] == PY3_KERNEL
    unchanged = notebook([code(["# the keras model follows\n", "x = 1"])])
    data = jupyter_bytes(unchanged)
    assert migrate(data)[1] == data


def test_indented_magics_and_assigned_shell_output_survive() -> None:
    source = [
        "from keras.layers import Convolution2D\n",
        "files = !ls\n",
        "for f in files:\n",
        "    %time Convolution2D(8, 3, 3)\n",
        "    Convolution2D(8, 3, 3)\n",
        "Convolution2D??",
    ]
    _, new = migrate(jupyter_bytes(notebook([code(source)], PY3_KERNEL)))
    assert json.loads(new)["cells"][0]["source"] == [
        "from tensorflow.keras.layers import Conv2D\n",
        "files = !ls\n",
        "for f in files:\n",
        "    %time Convolution2D(8, 3, 3)\n",
        "    Conv2D(8, (3, 3))\n",
        "Convolution2D??",
    ]


def test_nbformat3_worksheets_are_migrated() -> None:
    nb = {
        "metadata": {"name": ""},
        "nbformat": 3,
        "nbformat_minor": 0,
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "markdown", "metadata": {}, "source": ["keras"]},
                    {
                        "cell_type": "code",
                        "collapsed": False,
                        "input": ["from keras.layers import Convolution2D\n", "Convolution2D(8, 3, 3)"],
                        "language": "python",
                        "metadata": {},
                        "outputs": [],
                        "prompt_number": 1,
                    },
                ],
                "metadata": {},
            }
        ],
    }
    _, new = migrate(jupyter_bytes(nb))
    nb["worksheets"][0]["cells"][1]["input"] = ["from tensorflow.keras.layers import Conv2D\n", "Conv2D(8, (3, 3))"]
    assert new == jupyter_bytes(nb)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b'{"cells": [keras', "not a notebook: invalid JSON", id="invalid JSON is an error"),
        pytest.param(b'["keras"]', "not a notebook: the JSON is not an object", id="a JSON array is an error"),
        pytest.param(b'{"keras": "\xff"}', "cannot decode", id="bytes that are not UTF-8 are an error"),
    ],
)
def test_files_that_are_not_notebooks_are_reported(data: bytes, reason: str) -> None:
    result, new = migrate(data)
    assert result.error is not None and result.error.reason.startswith(reason)
    assert new == data


def test_cell_label_names_the_cell_of_a_notebook_line(py2_notebook: dict[str, Any]) -> None:
    text = jupyter_bytes(py2_notebook).decode()
    line = text.splitlines().index('    "model.add(Flatten())\\n",') + 1
    assert cell_label(text, line) == "cell 3"
    assert cell_label(text, 1) is None


def test_runner_writes_a_notebook_and_its_bom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, py2_notebook: dict[str, Any]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nb.ipynb").write_bytes(b"\xef\xbb\xbf" + jupyter_bytes(py2_notebook))
    report = run(["nb.ipynb"], CONFIG, Mode.WRITE)
    assert [(r.path, r.changed) for r in report.results] == [("nb.ipynb", True)]
    assert (tmp_path / "nb.ipynb").read_bytes() == b"\xef\xbb\xbf" + jupyter_bytes(expected_after(py2_notebook))


def test_a_rule_finding_names_the_cell_and_line_and_its_comment_stays_in_that_cell() -> None:
    nb = notebook(
        [
            code(["from keras.layers import Convolution2D"]),
            code(["x = 1\n", "conv = Convolution2D(8, 3, 3, input_shape=(3, 32, 32))"]),
        ],
        PY3_KERNEL,
    )
    text = jupyter_bytes(nb).decode()
    result, new = migrate(text.encode())
    findings = [f for f in result.findings if f.code != "K998"]
    assert findings
    for finding in findings:
        assert finding.message.startswith("cell 2, line 2: ")
        assert "Convolution2D(8, 3, 3" in text.splitlines()[finding.line - 1]
    cells = json.loads(new)["cells"]
    assert cells[0]["source"] == ["from tensorflow.keras.layers import Conv2D"]
    assert cells[1]["source"][0] == "x = 1\n"
    assert any(line.startswith("# kmigrate: ") for line in cells[1]["source"])


def test_a_directory_run_finds_notebooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, py2_notebook: dict[str, Any]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "train.ipynb").write_bytes(jupyter_bytes(py2_notebook))
    report = run(["."], CONFIG, Mode.DIFF)
    assert [(r.path, r.changed, r.modernised) for r in report.results] == [("notebooks/train.ipynb", True, True)]


def test_edits_name_the_notebook_lines_of_the_cell_sources_they_changed() -> None:
    notebook = {
        "cells": [
            {"cell_type": "code", "metadata": {}, "source": ["from keras.layers import Dense\n", "x = 1"], "outputs": [], "execution_count": None},
            {"cell_type": "markdown", "metadata": {}, "source": ["text"]},
            {
                "cell_type": "code",
                "metadata": {},
                "source": ["%matplotlib inline\n", "Dense(3, init='uniform')\n", "model.fit(x, y, nb_epoch=2)"],
                "outputs": [],
                "execution_count": None,
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(notebook, indent=1) + "\n"
    result = migrate_notebook_text(text)
    lines = text.splitlines()
    marked = {(e.code, lines[e.line - 1].strip()) for e in result.edits}
    assert marked == {
        ("K101", '"from keras.layers import Dense\\n",'),
        ("K302", "\"Dense(3, init='uniform')\\n\","),
        ("K303", "\"Dense(3, init='uniform')\\n\","),
        ("K401", '"model.fit(x, y, nb_epoch=2)"'),
    }
    assert all(e.line == e.end_line for e in result.edits)
