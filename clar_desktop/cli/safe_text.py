"""Text a terminal cannot be fooled by.

A bundle is written by whoever sent it, and its text reaches the terminal in error lines, the
tally table and the verdict. A terminal obeys control characters (ESC sequences recolour the
screen, a carriage return goes back to the start of the line and overwrites it, U+009B is a
one-byte ESC [), and bidirectional controls (U+202E, U+2066…) reorder what is shown. Every
such character is written here as a visible escape instead, as Python writes it: ``\\x1b``,
``\\r``, ``\\x9b``, ``\\u202e``.

What is escaped: C0 controls (U+0000–U+001F, newline and tab included: a line we print never
breaks where the data says), DEL, C1 (U+0080–U+009F), every format character (Unicode category
Cf: the bidi controls U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, zero-width spaces
and joiners, the soft hyphen, U+FEFF…), the line and paragraph separators U+2028/U+2029 and
lone surrogates. Letters of every script stay as they are (ñ, á, ü, ch', q').

`guarded_output` wraps standard output and standard error for the whole command, so no print
can forget this; `printable` is also called where data enters a line, so that a newline in the
data cannot start a line of its own. JSON is data: `write_data` writes it to a pipe or a file
exactly as given, and to a terminal with the same characters as JSON escapes (``\\u202e``),
which decode to the same value.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

_CANDIDATE = re.compile(r"[^\x20-\x7e]")
"""Anything but printable ASCII: the only characters that may need an escape."""
_CANDIDATE_OR_NEWLINE_KEPT = re.compile(r"[^\x20-\x7e\n]")
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_unsafe_cache: dict[str, bool] = {}
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def is_unsafe(ch: str) -> bool:
    """Whether a terminal could be made to move, recolour, reorder or hide text by ``ch``."""
    found = _unsafe_cache.get(ch)
    if found is None:
        found = _unsafe_cache[ch] = unicodedata.category(ch) in _UNSAFE_CATEGORIES
    return found


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    if not is_unsafe(ch):
        return ch
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _json_escape(match: re.Match[str]) -> str:
    ch = match.group()
    if not is_unsafe(ch):
        return ch
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON writes a character beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def printable(text: str) -> str:
    """``text`` with every unsafe character (newlines too) written as a visible escape."""
    if text.isprintable():  # every unsafe character is one Python deems unprintable
        return text
    return _CANDIDATE.sub(_visible, text)


def printable_lines(text: str) -> str:
    """Like `printable`, but newlines stay: for text whose lines are our own."""
    return _CANDIDATE_OR_NEWLINE_KEPT.sub(_visible, text)


def json_for_terminal(text: str) -> str:
    """JSON text with every unsafe character inside its strings as a JSON ``\\uXXXX`` escape:
    the same data, harmless on a terminal. (Outside strings JSON text is printable ASCII and
    the newlines and spaces of its indentation, which stay.)"""
    return _CANDIDATE_OR_NEWLINE_KEPT.sub(_json_escape, text)


class GuardedStream:
    """A text stream that writes every unsafe character but the newline as a visible escape.
    Anything else (``isatty``, ``encoding``, ``fileno``, ``flush``…) is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self.unguarded = stream

    def write(self, text: str) -> int:
        self.unguarded.write(printable_lines(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unguarded, name)


@contextmanager
def guarded_output() -> Iterator[None]:
    """Standard output and standard error guarded (`GuardedStream`) until the block ends."""
    saved = sys.stdout, sys.stderr
    # (None: no console at all, as under pythonw; print then writes nothing, as it should.)
    if sys.stdout is not None and not isinstance(sys.stdout, GuardedStream):
        sys.stdout = GuardedStream(sys.stdout)
    if sys.stderr is not None and not isinstance(sys.stderr, GuardedStream):
        sys.stderr = GuardedStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def write_data(text: str) -> None:
    """JSON on standard output: to a pipe or a file byte for byte as given (it is data, and
    the spec fixes it); to a terminal through `json_for_terminal` (the same data)."""
    stream: Any = sys.stdout
    unguarded = stream.unguarded if isinstance(stream, GuardedStream) else stream
    if _isatty(stream):
        unguarded.write(json_for_terminal(text))
    else:
        unguarded.write(text)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False
