"""The Figure model (one measured number against its baseline) and the table and JSON writers."""

from __future__ import annotations

import json
import math
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

__all__ = ["Figure", "failed", "format_table", "guarded", "to_json", "write_json"]


class Figure(BaseModel):
    """One benchmark figure: our value, the baseline it is compared with, and whether it meets its target."""

    name: str = Field(description="Stable identifier of the figure, e.g. 'store.status_snapshot_120'.")
    value: float = Field(description="What we measured (in `unit`).")
    unit: str = Field(description="Unit of `value` and `baseline`: 'ms', 's', 'tokens', 'texts/s', ...")
    baseline: float = Field(description="The same thing done the simplest way, measured in the same run.")
    ratio: float = Field(description="value / baseline (inf when the baseline is 0).")
    target: float | None = Field(description="The bound the figure must meet, or None when only reported.")
    target_on: Literal["ratio", "value", "none"] = Field(
        "ratio", description="Whether `target` bounds the ratio or the absolute value."
    )
    higher_is_better: bool = Field(False, description="True for throughputs: the target is a lower bound.")
    ok: bool = Field(description="Whether the target is met (True for report-only figures that ran).")
    note: str = Field("", description="Context: sizes, repeats, substitutions, or the error that stopped it.")

    @classmethod
    def measure(
        cls,
        name: str,
        *,
        value: float,
        baseline: float,
        unit: str,
        target: float | None = None,
        target_on: Literal["ratio", "value", "none"] = "ratio",
        higher_is_better: bool = False,
        note: str = "",
    ) -> Figure:
        """Build a figure, computing its ratio and whether it meets its target."""
        ratio = value / baseline if baseline > 0 else math.inf
        if target is None or target_on == "none":
            ok = math.isfinite(value)
        else:
            checked = ratio if target_on == "ratio" else value
            ok = checked >= target if higher_is_better else checked <= target
        return cls(name=name, value=round(value, 4), unit=unit, baseline=round(baseline, 4),
                   ratio=round(ratio, 3) if math.isfinite(ratio) else ratio, target=target,
                   target_on=target_on if target is not None else "none", higher_is_better=higher_is_better,
                   ok=ok, note=note)


def failed(name: str, error: BaseException | str) -> Figure:
    """Return a figure recording that a benchmark could not be measured."""
    text = (error if isinstance(error, str) else f"{type(error).__name__}: {error}").strip()
    note = text.splitlines()[-1][:300] if text else "failed"
    return Figure(name=name, value=math.nan, unit="", baseline=math.nan, ratio=math.nan, target=None,
                  target_on="none", ok=False, note=note)


def guarded(name: str, run: Callable[[], list[Figure]]) -> list[Figure]:
    """Run one benchmark group; a failure becomes a single failed figure instead of ending the run."""
    try:
        return run()
    except Exception as exc:  # every failure must be recorded, whatever it is
        traceback.print_exc()
        return [failed(name, exc)]


def _num(x: float) -> str:
    if not math.isfinite(x):
        return str(x)
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}" if abs(x) < 10 else f"{x:.1f}"


def format_table(figures: Sequence[Figure]) -> str:
    """Return the figures as a fixed-width text table."""
    rows = [("figure", "value", "unit", "baseline", "ratio", "target", "ok")]
    for f in figures:
        target = "" if f.target is None else ("≥" if f.higher_is_better else "≤") + _num(f.target) + (
            "x" if f.target_on == "ratio" else f" {f.unit}")
        rows.append((f.name, _num(f.value), f.unit, _num(f.baseline), _num(f.ratio), target,
                     "yes" if f.ok else "NO"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  {f.name}: {f.note}" for f in figures if f.note]
    return "\n".join(lines + (["", "notes:", *notes] if notes else []))


def _clean(x: object) -> object:
    # JSON has no NaN/inf; None says "not measured" without breaking strict parsers.
    return None if isinstance(x, float) and not math.isfinite(x) else x


def to_json(figures: Sequence[Figure]) -> dict[str, object]:
    """Return the ``{"figures": [...]}`` document."""
    return {"figures": [{k: _clean(v) for k, v in f.model_dump().items()} for f in figures]}


def write_json(figures: Sequence[Figure], path: Path) -> None:
    """Write the figures as JSON to ``path``."""
    path.write_text(json.dumps(to_json(figures), indent=2, allow_nan=False) + "\n", encoding="utf-8")
