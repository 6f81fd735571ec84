"""Smoke tests of the benchmark harness: figure ratio/ok logic, the JSON shape, failure capture, the CLI.

The heavy benchmarks are not run here; `--only` is exercised with a patched group.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import benchmarks.__main__ as cli
from benchmarks.figures import Figure, failed, format_table, guarded, to_json, write_json

_KEYS = {"name", "value", "unit", "baseline", "ratio", "target", "ok"}


def test_ratio_target_is_an_upper_bound() -> None:
    fast = Figure.measure("x", value=1.2, baseline=1.0, unit="s", target=1.5)
    slow = Figure.measure("x", value=2.0, baseline=1.0, unit="s", target=1.5)
    assert fast.ratio == pytest.approx(1.2) and fast.ok
    assert slow.ratio == pytest.approx(2.0) and not slow.ok


def test_value_target_ignores_the_ratio() -> None:
    under = Figure.measure("x", value=150.0, baseline=10.0, unit="ms", target=200.0, target_on="value")
    over = Figure.measure("x", value=250.0, baseline=500.0, unit="ms", target=200.0, target_on="value")
    assert under.ok and under.ratio == pytest.approx(15.0)
    assert not over.ok and over.ratio == pytest.approx(0.5)


def test_throughput_target_is_a_lower_bound() -> None:
    assert Figure.measure("t", value=30.0, baseline=20.0, unit="texts/s", target=1.0, higher_is_better=True).ok
    assert not Figure.measure("t", value=10.0, baseline=20.0, unit="texts/s", target=1.0, higher_is_better=True).ok


def test_zero_baseline_gives_infinite_ratio_and_report_only_is_ok() -> None:
    fig = Figure.measure("x", value=1.0, baseline=0.0, unit="s")
    assert math.isinf(fig.ratio) and fig.ok and fig.target is None


def test_json_shape_is_strict_json(tmp_path: Path) -> None:
    figures = [Figure.measure("a", value=1.0, baseline=2.0, unit="s", target=1.0), failed("b", ValueError("boom"))]
    out = tmp_path / "b.json"
    write_json(figures, out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert list(doc) == ["figures"] and len(doc["figures"]) == 2
    for entry in doc["figures"]:
        assert _KEYS <= set(entry)
    assert doc["figures"][0]["ratio"] == 0.5 and doc["figures"][0]["ok"] is True
    assert doc["figures"][1]["ok"] is False and doc["figures"][1]["value"] is None
    assert "ValueError: boom" in doc["figures"][1]["note"]
    assert to_json(figures) == doc


def test_guarded_turns_an_exception_into_a_failed_figure() -> None:
    def boom() -> list[Figure]:
        raise RuntimeError("no ffmpeg")

    (fig,) = guarded("render", boom)
    assert fig.name == "render" and not fig.ok and "no ffmpeg" in fig.note


def test_table_lists_every_figure_and_marks_failures() -> None:
    table = format_table([Figure.measure("ok.one", value=1.0, baseline=1.0, unit="s", target=1.5), failed("bad", "x")])
    lines = table.splitlines()
    assert lines[0].split()[:2] == ["figure", "value"]
    assert any(line.startswith("ok.one") and line.rstrip().endswith("yes") for line in lines)
    assert any(line.startswith("bad") and line.rstrip().endswith("NO") for line in lines)


def test_cli_writes_json_and_exits_nonzero_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fake_runner(group: str, quick: bool):  # type: ignore[no-untyped-def]
        def run() -> list[Figure]:
            assert quick
            if group == "render":
                raise OSError("ffmpeg missing")
            return [Figure.measure(f"{group}.x", value=1.0, baseline=1.0, unit="s", target=1.5)]

        return run

    monkeypatch.setattr(cli, "_runner", fake_runner)
    out = tmp_path / "b.json"
    code = cli.main(["--quick", "--json", str(out), "--only", "store", "render"])
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert code == 1
    assert [f["name"] for f in doc["figures"]] == ["store.x", "render"]
    assert "store.x" in capsys.readouterr().out
