"""Dependency files (requirements, setup.py/cfg, pyproject.toml, environment.yml): kmigrate.sidefiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from kmigrate.config import RunConfig
from kmigrate.results import Mode
from kmigrate.runner import migrate_bytes, run
from kmigrate.sidefiles import is_side_file, migrate_side_text, parse_requirement, pins_old_keras

REWRITES = [
    pytest.param(
        "requirements.txt",
        "numpy==1.11.0\nkeras==1.2.2  # the model\nh5py\n",
        "numpy==1.11.0\ntensorflow>=2.16  # the model\nh5py\n",
        id="a keras 1 pin becomes tensorflow and keeps its comment",
    ),
    pytest.param(
        "requirements.txt",
        "Keras<2\nTheano==0.9.0\nscipy\n",
        "tensorflow>=2.16\nscipy\n",
        id="capitalised Keras<2 is a pin and Theano goes",
    ),
    pytest.param(
        "requirements-gpu.txt",
        "keras==2.0.8\r\ntensorflow-gpu==1.4.0\r\n",
        "tensorflow>=2.16\r\n",
        id="an old tensorflow-gpu pin becomes tensorflow and the keras line goes, CRLF kept",
    ),
    pytest.param(
        "requirements.txt",
        "keras==1.2.2\ntensorflow>=2.16\n",
        "tensorflow>=2.16\n",
        id="a keras pin next to a new enough tensorflow is only removed",
    ),
    pytest.param(
        "requirements/base.txt",
        "keras>=1.0,<2.0 ; python_version < '3.6'\n",
        "tensorflow>=2.16 ; python_version < '3.6'\n",
        id="a range below 3 in a requirements folder keeps its marker",
    ),
    pytest.param(
        "requirements.txt",
        "keras<2\ntensorflow-gpu>=1.0\n",
        "tensorflow>=2.16\n",
        id="tensorflow-gpu is discontinued and becomes tensorflow whatever its range",
    ),
    pytest.param(
        "requirements.txt",
        "keras==2.*\ntensorflow-cpu==1.15\n",
        "tensorflow-cpu>=2.16\n",
        id="a wildcard pin goes and the CPU build stays the CPU build",
    ),
    pytest.param(
        "setup.py",
        "from setuptools import setup\n"
        "setup(name='x', install_requires=['numpy', 'keras==1.2.2', 'theano'])\n",
        "from setuptools import setup\n"
        "setup(name='x', install_requires=['numpy', 'tensorflow>=2.16'])\n",
        id="setup.py inline list: literal replaced, theano removed with its comma",
    ),
    pytest.param(
        "setup.py",
        "from setuptools import setup\n"
        "REQUIRED = [\n"
        "    'numpy',\n"
        '    "keras==1.2.2",  # old\n'
        "    'theano'\n"
        "]\n"
        "setup(install_requires=REQUIRED, extras_require={'tf': ['tensorflow>=1.0,<1.5']})\n",
        "from setuptools import setup\n"
        "REQUIRED = [\n"
        "    'numpy',\n"
        '    "tensorflow>=2.16",  # old\n'
        "]\n"
        "setup(install_requires=REQUIRED, extras_require={'tf': ['tensorflow>=2.16']})\n",
        id="setup.py module-level list and extras: quotes kept, whole line removed",
    ),
    pytest.param(
        "setup.cfg",
        "[metadata]\nname = x\n\n[options]\ninstall_requires =\n    numpy\n    keras==1.2.2\n    theano\n"
        "[options.extras_require]\ngpu = tensorflow-gpu==1.3\n",
        "[metadata]\nname = x\n\n[options]\ninstall_requires =\n    numpy\n    tensorflow>=2.16\n"
        "[options.extras_require]\ngpu = tensorflow>=2.16\n",
        id="setup.cfg install_requires lines and an extra on the key's line",
    ),
    pytest.param(
        "pyproject.toml",
        '[project]\nname = "x"\ndependencies = [\n  "numpy",\n  "keras==1.2.2", # old\n  \'theano\',\n]\n'
        '[project.optional-dependencies]\ngpu = ["tensorflow-gpu<2", "h5py"]\n',
        '[project]\nname = "x"\ndependencies = [\n  "numpy",\n  "tensorflow>=2.16", # old\n]\n'
        '[project.optional-dependencies]\ngpu = ["tensorflow>=2.16", "h5py"]\n',
        id="pyproject dependencies and optional dependencies",
    ),
    pytest.param(
        "pyproject.toml",
        '[project]\ndependencies = ["keras<2", "theano", "numpy"]\n',
        '[project]\ndependencies = ["tensorflow>=2.16", "numpy"]\n',
        id="pyproject inline array loses theano and its comma",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^2.7"\nkeras = "^1.2"  # the model\n'
        'Theano = { version = "*", optional = true }\nnumpy = "^1.11"\n\n'
        '[tool.poetry.group.gpu.dependencies]\n"tensorflow-gpu" = "1.4.0"\n\n'
        '[tool.poetry.dev-dependencies]\npytest = "^3.0"\n',
        '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = ">=3.10"\ntensorflow = ">=2.16"  # the model\n'
        'numpy = "^1.11"\n\n'
        '[tool.poetry.group.gpu.dependencies]\ntensorflow = ">=2.16"\n\n'
        '[tool.poetry.dev-dependencies]\npytest = "^3.0"\n',
        id="Poetry tables: caret pins, an inline table, a group, Python 2 raised",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.poetry.dependencies]\nkeras = "~2.0"\ntensorflow = { version = ">=1.3,<1.5", optional = true }\n',
        '[tool.poetry.dependencies]\ntensorflow = ">=2.16"\n',
        id="Poetry tilde pin of Keras 2 and an old TensorFlow in an inline table",
    ),
    pytest.param(
        "setup.py",
        "from setuptools import setup\nsetup(name='x', python_requires='>=2.7, <3', install_requires=['keras==1.2.2'])\n",
        "from setuptools import setup\nsetup(name='x', python_requires='>=3.10', install_requires=['tensorflow>=2.16'])\n",
        id="setup.py python_requires that admits no Python 3",
    ),
    pytest.param(
        "setup.cfg",
        "[options]\npython_requires = ==2.7.*\ninstall_requires =\n    keras<2\n",
        "[options]\npython_requires = >=3.10\ninstall_requires =\n    tensorflow>=2.16\n",
        id="setup.cfg python_requires",
    ),
    pytest.param(
        "environment.yml",
        "name: x\nchannels:\n  - conda-forge\ndependencies:\n  - python=2.7\n  - keras=1.2.2\n"
        "  - conda-forge::theano\n  - pip:\n    - keras==1.2.2\n    - h5py\n",
        "name: x\nchannels:\n  - conda-forge\ndependencies:\n  - python>=3.10\n  - tensorflow>=2.16\n"
        "  - pip:\n    - h5py\n",
        id="environment.yml conda and pip lists, python 2.7 raised",
    ),
]


@pytest.mark.parametrize(("path", "before", "after"), REWRITES)
def test_old_pins_get_a_tensorflow_that_runs_the_migrated_code(
    path: str, before: str, after: str
) -> None:
    result = migrate_side_text(before, RunConfig(), path)
    assert result.error is None
    assert result.new_source == after
    again = migrate_side_text(after, RunConfig(), path)
    assert again.new_source == after, "a second run changes nothing"
    assert not again.findings


LEFT_ALONE = [
    pytest.param(
        "requirements.txt", "keras>=2.2\nnumpy\n", id="a keras that admits 3 is not a pin"
    ),
    pytest.param("requirements.txt", "keras\ntensorflow\n", id="unpinned keras is left"),
    pytest.param(
        "requirements.txt", "tensorflow==1.4\nnumpy\n", id="an old tensorflow alone is not touched"
    ),
    pytest.param(
        "requirements.txt",
        "-r base.txt\n--index-url https://example.org/simple\n# keras==1.2.2\nkeras==1.2.2 \\\n  --hash=sha256:00\n",
        id="options, comments and continued lines are left",
    ),
    pytest.param("requirements.txt", "", id="an empty file"),
    pytest.param(
        "pyproject.toml",
        '[tool.other]\ndependencies = ["keras==1.2.2"]\n',
        id="dependencies outside project tables",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.poetry.dependencies]\npython = "^3.8"\nkeras = "^3.0"\n',
        id="Poetry pin of Keras 3",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.poetry.dependencies]\nkeras = "^1.2 || ^2.0"\n',
        id="Poetry alternatives are not read",
    ),
    pytest.param(
        "setup.py",
        "from setuptools import setup\nsetup(name='x', python_requires='<3', install_requires=['numpy'])\n",
        id="python_requires alone, without a Keras pin",
    ),
    pytest.param(
        "setup.py",
        "from setuptools import setup\nsetup(name='keras-thing', install_requires=['numpy'])\n",
        id="setup.py naming keras elsewhere",
    ),
]


@pytest.mark.parametrize(("path", "text"), LEFT_ALONE)
def test_files_without_keras_1_pins_are_not_changed(path: str, text: str) -> None:
    result = migrate_side_text(text, RunConfig(), path)
    assert result.error is None
    assert result.new_source == text
    assert not result.findings


def test_theano_removal_is_a_finding_on_its_line() -> None:
    result = migrate_side_text(
        "numpy\nkeras==1.2.2\nTheano==0.9.0\n", RunConfig(), "requirements.txt"
    )
    assert [(f.code, f.line, f.column) for f in result.findings] == [("K997", 3, 1)]
    assert "theano" in result.findings[0].message.lower()


def test_setup_py_keras_code_is_migrated_too() -> None:
    text = (
        "from setuptools import setup\n"
        "from keras.layers import Dense\n"
        "x = Dense(output_dim=3)\n"
        "setup(install_requires=['keras==1.2.2'])\n"
    )
    result = migrate_side_text(text, RunConfig(), "pkg/setup.py")
    assert "Dense(units=3)" in result.new_source
    assert "install_requires=['tensorflow>=2.16']" in result.new_source


def test_routing_through_migrate_bytes_keeps_a_bom_and_latin_1_untouched_bytes() -> None:
    data = b"\xef\xbb\xbfkeras==1.2.2\r\nnumpy\r\n"
    outcome, new = migrate_bytes(data, RunConfig(), "requirements.txt")
    assert outcome.result.changed
    assert new == b"\xef\xbb\xbftensorflow>=2.16\r\nnumpy\r\n"


def test_undecodable_side_file_is_a_one_line_failure() -> None:
    outcome, new = migrate_bytes(b"keras==1.2.2\n\xff\xfe\x00", RunConfig(), "requirements.txt")
    assert outcome.result.error is not None
    assert new == b"keras==1.2.2\n\xff\xfe\x00"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("requirements.txt", True),
        ("deps/requirements-dev.txt", True),
        ("dev-requirements.txt", True),
        ("requirements/test.txt", True),
        ("setup.py", True),
        ("a/setup.cfg", True),
        ("pyproject.toml", True),
        ("environment.yaml", True),
        ("notes.txt", False),
        ("model.py", False),
        ("keras.json", False),
    ],
)
def test_side_files_are_recognised_by_name(path: str, expected: bool) -> None:
    assert is_side_file(path) is expected


@pytest.mark.parametrize(
    ("spec", "old"),
    [
        ("keras==1.2.2", True),
        ("Keras<2", True),
        ("keras (==1.1.0)", True),
        ("keras~=2.1", True),
        ("keras~=2.1.0", True),
        ("keras!=3.0,<3.1", False),
        ("keras>=2", False),
        ("keras", False),
        ("keras<=3.0", False),
        ("keras-preprocessing==1.0", False),
    ],
)
def test_which_keras_requirements_pin_keras_1_or_2(spec: str, old: bool) -> None:
    req = parse_requirement(spec, 0, 0)
    assert req is not None
    assert pins_old_keras(req) is old


def test_a_directory_run_migrates_every_kind_of_dependency_file(tmp_path: Path) -> None:
    files = {
        "requirements.txt": ("keras==1.2.2\n", "tensorflow>=2.16\n"),
        "setup.cfg": (
            "[options]\ninstall_requires =\n    Keras<2\n",
            "[options]\ninstall_requires =\n    tensorflow>=2.16\n",
        ),
        "pyproject.toml": (
            '[project]\ndependencies = ["keras==1.2.2"]\n',
            '[project]\ndependencies = ["tensorflow>=2.16"]\n',
        ),
        "environment.yml": (
            "dependencies:\n  - keras=1.2\n",
            "dependencies:\n  - tensorflow>=2.16\n",
        ),
        "setup.py": (
            "from setuptools import setup\nsetup(install_requires=['keras==1.2.2'])\n",
            "from setuptools import setup\nsetup(install_requires=['tensorflow>=2.16'])\n",
        ),
    }
    for name, (before, _) in files.items():
        (tmp_path / name).write_text(before)
    report = run([str(tmp_path)], RunConfig(), Mode.WRITE)
    assert report.failed == 0
    assert {name: (tmp_path / name).read_text() for name in files} == {
        name: after for name, (_, after) in files.items()
    }
    again = run([str(tmp_path)], RunConfig(), Mode.WRITE)
    assert again.changed == 0
