"""Results of an eval run: per-scenario outcomes, pass rate, pass^k and per-tag rates, as JSON."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from math import comb
from pathlib import PurePath
from typing import Any

from evals.checks import CheckResult
from evals.driver import ToolCall

__all__ = ["ScenarioResult", "RunResult", "UNTAGGED", "HEADLINE_SET", "label_sets"]

UNTAGGED = "(untagged)"
HEADLINE_SET = "test"
"""A set whose folder is named this is the held-out test set: its rate is the headline."""


def label_sets(files: Sequence[str]) -> list[str]:
    """Name each scenario file's set: its folder relative to the folders of all ``files``.

    ``evals/director/test/a.yaml`` and ``evals/director/dev/b.yaml`` give ``test`` and ``dev``; files
    that all sit in one folder get that folder's name; ``evals/negative`` beside
    ``evals/director/test`` gives ``negative`` and ``director/test``.
    """
    if not files:
        return []
    parents = [os.path.dirname(os.path.abspath(f)) for f in files]
    common = os.path.commonpath(parents)
    labels = []
    for parent in parents:
        rel = os.path.relpath(parent, common)
        labels.append(PurePath(parent).name if rel == "." else PurePath(rel).as_posix())
    return labels


def _rates(runs: Iterable[ScenarioResult]) -> dict[str, Any]:
    runs = list(runs)
    passed = sum(s.passed for s in runs)
    return {"passed": passed, "total": len(runs), "pass_rate": round(passed / len(runs), 4) if runs else 0.0}


@dataclass
class ScenarioResult:
    """One run of one scenario (one trial)."""

    id: str
    tags: list[str]
    passed: bool
    reward: float
    """Fraction of the scenario's checks that passed (an error counts as one failed check)."""
    checks: list[CheckResult]
    tool_calls: list[ToolCall]
    route: list[str]
    tokens: int
    latency_ms: int
    error: str | None
    trial: int = 1
    file: str = ""
    tool_errors: list[str] = field(default_factory=list)
    """Tool calls that came back as ``Error: ...``, each as ``"turn N: tool: Error: ..."``."""
    set: str = ""
    """The scenario set (folder) the run belongs to, e.g. ``test`` or ``dev``; see ``label_sets``."""

    def failed_checks(self) -> list[CheckResult]:
        """Return the checks that did not pass."""
        return [c for c in self.checks if not c.passed]

    def to_json(self) -> dict[str, Any]:
        """Return the scenario entry of DESIGN.md's eval JSON (plus ``trial`` and ``file``)."""
        return {
            "id": self.id,
            "tags": list(self.tags),
            "passed": self.passed,
            "reward": round(self.reward, 4),
            "checks": [c.to_dict() for c in self.checks],
            "tool_calls": [{"name": c.name, "args": c.args} for c in self.tool_calls],
            "route": list(self.route),
            "tokens": self.tokens,
            "latency_ms": self.latency_ms,
            "error": self.error,
            "trial": self.trial,
            "file": self.file,
            "tool_errors": list(self.tool_errors),
            "set": self.set,
        }


@dataclass
class RunResult:
    """A whole eval run: every scenario run plus what it ran against."""

    model: str
    base_url: str | None
    commit: str
    date: datetime
    trials: int = 1
    scenarios: list[ScenarioResult] = field(default_factory=list)

    @property
    def all_passed(self) -> bool:
        """Tell whether every scenario run passed (False for an empty run)."""
        return bool(self.scenarios) and all(s.passed for s in self.scenarios)

    @property
    def pass_rate(self) -> float:
        """Fraction of scenario runs that passed (pass^1 averaged over trials)."""
        if not self.scenarios:
            return 0.0
        return sum(s.passed for s in self.scenarios) / len(self.scenarios)

    def pass_hat_k(self) -> dict[int, float]:
        """Return pass^k for k = 1..trials, as tau-bench computes it.

        For a scenario run n times with c passes, pass^k = C(c, k) / C(n, k): the chance that k
        runs drawn without replacement all pass. The figure is the mean over scenarios.
        """
        outcomes: dict[str, list[bool]] = defaultdict(list)
        for s in self.scenarios:
            outcomes[s.id].append(s.passed)
        if not outcomes:
            return {}
        n_min = min(len(runs) for runs in outcomes.values())
        return {
            k: sum(comb(sum(runs), k) / comb(len(runs), k) for runs in outcomes.values()) / len(outcomes)
            for k in range(1, n_min + 1)
        }

    def pass_hat_k_by_scenario(self) -> dict[str, dict[str, Any]]:
        """Return ``{id: {passes, trials, pass_hat_k: {k: value}}}``, scenarios in first-run order.

        Per scenario, pass^k = C(c, k) / C(n, k) for k = 1..n (n runs, c passes); pass^n is 1 only
        when every trial passed: the chance the scenario passes k times in a row.
        """
        outcomes: dict[str, list[bool]] = defaultdict(list)
        for s in self.scenarios:
            outcomes[s.id].append(s.passed)
        return {sid: {"passes": sum(runs), "trials": len(runs),
                      "pass_hat_k": {k: comb(sum(runs), k) / comb(len(runs), k) for k in range(1, len(runs) + 1)}}
                for sid, runs in outcomes.items()}

    def by_tag(self) -> dict[str, dict[str, Any]]:
        """Return ``{tag: {passed, total, pass_rate}}`` over scenario runs, tags sorted."""
        return _tag_rates(self.scenarios)

    def by_set(self) -> dict[str, dict[str, Any]]:
        """Return ``{set: {passed, total, pass_rate, by_tag}}``, the headline (test) set first."""
        groups: dict[str, list[ScenarioResult]] = defaultdict(list)
        for s in self.scenarios:
            groups[s.set].append(s)
        order = sorted(groups, key=lambda name: (not _is_headline(name), name))
        return {name: {**_rates(groups[name]), "by_tag": _tag_rates(groups[name])} for name in order}

    @property
    def headline_set(self) -> str | None:
        """Return the held-out test set's name when the run has one (its rate is the headline)."""
        return next((name for name in self.by_set() if _is_headline(name)), None)

    def to_json(self) -> dict[str, Any]:
        """Return the eval JSON of DESIGN.md, with date, trials, pass^k and per-tag rates added."""
        return {
            "model": self.model,
            "base_url": self.base_url,
            "commit": self.commit,
            "pass_rate": round(self.pass_rate, 4),
            "scenarios": [s.to_json() for s in self.scenarios],
            "date": self.date.isoformat(timespec="seconds"),
            "trials": self.trials,
            "pass_hat_k": {str(k): round(v, 4) for k, v in self.pass_hat_k().items()},
            "pass_hat_k_by_scenario": {
                sid: {**row, "pass_hat_k": {str(k): round(v, 4) for k, v in row["pass_hat_k"].items()}}
                for sid, row in self.pass_hat_k_by_scenario().items()
            },
            "by_tag": self.by_tag(),
            "by_set": self.by_set(),
            "headline_set": self.headline_set,
            "tokens": sum(s.tokens for s in self.scenarios),
        }


def _is_headline(name: str) -> bool:
    return PurePath(name).name == HEADLINE_SET


def _tag_rates(runs: Iterable[ScenarioResult]) -> dict[str, dict[str, Any]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s in runs:
        for tag in s.tags or [UNTAGGED]:
            counts[tag][0] += int(s.passed)
            counts[tag][1] += 1
    return {tag: {"passed": p, "total": t, "pass_rate": round(p / t, 4)} for tag, (p, t) in sorted(counts.items())}
