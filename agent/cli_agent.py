"""The agent's commands: chat, resume, eval and serve (all through agent.session / evals)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from agent.config import Settings

__all__ = ["cmd_chat", "cmd_resume", "cmd_eval", "cmd_serve"]

_SHOWN = ("message", "tool", "preview", "approval", "error", "job")


def _emit(event: Mapping[str, Any], as_json: bool) -> None:
    if as_json:
        if event["type"] in _SHOWN:
            print(json.dumps(event, ensure_ascii=False, default=str), flush=True)
        return
    kind = event["type"]
    if kind == "message":
        print(f"{event.get('author', 'Reelsmith')}: {event['text']}")
    elif kind == "tool":
        print(f"  [{event.get('author', '')}] {event['name']}({json.dumps(event['args'], ensure_ascii=False)[:200]})")
    elif kind == "preview":
        print(f"  preview: {event['path']} ({event['mime']})")
    elif kind == "job":
        progress = event.get("progress") or {}
        done = f" {progress['done']}/{progress['total']}" if progress else ""
        print(f"  job {event['id']} ({event['kind']}): {event['status']}{done}  `reelsmith jobs DIR` follows it")
    elif kind == "approval":
        print(f"Waiting for you: {event['title']} -> {' / '.join(event['options'])}")
        print(f"  reelsmith resume DIR --thread {event['thread']} --decision {event['options'][0]}")


async def _converse(dir_: Path, settings: Settings, thread: str, *, text: str | None = None,
                    decision: str | None = None, note: str | None = None, as_json: bool = False) -> int:
    from agent.session import Session  # deferred: the chat stack loads only for a conversation

    session = await Session.open(dir_, settings=settings)
    failed = False
    try:
        # Jobs that finished since the last command come into the thread first (a batch's approval is what
        # `resume` then answers), and again after the turn for any that finished meanwhile.
        streams = [session.deliver(thread)] if decision is not None else []
        streams.append(session.send(thread, text or "") if decision is None else session.resume(thread, decision, note))
        streams.append(session.deliver(thread))
        for stream in streams:
            async for event in stream:
                _emit(event, as_json)
                if event["type"] == "error":
                    failed = True
                    if not as_json:
                        print(f"error: {event['text'].removeprefix('Error: ')}", file=sys.stderr)
    finally:
        await session.close()
    return 2 if failed else 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Send one message; a pending approval ends the command with exit 0."""
    if args.model:
        settings = settings.model_copy(update={"model": args.model})
    return asyncio.run(_converse(Path(args.dir), settings, args.thread or "cli", text=args.message,
                                 as_json=args.json))


def cmd_resume(args: argparse.Namespace, settings: Settings) -> int:
    """Answer a pending approval and continue."""
    return asyncio.run(_converse(Path(args.dir), settings, args.thread, decision=args.decision, note=args.note,
                                 as_json=args.json))


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Run eval scenarios; non-zero when any fails."""
    from agent.evaldriver import SessionDriver  # deferred: the chat stack and evals load only to evaluate
    from evals.runner import run_cli

    if args.model:
        settings = settings.model_copy(update={"model": args.model})
    paths = [Path(p) for p in args.paths] or [Path(__file__).resolve().parent.parent / "evals" / "scenarios"]
    return run_cli(
        paths,
        model=settings.model,
        trials=args.trials,
        report=Path(args.report) if args.report else None,
        json_path=Path(args.json_out) if args.json_out else None,
        driver_factory=lambda: SessionDriver(settings),
        base_url=settings.openai_base_url,
        concurrency=args.concurrency,
    )


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Start the chat UI."""
    from agent.ui_server import serve  # deferred: Chainlit loads only to serve

    project = Path(args.project) if args.project else settings.project
    return serve(project=project, host=args.host or settings.host, port=args.port or settings.port, settings=settings,
                 insecure=bool(getattr(args, "insecure", False)))
