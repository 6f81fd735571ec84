"""Run the benchmarks: ``python -m benchmarks [--quick] [--json FILE] [--only GROUP ...]``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.figures import Figure, format_table, guarded, write_json

_GROUPS = ("store", "agent_turn", "turn_cost", "context", "index", "render", "coldstart", "concurrency", "jobs",
           "chat_load")


def _runner(group: str, quick: bool) -> Callable[[], list[Figure]]:
    """Import a group lazily, so one group's missing dependency fails only that group."""

    def run() -> list[Figure]:
        if group == "store":
            from benchmarks.store import store_figures as fn
        elif group == "agent_turn":
            from benchmarks.agent_turn import agent_turn_figures as fn
        elif group == "turn_cost":
            from benchmarks.first_token import first_token_figures
            from benchmarks.turn_cost import turn_cost_figures

            return turn_cost_figures(quick=quick) + first_token_figures(quick=quick)
        elif group == "context":
            from benchmarks.context import context_figures as fn
        elif group == "index":
            from benchmarks.index import index_figures as fn
        elif group == "render":
            from benchmarks.render import render_figures as fn
        elif group == "concurrency":
            from benchmarks.same_scene import same_scene_figures as fn
        elif group == "jobs":
            from benchmarks.jobs import jobs_figures as fn
        elif group == "chat_load":
            from benchmarks.chat_load import chat_load_figures as fn
        else:
            from benchmarks.coldstart import coldstart_figures as fn
        return fn(quick=quick)

    return run


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmark groups, print the table, optionally write JSON; exit 1 if a figure fails."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and repeats (under 2 minutes)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON here")
    parser.add_argument("--only", nargs="+", choices=_GROUPS, metavar="GROUP",
                        help=f"run only these groups ({', '.join(_GROUPS)})")
    args = parser.parse_args(argv)
    figures: list[Figure] = []
    for group in args.only or _GROUPS:
        start = time.perf_counter()
        print(f"[benchmarks] {group} ...", file=sys.stderr, flush=True)
        figures.extend(guarded(group, _runner(group, args.quick)))
        print(f"[benchmarks] {group} done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    print(format_table(figures))
    if args.json:
        write_json(figures, args.json)
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
