"""Runs over whole trees: process pool, Ctrl-C, idempotence, and properties.

* ``-j 2`` gives the same results, in the same order, as ``-j 1``;
* Ctrl-C in the middle of a parallel run leaves every file old or new;
* a second run over a migrated tree changes nothing;
* (hypothesis) random valid Python 3 modules without Keras code come out
  byte-identical, even when they mention Keras in a comment and so go
  through the whole pipeline; migrating generated Keras 1 call sites twice
  equals migrating them once;
* a run over a copy of the interpreter's standard library changes no byte
  and reports no error.
"""

from __future__ import annotations

import ast
import hashlib
import keyword
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kmigrate import runner
from kmigrate.cli import main
from kmigrate.config import RunConfig
from kmigrate.engine import decode_source, migrate_source
from kmigrate.results import Mode
from kmigrate.runner import run

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from corpus import generate_corpus  # noqa: E402

CONFIG = RunConfig()
OLD = b"from keras.layers import Convolution2D\nx = Convolution2D(64, 3, 3, border_mode='same')\n"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _mixed_tree(root: Path) -> None:
    """A small repository: Keras 1 scripts, plain Python, and odd files."""
    generate_corpus(root / "models", total_lines=2000, seed=3)
    (root / "util").mkdir()
    for index in range(30):
        (root / f"util/plain_{index:02}.py").write_text(
            f"def f{index}(x):\n    return x + {index}\n"
        )
    (root / "util/binary.py").write_bytes(b"keras\x00\xff")
    (root / "util/py_broken.py").write_bytes(b"import keras\ndef (:\n")
    (root / "util/crlf.py").write_bytes(OLD.replace(b"\n", b"\r\n"))
    (root / "util/latin1.py").write_bytes(b"# -*- coding: latin-1 -*-\n# caf\xe9\n" + OLD)


def test_two_jobs_give_the_same_results_in_the_same_order_as_one(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    _mixed_tree(one)
    shutil.copytree(one, two)
    serial = run([one], CONFIG, Mode.WRITE, jobs=1)
    parallel = run([two], CONFIG, Mode.WRITE, jobs=2)

    def comparable(report: runner.RunReport, root: Path) -> list[tuple[object, ...]]:
        prefix = root.as_posix() + "/"
        return [
            (
                r.path.removeprefix(prefix),
                r.changed,
                r.findings,
                r.fired,
                r.error and r.error.reason,
            )
            for r in report.results
        ]

    assert comparable(parallel, two) == comparable(serial, one)
    assert serial.changed > 10 and serial.failed == 2
    assert _snapshot(two) == _snapshot(one)


def test_the_command_prints_the_same_patch_with_any_number_of_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mixed_tree(tmp_path / "repo")
    monkeypatch.chdir(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        result = CliRunner().invoke(main, ["repo", "--diff", "-j", jobs])
        assert result.exit_code == 123, result.output  # the two broken files
        outputs.append(result.stdout_bytes)
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n+++ b/") + outputs[0].startswith(b"+++ b/") > 10


# ``python -m kmigrate`` with Ctrl-C handled as in a terminal, even when the
# test runner was started in the background (where SIGINT is ignored).
INTERRUPTIBLE_KMIGRATE = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'kmigrate'; runpy.run_module('kmigrate', run_name='__main__')"
)


def test_ctrl_c_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    paths = generate_corpus(root, total_lines=16_000, seed=5)
    originals = {p: p.read_bytes() for p in paths}
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTIBLE_KMIGRATE, str(root), "-j", "2", "-q"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if any(p.read_bytes() != originals[p] for p in paths):
            break
        time.sleep(0.005)
    assert process.poll() is None, "the run ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    process.wait(timeout=60)
    new = 0
    for path in paths:
        data = path.read_bytes()
        if data != originals[path]:
            # not half written: exactly what the migration makes of the original
            assert data == runner.migrate_bytes(originals[path], CONFIG, path.name)[1]
            new += 1
    assert 0 < new < len(paths), "the run was not stopped"
    assert process.returncode != 0
    assert sorted(p.name for p in root.iterdir()) == sorted(p.name for p in paths)


def test_a_second_parallel_run_over_a_migrated_corpus_changes_nothing(tmp_path: Path) -> None:
    generate_corpus(tmp_path, total_lines=4000, seed=11)
    first = run([tmp_path], CONFIG, Mode.WRITE, jobs=2)
    assert first.changed == first.seen and first.failed == 0
    after = _snapshot(tmp_path)
    second = run([tmp_path], CONFIG, Mode.WRITE, jobs=2)
    assert second.changed == 0 and second.failed == 0
    assert _snapshot(tmp_path) == after


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------

NAMES = st.from_regex(r"[a-z_][a-z0-9_]{0,5}", fullmatch=True).filter(
    lambda s: not keyword.iskeyword(s) and not keyword.issoftkeyword(s)
)
ATOMS = st.one_of(
    NAMES,
    st.integers(-(10**9), 10**9).map(repr),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.text(max_size=6).map(repr),
    st.binary(max_size=4).map(repr),
    st.sampled_from(["None", "True", "...", "0x1F", "1_000", "2j", "r'\\d'"]),
)
EXPRS = st.recursive(
    ATOMS,
    lambda inner: st.one_of(
        st.tuples(
            inner,
            st.sampled_from(
                ["+", "-", "*", "/", "//", "%", "**", "==", "<", "and", "is", "in", "|", "@"]
            ),
            inner,
        ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(inner, st.lists(inner, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(inner, NAMES, inner).map(lambda t: f"{t[0]}({t[1]}={t[2]})"),
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.tuples(inner, inner).map(lambda t: "{" + f"{t[0]}: {t[1]}" + "}"),
        st.tuples(inner, NAMES).map(lambda t: f"({t[0]}).{t[1]}"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(NAMES, inner).map(lambda t: f"(lambda {t[0]}: {t[1]})"),
        st.tuples(inner, NAMES, inner).map(lambda t: f"[{t[0]} for {t[1]} in {t[2]}]"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        NAMES.map(lambda n: f"f'{{{n}!r:>4}}'"),
    ),
    max_leaves=6,
)
COMMENTS = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12
).map(lambda t: "# " + t)
SIMPLE = st.one_of(
    st.tuples(NAMES, EXPRS).map(lambda t: f"{t[0]} = {t[1]}"),
    st.tuples(NAMES, EXPRS).map(lambda t: f"{t[0]} += {t[1]}"),
    EXPRS,
    st.just("pass"),
    NAMES.map(lambda n: f"import {n}"),
    st.tuples(NAMES, NAMES, NAMES).map(lambda t: f"from {t[0]} import {t[1]} as {t[2]}"),
    st.tuples(EXPRS, EXPRS).map(lambda t: f"assert {t[0]}, {t[1]}"),
    st.tuples(NAMES, EXPRS, COMMENTS).map(lambda t: f"{t[0]} = {t[1]}  {t[2]}"),
    COMMENTS,
    st.just(""),
)


def _indent(lines: list[str], unit: str) -> list[str]:
    return [unit + line if line else line for line in lines] or [unit + "pass"]


def _compound(inner: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    units = st.sampled_from(["    ", "  ", "\t", " "])
    headers = st.one_of(
        EXPRS.map(lambda e: f"if {e}:"),
        EXPRS.map(lambda e: f"while {e}:"),
        st.tuples(NAMES, EXPRS).map(lambda t: f"for {t[0]} in {t[1]}:"),
        st.tuples(NAMES, st.lists(NAMES, max_size=3, unique=True)).map(
            lambda t: f"def {t[0]}({', '.join(t[1])}):"
        ),
        st.tuples(NAMES, EXPRS).map(lambda t: f"class {t[0]}({t[1]}):"),
        st.tuples(EXPRS, NAMES).map(lambda t: f"with {t[0]} as {t[1]}:"),
    )
    block = st.tuples(headers, inner, units).map(lambda t: [t[0], *_indent(t[1], t[2])])
    decorated = st.tuples(EXPRS, NAMES, inner, units).map(
        lambda t: [
            f"@{t[0]}" if t[0].isidentifier() else "@(lambda f: f)",
            f"def {t[1]}():",
            *_indent(t[2], t[3]),
        ]
    )
    guarded = st.tuples(inner, inner, units).map(
        lambda t: [
            "try:",
            *_indent(t[0], t[2]),
            "except Exception as exc:",
            *_indent(t[1], t[2]),
            "finally:",
            t[2] + "pass",
        ]
    )
    return st.one_of(block, decorated, guarded)


STATEMENTS: st.SearchStrategy[list[str]] = st.recursive(
    st.lists(SIMPLE, min_size=1, max_size=4),
    lambda inner: st.lists(
        st.one_of(SIMPLE.map(lambda s: [s]), _compound(inner)), min_size=1, max_size=4
    ).map(lambda groups: [line for group in groups for line in group]),
    max_leaves=6,
)


@st.composite
def python3_modules(draw: st.DrawFn) -> str:
    lines = draw(STATEMENTS)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + draw(st.sampled_from([newline, ""]))
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        assume(False)
    assume("keras" not in text.lower())
    return text


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(python3_modules())
def test_python3_modules_without_keras_come_out_byte_identical(text: str) -> None:
    # As a file: never parsed (the byte search).
    data = text.encode("utf-8")
    outcome, new_data = runner.migrate_bytes(data, CONFIG, "m.py")
    assert new_data == data and outcome.result.error is None
    # Naming Keras in a comment sends it through the whole pipeline: still untouched.
    marked = text + "# keras\n"
    result = migrate_source(marked, CONFIG, "m.py")
    if result.error is None:
        assert result.new_source == marked
        assert result.findings == ()
    else:
        # only the documented case: Python accepts it but libcst's tokenizer does not
        assert (
            "libcst" in result.error.reason
            or "Python 2" in result.error.reason
            or "modernis" in result.error.reason
        )


KERAS1_IMPORTS = (
    "from keras.models import Sequential, Model\n"
    "from keras.layers import Dense, Dropout, Activation, Flatten, Input\n"
    "from keras.layers import Convolution2D, MaxPooling2D, LSTM, Embedding\n"
    "from keras.optimizers import SGD, RMSprop\n"
    "from keras.regularizers import l2\n"
)
INTS = st.integers(1, 512).map(str)
INITS = st.sampled_from(["'glorot_uniform'", "'he_normal'", "'uniform'", "'zero'"])
MODES = st.sampled_from(["'same'", "'valid'"])
ORDERINGS = st.sampled_from(["'th'", "'tf'"])


def _kwargs(pairs: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(sorted(pairs)), unique=True, max_size=len(pairs)).flatmap(
        lambda keys: st.tuples(*(pairs[k] for k in keys)).map(
            lambda values: "".join(f", {k}={v}" for k, v in zip(keys, values, strict=True))
        )
    )


LAYERS = st.one_of(
    st.tuples(
        INTS,
        _kwargs(
            {
                "init": INITS,
                "activation": st.just("'relu'"),
                "W_regularizer": st.just("l2(0.01)"),
                "bias": st.just("False"),
            }
        ),
    ).map(lambda t: f"Dense({t[0]}{t[1]})"),
    _kwargs({"init": INITS, "input_dim": INTS}).map(lambda k: f"Dense(output_dim=8{k})"),
    st.tuples(
        INTS,
        INTS,
        INTS,
        _kwargs(
            {
                "border_mode": MODES,
                "dim_ordering": ORDERINGS,
                "subsample": st.just("(2, 2)"),
                "init": INITS,
            }
        ),
    ).map(lambda t: f"Convolution2D({t[0]}, {t[1]}, {t[2]}{t[3]})"),
    _kwargs({"border_mode": MODES, "dim_ordering": ORDERINGS, "strides": st.just("(2, 2)")}).map(
        lambda k: f"MaxPooling2D(pool_size=(2, 2){k})"
    ),
    st.sampled_from(["Dropout(p=0.5)", "Dropout(0.25)", "Activation('softmax')", "Flatten()"]),
    st.tuples(
        INTS,
        _kwargs(
            {
                "dropout_W": st.just("0.2"),
                "dropout_U": st.just("0.1"),
                "return_sequences": st.just("True"),
                "consume_less": st.just("'gpu'"),
            }
        ),
    ).map(lambda t: f"LSTM({t[0]}{t[1]})"),
    st.tuples(INTS, INTS).map(lambda t: f"Embedding({t[0]}, {t[1]}, dropout=0.2)"),
)
CALL_SITES = st.one_of(
    LAYERS.map(lambda layer: f"model.add({layer})"),
    LAYERS.map(lambda layer: f"x = {layer}(x)"),
    st.tuples(
        INTS,
        _kwargs({"batch_size": INTS, "verbose": st.just("2"), "validation_split": st.just("0.1")}),
    ).map(lambda t: f"model.fit(X, y, nb_epoch={t[0]}{t[1]})"),
    st.sampled_from(
        [
            "model.compile(loss='categorical_crossentropy', optimizer=SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True))",
            "model.compile(optimizer=RMSprop(lr=0.001), loss='mse', metrics=['accuracy'])",
            "model = Model(input=inp, output=x)",
            "preds = model.predict_classes(X, batch_size=32)",
            "model.fit_generator(gen, samples_per_epoch=1000, nb_epoch=3)",
        ]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CALL_SITES, min_size=1, max_size=8))
def test_migrating_keras1_call_sites_twice_equals_migrating_once(sites: list[str]) -> None:
    source = (
        KERAS1_IMPORTS
        + "model = Sequential()\ninp = x = Input(shape=(3, 32, 32))\n"
        + "\n".join(sites)
        + "\n"
    )
    once = migrate_source(source, CONFIG, "m.py")
    assert once.error is None, once.error
    assert once.changed
    twice = migrate_source(once.new_source, CONFIG, "m.py")
    assert twice.error is None, twice.error
    assert twice.new_source == once.new_source


# ---------------------------------------------------------------------------
# the standard library
# ---------------------------------------------------------------------------


def _copy_stdlib(target: Path) -> dict[str, str]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    digests: dict[str, str] = {}
    for source in sorted(stdlib.rglob("*.py")):
        rel = source.relative_to(stdlib)
        if rel.parts[0] in ("site-packages", "dist-packages") or source.is_symlink():
            continue
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        destination.write_bytes(data)
        digests[rel.as_posix()] = hashlib.sha256(data).hexdigest()
    return digests


def test_a_run_over_the_standard_library_changes_no_byte_and_reports_no_error(
    tmp_path: Path,
) -> None:
    digests = _copy_stdlib(tmp_path / "stdlib")
    assert len(digests) > 500
    report = run([tmp_path / "stdlib"], CONFIG, Mode.WRITE, jobs=2)
    errors = [r.error.render() for r in report.results if r.error is not None]
    assert errors == []
    assert report.changed == 0
    assert (
        report.seen >= len(digests) - 50
    )  # a few may sit in folders named build/dist or be gitignored
    after = {
        rel: hashlib.sha256((tmp_path / "stdlib" / rel).read_bytes()).hexdigest() for rel in digests
    }
    assert after == digests


def test_standard_library_modules_that_mention_keras_still_come_out_unchanged(
    tmp_path: Path,
) -> None:
    # Every 12th module, sent through the whole pipeline by a comment naming Keras.
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    sources = sorted(p for p in stdlib.glob("*.py") if not p.is_symlink())[::12]
    assert len(sources) > 10
    problems = []
    for path in sources:
        try:
            text = decode_source(path.read_bytes()).text
            ast.parse(text)
        except Exception:
            continue
        marked = text + "\n# keras\n"
        result = migrate_source(marked, CONFIG, path.name)
        if result.error is not None or result.new_source != marked:
            problems.append(f"{path.name}: {result.error.render() if result.error else 'changed'}")
    assert problems == []


# ---------------------------------------------------------------------------
# the command's options for whole trees
# ---------------------------------------------------------------------------


def test_exclude_max_size_and_skipped_symlinks_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repo/vendor").mkdir(parents=True)
    (tmp_path / "repo/model.py").write_bytes(OLD)
    (tmp_path / "repo/vendor/old.py").write_bytes(OLD)
    (tmp_path / "repo/huge.py").write_bytes(OLD + b"#" * 3000 + b"\n")
    (tmp_path / "elsewhere.py").write_bytes(OLD)
    try:
        os.symlink("../elsewhere.py", tmp_path / "repo/linked.py")
    except OSError:
        pytest.skip("symlinks are not supported here")
    result = CliRunner().invoke(
        main, ["repo", "--exclude", "vendor/", "--max-size", "2K", "-j", "2"]
    )
    assert result.exit_code == 123
    assert result.stderr.splitlines() == [
        "repo/linked.py: skipped: symlink to a file outside repo, not followed",
        "rewrote repo/model.py (K301, K302, K201, K101)",
        "repo/huge.py: error: skipped: 3.0 KB is over the size limit of 2.0 KB (raise it with "
        "--max-size)",
        "2 files seen, 1 changed, 1 failed",
    ]
    assert (tmp_path / "repo/vendor/old.py").read_bytes() == OLD
    assert (tmp_path / "elsewhere.py").read_bytes() == OLD


@pytest.mark.parametrize(
    ("given", "size"),
    [("1048576", 1048576), ("5M", 5 * 1024 * 1024), ("800kb", 800 * 1024), ("1.5G", 1610612736)],
)
def test_max_size_accepts_bytes_and_units(given: str, size: int) -> None:
    from kmigrate.progress import parse_size

    assert parse_size(None, None, given) == size


def test_a_bad_max_size_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [str(tmp_path), "--max-size", "lots"])
    assert result.exit_code == 2
    assert "give a size such as 5M" in result.stderr
