"""Golden paths: what a competent model does for twelve common requests, and a stub server that plays them.

The server speaks the OpenAI chat.completions wire format (streamed as SSE, word by word) and answers
from the request body alone, so the same script drives the supervisor graph and a ReAct baseline:

- bound to ``transfer_to_*`` tools (a supervisor): hand the next group of steps over, else one short line;
- bound to ordinary tools (a specialist, or a ReAct agent): call the next step's tool, else reply.

A specialist's steps are its group's (recognised by the task text the supervisor gave it); a ReAct
agent, which sees the film-maker's words, does every step. Every request body is recorded with its
prompt and completion size in cl100k tokens (``benchmarks.tokens``).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from benchmarks.http_stub import ThreadedStub
from benchmarks.tokens import completion_tokens, prompt_tokens

__all__ = ["GOLDEN", "Golden", "GoldenServer", "Step", "Recorded"]

_BODY = ("The kettle ticks as it cools. MARA stands at the window, back to the room, the street lamp "
         "guttering behind her.\n\nMARA\nYou kept the key.\n\nSilence. Somewhere below, a door shuts "
         "and does not open again.")


@dataclass(frozen=True)
class Step:
    """One tool call of a golden path, made by ``specialist``."""

    specialist: str
    tool: str
    args: dict[str, Any]


@dataclass(frozen=True)
class Golden:
    """A request, its tool calls in order, and the words that close it."""

    name: str
    request: str
    steps: tuple[Step, ...] = ()
    reply: str = "Done."
    specialist: str = ""
    """Who answers when there are no steps (a question back to the film-maker)."""
    decision: str | None = None
    """Set for a turn that answers a pending approval instead of sending text."""

    def groups(self) -> list[tuple[str, str, list[Step]]]:
        """Return (specialist, task, steps) for each run of consecutive steps by one specialist."""
        out: list[tuple[str, str, list[Step]]] = []
        for step in self.steps:
            if out and out[-1][0] == step.specialist:
                out[-1][2].append(step)
            else:
                out.append((step.specialist, "", [step]))
        if not out and self.specialist:
            out.append((self.specialist, "", []))
        return [(who, f"{self.request} [{who} step {i + 1}]" if len(out) > 1 else self.request, steps)
                for i, (who, _, steps) in enumerate(out)]


GOLDEN: tuple[Golden, ...] = (
    Golden("rewrite", "rewrite scene 3 darker",
           (Step("writer", "rewrite_scene", {"scene_number": 3, "direction": "darker", "content": _BODY}),),
           "Scene 3 is darker now (version 2)."),
    Golden("add_character", "add a character named Vera, a retired tram conductor with a brass whistle",
           (Step("designer", "add_character", {"name": "VERA", "description": "A retired tram conductor in her "
                 "sixties, navy greatcoat, a brass whistle on a cord."}),), "Vera is in the cast."),
    Golden("break_into_shots", "break scene 2 into shots",
           (Step("cinematographer", "break_scene_into_shots", {"scene_number": 2}),), "Scene 2 has new shots."),
    Golden("still", "make a storyboard still for shot 1 of scene 2",
           (Step("cinematographer", "generate_still", {"scene_number": 2, "shot_number": 1}),),
           "The still for shot 2.1 is waiting for your approval."),
    Golden("approve", "approve", (Step("cinematographer", "generate_still", {"scene_number": 2, "shot_number": 1}),),
           "Approved.", decision="approve"),
    Golden("batch", "make stills for every shot in scene 4",
           (Step("cinematographer", "generate_stills_for_scene", {"scene_number": 4}),), "Stills are ready."),
    Golden("animatic", "render an animatic of scene 2",
           (Step("editor", "render_animatic", {"scene_number": 2}),), "The animatic of scene 2 is ready."),
    Golden("export", "export the screenplay as fountain",
           (Step("editor", "export_project", {"format": "fountain"}),), "Exported the screenplay."),
    Golden("undo", "undo the last change", (Step("writer", "undo", {"steps": 1}),), "Undone."),
    Golden("question", "what happens in scene 3?", (Step("writer", "show_scene", {"scene_number": 3}),),
           "Scene 3: Mara waits at the window."),
    Golden("two_part", "add a character named Otto, a night porter, and put him in scene 4",
           (Step("designer", "add_character", {"name": "OTTO", "description": "A night porter, grey uniform."}),
            Step("writer", "put_character_in_scene", {"name": "OTTO", "scene_number": 4})),
           "Otto is in scene 4."),
    Golden("ambiguous", "make the rain scene darker", (),
           "Which scene do you mean: 1, 2 or 3? Each has rain.", specialist="writer"),
)
"""Twelve common requests, run in this order on one conversation (the still is approved next)."""


@dataclass
class Recorded:
    """One request the stub answered: which golden it belonged to and its size."""

    golden: str
    role: str
    prompt: int
    completion: int
    tools: int
    body: dict[str, Any] = field(repr=False)
    start: float = 0.0
    """When the request arrived (``time.perf_counter``, the same clock as the caller's)."""
    first: float = 0.0
    """When the first chunk went out."""
    end: float = 0.0
    """When the last chunk went out."""


def _last_user(messages: list[dict[str, Any]]) -> int:
    return max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=-1)


def _call(name: str, args: dict[str, Any], n: int) -> dict[str, Any]:
    return {"role": "assistant", "content": None, "tool_calls": [
        {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}]}


class GoldenServer(ThreadedStub):
    """An OpenAI-compatible stub that plays the current golden path and records every request."""

    def __init__(self, *, delay_s: float = 0.0) -> None:
        self.current: Golden = GOLDEN[0]
        self.mode = "graph"
        """'graph' or 'react': who is being driven (only labels the records)."""
        self.records: list[Recorded] = []
        self.delay_s = delay_s
        self._n = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_POST(self) -> None:  # http.server's name
                start = time.perf_counter()
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                message, role = stub.answer(body)
                record = Recorded(stub.current.name, role, prompt_tokens(body), completion_tokens(message),
                                  len(body.get("tools") or []), body, start=start)
                stub.records.append(record)
                stub._send(self, message, body, record)

        super().__init__(Handler)

    def answer(self, body: dict[str, Any]) -> tuple[dict[str, Any], str]:
        """Return the golden path's next assistant message for this request, and who asked."""
        self._n += 1
        tools = {t["function"]["name"]: t["function"] for t in body.get("tools") or []}
        messages = body.get("messages", [])
        start = _last_user(messages)
        after = messages[start + 1:]
        groups = self.current.groups()
        if any(name.startswith("transfer_to_") for name in tools):
            done = sum(1 for m in after for c in m.get("tool_calls") or []
                       if c["function"]["name"].startswith("transfer_to_"))
            if done >= len(groups):
                return {"role": "assistant", "content": "Done."}, "supervisor"
            who, task, _ = groups[done]
            args: dict[str, Any] = {"task": task}
            props = tools.get(f"transfer_to_{who}", {}).get("parameters", {}).get("properties", {})
            if "then" in props and done + 1 < len(groups):
                args["then"] = "; ".join(t for _, t, _ in groups[done + 1:])
            return _call(f"transfer_to_{who}", args, self._n), "supervisor"
        asked = str(messages[start].get("content") or "") if start >= 0 else ""
        mine = next((steps for _, task, steps in groups if task == asked and len(groups) > 1), None)
        steps = mine if mine is not None else list(self.current.steps)
        role = "react" if self.mode == "react" else "specialist"
        made = sum(1 for m in after if m.get("role") == "tool")
        if made < len(steps):
            step = steps[made]
            return _call(step.tool, step.args, self._n), role
        return {"role": "assistant", "content": self.current.reply}, role

    def _send(self, handler: BaseHTTPRequestHandler, message: dict[str, Any], body: dict[str, Any],
              record: Recorded) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.end_headers()
        head = {"id": "chatcmpl-golden", "object": "chat.completion.chunk", "created": 0, "model": "golden"}
        deltas: list[dict[str, Any]] = []
        if message.get("tool_calls"):
            deltas.append({"role": "assistant", "tool_calls": [{"index": i, **c}
                                                               for i, c in enumerate(message["tool_calls"])]})
        else:
            words = str(message["content"]).split(" ")
            deltas.extend({"content": w + (" " if i < len(words) - 1 else "")} for i, w in enumerate(words))
        for delta in deltas:
            if self.delay_s:
                time.sleep(self.delay_s)
            chunk = {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
            handler.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            handler.wfile.flush()
            record.first = record.first or time.perf_counter()
        finish = "tool_calls" if message.get("tool_calls") else "stop"
        usage = {"prompt_tokens": prompt_tokens(body), "completion_tokens": completion_tokens(message)}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        tail = ({"choices": [{"index": 0, "delta": {}, "finish_reason": finish}]}, {"choices": [], "usage": usage})
        for chunk in tail:
            handler.wfile.write(f"data: {json.dumps({**head, **chunk})}\n\n".encode())
        handler.wfile.write(b"data: [DONE]\n\n")
        handler.wfile.flush()
        record.end = time.perf_counter()
