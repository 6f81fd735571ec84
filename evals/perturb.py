"""Retype a scenario set the way people type: a metamorphic check of the director.

Every request of a scenario is retyped one way: in lower case, with a greeting before and thanks after,
with apostrophes and the closing mark dropped, with two neighbouring letters of one word swapped, with
no punctuation, or after a sentence about the day ("aside"). The checks stay as they were, so a scenario
that passes as written and fails retyped shows something the director reads only when it is typed neatly.
This is no new test set (the words are the set's own, and tuning on a retyped set is tuning on that set).

    python -m evals.perturb evals/director/dev16 /tmp/dev16-polite --kind polite --passed dev16.json
    reelsmith eval /tmp/dev16-polite --json polite.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from evals.scenario import find_scenario_files

__all__ = ["KINDS", "retype", "retype_set"]

_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|'[^']{4,}'")


def _stable(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16)


def _swapped(text: str) -> str:
    """Swap two neighbouring letters inside one word of six letters or more, outside quotes (the same one each run)."""
    spans = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    words = [m for m in re.finditer(r"\b[a-z]{6,}\b", text) if not any(a <= m.start() < b for a, b in spans)]
    if not words:
        return text
    word = words[_stable(text) % len(words)]
    letters = word.group(0)
    at = 1 + _stable(letters) % (len(letters) - 3)
    typed = letters[:at] + letters[at + 1] + letters[at] + letters[at + 2:]
    return text[:word.start()] + typed + text[word.end():]


def _polite(text: str) -> str:
    body = text if text.startswith("I ") else text[:1].lower() + text[1:]
    return f"hey, {body.rstrip()}" + ("" if body.rstrip().endswith("?") else " thanks")


def _no_apostrophes(text: str) -> str:
    return re.sub(r"[.?!]+\s*$", "", re.sub(r"(\w)['’](\w)", r"\1\2", text))


def _aside(text: str) -> str:
    return f"Long day in the edit. {text}"


KINDS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    "polite": _polite,
    "noapos": _no_apostrophes,
    "typo": _swapped,
    "nopunct": lambda text: re.sub(r"[,.;!?]", "", text),
    "aside": _aside,
}
"""The ways a request is retyped, by name."""


def retype(text: str, kind: str) -> str:
    """Return a request retyped one way (see ``KINDS``); an unknown kind is a ValueError."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    return KINDS[kind](text)


def _passed_ids(report: Path) -> set[str]:
    """Return the ids of the scenarios a runner report (``--json``) says passed."""
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
        return {str(s["id"]) for s in data["scenarios"] if s.get("passed")}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{report}: not a runner report ({exc})") from None


def retype_set(source: Path, out: Path, kind: str, *, only: set[str] | None = None) -> list[Path]:
    """Write each scenario under ``source`` with its requests retyped into ``out``; return the files written.

    A scenario the retyping leaves unchanged is skipped (it would measure nothing new); ids get ``~kind``;
    a project given as a path is made absolute, so the copy finds the same screenplay.
    """
    retype("", kind)  # an unknown kind fails before anything is written
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"{out}: exists and is not empty")
    written: list[Path] = []
    planned: list[tuple[Path, dict[str, Any]]] = []
    for file in find_scenario_files([source]):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or (only is not None and str(data.get("id")) not in only):
            continue
        changed = False
        for turn in data.get("turns") or []:
            if isinstance(turn, dict) and isinstance(turn.get("user"), str):
                typed = retype(turn["user"], kind)
                changed |= typed != turn["user"]
                turn["user"] = typed
        if not changed:
            continue
        project = data.get("project")
        if isinstance(project, str) and project not in ("demo", "empty"):
            data["project"] = str((file.parent / project).resolve())
        data["id"] = f"{data['id']}~{kind}"
        planned.append((out / file.relative_to(source if source.is_dir() else file.parent), data))
    for target, data in planned:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.perturb", description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a scenario file or folder")
    parser.add_argument("out", type=Path, help="an empty or new folder for the retyped scenarios")
    parser.add_argument("--kind", required=True, choices=sorted(KINDS))
    parser.add_argument("--passed", type=Path, help="a runner report (--json): retype only what passed there")
    args = parser.parse_args(argv)
    try:
        only = _passed_ids(args.passed) if args.passed else None
        written = retype_set(args.source, args.out, args.kind, only=only)
    except (ValueError, OSError, yaml.YAMLError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{len(written)} scenarios retyped ({args.kind}) into {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
