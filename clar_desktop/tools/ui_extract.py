"""Babel extractor for Qt Designer forms (``ui/*.ui``), so their strings join our catalog.

Babel has no extractor for ``.ui`` files; this one is registered as ``clar_ui`` under the
``babel.extractors`` entry point (pyproject.toml) and named in babel.cfg.

Every ``<string>`` element becomes a message, except those marked ``notr="true"``. Designer's
"disambiguation" (``comment``) becomes the gettext context, and its "comment for translator"
(``extracomment``) a translator comment. At run time the Qt-to-gettext bridge must therefore
call ``pgettext(disambiguation, text)`` when a disambiguation is given, ``_(text)`` otherwise.
``<stringlist>`` children take those attributes from their ``<stringlist>``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any
from xml.parsers import expat

# (line number, function name, message or (context, message), translator comments)
ExtractedMessage = tuple[int, str | None, str | tuple[str, str], list[str]]

_TRANSLATABLE_ATTRIBUTES = ("notr", "comment", "extracomment")


def extract_ui(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[ExtractedMessage]:
    """Yield the translatable strings of one Designer form in Babel's extractor format."""
    found: list[ExtractedMessage] = []
    stack: list[dict[str, str]] = []
    text: list[str] = []
    start_line = 0
    parser = expat.ParserCreate()

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal start_line
        if name == "string" and stack and stack[-1].get("__element") == "stringlist":
            # A stringlist item carries no attributes of its own.
            attributes = {k: v for k, v in stack[-1].items() if k in _TRANSLATABLE_ATTRIBUTES}
        stack.append({"__element": name, **attributes})
        if name == "string":
            text.clear()
            start_line = parser.CurrentLineNumber

    def end(name: str) -> None:
        attributes = stack.pop()
        if name != "string" or attributes.get("notr", "").lower() == "true":
            return
        message = "".join(text)
        if not message.strip():
            return
        comments = [attributes["extracomment"]] if attributes.get("extracomment") else []
        context = attributes.get("comment")
        if context and "pgettext" in keywords:
            found.append((start_line, "pgettext", (context, message), comments))
        else:
            found.append((start_line, None, message, comments))

    def characters(data: str) -> None:
        if stack and stack[-1]["__element"] == "string":
            text.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.ParseFile(fileobj)
    yield from found
