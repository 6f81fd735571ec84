"""Crash safety: SIGKILL ``reelsmith`` work at random moments and check nothing committed is lost.

``python -m benchmarks.crash [--kills N] [--json FILE]`` builds a demo project, then again and again
starts a child process doing one kind of work (a scene rewrite through the agent, a batch of storyboard
stills through the agent with approvals, ``reelsmith import --replace``, ``reelsmith render --animatic``,
``reelsmith chat DIR "rewrite scene 3 darker"``),
kills it with SIGKILL after a random delay, and checks the project: SQLite integrity, asset rows and
files agree (``reelsmith doctor``, repaired with ``--repair``), every change has its history and every
entity's version matches its latest history entry, every ``exports/*.mp4`` plays, the Chroma index
matches the assets after ``reelsmith reindex``, and every change a child reported as committed is
still there (data lost must be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["ACTIONS", "KillRecord", "CrashReport", "check_project", "run_crash", "main"]

ACTIONS = ("rewrite", "stills", "import", "render", "chat")
_ROOT = Path(__file__).resolve().parent.parent
_SCENE_WORDS = ("darker", "quieter", "warmer", "more tense")
_WARMUP_S = {"rewrite": 7.0, "stills": 7.0, "import": 2.0, "render": 2.0, "chat": 3.0}
"""Roughly how long a child takes to start working; the random part of each delay comes on top."""


@dataclass
class KillRecord:
    """One child run: what it did, whether it was killed mid-work, and what the checks found."""

    action: str
    delay_s: float
    killed: bool
    exit_code: int | None = None
    """The child's own exit code when it finished before the kill (non-zero: it failed, see ``error``)."""
    error: str = ""
    committed: list[int] = field(default_factory=list)
    repaired_files: int = 0
    problems: list[str] = field(default_factory=list)
    lost_changes: list[int] = field(default_factory=list)


@dataclass
class CrashReport:
    """The whole run: kills survived / attempted and data lost."""

    attempted: int = 0
    survived: int = 0
    completed_without_kill: int = 0
    lost_changes: int = 0
    seconds: float = 0.0
    runs: list[KillRecord] = field(default_factory=list)

    def ok(self) -> bool:
        """Tell whether every kill was survived and nothing committed was lost."""
        return self.survived == self.attempted and self.lost_changes == 0 and all(not r.problems for r in self.runs)


# -- checks ------------------------------------------------------------------------------------


def _cli_json(argv: list[str]) -> tuple[int, Any]:
    from agent.cli import main as cli_main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli_main(argv)
    text = out.getvalue().strip()
    return code, json.loads(text) if text.startswith(("{", "[")) else text


def _integrity(db: Path) -> str:
    con = sqlite3.connect(db, timeout=10)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()


def _history_problems(db: Path) -> list[str]:
    from agent.project.changes import ENTITY_TYPES

    con = sqlite3.connect(db, timeout=10)
    try:
        bare = [r[0] for r in con.execute(
            "SELECT c.id FROM changes c WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.change_id = c.id)"
        )]
        problems = [f"changes without history rows: {bare}"] if bare else []
        latest = con.execute(
            "SELECT entity_type, entity_id, op, version FROM history h WHERE h.id = (SELECT max(h2.id) FROM history"
            " h2 WHERE h2.entity_type = h.entity_type AND h2.entity_id = h.entity_id)"
        ).fetchall()
        for etype, eid, op, version in latest:
            table = ENTITY_TYPES[etype].__tablename__  # type: ignore[attr-defined]
            row = con.execute(f"SELECT version FROM {table} WHERE id = ?", (eid,)).fetchone()
            if op == "delete" and row is not None:
                problems.append(f"{etype} {eid} exists but its last history entry deletes it")
            elif op != "delete" and (row is None or row[0] != version):
                problems.append(f"{etype} {eid} is at version {row and row[0]}; history says {version}")
        return problems
    finally:
        con.close()


def _export_problems(project: Path) -> list[str]:
    from agent.media.ffmpeg import count_frames

    problems = []
    for mp4 in sorted((project / "exports").glob("*.mp4")):
        try:
            frames, _ = count_frames(mp4)
        except Exception as exc:  # any failure to play is the finding
            problems.append(f"{mp4.name} does not play ({exc})")
            continue
        if frames < 1:
            problems.append(f"{mp4.name} has no frames")
    return problems


def _index_problems(project: Path) -> list[str]:
    """Reindex in a fresh process (Chroma caches clients per path) and compare its ids with the asset rows."""
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.crash", "--child", "verify-index", str(project)],
        capture_output=True, text=True, cwd=_ROOT, timeout=300, check=False,
    )
    if proc.returncode != 0:
        return [f"reindex failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}"]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    from sqlalchemy import select

    from agent.project import Project
    from agent.project.lifecycle import reusable
    from agent.project.schema import Asset

    with Project.open(project) as opened, opened.read() as s:  # a rejected asset is never indexed for re-use
        ids = list(s.scalars(select(Asset.id).where(Asset.kind.in_(("image", "video", "audio")))))
        want = {str(i) for i in reusable(s, ids)}
    return [] if set(got["ids"]) == want else [f"index holds {sorted(got['ids'])}, re-usable assets are {sorted(want)}"]


def check_project(project: Path, known_changes: set[int], *, index: bool = True) -> tuple[list[str], int, list[int]]:
    """Check a project after a kill; return (problems, files repaired, known changes now missing)."""
    problems: list[str] = []
    for db in (project / "project.db", project / "checkpoints.db"):
        if db.exists() and (result := _integrity(db)) != "ok":
            problems.append(f"{db.name} integrity_check: {result}")
    _, found = _cli_json(["doctor", str(project), "--json", "--grace", "0"])
    if found["missing_files"] or not found["integrity_ok"]:
        problems.append(f"doctor: missing files {found['missing_files']}, integrity {found['integrity_ok']}")
    repaired = 0
    if found["orphan_files"] or found["temp_files"]:
        _, fixed = _cli_json(["doctor", str(project), "--json", "--grace", "0", "--repair"])
        repaired = fixed["removed"]
        code, again = _cli_json(["doctor", str(project), "--json", "--grace", "0"])
        if code != 0 or not again["healthy"]:
            problems.append(f"doctor --repair did not make the project healthy: {again}")
    problems += _history_problems(project / "project.db")
    problems += _export_problems(project)
    if index:
        problems += _index_problems(project)
    con = sqlite3.connect(project / "project.db", timeout=10)
    try:
        present = {r[0] for r in con.execute("SELECT id FROM changes")}
    finally:
        con.close()
    return problems, repaired, sorted(known_changes - present)


# -- children: the work that gets killed ---------------------------------------------------------


def _committed(project: Path, seen: list[int]) -> None:
    """Print the newest change id once it is durable, so the harness can check it survives later kills."""
    con = sqlite3.connect(project / "project.db", timeout=10)
    try:
        last = int(con.execute("SELECT max(id) FROM changes").fetchone()[0])
    finally:
        con.close()
    if last not in seen:
        seen.append(last)
        print(f"committed {last}", flush=True)


async def _converse(project: Path, messages: Any) -> None:
    from agent.config import Settings
    from agent.session import Session

    session = await Session.open(project, settings=Settings(home=project.parent / "home"))
    seen: list[int] = []
    try:
        thread = f"crash-{time.time_ns()}"
        for text in messages:
            turn = await session.run(thread, text)
            while turn.approval is not None:
                options = turn.approval["options"]
                decision = "generate_new" if "generate_new" in options else random.choice(["approve", "regenerate"])
                turn = await session.run(thread, decision=decision)
            _committed(project, seen)
    finally:
        await session.close()


def _child(action: str, project: Path, extra: list[str]) -> int:
    if action == "rewrite":
        asyncio.run(_converse(project, (f"rewrite scene {i % 5 + 1} {_SCENE_WORDS[i % 4]}" for i in range(10_000))))
    elif action == "stills":
        prompts = ["break scene 2 into shots"] + [f"generate a storyboard for shot {i % 3 + 1} of scene 2"
                                                  for i in range(10_000)]
        asyncio.run(_converse(project, prompts))
    elif action in ("import", "render"):
        from agent.cli import main as cli_main

        seen: list[int] = []
        for i in range(10_000):
            argv = (["import", str(project), extra[i % len(extra)], "--replace", "--yes"] if action == "import" else
                    ["render", str(project), "--animatic", "--width", "320", "--height", "180",
                     "--out", str(project / "exports" / f"a{i % 2}.mp4")])
            if cli_main(argv) != 0:
                return 2
            _committed(project, seen)
    elif action == "verify-index":
        code, result = _cli_json(["reindex", str(project), "--json"])
        if code != 0:
            print(result, file=sys.stderr)
            return code
        from agent.config import Settings
        from agent.index import AssetIndex, embedding_function_for

        index = AssetIndex.open(project / "index", embedding_function=embedding_function_for(Settings()))
        print(json.dumps({"indexed": result["indexed"], "ids": sorted(index.ids())}))
    return 0


# -- the harness -------------------------------------------------------------------------------


def _setup(work: Path) -> tuple[Path, list[str]]:
    from agent.cli import DEMO_SCREENPLAY
    from agent.cli import main as cli_main

    project = work / "film"
    if cli_main(["new", str(project), "--demo"]) != 0:
        raise RuntimeError("could not create the demo project")
    text = DEMO_SCREENPLAY.read_text(encoding="utf-8")
    variant = work / "variant.fountain"
    variant.write_text(text.replace("NIGHT", "DAWN", 3) + "\n\nINT. ARCHIVE - DAY\n\nDust in the light.\n",
                       encoding="utf-8")
    return project, [str(DEMO_SCREENPLAY), str(variant)]


def _one_run(project: Path, action: str, delay: float, extra: list[str], log: Path) -> KillRecord:
    cmd = [sys.executable, "-m", "benchmarks.crash", "--child", action, str(project), *extra]
    if action == "chat":  # the command itself, one turn: `reelsmith chat DIR "rewrite scene 3 darker"`
        cmd = [sys.executable, "-m", "agent", "chat", str(project), "rewrite scene 3 darker", "--json"]
    with log.open("w") as out, (log.with_suffix(".err")).open("w") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=_ROOT)
        try:
            code: int | None = proc.wait(timeout=delay)
            killed = False
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed, code = True, None
    committed = [int(line.split()[1]) for line in log.read_text().splitlines()
                 if line.startswith("committed ") and line.split()[1].isdigit()]
    errors = log.with_suffix(".err").read_text(errors="replace").strip().splitlines()
    return KillRecord(action=action, delay_s=round(delay, 2), killed=killed, exit_code=code, committed=committed,
                      error=errors[-1][:200] if code and errors else "")


def run_crash(*, kills: int, work: Path, seed: int = 7, max_delay: float = 10.0, warmup: float = 1.0,
              actions: tuple[str, ...] = ACTIONS, index_every: int = 1) -> CrashReport:
    """Kill ``kills`` child runs (runs that finish first are retried) and check the project after each."""
    rng = random.Random(seed)
    started = time.monotonic()
    project, screenplays = _setup(work)
    report = CrashReport()
    known: set[int] = set()
    run = 0
    while report.attempted < kills and run < kills * 3:
        action = actions[run % len(actions)]
        delay = _WARMUP_S.get(action, 1.0) * warmup + rng.uniform(0.0, max_delay)
        record = _one_run(project, action, delay,
                          screenplays if action == "import" else [], work / f"run{run}.log")
        known |= set(record.committed)
        problems, record.repaired_files, record.lost_changes = check_project(
            project, known, index=(run % index_every == 0)
        )
        record.problems = problems
        known |= _all_changes(project)
        report.runs.append(record)
        report.lost_changes += len(record.lost_changes)
        if record.killed:
            report.attempted += 1
            report.survived += int(not problems and not record.lost_changes)
        else:
            report.completed_without_kill += 1
        run += 1
    report.seconds = round(time.monotonic() - started, 1)
    return report


def _all_changes(project: Path) -> set[int]:
    con = sqlite3.connect(project / "project.db", timeout=10)
    try:
        return {r[0] for r in con.execute("SELECT id FROM changes")}
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    """Run the crash benchmark (or, with ``--child``, one piece of work to be killed)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.crash", description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=52, help="SIGKILLs to land mid-work (default 52)")
    parser.add_argument("--json", metavar="FILE", help="write the report as JSON")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-delay", type=float, default=10.0, help="random wait after warm-up (s)")
    parser.add_argument("--child", nargs="+", metavar="ARG", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child[0], Path(args.child[1]), args.child[2:])
    with tempfile.TemporaryDirectory(prefix="reelsmith-crash-") as tmp:
        report = run_crash(kills=args.kills, work=Path(tmp), seed=args.seed, max_delay=args.max_delay)
    for r in report.runs:
        state = "killed" if r.killed else f"exit {r.exit_code}"
        print(f"{r.action:<8} {state:<8} after {r.delay_s:5.2f}s  committed {len(r.committed):>3}  "
              f"repaired {r.repaired_files}  {'; '.join(r.problems) or 'ok'}  {r.error}")
    print(f"kills survived {report.survived}/{report.attempted}; data lost {report.lost_changes} changes; "
          f"{report.completed_without_kill} runs finished before the kill; {report.seconds}s")
    if args.json:
        Path(args.json).write_text(json.dumps(asdict(report), indent=2), encoding="utf-8")
    return 0 if report.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
