"""Read a conversation the way the director needs it: the request, the steps done, the entities named."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage

from agent.llm.offline.clauses import split_clauses
from agent.llm.offline.context import ProjectContext, parse_context
from agent.llm.offline.cues import apostrophe_owned
from agent.llm.offline.musing import musing
from agent.llm.offline.pronouns import Entity, find_entities
from agent.llm.offline.toolspec import HANDOFF_PREFIX
from agent.shorthand import courtesy_dropped, spell_out

__all__ = ["PREP_PREFIX", "Turn", "entities_before", "message_text", "gone_note", "read_turn", "renumber"]

PREP_PREFIX = "prep_"
"""Tool-call ids of calls the director makes to get a step ready (they do not count as steps)."""


@dataclass
class Turn:
    """What the director reads from one call's messages."""

    context: ProjectContext
    request: str
    clauses: list[str]
    results: list[str] = field(default_factory=list)
    """Contents of the completed calls to this director's bound tools in this turn, in order."""
    history: list[str] = field(default_factory=list)
    """Texts of earlier messages (before the request), oldest first, for pronouns."""
    after: list[str] = field(default_factory=list)
    """Texts of every message after the request (tool results, specialists' answers), in order."""
    handed_over: bool = False
    """True when the request came from a supervisor's handoff task rather than a person."""
    requests: list[str] = field(default_factory=list)
    """The person's earlier messages in this conversation, oldest first (for follow-ups)."""
    said: str = ""
    """The person's own last message (a handoff's task may have spelled their words out)."""
    prepared: list[str] = field(default_factory=list)
    """Results of the director's own preparatory calls this turn (a breakdown before a camera change)."""
    prepared_now: list[str] = field(default_factory=list)
    """The preparatory results since the last step's result: the ones that belong to the current step."""
    handed: list[str] = field(default_factory=list)
    """Tasks this director already handed to specialists this turn (a supervisor's steps taken so far)."""
    earlier: list[str] = field(default_factory=list)
    """This message's steps read so far: "adored the pier bit. freeze that one" points back to the scene they name."""
    moved: dict[int, int] = field(default_factory=dict)
    """Scenes the message's earlier steps will have moved, now -> then (while it is read, before any step ran)."""
    mused: str | None = None
    """The reply when the whole message is only an idea ("what if …? don't change anything"), else None."""
    removed: list[tuple[int, int]] = field(default_factory=list)
    """Scenes this turn's finished steps took out, in order: (scene, 0) deleted, (scene, kept) merged into ``kept``,
    each numbered as the screenplay stood then. Later steps name scenes as the film-maker saw them (see renumber)."""


def message_text(message: BaseMessage) -> str:
    """Return a message's text, joining the text parts of list content."""
    content = message.content
    if isinstance(content, str):
        return content
    parts = []
    for part in content:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and part.get("type") == "text":
            parts.append(str(part.get("text", "")))
    return "\n".join(parts)


def _last_handoff(tail: Sequence[BaseMessage]) -> tuple[int, str] | None:
    for index in range(len(tail) - 1, -1, -1):
        message = tail[index]
        if isinstance(message, AIMessage):
            for call in message.tool_calls:
                if call["name"].startswith(HANDOFF_PREFIX):
                    task = call["args"].get("task") or call["args"].get("request")
                    if isinstance(task, str) and task.strip():
                        return index, task
    return None


def _call_names(messages: Sequence[BaseMessage]) -> dict[str, str]:
    names: dict[str, str] = {}
    for message in messages:
        if isinstance(message, AIMessage):
            for call in message.tool_calls:
                if call.get("id"):
                    names[str(call["id"])] = call["name"]
    return names


_MADE = re.compile(r"\b(?:Added|Created) (character|location|prop) ([A-Z][A-Z0-9 '’\-]*[A-Z0-9])")
_RENAMED = re.compile(r"\bRenamed ([A-Z][A-Z0-9 '’\-]*?) to ([A-Z][A-Z0-9 '’\-]*[A-Z0-9])"
                      r"(?: in the (cast|locations|props))?")
_RENAMED_KIND = {"cast": "character", "locations": "location", "props": "prop", "": "character"}


def with_new_names(context: ProjectContext, texts: Sequence[str]) -> ProjectContext:
    """Return the context with the names tool results made since it was built ("Added prop BRASS KEY")."""
    kinds: dict[str, list[str]] = {"character": list(context.characters), "location": list(context.locations),
                                   "prop": list(context.props)}
    for text in texts:
        for kind, name in _MADE.findall(text):
            if name not in kinds[kind]:
                kinds[kind].append(name)
        for old, new, where in _RENAMED.findall(text):  # the old name stays known: the request still says it
            kind = _RENAMED_KIND[where]  # "Renamed RIVER BRIDGE to IRON BRIDGE in the locations": a place, not a person
            kinds[kind].extend(n for n in (old, new) if n not in kinds[kind])
    if (tuple(kinds["character"]), tuple(kinds["location"]), tuple(kinds["prop"])) == (
            context.characters, context.locations, context.props):
        return context
    return replace(context, characters=tuple(kinds["character"]), locations=tuple(kinds["location"]),
                   props=tuple(kinds["prop"]))


# The delete and merge tools' own results (a history listing says "Deleted scene 3" too, without the undo hint).
_DELETED = re.compile(r"\bDeleted scene (\d+) \(.*?\)\. Say 'undo'")
_MERGED = re.compile(r"\bMerged scenes (\d+) and (\d+)\. Say 'undo'")
_SCENES = re.compile(r"\b(scenes?\s+)(\d+(?:\s*(?:,|&|-|\band\b|\bto\b)\s*\d+)*)", re.IGNORECASE)


def _removals(text: str) -> list[tuple[int, int]]:
    """Return the scenes a result says it deleted or merged away, in the order it says so."""
    found = [(m.start(), (int(m.group(1)), 0)) for m in _DELETED.finditer(text)]
    found += [(m.start(), (int(m.group(2)), int(m.group(1)))) for m in _MERGED.finditer(text)]
    return [removal for _at, removal in sorted(found)]


def _now(number: int, removed: Sequence[tuple[int, int]]) -> int | None:
    """Return the number a scene has after ``removed`` (None once it was deleted)."""
    for gone, kept in removed:
        if number == gone:
            if not kept:
                return None
            number = kept
        elif number > gone:
            number -= 1
    return number


def _then(number: int, removed: Sequence[tuple[int, int]]) -> int:
    """Return the number a scene had before ``removed`` (the inverse of ``_now`` for scenes still there)."""
    for gone, _kept in reversed(removed):
        if number >= gone:
            number += 1
    return number


def renumber(clause: str, removed: Sequence[tuple[int, int]], *, back: bool = False) -> tuple[str, list[int]]:
    """Return the clause with its scene numbers as they are now, and the scenes it names that are deleted.

    A message's steps name scenes as the film-maker saw them when writing it; a scene deleted or merged away
    by an earlier step moves every later scene up one ("drop scenes 7 and 8": the second is scene 7 by then).
    ``back`` maps the other way, from numbers given after ``removed`` to the ones the message used.
    """
    gone: list[int] = []

    def one(number: int) -> str:
        if back:
            return str(_then(number, removed))
        now = _now(number, removed)
        if now is None:
            gone.append(number)
        return str(now if now is not None else number)

    def scenes(m: re.Match[str]) -> str:
        return m.group(1) + re.sub(r"\d+", lambda n: one(int(n.group())), m.group(2))

    return (_SCENES.sub(scenes, clause) if removed else clause), gone


def gone_note(clause: str, removed: Sequence[tuple[int, int]]) -> str | None:
    """Say why a step naming a scene an earlier step deleted is not done (None when it names none)."""
    gone = renumber(clause, removed)[1]
    if not gone:
        return None
    return f"Scene {gone[0]} was deleted by an earlier step of this message, so I did not do “{clause}”."


def _handed(messages: Sequence[BaseMessage], bound: set[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """Return the tasks handed over (numbered as the request numbered them) and the scenes removed since."""
    handed: list[str] = []
    removed: list[tuple[int, int]] = []
    for message in messages:
        if isinstance(message, ToolMessage):
            removed.extend(_removals(message_text(message)))
        elif isinstance(message, AIMessage):
            for call in message.tool_calls:
                if call.get("name") in bound and not str(call.get("id", "")).startswith(PREP_PREFIX):
                    task = str(next(iter(call.get("args", {}).values()), ""))
                    handed.append(renumber(task, removed, back=True)[0])
    return handed, removed


def read_turn(messages: Sequence[BaseMessage], *, tool_names: Sequence[str], supervisor: bool) -> Turn:
    """Find the request, this director's completed steps and the earlier conversation."""
    system = "\n".join(message_text(m) for m in messages if isinstance(m, SystemMessage))
    context = parse_context(system)
    last_human = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
    request = message_text(messages[last_human]) if last_human >= 0 else ""
    said = str(messages[last_human].additional_kwargs.get("said") or request) if last_human >= 0 else request
    request = courtesy_dropped(request)  # "hey, …, thanks": the greeting is answered from ``said``, if at all
    start = last_human + 1
    handed_over = False
    if not supervisor:
        handoff = _last_handoff(messages[start:])
        if handoff is not None:
            start, request, handed_over = start + handoff[0] + 1, handoff[1], True
    names = _call_names(messages)
    bound = set(tool_names)
    results, prepared, prepared_now = [], [], []
    for message in messages[start:]:
        if isinstance(message, ToolMessage):
            name = message.name or names.get(message.tool_call_id, "")
            if str(message.tool_call_id).startswith(PREP_PREFIX):
                prepared.append(message_text(message))  # not a step of the request: the step comes next
                prepared_now.append(message_text(message))
            elif not name or name in bound:
                results.append(message_text(message))
                prepared_now = []
    handed, removed = _handed(messages[start:], bound)
    history = [message_text(m) for m in messages[: max(last_human, 0)] if not isinstance(m, SystemMessage)]
    after = [message_text(m) for m in messages[start:] if not isinstance(m, SystemMessage)]
    requests = [message_text(m) for m in messages[: max(last_human, 0)] if isinstance(m, HumanMessage)]
    context = with_new_names(context, [*history, *after])
    cast = (*context.characters, *context.pronouns)
    clauses = split_clauses(apostrophe_owned(spell_out(request), cast))  # "maras net": Mara's
    return Turn(context=context, request=request, clauses=clauses, results=results,
                history=history, after=after, handed_over=handed_over, requests=requests, prepared=prepared, said=said,
                handed=handed, prepared_now=prepared_now, removed=removed, mused=musing(request, context))


def entities_before(turn: Turn, steps: Sequence[str]) -> list[Entity]:
    """List entities named so far: earlier messages, the steps already taken, then what came back."""
    ctx = turn.context
    texts = [*turn.history, *steps, *turn.after]
    gone = {m.group(1).upper() for text in texts for m in _RENAMED.finditer(text)}  # an old name is no one now
    found: list[Entity] = []
    for source, text in enumerate(texts):
        text = re.split(r"\bNext(?:, if you like)?:", text)[0]  # hints name scenes nobody talked about
        asked = _RENAME_ASKED.search(text)
        new_name = asked.group("new").strip().upper() if asked else ""
        for entity in find_entities(text, characters=ctx.characters, locations=ctx.locations, props=ctx.props):
            if entity.text.upper() in gone or (asked and entity.text.upper() in new_name.split()):
                continue
            if asked and entity.text.lower() == asked.group("old").strip().lower():
                entity = Entity(entity.kind, new_name)  # "rename the pier to Harbour Wall, it's …": the new name
            gender = ctx.pronouns.get(entity.text) if entity.kind == "character" else None
            found.append(Entity(entity.kind, entity.text, source, gender))
    answered = who_answered(turn)
    if answered is not None:  # "who hands her the ticket?" "Mara …" — "note in her notes …": Mara, the one asked
        found.append(Entity("character", answered, len(texts), ctx.pronouns.get(answered)))
    return found


_WHO_ASKED = re.compile(r"\W*(?:so\s+|and\s+|ok\s+)?who(?:'s|’s)?\b", re.I)


def who_answered(turn: Turn) -> str | None:
    """Return the character that answers the film-maker's last "who …?" question (the answer's subject), else None.

    The question may be an earlier step of this very message ("who says 'not tonight'? give whoever that is a
    deeper voice"): its answer is then the result that came back this turn.
    """
    asked_now = next((step for step in reversed(turn.earlier) if _WHO_ASKED.match(step)), None)
    if asked_now is not None and turn.results:
        asked, answer = asked_now, turn.results[-1]
    elif turn.requests and _WHO_ASKED.match(turn.requests[-1]):
        asked = turn.requests[-1]
        at = max((i for i, text in enumerate(turn.history) if text == asked), default=None)
        answer = next((t for t in turn.history[at + 1:] if t.strip()), "") if at is not None else ""
    else:
        return None
    owned = re.search(r"\bis\s+([A-Z][A-Z'’ -]*[A-Z])['’]s\b", answer) or re.match(  # "The last line … is IDA's: …"
        r"\s*([A-Z][A-Z'’ -]*[A-Z]) says it\b", answer)  # "RUBEN says it (scene 3: …)"
    if owned and owned.group(1) in turn.context.characters:
        return owned.group(1)
    asked = asked.lower()  # "who hands mara the rope?": not Mara, whoever the quotes open on
    subjects = [m.group(1).upper() for said in re.findall(r"“([^”]+)”", answer)
                if (m := re.match(r"\W*([A-Za-z][\w'’-]*)", said))]
    return next((n for n in subjects if n in turn.context.characters and not re.search(rf"\b{re.escape(n.lower())}\b",
                                                                                         asked)), None)

_RENAME_ASKED = re.compile(r"\brename\s+(?:the\s+)?(?P<old>[\w' -]+?)\s+(?:location\s+|character\s+|prop\s+)?to\s+"
                           r"(?P<new>[A-Za-z0-9][\w' -]*?)\s*(?:$|[,.;!]|\s+and\b)", re.I)
"""A rename asked for in a step: later steps that say "it" mean the thing by its new name."""
