"""The Python 2 -> 3 pass (kmigrate/py2.py) and its place in the engine, runner and CLI."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kmigrate.cli import main
from kmigrate.config import RunConfig
from kmigrate.engine import migrate_source
from kmigrate.py2 import Python2Error, modernise, normalise_indentation
from kmigrate.results import Mode
from kmigrate.runner import run

PLAIN_ENV = {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200"}

# Every construct the issue lists: print statements (also `print >>f`), `except X, e`,
# `raise X, msg`, `<>`, backticks, has_key, iteritems/itervalues/iterkeys, xrange,
# octal, unicode and long literals, a dict method whose list is used, and a block
# indented with a tab whose `print` line uses 8 spaces (Python 3: TabError).
EVERY_CONSTRUCT = """\
from keras.models import Sequential
from keras.layers import Dense

def build(n):
\tmodel = Sequential()
\tfor i in xrange(n):
\t    model.add(Dense(64, input_dim=10, init='uniform'))
        print "built", n
\treturn model

try:
    model = build(3)
except ValueError, e:
    print >>sys.stderr, e
    raise RuntimeError, "cannot build"
if model <> None:
    print `model`
counts = {u'dense': 10L}
if counts.has_key('dense'):
    for name, count in counts.iteritems():
        pass
    total = sum(counts.itervalues())
    first = sorted(counts.iterkeys())[0]
names = counts.keys()
mode = 0755
"""

EVERY_CONSTRUCT_MIGRATED = """\
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

def build(n):
        model = Sequential()
        for i in range(n):
            model.add(Dense(64, input_shape=(10,), kernel_initializer='uniform'))
        print("built", n)
        return model

try:
    model = build(3)
except ValueError as e:
    print(e, file=sys.stderr)
    raise RuntimeError("cannot build")
if model != None:
    print(repr(model))
counts = {'dense': 10}
if 'dense' in counts:
    for name, count in counts.items():
        pass
    total = sum(counts.values())
    first = sorted(counts.keys())[0]
names = list(counts.keys())
mode = 0o755
"""

BROKEN_UNDER_BOTH = "from keras.layers import Dense\n\ndef f(:\n    return Dense(3)\n"

# Python 3 code that the Python 2 fixers WOULD change (list(d.keys()), list(map(...)),
# print((a, b)), dropped u prefix, range) if they ran on it.
PYTHON3 = """\
from keras.layers import Dense
names = {u'a': 1}.keys()
squares = map(abs, [1, -2])
print("a", "b")
for i in range(3):
    pass
layer = Dense(3, init='uniform')
"""


def invoke(*args: str) -> Result:
    return CliRunner(env=PLAIN_ENV).invoke(main, list(args))


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---------------------------------------------------------------------------
# the engine
# ---------------------------------------------------------------------------


def test_a_python2_file_with_every_listed_construct_is_modernised_then_migrated() -> None:
    with pytest.raises(SyntaxError):
        ast.parse(EVERY_CONSTRUCT)
    result = migrate_source(EVERY_CONSTRUCT, path="every.py")
    assert result.error is None
    assert result.modernised
    assert result.new_source == EVERY_CONSTRUCT_MIGRATED
    assert {"K101", "K302", "K303", "K306"} <= set(result.fired)
    ast.parse(result.new_source)


def test_a_modernised_file_is_not_modernised_again() -> None:
    again = migrate_source(EVERY_CONSTRUCT_MIGRATED, path="every.py")
    assert (again.changed, again.modernised, again.error) == (False, False, None)


def test_a_file_broken_under_both_is_reported_with_its_syntax_error() -> None:
    result = migrate_source(BROKEN_UNDER_BOTH, path="broken.py")
    assert result.error is not None
    assert result.error.line == 3
    rendered = result.error.render()
    assert rendered.startswith("broken.py:3: error: cannot parse as Python 3: invalid syntax")
    assert "not valid Python 2 either" in rendered
    assert "\n" not in rendered
    assert result.new_source == result.source
    assert not result.modernised


def test_a_file_that_parses_as_python3_is_never_touched_by_the_pass() -> None:
    result = migrate_source(PYTHON3, path="py3.py")
    assert result.error is None
    assert not result.modernised
    expected = PYTHON3.replace("from keras.layers", "from tensorflow.keras.layers").replace(
        "init='uniform'", "kernel_initializer='uniform'"
    )
    assert result.new_source == expected


def test_a_python2_file_without_keras_is_not_parsed_at_all() -> None:
    source = "print 'hello'\n"
    result = migrate_source(source, path="hello.py")
    assert (result.changed, result.modernised, result.error) == (False, False, None)


def test_with_py2_off_a_python2_file_is_reported_not_changed() -> None:
    result = migrate_source(EVERY_CONSTRUCT, RunConfig(py2=False), path="every.py")
    assert result.error is not None
    assert not result.modernised
    assert result.new_source == EVERY_CONSTRUCT


def test_py2_off_names_the_option_when_the_line_looks_like_python2() -> None:
    source = "from keras.layers import Dense\nprint 'hello'\n"
    result = migrate_source(source, RunConfig(py2=False), path="old.py")
    assert result.error is not None
    assert "looks like Python 2" in result.error.reason
    assert "--no-py2" in result.error.reason


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "from __future__ import print_function\nimport keras\nprint('a', end='')\nx = 0777\n",
            "from __future__ import print_function\nfrom tensorflow import keras\nprint('a', end='')\nx = 0o777\n",
            id="future imports are kept and print stays a function",
        ),
        pytest.param(
            "import keras\r\nprint 'a'\r\n",
            "from tensorflow import keras\r\nprint('a')\r\n",
            id="crlf line endings are kept",
        ),
        pytest.param(
            "import keras\nprint 'a'",
            "from tensorflow import keras\nprint('a')",
            id="a missing final newline stays missing",
        ),
        pytest.param(
            "import keras\nimport utils\nprint 'a'\n",
            "from tensorflow import keras\nimport utils\nprint('a')\n",
            id="implicit relative imports are left for scripts run directly",
        ),
        pytest.param(
            'import keras\ndoc = """\n\tkept\n"""\nif keras:\n\tx = 1\n        print x\n',
            'from tensorflow import keras\ndoc = """\n\tkept\n"""\nif keras:\n        x = 1\n        print(x)\n',
            id="tabs inside a string survive the indentation fix",
        ),
    ],
)
def test_python2_edge_cases(source: str, expected: str) -> None:
    result = migrate_source(source, path="edge.py")
    assert result.error is None
    assert result.modernised
    assert result.new_source == expected


def test_modernise_raises_python2_error_with_the_line() -> None:
    with pytest.raises(Python2Error) as caught:
        modernise("x = 1\ndef f(:\n")
    assert caught.value.line == 2


# ---------------------------------------------------------------------------
# tabs that Python 3 accepts but libcst's tokenizer rejects (issue point 4)
# ---------------------------------------------------------------------------

# Python 3 accepts this indentation (consistent at tab sizes 1 and 8); libcst does not.
ODD_TABS = (
    "from keras.layers import Dense\n"
    "if x:\n"
    " y = 1\n"
    " if x:\n"
    " \t y = Dense(3, init='uniform')\n"
    " \t if x:\n"
    "\t    y = 1\n"
    "z = 2\n"
)


def test_python3_tabs_libcst_rejects_are_migrated_with_only_that_indentation_changed() -> None:
    ast.parse(ODD_TABS)
    result = migrate_source(ODD_TABS, path="tabs.py")
    assert result.error is None
    assert not result.modernised
    assert result.new_source == (
        "from tensorflow.keras.layers import Dense\n"
        "if x:\n"
        " y = 1\n"
        " if x:\n"
        "         y = Dense(3, kernel_initializer='uniform')\n"
        "         if x:\n"
        "            y = 1\n"
        "z = 2\n"
    )


def test_python3_tabs_libcst_rejects_are_left_alone_when_nothing_else_changes() -> None:
    source = ODD_TABS.replace("from keras.layers import Dense", "from tensorflow.keras.layers import Dense")
    source = source.replace("init=", "kernel_initializer=")
    result = migrate_source(source, path="tabs.py")
    assert (result.error, result.changed) == (None, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("if x:\n\ty = 1\n", "if x:\n        y = 1\n", id="a tab is eight columns"),
        pytest.param("if x:\n  \ty = 1\n", "if x:\n        y = 1\n", id="a tab after spaces reaches the next stop"),
        pytest.param("if x:\n    y = 1\n", "if x:\n    y = 1\n", id="space indentation is kept"),
        pytest.param('s = """\n\tx\n"""\n', 's = """\n\tx\n"""\n', id="lines inside strings are kept"),
        pytest.param("x = (1,\n\t2)\n", "x = (1,\n        2)\n", id="continuation lines get spaces too"),
        pytest.param("x = 'a\n\ty\n", "x = 'a\n\ty\n", id="an unterminated string keeps the text"),
        pytest.param('x = """a\n\ty\n', 'x = """a\n\ty\n', id="text that does not tokenize is kept"),
    ],
)
def test_normalise_indentation(text: str, expected: str) -> None:
    assert normalise_indentation(text) == expected


# ---------------------------------------------------------------------------
# runner and CLI
# ---------------------------------------------------------------------------


def test_a_latin1_crlf_python2_file_is_written_in_its_own_bytes(in_tmp: Path) -> None:
    source = "# -*- coding: latin-1 -*-\r\nimport keras\r\nprint 'caf\xe9'\r\n"
    (in_tmp / "old.py").write_bytes(source.encode("latin-1"))
    (result,) = run(["old.py"], RunConfig(), Mode.WRITE).results
    assert result.modernised and result.error is None
    expected = "# -*- coding: latin-1 -*-\r\nfrom tensorflow import keras\r\nprint('caf\xe9')\r\n"
    assert (in_tmp / "old.py").read_bytes() == expected.encode("latin-1")


def test_cli_names_modernised_files_and_counts_them(in_tmp: Path) -> None:
    (in_tmp / "every.py").write_text(EVERY_CONSTRUCT)
    (in_tmp / "py3.py").write_text(PYTHON3)
    result = invoke(".")
    assert result.exit_code == 0
    assert "rewrote every.py [modernised from Python 2]" in result.stderr
    assert "rewrote py3.py (" in result.stderr
    assert "2 files seen, 2 changed (1 modernised from Python 2), 0 failed" in result.stderr
    assert (in_tmp / "every.py").read_text() == EVERY_CONSTRUCT_MIGRATED


def test_dry_run_header_names_a_modernised_file(in_tmp: Path) -> None:
    (in_tmp / "every.py").write_text(EVERY_CONSTRUCT)
    result = invoke("--dry-run", ".")
    assert result.exit_code == 1
    assert "every.py  modernised from Python 2" in result.stdout
    assert (in_tmp / "every.py").read_text() == EVERY_CONSTRUCT


def test_no_py2_reports_the_file_and_leaves_it(in_tmp: Path) -> None:
    (in_tmp / "every.py").write_text(EVERY_CONSTRUCT)
    result = invoke("--no-py2", ".")
    assert result.exit_code == 123
    assert "every.py:8: error: " in result.stderr
    assert (in_tmp / "every.py").read_text() == EVERY_CONSTRUCT


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_names_the_modernised_file_and_git_apply_accepts_it(in_tmp: Path) -> None:
    (in_tmp / "every.py").write_text(EVERY_CONSTRUCT)
    (in_tmp / "py3.py").write_text(PYTHON3)
    result = invoke("--diff", ".")
    assert result.exit_code == 1
    assert result.stdout_bytes.startswith(b"kmigrate: every.py modernised from Python 2\n--- a/every.py\n")
    (in_tmp / "upgrade.patch").write_bytes(result.stdout_bytes)
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "apply", "upgrade.patch"], cwd=in_tmp, check=True, env=env)
    assert (in_tmp / "every.py").read_text() == EVERY_CONSTRUCT_MIGRATED
