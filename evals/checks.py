"""Score state checks against snapshots and response checks against the assistant's text.

Comparison rules (documented in evals/README.md):

- ``equals`` / ``not_equals``: structural equality; ints and floats compare by value, booleans
  never equal numbers, strings compare exactly.
- ``gt`` / ``gte`` / ``lt`` / ``lte``: the actual value must be a number.
- ``contains`` / ``not_contains``: case-insensitive substring of a string, member of a list
  (strings case-insensitive, numbers by value), or key of an object.
- ``matches``: ``re.search`` on a string; on a list, any element; numbers are matched as text.
- ``changed``: the value at the path differs from the snapshot taken before the first turn
  (a path that appeared counts as changed).
- ``len`` / ``len_gte``: length of a list, string or object.
- ``exists``: whether the path resolves. A path that resolves to nothing fails every check but
  ``exists: false``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from evals.paths import Missing, SnapshotPath, resolve

__all__ = [
    "CheckResult",
    "STATE_CHECKS",
    "score_state_check",
    "score_response",
    "same_value",
    "loose_equal",
]

STATE_CHECKS = (
    "equals",
    "not_equals",
    "gt",
    "gte",
    "lt",
    "lte",
    "contains",
    "not_contains",
    "matches",
    "changed",
    "len",
    "len_gte",
    "exists",
)
"""Every check a state entry may carry, besides ``path``."""

_EXCERPT_CHARS = 500


@dataclass(frozen=True)
class CheckResult:
    """One scored check, in the JSON shape of DESIGN.md: kind, path, expected, actual, passed."""

    kind: str
    path: str
    expected: Any
    actual: Any
    passed: bool

    def to_dict(self) -> dict[str, Any]:
        """Return the check as the JSON object the eval report writes."""
        return {
            "kind": self.kind,
            "path": self.path,
            "expected": self.expected,
            "actual": self.actual,
            "passed": self.passed,
        }


def score_state_check(
    kind: str, path: SnapshotPath, expected: Any, *, before: Any, after: Any
) -> CheckResult:
    """Score one state check of ``kind`` at ``path`` on the snapshots before and after the turns."""
    value = resolve(after, path)
    if kind == "exists":
        found = not isinstance(value, Missing)
        return CheckResult(kind, path.text, expected, found, found == expected)
    if isinstance(value, Missing):
        return CheckResult(kind, path.text, expected, str(value), False)
    if kind == "changed":
        changed = not same_value(resolve(before, path), value)
        return CheckResult(kind, path.text, expected, changed, changed == expected)
    if kind in ("len", "len_gte"):
        return _score_len(kind, path.text, expected, value)
    passed = _compare(kind, value, expected)
    return CheckResult(kind, path.text, expected, value, passed)


def _score_len(kind: str, path: str, expected: int, value: Any) -> CheckResult:
    if not isinstance(value, str | list | tuple | Mapping):
        return CheckResult(kind, path, expected, f"<no length: {value!r}>", False)
    size = len(value)
    passed = size == expected if kind == "len" else size >= expected
    return CheckResult(kind, path, expected, size, passed)


def _compare(kind: str, value: Any, expected: Any) -> bool:
    if kind == "equals":
        return same_value(value, expected)
    if kind == "not_equals":
        return not same_value(value, expected)
    if kind in ("gt", "gte", "lt", "lte"):
        return _order(kind, value, expected)
    if kind == "contains":
        return _contains(value, expected)
    if kind == "not_contains":
        return not _contains(value, expected)
    if kind == "matches":
        return _matches(value, expected)
    raise ValueError(f"unknown check kind '{kind}'")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _order(kind: str, value: Any, expected: Any) -> bool:
    if not (_is_number(value) and _is_number(expected)):
        return False
    if kind == "gt":
        return bool(value > expected)
    if kind == "gte":
        return bool(value >= expected)
    if kind == "lt":
        return bool(value < expected)
    return bool(value <= expected)


def same_value(a: Any, b: Any) -> bool:
    """Tell whether two JSON-like values are equal, keeping booleans apart from numbers."""
    if isinstance(a, Missing) or isinstance(b, Missing):
        return isinstance(a, Missing) and isinstance(b, Missing)
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    return type(a) is type(b) and bool(a == b)


def loose_equal(actual: Any, expected: Any) -> bool:
    """Compare leniently: strings case-insensitively, numbers by value, objects as subsets.

    Used for list membership and tool-argument matching, where a model's ``"Maya"`` should
    match a scenario's ``maya`` and ``3.0`` should match ``3``.
    """
    if isinstance(expected, Mapping):
        return isinstance(actual, Mapping) and all(
            key in actual and loose_equal(actual[key], value) for key, value in expected.items()
        )
    if isinstance(expected, list | tuple):
        return (
            isinstance(actual, list | tuple)
            and len(actual) == len(expected)
            and all(loose_equal(a, e) for a, e in zip(actual, expected, strict=True))
        )
    if isinstance(expected, str) and isinstance(actual, str):
        return actual.casefold() == expected.casefold()
    return same_value(actual, expected)


def _contains(value: Any, expected: Any) -> bool:
    if isinstance(value, str):
        return str(expected).casefold() in value.casefold()
    if isinstance(value, list | tuple):
        return any(loose_equal(item, expected) for item in value)
    if isinstance(value, Mapping):
        return any(loose_equal(key, expected) for key in value)
    return False


def _matches(value: Any, pattern: str) -> bool:
    if isinstance(value, list | tuple):
        return any(_matches(item, pattern) for item in value)
    if isinstance(value, str):
        return re.search(pattern, value) is not None
    if _is_number(value):
        return re.search(pattern, str(value)) is not None
    return False


def score_response(kind: str, expected: str, text: str) -> CheckResult:
    """Score one response check (contains, not_contains, matches) on all assistant text joined."""
    if kind == "contains":
        passed = expected.casefold() in text.casefold()
    elif kind == "not_contains":
        passed = expected.casefold() not in text.casefold()
    elif kind == "matches":
        passed = re.search(expected, text) is not None
    else:
        raise ValueError(f"unknown response check '{kind}'")
    return CheckResult(f"response.{kind}", "response", expected, _excerpt(text), passed)


def _excerpt(text: str) -> str:
    return text if len(text) <= _EXCERPT_CHARS else text[:_EXCERPT_CHARS] + "…"
