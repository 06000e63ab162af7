"""``# kmigrate: skip`` / ``skip-file`` comments and rule selection in the engine."""

from __future__ import annotations

import pytest

from kmigrate import migrate_source
from kmigrate.config import RunConfig

HEAD = "from keras.layers import Dense\nfrom keras.models import Sequential\nmodel = Sequential()\n"


def test_a_skipped_line_is_left_as_it_is_and_the_others_are_migrated() -> None:
    source = HEAD + "model.add(Dense(10, init='uniform'))  # kmigrate: skip\nmodel.add(Dense(3, init='zero'))\n"
    result = migrate_source(source)
    lines = result.new_source.splitlines()
    assert lines[3] == "model.add(Dense(10, init='uniform'))  # kmigrate: skip"
    assert lines[4] == "model.add(Dense(3, kernel_initializer='zeros'))"
    assert lines[0] == "from tensorflow.keras.layers import Dense"
    assert not [e for e in result.edits if e.line == 4]


def test_a_skip_on_a_def_line_leaves_the_whole_function_alone() -> None:
    body = "def build():  # kmigrate: skip\n    model.add(Dense(10, init='uniform'))\n    model.fit(x, y, nb_epoch=2)\n"
    result = migrate_source(HEAD + body)
    assert result.new_source.endswith(body)


def test_a_skip_on_a_decorated_or_nested_statement_covers_that_statement_only() -> None:
    source = HEAD + (
        "class Net:\n"
        "    @staticmethod\n"
        "    def build():\n"
        "        model.add(Dense(10, init='uniform'))\n"
        "        model.add(Dense(4, init='uniform'))  # kmigrate: skip\n"
        "        if True:\n"
        "            model.fit(x, y, nb_epoch=2)\n"
    )
    result = migrate_source(source)
    assert "model.add(Dense(10, kernel_initializer='uniform'))" in result.new_source
    assert "model.add(Dense(4, init='uniform'))  # kmigrate: skip" in result.new_source
    assert "model.fit(x, y, epochs=2)" in result.new_source


def test_a_skipped_multi_line_statement_keeps_every_line() -> None:
    statement = "model.add(Dense(10,\n                init='uniform'))  # kmigrate: skip\n"
    result = migrate_source(HEAD + statement)
    assert result.new_source.endswith(statement)


def test_the_words_inside_a_string_are_not_a_skip_comment() -> None:
    result = migrate_source(HEAD + "model.add(Dense(10, init='uniform', name='# kmigrate: skip'))\n")
    assert "kernel_initializer='uniform'" in result.new_source


def test_findings_inside_a_skipped_statement_are_not_reported_or_annotated() -> None:
    source = "from keras.layers import merge\ny = merge([a, b], mode=f)  # kmigrate: skip\nz = merge([a, b], mode=f)\n"
    result = migrate_source(source)
    assert result.findings, "the unskipped merge call is reported"
    assert {f.line for f in result.findings} == {3}
    assert result.new_source.count("# kmigrate: K") == 1


def test_a_skipped_statement_that_loses_its_renamed_import_gets_K999() -> None:
    source = "from keras.layers import Convolution2D\nc = Convolution2D(8, 3, 3)  # kmigrate: skip\n"
    result = migrate_source(source)
    assert [(f.code, f.line) for f in result.findings] == [("K999", 2)]
    assert "Convolution2D" in result.findings[0].message
    assert "# kmigrate: K999" not in result.new_source


@pytest.mark.parametrize("marker", ["# kmigrate: skip-file", "#kmigrate:skip-file", "x = 1  # kmigrate: skip-file"])
def test_skip_file_leaves_the_whole_file_unchanged_without_findings(marker: str) -> None:
    source = marker + "\n" + HEAD + "model.add(Dense(10, init='uniform'))\ny = merge([a, b], mode=f)\n"
    result = migrate_source(source)
    assert result.new_source == source
    assert not result.findings and not result.fired


def test_only_the_selected_rules_run() -> None:
    source = HEAD + "model.add(Dense(10, init='uniform'))\nmodel.fit(x, y, nb_epoch=5)\n"
    result = migrate_source(source, RunConfig(rules=frozenset({"K401"})))
    assert result.fired == ("K401",)
    assert "epochs=5" in result.new_source
    assert "init='uniform'" in result.new_source
    assert result.new_source.startswith("from keras.layers import Dense")


def test_ignored_findings_are_neither_reported_nor_annotated() -> None:
    source = "from keras.layers import merge\ny = merge([a, b], mode=f)\n"
    reported = migrate_source(source)
    assert reported.findings
    codes = frozenset(f.code for f in reported.findings)
    result = migrate_source(source, RunConfig(findings=frozenset({"K900"}) - codes))
    assert not result.findings
    assert "# kmigrate:" not in result.new_source
