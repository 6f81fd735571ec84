"""Same-scene concurrency: several processes rewrite scene 1 at once; no reported rewrite may be lost.

``python -m benchmarks.same_scene [--processes 3] [--rewrites 15] [--json FILE]`` makes a demo project, then
starts the processes together. Each one, ``rewrites`` times, reads scene 1, adds its own marked line to the
text it read (as the agent drafts a rewrite from what it read) and writes it through the writer's
``rewrite_scene`` tool with the version it read. A conflict is answered as the agent does: read again and
retry once, else tell the person. Afterwards every rewrite a process was told succeeded must still be in the
scene's text (lost updates: expect 0) and every reported version number must be distinct.

The baseline is the same run with blind writes (no ``expected_version``), which is how the issue was found.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.figures import Figure

__all__ = ["SameSceneReport", "run_same_scene", "same_scene_figures", "main"]

_ROOT = Path(__file__).resolve().parent.parent
_GO = "go"


@dataclass
class SameSceneReport:
    """What the processes were told and what the scene holds afterwards."""

    processes: int
    rewrites: int
    checked: bool
    """Whether the writes carried ``expected_version`` (False: the blind baseline)."""
    succeeded: int = 0
    conflicts: int = 0
    """Writes refused as stale (each is followed by one re-read and retry)."""
    gave_up: int = 0
    """Rewrites that conflicted twice and were reported to the person instead."""
    lost_updates: int = 0
    duplicate_versions: int = 0
    final_version: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def ok(self) -> bool:
        """Tell whether nothing was lost, no version was reported twice and no process failed."""
        return self.lost_updates == 0 and self.duplicate_versions == 0 and not self.errors


# -- the child: one process rewriting scene 1 -------------------------------------------------------


def _child(project_dir: Path, tag: str, rewrites: int, checked: bool, think_s: float) -> int:
    from agent.config import Settings
    from agent.project import Project
    from agent.project.views import scene_by_number
    from agent.tools.base import ToolContext
    from agent.tools.story import writer_tools

    rng = random.Random(tag)
    with Project.open(project_dir) as project:
        tool = next(t for t in writer_tools(ToolContext(project, Settings())) if t.name == "rewrite_scene")
        (project_dir.parent / f"ready-{tag}").touch()
        while not (project_dir.parent / _GO).exists():  # start together, once every process has loaded
            time.sleep(0.01)
        for i in range(rewrites):
            marker = f"[{tag}-{i}]"
            for attempt in (1, 2):
                with project.read() as s:
                    scene = scene_by_number(s, 1)
                time.sleep(rng.uniform(0, think_s))  # the model drafting from what it read
                args = {"scene_number": 1, "direction": "busier", "content": f"{scene.content}\n{marker}"}
                if checked:
                    args["expected_version"] = scene.version
                answer = str(tool.invoke(args))
                if not answer.startswith("Error:"):
                    version = int(answer.split(" as version ")[1].split(";")[0])
                    print(json.dumps({"ok": marker, "version": version}), flush=True)
                    break
                print(json.dumps({"conflict": marker, "attempt": attempt}), flush=True)
            else:
                print(json.dumps({"gave_up": marker}), flush=True)
    return 0


# -- the harness ------------------------------------------------------------------------------------


def _setup(work: Path) -> Path:
    from agent.cli import main as cli_main

    project = work / "film"
    if cli_main(["new", str(project), "--demo"]) != 0:
        raise RuntimeError("could not create the demo project")
    return project


def _scene_one(project: Path) -> tuple[int, str]:
    from agent.project import Project
    from agent.project.views import scene_by_number

    with Project.open(project) as p, p.read() as s:
        scene = scene_by_number(s, 1)
        return scene.version, scene.content


def run_same_scene(
    *, work: Path, processes: int = 3, rewrites: int = 15, checked: bool = True, think_s: float = 0.05
) -> SameSceneReport:
    """Run ``processes`` processes rewriting scene 1 ``rewrites`` times each, then count what was lost."""
    started = time.monotonic()
    work.mkdir(parents=True, exist_ok=True)
    project = _setup(work)
    (work / _GO).unlink(missing_ok=True)
    report = SameSceneReport(processes=processes, rewrites=rewrites, checked=checked)
    children = []
    for n in range(processes):
        cmd = [sys.executable, "-m", "benchmarks.same_scene", "--child", str(project), f"p{n}", str(rewrites),
               "checked" if checked else "blind", str(think_s)]
        children.append(subprocess.Popen(cmd, cwd=_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    deadline = time.monotonic() + 600
    while len(list(work.glob("ready-*"))) < processes and time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            break  # one died while loading: its error is reported below
        time.sleep(0.05)
    (work / _GO).touch()
    outputs = [child.communicate(timeout=900) for child in children]
    succeeded: list[tuple[str, int]] = []
    for child, (out, err) in zip(children, outputs, strict=True):
        if child.returncode != 0:
            report.errors.append((err.strip().splitlines() or [f"exit {child.returncode}"])[-1][:200])
        for line in out.splitlines():
            event = json.loads(line)
            if "ok" in event:
                succeeded.append((event["ok"], event["version"]))
            report.conflicts += "conflict" in event
            report.gave_up += "gave_up" in event
    report.final_version, text = _scene_one(project)
    report.succeeded = len(succeeded)
    report.lost_updates = sum(1 for marker, _ in succeeded if marker not in text)
    versions = [v for _, v in succeeded]
    report.duplicate_versions = len(versions) - len(set(versions))
    report.seconds = round(time.monotonic() - started, 1)
    return report


def same_scene_figures(*, quick: bool = False) -> list[Figure]:
    """Return the lost-update figure (target 0) with the blind-write baseline, and the conflicts seen."""
    rewrites = 5 if quick else 15
    with tempfile.TemporaryDirectory(prefix="reelsmith-same-scene-") as tmp:
        ours = run_same_scene(work=Path(tmp) / "checked", rewrites=rewrites)
        blind = run_same_scene(work=Path(tmp) / "blind", rewrites=rewrites, checked=False)
    note = (f"3 processes x {rewrites} rewrites of scene 1; succeeded {ours.succeeded}, conflicts {ours.conflicts}, "
            f"reported to the person {ours.gave_up}, duplicate versions {ours.duplicate_versions}; "
            f"blind writes: {blind.succeeded} succeeded, {blind.duplicate_versions} duplicate versions")
    if ours.errors:
        note += f"; errors: {ours.errors}"
    return [
        Figure.measure("concurrency.same_scene_lost_updates", value=ours.lost_updates + len(ours.errors),
                       baseline=blind.lost_updates, unit="rewrites", target=0, target_on="value", note=note),
        Figure.measure("concurrency.same_scene_conflicts", value=ours.conflicts, baseline=blind.conflicts,
                       unit="writes", note="stale writes refused (each re-read and retried once)"),
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the same-scene benchmark (or, with ``--child``, one rewriting process)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.same_scene", description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--rewrites", type=int, default=15)
    parser.add_argument("--blind", action="store_true", help="write without expected_version (the baseline)")
    parser.add_argument("--json", metavar="FILE", help="write the report as JSON")
    parser.add_argument("--child", nargs=5, metavar="ARG", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        folder, tag, rewrites, mode, think = args.child
        return _child(Path(folder), tag, int(rewrites), mode == "checked", float(think))
    with tempfile.TemporaryDirectory(prefix="reelsmith-same-scene-") as tmp:
        report = run_same_scene(work=Path(tmp), processes=args.processes, rewrites=args.rewrites,
                                checked=not args.blind)
    print(f"{report.processes} processes x {report.rewrites} rewrites of scene 1 "
          f"({'expected_version' if report.checked else 'blind writes'}): {report.succeeded} succeeded, "
          f"{report.conflicts} conflicts, {report.gave_up} reported to the person, lost updates "
          f"{report.lost_updates}, duplicate versions {report.duplicate_versions}, final version "
          f"{report.final_version}; {report.seconds}s")
    for error in report.errors:
        print(f"error: {error}")
    if args.json:
        Path(args.json).write_text(json.dumps(asdict(report), indent=2), encoding="utf-8")
    return 0 if report.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
