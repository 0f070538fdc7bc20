"""twisted.python.text: small text utilities (wrapping, pretty-printing containers)."""

from __future__ import annotations

import re
from typing import IO, Any

__name__ = "twisted.python.text"

__all__ = [
    "stringyString",
    "isMultiline",
    "endsInNewline",
    "greedyWrap",
    "wordWrap",
    "removeLeadingBlanks",
    "removeLeadingTrailingBlanks",
    "splitQuoted",
    "strFile",
]


def _lines(obj: Any) -> list[str]:
    """``obj`` rendered as lines: containers one element per line, bracketed."""
    if isinstance(obj, dict):
        if not obj:
            return ["{}"]
        body: list[str] = []
        for key, value in obj.items():
            valueLines = _lines(value)
            if len(valueLines) == 1:
                body.append(f"{key}: {valueLines[0]}")
            else:
                body.append(f"{key}:")
                body.extend("  " + line for line in valueLines)
        return _bracket(body, "{", "}")
    if isinstance(obj, (list, tuple)):
        opening, closing = ("[", "]") if isinstance(obj, list) else ("(", ")")
        if not obj:
            return [opening + closing]
        body = []
        for element in obj:
            elementLines = _lines(element)
            elementLines[-1] += ","
            body.extend(elementLines)
        return _bracket(body, opening, closing)
    return str(obj).split("\n")


def _bracket(body: list[str], opening: str, closing: str) -> list[str]:
    lines = [opening + body[0]] + [" " + line for line in body[1:]]
    lines[-1] += closing
    return lines


def stringyString(object: Any, indentation: str = "") -> str:
    """A readable rendering of ``object``: dicts, lists and tuples show one item per
    line; multi-line results end with a newline."""
    lines = [indentation + line for line in _lines(object)]
    text = "\n".join(lines)
    if len(lines) > 1:
        text += "\n"
    return text


def isMultiline(s: str) -> bool:
    """Whether ``s`` contains a newline."""
    return "\n" in s


def endsInNewline(s: str) -> bool:
    """Whether ``s`` ends with a newline."""
    return s.endswith("\n")


def greedyWrap(inString: str, width: int = 80) -> list[str]:
    """Wrap ``inString`` into lines of at most ``width`` characters where words allow.

    Blank lines separate paragraphs; with several paragraphs, each is followed by an
    empty line in the result.
    """
    paragraphs = re.split(r"\n\n+", inString)
    result: list[str] = []
    for paragraph in paragraphs:
        line = ""
        for word in paragraph.split():
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= width:
                line = f"{line} {word}"
            else:
                result.append(line)
                line = word
        if line:
            result.append(line)
        if len(paragraphs) > 1:
            result.append("")
    return result


wordWrap = greedyWrap


def removeLeadingBlanks(lines: list[str]) -> list[str]:
    """``lines`` without the blank lines at the start."""
    position = 0
    while position < len(lines) and not lines[position].strip():
        position += 1
    return lines[position:]


def removeLeadingTrailingBlanks(s: str) -> str:
    """``s`` without blank lines at either end, ending with a newline."""
    lines = removeLeadingBlanks(s.split("\n"))
    lines.reverse()
    lines = removeLeadingBlanks(lines)
    lines.reverse()
    return "\n".join(lines) + "\n"


def splitQuoted(s: str) -> list[str]:
    """Split ``s`` on whitespace, keeping double-quoted phrases together (unquoted)."""
    out: list[str] = []
    quoted: list[str] | None = None
    for word in s.split():
        if quoted is None:
            if word.startswith('"') and not (len(word) > 1 and word.endswith('"')):
                quoted = [word[1:]]
            elif len(word) > 1 and word.startswith('"') and word.endswith('"'):
                out.append(word[1:-1])
            else:
                out.append(word)
        else:
            if word.endswith('"'):
                quoted.append(word[:-1])
                out.append(" ".join(quoted))
                quoted = None
            else:
                quoted.append(word)
    # An unterminated quoted phrase is dropped, as Twisted does.
    return out


def strFile(p: str, f: IO[str], caseSensitive: bool = True) -> bool:
    """Whether the text ``p`` occurs in the rest of the file ``f``."""
    content = f.read()
    if not caseSensitive:
        return p.lower() in content.lower()
    return p in content
