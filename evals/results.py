"""Results of an eval run: per-scenario outcomes, pass rate, pass^k and per-tag rates, as JSON."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from math import comb
from typing import Any

from evals.checks import CheckResult
from evals.driver import ToolCall

__all__ = ["ScenarioResult", "RunResult", "UNTAGGED"]

UNTAGGED = "(untagged)"


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

    def by_tag(self) -> dict[str, dict[str, Any]]:
        """Return ``{tag: {passed, total, pass_rate}}`` over scenario runs, tags sorted."""
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for s in self.scenarios:
            for tag in s.tags or [UNTAGGED]:
                counts[tag][0] += int(s.passed)
                counts[tag][1] += 1
        return {
            tag: {"passed": p, "total": t, "pass_rate": round(p / t, 4)}
            for tag, (p, t) in sorted(counts.items())
        }

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
            "by_tag": self.by_tag(),
            "tokens": sum(s.tokens for s in self.scenarios),
        }
