"""Write an eval run for people (Markdown) and machines (JSON), and summarise it on the console."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals.checks import CheckResult
from evals.driver import ToolCall
from evals.results import RunResult, ScenarioResult

__all__ = [
    "render_markdown",
    "write_markdown",
    "write_json",
    "summary_lines",
    "result_line",
    "total_line",
    "format_call",
]

_CELL_CHARS = 120
_ARG_CHARS = 60


def write_json(result: RunResult, path: Path) -> None:
    """Write the eval JSON (DESIGN.md shape) to ``path``, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result.to_json(), indent=2, ensure_ascii=False, default=str)
    path.write_text(text + "\n", encoding="utf-8")


def write_markdown(result: RunResult, path: Path) -> None:
    """Write the Markdown report to ``path``, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(result), encoding="utf-8")


def render_markdown(result: RunResult) -> str:
    """Render the report: header, pass rate per tag, a summary table, each scenario, failures."""
    lines = _header(result)
    sets = result.by_set()
    if len(sets) > 1:
        lines += ["", "## Pass rate by set", "", "| Set | Passed | Total | Rate |", "| --- | --- | --- | --- |"]
        for name, row in sets.items():
            label = f"{name} (headline)" if name == result.headline_set else name
            lines.append(f"| {_cell(label)} | {row['passed']} | {row['total']} | {row['pass_rate']:.1%} |")
    lines += ["", "## Pass rate by tag", ""]
    if len(sets) > 1:
        names = list(sets)
        lines += [
            "| Tag | " + " | ".join(_cell(n) for n in names) + " | All |",
            "| --- | " + " | ".join("---" for _ in names) + " | --- |",
        ]
        for tag, row in result.by_tag().items():
            cells = [_tag_cell(sets[n]["by_tag"].get(tag)) for n in names]
            lines.append(f"| {_cell(tag)} | " + " | ".join(cells) + f" | {_tag_cell(row)} |")
    else:
        lines += ["| Tag | Passed | Total | Rate |", "| --- | --- | --- | --- |"]
        for tag, row in result.by_tag().items():
            lines.append(f"| {_cell(tag)} | {row['passed']} | {row['total']} | {row['pass_rate']:.0%} |")
    if result.trials > 1:
        lines += _pass_hat_table(result)
    lines += [
        "",
        "## Scenarios",
        "",
        "| Scenario | Trial | Result | Reward | Checks | Tool calls | Tokens | Latency |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in result.scenarios:
        passed = sum(c.passed for c in s.checks)
        lines.append(
            f"| {_cell(s.id)} | {s.trial} | {_verdict(s.passed)} | {s.reward:.2f} | {passed}/{len(s.checks)}"
            f" | {len(s.tool_calls)} | {s.tokens} | {s.latency_ms} ms |"
        )
    for s in result.scenarios:
        lines += ["", *_scenario_section(s)]
    failed = [s for s in result.scenarios if not s.passed]
    if failed:
        lines += ["", "## Failures"]
        for s in failed:
            lines += ["", *_failure_section(s)]
    return "\n".join(lines) + "\n"


def _tag_cell(row: dict[str, Any] | None) -> str:
    return "–" if row is None else f"{row['passed']}/{row['total']} ({row['pass_rate']:.0%})"


def _header(result: RunResult) -> list[str]:
    runs = len(result.scenarios)
    passed = sum(s.passed for s in result.scenarios)
    pass_hat = " · ".join(f"pass^{k} {v:.3f}" for k, v in result.pass_hat_k().items()) or "n/a"
    sets = result.by_set()
    headline = result.headline_set
    top: list[str] = []
    if headline is not None:
        row = sets[headline]
        top = [f"| **Headline: {_cell(headline)} set** | **{row['passed']}/{row['total']} ({row['pass_rate']:.1%})** |"]
    top += [
        f"| Set {_cell(name)} | {row['passed']}/{row['total']} ({row['pass_rate']:.1%}) |"
        for name, row in sets.items()
        if name != headline and len(sets) > 1
    ]
    return [
        "# Reelsmith eval report",
        "",
        "| | |",
        "| --- | --- |",
        f"| Model | {_cell(result.model)} |",
        f"| Base URL | {_cell(result.base_url or 'default')} |",
        f"| Commit | {_cell(result.commit)} |",
        f"| Date | {result.date.strftime('%Y-%m-%d %H:%M:%S %Z').strip()} |",
        f"| Trials | {result.trials} |",
        *top,
        f"| Pass rate{' (all sets)' if len(sets) > 1 else ''} | {passed}/{runs} runs ({result.pass_rate:.1%}) |",
        f"| pass^k | {pass_hat} |",
        f"| Tokens | {sum(s.tokens for s in result.scenarios)} |",
    ]


def _pass_hat_table(result: RunResult) -> list[str]:
    """Return the per-scenario pass^k table (k = 1..trials; pass^trials: every trial passed)."""
    rows = result.pass_hat_k_by_scenario()
    ks = range(1, result.trials + 1)
    lines = ["", "## pass^k by scenario", "", "| Scenario | Passed | " + " | ".join(f"pass^{k}" for k in ks) + " |",
             "| --- | --- | " + " | ".join("---" for _ in ks) + " |"]
    for sid, row in rows.items():
        cells = [f"{row['pass_hat_k'][k]:.3f}" if k in row["pass_hat_k"] else "–" for k in ks]
        lines.append(f"| {_cell(sid)} | {row['passes']}/{row['trials']} | " + " | ".join(cells) + " |")
    overall = result.pass_hat_k()
    lines.append("| **overall** | | " + " | ".join(f"**{overall[k]:.3f}**" if k in overall else "–" for k in ks) + " |")
    return lines


def _scenario_section(s: ScenarioResult) -> list[str]:
    trial = f" (trial {s.trial})" if s.trial > 1 else ""
    calls = ", ".join(format_call(c) for c in s.tool_calls) or "none"
    lines = [
        f"### {_verdict(s.passed)} {s.id}{trial}",
        "",
        f"- Tags: {', '.join(s.tags) or 'none'}",
        f"- Tool calls: {_cell(calls, limit=1000)}",
        f"- Route: {' → '.join(s.route) or 'none'}",
        f"- Tokens: {s.tokens} · latency: {s.latency_ms} ms · reward: {s.reward:.2f}",
    ]
    if s.error:
        lines.append(f"- Error: {_cell(s.error, limit=500)}")
    for problem in s.tool_errors:
        lines.append(f"- Tool error: {_cell(problem, limit=300)}")
    if s.checks:
        lines += ["", "| Check | Path | Expected | Actual | Result |", "| --- | --- | --- | --- | --- |"]
        lines += [_check_row(c) for c in s.checks]
    return lines


def _failure_section(s: ScenarioResult) -> list[str]:
    trial = f" (trial {s.trial})" if s.trial > 1 else ""
    lines = [f"### {s.id}{trial}", "", f"File: {s.file}", ""]
    for c in s.failed_checks():
        lines.append(
            f"- {c.kind} at {c.path}: expected {_cell(_expected(c), limit=300)},"
            f" actual {_cell(_show(c.actual), limit=300)}"
        )
    return lines


def _check_row(c: CheckResult) -> str:
    return (
        f"| {_cell(c.kind)} | {_cell(c.path)} | {_cell(_expected(c))} | {_cell(_show(c.actual))}"
        f" | {_verdict(c.passed)} |"
    )


_EXPECTED_PREFIX = {
    "not_equals": "not ",
    "gt": "> ",
    "gte": ">= ",
    "lt": "< ",
    "lte": "<= ",
    "contains": "containing ",
    "not_contains": "not containing ",
    "matches": "matching ",
    "len": "length ",
    "len_gte": "length >= ",
    "calls.forbidden": "none of ",
    "response.contains": "containing ",
    "response.not_contains": "not containing ",
    "response.matches": "matching ",
}


def _expected(c: CheckResult) -> str:
    """Show what a check wanted with its operator, so "expected > 1, actual 1" reads right."""
    return _EXPECTED_PREFIX.get(c.kind, "") + _show(c.expected)


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _cell(text: str, *, limit: int = _CELL_CHARS) -> str:
    """Make ``text`` safe for one Markdown table cell or list item: one line, no bare pipes, short."""
    flat = " ".join(str(text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return flat.replace("|", "\\|")


def format_call(call: ToolCall) -> str:
    """Format a tool call as ``name(arg=value, ...)``, long values shortened."""
    parts = []
    for key, value in call.args.items():
        shown = json.dumps(value, ensure_ascii=False, default=str)
        if len(shown) > _ARG_CHARS:
            shown = shown[: _ARG_CHARS - 1] + "…"
        parts.append(f"{key}={shown}")
    return f"{call.name}({', '.join(parts)})"


def summary_lines(result: RunResult) -> list[str]:
    """Return console lines: one per scenario run (first failure named), pass^k per scenario, and a total."""
    lines = [result_line(s, trials=result.trials) for s in result.scenarios]
    if result.trials > 1:
        for sid, row in result.pass_hat_k_by_scenario().items():
            hat = ", ".join(f"pass^{k} {v:.3f}" for k, v in row["pass_hat_k"].items())
            lines.append(f"{sid}: {row['passes']}/{row['trials']} trials passed; {hat}")
    return lines + [total_line(result)]


def result_line(s: ScenarioResult, *, trials: int = 1) -> str:
    """Return the console line for one scenario run, naming its first failed check."""
    trial = f" (trial {s.trial})" if trials > 1 else ""
    line = (
        f"{_verdict(s.passed)} {s.id}{trial}: reward {s.reward:.2f}, {len(s.tool_calls)} calls,"
        f" {s.tokens} tokens, {s.latency_ms} ms"
    )
    failed = s.failed_checks()
    if failed:
        first = failed[0]
        line += (
            f" — {first.kind} at {first.path}: expected {_cell(_expected(first), limit=80)},"
            f" actual {_cell(_show(first.actual), limit=80)}"
        )
    return line


def total_line(result: RunResult) -> str:
    """Return the console line with the pass rate (and pass^k with trials)."""
    runs = len(result.scenarios)
    passed = sum(s.passed for s in result.scenarios)
    total = f"{passed}/{runs} passed ({result.pass_rate:.1%}), model {result.model}, commit {result.commit}"
    sets = result.by_set()
    if len(sets) > 1 or result.headline_set is not None:
        total += "; " + ", ".join(
            f"{'headline ' if name == result.headline_set else ''}{name} {row['passed']}/{row['total']}"
            f" ({row['pass_rate']:.1%})"
            for name, row in sets.items()
        )
    if result.trials > 1:
        total += ", " + ", ".join(f"pass^{k} {v:.3f}" for k, v in result.pass_hat_k().items())
    return total
