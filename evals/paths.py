"""Snapshot paths: parse ``shots[*scene=2][number=1].status`` and resolve it against a snapshot.

Syntax (DESIGN.md, "Eval scenario"):

- ``a.b`` takes a field of an object; ``.field`` after a list maps over every item.
- ``[i]`` an index (negative counts from the end).
- ``[key=value]`` the first item whose field equals value; ``[*key=value]`` every matching
  item (a list, possibly empty); ``[*]`` every item. ``key`` may be dotted (``[location.name=x]``).
- Selector values compare case-insensitively for strings and numerically for numbers; a list
  field matches when any element does; quote a value (``[heading="INT. A] B"]``) to keep ``]``.

A path that cannot be followed resolves to a :class:`Missing` carrying the reason, so a typo
in a field name is reported rather than silently read as an empty list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Field",
    "Index",
    "Select",
    "Every",
    "Step",
    "SnapshotPath",
    "Missing",
    "PathSyntaxError",
    "parse_path",
    "resolve",
    "selector_matches",
]

_QUOTES = "\"'"


class PathSyntaxError(ValueError):
    """A path string that does not follow the path syntax."""


@dataclass(frozen=True)
class Field:
    """Take field ``name`` of an object, or of every item of a list."""

    name: str

    def __str__(self) -> str:
        return f".{self.name}"


@dataclass(frozen=True)
class Index:
    """Take item ``i`` of a list."""

    i: int

    def __str__(self) -> str:
        return f"[{self.i}]"


@dataclass(frozen=True)
class Select:
    """Keep the first (or, with ``every``, each) item whose ``key`` matches ``value``."""

    key: str
    value: str
    quoted: bool
    every: bool

    def __str__(self) -> str:
        value = f'"{self.value}"' if self.quoted else self.value
        return f"[{'*' if self.every else ''}{self.key}={value}]"


@dataclass(frozen=True)
class Every:
    """Keep every item of a list."""

    def __str__(self) -> str:
        return "[*]"


Step = Field | Index | Select | Every


@dataclass(frozen=True)
class SnapshotPath:
    """A parsed path: its source text and its steps."""

    text: str
    steps: tuple[Step, ...]

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Missing:
    """What a path resolves to when it cannot be followed, with the reason."""

    reason: str

    def __str__(self) -> str:
        return f"<missing: {self.reason}>"


def parse_path(text: str) -> SnapshotPath:
    """Parse a path string into steps, or raise PathSyntaxError with a one-line reason."""
    if not isinstance(text, str) or not text.strip():
        raise PathSyntaxError("empty path")
    text = text.strip()
    steps: list[Step] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "[":
            step, i = _parse_bracket(text, i)
            steps.append(step)
            continue
        if char == ".":
            if i == 0:
                raise PathSyntaxError(f"path '{text}' starts with '.'")
            i += 1
        elif i != 0:
            raise PathSyntaxError(f"path '{text}': expected '.' or '[' at column {i + 1}")
        name, i = _read_name(text, i)
        steps.append(Field(name))
    return SnapshotPath(text=text, steps=tuple(steps))


def _read_name(text: str, start: int) -> tuple[str, int]:
    end = start
    while end < len(text) and text[end] not in ".[]":
        end += 1
    name = text[start:end].strip()
    if not name:
        raise PathSyntaxError(f"path '{text}': empty field name at column {start + 1}")
    return name, end


def _parse_bracket(text: str, start: int) -> tuple[Step, int]:
    """Parse the ``[...]`` starting at ``start``; return the step and the index after ``]``."""
    body_start = start + 1
    every = text[body_start : body_start + 1] == "*"
    if every:
        body_start += 1
    close = text.find("]", body_start)
    eq = text.find("=", body_start)
    if eq != -1 and (close == -1 or eq < close):
        key = text[body_start:eq].strip()
        if not key:
            raise PathSyntaxError(f"path '{text}': selector at column {start + 1} has no key")
        value, quoted, end = _read_value(text, eq + 1)
        return Select(key=key, value=value, quoted=quoted, every=every), end
    if close == -1:
        raise PathSyntaxError(f"path '{text}': unclosed '[' at column {start + 1}")
    body = text[body_start:close].strip()
    if every:
        if body:
            raise PathSyntaxError(f"path '{text}': '[*{body}]' needs key=value or nothing after '*'")
        return Every(), close + 1
    try:
        return Index(int(body)), close + 1
    except ValueError:
        raise PathSyntaxError(
            f"path '{text}': '[{body}]' is not an index, '*', 'key=value' or '*key=value'"
        ) from None


def _read_value(text: str, start: int) -> tuple[str, bool, int]:
    """Read a selector value (quoted or up to ``]``); return it, whether quoted, and the end."""
    i = start
    while i < len(text) and text[i] == " ":
        i += 1
    if i < len(text) and text[i] in _QUOTES:
        quote = text[i]
        end_quote = text.find(quote, i + 1)
        if end_quote == -1:
            raise PathSyntaxError(f"path '{text}': unclosed quote at column {i + 1}")
        close = end_quote + 1
        while close < len(text) and text[close] == " ":
            close += 1
        if close >= len(text) or text[close] != "]":
            raise PathSyntaxError(f"path '{text}': expected ']' after quoted value at column {close + 1}")
        return text[i + 1 : end_quote], True, close + 1
    close = text.find("]", start)
    if close == -1:
        raise PathSyntaxError(f"path '{text}': unclosed '[' before column {start + 1}")
    return text[start:close].strip(), False, close + 1


def resolve(data: Any, path: SnapshotPath | str) -> Any:
    """Follow ``path`` through ``data``; return the value, or a Missing with the reason."""
    parsed = parse_path(path) if isinstance(path, str) else path
    current = data
    seen = ""
    for step in parsed.steps:
        current = _apply(step, current, seen or "the snapshot")
        if isinstance(current, Missing):
            return current
        seen = f"{seen}{step}" if seen or not isinstance(step, Field) else step.name
    return current


def _apply(step: Step, value: Any, where: str) -> Any:
    if isinstance(step, Field):
        return _field(step.name, value, where)
    if not _is_list(value):
        return Missing(f"'{where}' is {_kind(value)}, not a list, so {step} does not apply")
    if isinstance(step, Every):
        return list(value)
    if isinstance(step, Index):
        if -len(value) <= step.i < len(value):
            return value[step.i]
        return Missing(f"index {step.i} is out of range for '{where}' ({len(value)} items)")
    return _select(step, value, where)


def _field(name: str, value: Any, where: str) -> Any:
    if isinstance(value, Mapping):
        if name in value:
            return value[name]
        return Missing(f"'{where}' has no field '{name}'")
    if _is_list(value):
        mapped = []
        for n, item in enumerate(value):
            got = _field(name, item, f"{where}[{n}]")
            if isinstance(got, Missing):
                return got
            mapped.append(got)
        return mapped
    return Missing(f"'{where}' is {_kind(value)}, so it has no field '{name}'")


def _select(step: Select, items: Sequence[Any], where: str) -> Any:
    found: list[Any] = []
    key_seen = False
    for item in items:
        got = _lookup(item, step.key)
        if isinstance(got, Missing):
            continue
        key_seen = True
        if selector_matches(got, step.value):
            if not step.every:
                return item
            found.append(item)
    if items and not key_seen:
        return Missing(f"no item of '{where}' has a field '{step.key}'")
    if not step.every:
        return Missing(f"no item of '{where}' has {step.key}={step.value}")
    return found


def _lookup(item: Any, dotted: str) -> Any:
    current = item
    for part in dotted.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return Missing(dotted)
        current = current[part]
    return current


def selector_matches(actual: Any, raw: str) -> bool:
    """Tell whether a field value matches a selector's raw value (case-folded or numeric)."""
    if _is_list(actual):
        return any(selector_matches(item, raw) for item in actual)
    if isinstance(actual, str):
        return actual.casefold() == raw.casefold()
    if isinstance(actual, bool):
        return raw.casefold() == str(actual).casefold()
    if isinstance(actual, int | float):
        try:
            return float(actual) == float(raw)
        except ValueError:
            return False
    if actual is None:
        return raw.casefold() in {"null", "none", "~"}
    return False


def _is_list(value: Any) -> bool:
    return isinstance(value, list | tuple)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"
