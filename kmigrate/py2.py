"""The Python 2 -> 3 pass: bring a Python 2 source across before the Keras codemods run.

Old Keras repositories are often Python 2 (print statements, ``except X, e``,
``raise X, msg``, ``<>``, backticks, ``has_key``, ``iteritems``, ``xrange``,
``0755``, ``10L``, ``u''`` literals, tabs mixed with spaces). Today's tf.keras
needs Python 3, so :func:`modernise` runs the fixers of fissix (the maintained
fork of lib2to3, the library behind ``2to3``) over such a source. The engine
calls it only when ``ast.parse`` rejects the file, so a file that parses as
Python 3 is never touched by this pass (``RunConfig.py2`` turns it off).

The fixers are 2to3's default set, less two whose change Python 3 does not need:

- ``fix_future`` deletes ``from __future__ import ...`` lines, which Python 3
  accepts; keeping them keeps the diff to what must change.
- ``fix_import`` turns ``import utils`` into ``from . import utils`` when a
  sibling file exists: it reads the file system (the engine is text in, text
  out) and breaks scripts that are run directly, the usual case for Keras code.

:func:`normalise_indentation` rewrites indentation that holds tabs as spaces
(a tab advancing to the next multiple of 8, as both Python 2 and Python 3 read
it). The engine uses it for Python 2 sources whose tabs Python 3 rejects, and
for Python 3 sources whose mix of tabs and spaces Python accepts but libcst's
tokenizer does not. Lines inside string literals are never changed.
"""

from __future__ import annotations

import ast
import io
import tokenize
from functools import lru_cache

from fissix.pgen2.parse import ParseError
from fissix.pgen2.tokenize import TokenError
from fissix.refactor import RefactoringTool, get_fixers_from_package

# 2to3 fixers left out, and why: see the module docstring.
SKIPPED_FIXERS = frozenset({"fissix.fixes.fix_future", "fissix.fixes.fix_import"})

TAB_SIZE = 8


class Python2Error(Exception):
    """The source is not valid Python 2 either (or the Python 2 pass failed on it)."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@lru_cache(maxsize=1)
def _tool() -> RefactoringTool:
    fixers = [name for name in get_fixers_from_package("fissix.fixes") if name not in SKIPPED_FIXERS]
    return RefactoringTool(fixers, {})


def modernise(text: str, name: str = "<string>") -> str:
    """Return ``text`` rewritten from Python 2 to Python 3. Raises :class:`Python2Error`.

    Line endings and comments are kept; indentation holding tabs is rewritten
    with spaces only where Python 3 would reject it (see :func:`needs_new_indentation`).
    """
    # lib2to3's grammar wants a final newline; give it one and take it back.
    missing_newline = not text.endswith(("\n", "\r"))
    source = text + "\n" if missing_newline else text
    try:
        tree = _tool().refactor_string(source, name)
    except ParseError as exc:
        line = exc.context[1][0] if exc.context and exc.context[1] else None
        raise Python2Error(f"not valid Python 2 either: {exc.msg} {exc.value!r}", line) from None
    except (TokenError, IndentationError) as exc:
        raise Python2Error(f"not valid Python 2 either: {exc}".splitlines()[0]) from None
    except RecursionError:
        raise Python2Error("nesting too deep for the Python 2 pass") from None
    except Exception as exc:  # a fixer failing on odd input must not stop the run
        raise Python2Error(f"the Python 2 pass failed: {type(exc).__name__}: {exc}".splitlines()[0]) from None
    new_text = str(tree)
    if missing_newline and new_text.endswith("\n"):
        new_text = new_text[:-1]
    if needs_new_indentation(new_text):
        new_text = normalise_indentation(new_text)
    return new_text


def needs_new_indentation(text: str) -> bool:
    """True when Python 3 rejects ``text`` for its tabs (``TabError``)."""
    if "\t" not in text:
        return False
    try:
        ast.parse(text)
    except TabError:
        return True
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return False


def normalise_indentation(text: str) -> str:
    """Rewrite every line's leading tabs/spaces as spaces when they hold a tab.

    Lines that start inside a string literal keep their bytes. The width is
    the one Python gives the indentation (tabs to the next multiple of 8), so
    the block structure is unchanged. A text that cannot be tokenized is
    returned as it is.
    """
    if "\t" not in text:
        return text
    protected = _lines_inside_strings(text)
    if protected is None:
        return text
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if index + 1 in protected:
            continue
        body = line.lstrip(" \t")
        leading = line[: len(line) - len(body)]
        if "\t" in leading and body.strip():
            lines[index] = " " * _width(leading) + body
    return "".join(lines)


def _width(leading: str) -> int:
    column = 0
    for char in leading:
        column = (column // TAB_SIZE + 1) * TAB_SIZE if char == "\t" else column + 1
    return column


def _lines_inside_strings(text: str) -> set[int] | None:
    """1-based numbers of the lines that begin inside a multi-line token (a string)."""
    fstring_start = getattr(tokenize, "FSTRING_START", None)
    fstring_end = getattr(tokenize, "FSTRING_END", None)
    protected: set[int] = set()
    open_fstrings: list[int] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.ERRORTOKEN and not token.string.isspace():
                return None  # e.g. an unterminated string: which lines it holds is unclear
            first, last = token.start[0], token.end[0]
            protected.update(range(first + 1, last + 1))
            if fstring_start is not None and token.type == fstring_start:
                open_fstrings.append(first)
            elif fstring_end is not None and token.type == fstring_end and open_fstrings:
                protected.update(range(open_fstrings.pop() + 1, last + 1))
    except (tokenize.TokenError, SyntaxError):
        return None
    return protected
