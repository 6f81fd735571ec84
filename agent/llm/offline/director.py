"""OfflineDirector: a deterministic LangChain chat model that acts through whatever tools it is bound to."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from pydantic import ConfigDict, Field, PrivateAttr

from agent.llm.offline.answer import ask_for_missing, clarify, closing_line, final_answer, is_error, small_talk
from agent.llm.offline.blank_page import as_blank_page
from agent.llm.offline.choose import CHOICE_FLOOR, Choice, ToolChooser
from agent.llm.offline.context import ProjectContext
from agent.llm.offline.conversation import (
    PREP_PREFIX,
    Turn,
    entities_before,
    gone_note,
    message_text,
    read_turn,
    renumber,
)
from agent.llm.offline.fill import Filled, fill_args
from agent.llm.offline.fill_names import Request, is_creating
from agent.llm.offline.guard import (
    allowed,
    cannot,
    echoes,
    handoff_allowed,
    reorder_of,
    scene_question,
    takes_scene,
    unresolved_ref,
    wants_a_change,
)
from agent.llm.offline.line_tags import line_step, spell_line_tag
from agent.llm.offline.musing import musing
from agent.llm.offline.names import match_names, named_newcomer
from agent.llm.offline.numbers import find_scene
from agent.llm.offline.paragraphs import asked_parts, protects_only_a_part, with_places
from agent.llm.offline.place_talk import place_it
from agent.llm.offline.pronouns import resolve_pronouns
from agent.llm.offline.proposals import tried_ideas
from agent.llm.offline.questions import (
    ABOUT,
    ENDS,
    FACT_WHERE,
    FIRST_SEEN,
    IS_IN,
    NOT_A_THING,
    SHEET,
    STORY_PAST,
    TOGETHER,
    WHETHER_ASKED,
    WHICH_SCENE,
    fact_detail,
    overview_asked,
    presence,
    scenes_asked,
    thing_asked,
)
from agent.llm.offline.recolour import recoloured, recolours
from agent.llm.offline.results import FOUND_SHOT, LOOKED_FOR_SHOT, asks, draft_limits, still_news
from agent.llm.offline.scoring import (
    FIT_CAP,
    FIT_WEIGHT,
    MISSING_PENALTY,
    NEAR_BEST,
    READ_PENALTY,
    creation_bonus,
    kind_fit,
    named_kinds,
    shot_fit,
    strong,
)
from agent.llm.offline.shot_calls import beyond_breakdown, shot_step
from agent.llm.offline.shots import name_found_shot, shot_query, shot_work, spell_shots
from agent.llm.offline.speech import commands, is_aside, says_what_it_means, speech_act
from agent.llm.offline.split_at import split_line
from agent.llm.offline.stage import heard, stage_direction
from agent.llm.offline.structure import (
    costume_statement,
    free_direction,
    not_in_scene,
    put_by_a_thing,
    statement_about,
    structural,
)
from agent.llm.offline.swaps import spelled_swaps
from agent.llm.offline.taken_out import removed_moment
from agent.llm.offline.toolspec import ToolSpec, tool_specs
from agent.llm.offline.transitions import where_to_ask
from agent.llm.offline.understand import recent_scene, told_for, understand_all
from agent.llm.offline.unknowns import (
    UNSAID,
    lacks,
    no_such,
    stranger,
    unknown_owner,
    unknown_relative,
    unknown_subject,
    unknown_thing,
)
from agent.llm.offline.written_in import writes_in
from agent.resolver.numbers import CAMERA_TALK, SHORT_SCENE, explicit_scene_numbers
from agent.shorthand import courtesy_dropped

__all__ = ["OfflineDirector"]


_IT_OBJECT = re.compile(r"\b(?!(?:make|add|keep|log|use|call|name)\b)([a-z]+)\s+(?:it|this one|that one)\b"
                        r"(?!\s+(?:a|an|as)\b)", re.I)
"""A command's object "it" ("give it some menace"), not "make it a prop" (a thing the sentence before named)."""


_ITS_PART = re.compile(r"\bits\s+(time(?:\s+of\s+day)?|heading|slugline|setting|tags?|ending|opening|length|runtime|"
                       r"versions?)\b", re.I)
"""A part of the scene the step before named ("and then set its time to dusk"): that scene's."""


def _one_scene(text: str) -> int | None:
    """Return the one scene a sentence names ("… scene 3 feels flat"), else None."""
    found = set(re.findall(r"\bscene\s+(\d+)\b", text, re.I))
    return int(found.pop()) if len(found) == 1 else None


_RENAMES_SOMEONE_SAID = re.compile(r"\b(?:call|rename|name|re-name)\s+(?:her|him|them)\b", re.I)
"""A rename of someone said as "her"/"him": whom it means was named before, and the specialist must be told."""


def _asked_words(clause: str, turn: Turn) -> str:
    """Return the words a question about the screenplay is read from.

    The film-maker's own words when the question is the whole request: "in the end" is not scene 6 here ...
    and as they said it when a thing was read as its scene: "the kettle in the hut — who fills it?" asks about
    the kettle, not "scene 4" (the request keeps its respelt names: "mrco" is Marco). A bare "which number?"
    after a sentence saying what is numbered is asked of that sentence.
    """
    if len(turn.clauses) == 1:
        said = courtesy_dropped(turn.said)  # "hey, the kettle in the hut — who fills it?": the question
        scened = said and len(re.findall(r"\bscene\s+\d", turn.request, re.I)) > len(
            re.findall(r"\bscene\s+\d", said, re.I))
        return said if scened else turn.request
    at = turn.clauses.index(clause) if clause in turn.clauses else -1
    before = turn.clauses[at - 1] if at > 0 else ""
    if before and len(clause.split()) <= 3 and speech_act(before) != "question":
        return f"{before.rstrip(' .!')}. {clause}"  # "… a number. which number?": read as one message is (questions)
    return clause


def _renamed_whom(clause: str, meant: str, context: ProjectContext) -> str:
    """Hand over "call her Edie" as whom it renames, when the sentence before named her."""
    return meant if _RENAMES_SOMEONE_SAID.search(clause) and match_names(meant, context.characters) else clause


_STORY_WORDS = re.compile(r"\b(?:logline|premise|outline|synopsis|pitch|title|description|note|card|caption|genre|"
                          r"tone|treatment|beats?(?!\s+(?:of\s+(?:silence|quiet|stillness|nothing)|(?:right\s+|just\s+)?"
                          r"(?:before|after|where|when|while|as)\b)))\b", re.I)
"""What a dictated text is for ("set the logline: a girl chases …"): never an action to place in a scene ("a beat
of silence before the bell rings" is one)."""


def _action_without_scene(clause: str, turn: Turn) -> bool:
    """Tell whether a command is something someone does on screen with no scene said or in view."""
    in_view = any(r.status == "resolved" for r in turn.context.refs) or recent_scene(turn) is not None or (
        turn.context.target_scene is not None)
    return (find_scene(clause) is None and unresolved_ref(clause, turn.context) is None and not in_view
            and not _STORY_WORDS.search(clause) and stage_direction(clause, turn.context.characters) is not None
            and statement_about(clause, turn.context) is None)


_GO_TO_BRANCH = re.compile(r"\b(?:go|hop|jump|switch|move|take\s+me|bring\s+me|head|return|get\s+me|open|load|"
                           r"check\s*out|back|over)\b", re.I)
_MAKE_BRANCH = re.compile(r"\b(?:make|create|new|start|fork|branch\s+off|try|spin\s+off|set\s+up|copy|called|named)\b",
                          re.I)


def _branch_not_there(tool: str, args: dict[str, Any], clause: str, context: ProjectContext) -> str | None:
    """Say so when a request goes to a branch there is none of, or makes one that exists (nothing is written).

    Only when the context lists the branches; "go to the alt branch" never makes one up.
    """
    if tool not in ("switch_branch", "create_branch") or not context.branches:
        return None
    name = str(args.get("branch_name") or args.get("name") or "").strip()
    known = {b.lower(): b for b in context.branches}
    listed = ", ".join(context.branches)
    if not name:
        return None
    if name.lower() not in known and (tool == "switch_branch" or (
            _GO_TO_BRANCH.search(clause) and not _MAKE_BRANCH.search(clause))):
        return (f"There's no branch called “{name}”: the branches are {listed}. Nothing changed; say “make a branch "
                f"called {name}” to start one.")
    here = context.branch.lower() == name.lower()
    if tool == "create_branch" and name.lower() in known and (here or not _GO_TO_BRANCH.search(clause)):
        return (f"There's already a branch called “{known[name.lower()]}”"
                f"{' and the screenplay is on it' if here else f'; say “switch to {known[name.lower()]}” to go to it'}."
                " Nothing changed.")
    return None


def _branch_gone_to(tool: str, args: dict[str, Any], clause: str, context: ProjectContext) -> str | None:
    """Return the branch a request goes to when it was read as making one ("open the alt branch" when alt exists)."""
    name = str(args.get("branch_name") or args.get("name") or "").strip().lower()
    known = {b.lower(): b for b in context.branches}
    if tool != "create_branch" or name not in known or context.branch.lower() == name:
        return None
    return known[name] if _GO_TO_BRANCH.search(clause) and not _MAKE_BRANCH.search(clause) else None


def _not_there(clause: str, act: str, turn: Turn) -> _Decision | None:
    """Say what a request names that the film lacks: a thing not in its scene, or a scene there is none of.

    "in the lighthouse scene, …" when there is no lighthouse: say so, and offer the scenes there are.
    """
    missing = not_in_scene(clause, turn) if act == "command" else None
    if missing is not None:
        return _Decision(text=missing)
    nowhere = unresolved_ref(clause, turn.context)
    if nowhere is None or nowhere.status != "none" or not (act == "command" or wants_a_change(clause) or (
            act == "question" and re.search(r"\b(?:scene|sequence|bit)\b", nowhere.phrase, re.I))):
        return None
    question = scene_question(nowhere, clause, turn.context.scene_count)
    return _Decision(text=question.text, options=question.options)


def _implied_scene(context: ProjectContext) -> int | None:
    """Return the one scene an action's own words place it in ("ida stamps the claim form"), else None."""
    implied = context.implied
    return implied.scene if implied is not None and implied.status == "resolved" else None


def _put_by_a_thing(clause: str, meant: str, turn: Turn) -> str | None:
    """Spell "stand a tin mug by the wheel" (no scene said) with the scene its place is in, when one scene has it.

    With no such scene the clause goes as said: the prop's specialist asks which scene.
    """
    if not put_by_a_thing(meant) or find_scene(meant) is not None or unresolved_ref(meant, turn.context) is not None:
        return None
    placed = _implied_scene(turn.context)
    return f"{clause.rstrip(' .!?')} in scene {placed}" if placed is not None else clause


def _where_it_happens(clause: str, context: ProjectContext) -> _Decision | None:
    """Ask which scene an action belongs in ("ida should sigh when she reads the form"), offering the scenes."""
    action = stage_direction(clause, context.characters)
    count = context.scene_count or len(context.scenes)
    if action is None or not count:
        return None
    who = [n for n in context.characters if re.search(rf"\b{re.escape(n)}\b", action.line, re.I)]
    shown = [s for s in context.scenes if not who or (s.content and re.search(
        rf"\b{re.escape(who[0])}\b", s.content, re.I))] or list(context.scenes)
    offered = [o for ref in (context.implied, *context.refs) if ref is not None for o in ref.options]
    labels = ([f"{s.number} · {s.heading}" for s in shown] or list(dict.fromkeys(offered))
              or [f"Scene {n}" for n in range(1, count + 1)])
    if len(labels) > 8:
        return _Decision(text=f"Which scene should this happen in (“{action.line}”)? Say e.g. 'in scene 3, …' "
                              f"(scenes 1-{count}).")
    numbers = [re.sub(r"\D*(\d+).*", r"\1", label) for label in labels]
    options = tuple({"label": label, "request": f"in scene {n}, {clause}"} for label, n in zip(labels, numbers,
                                                                                             strict=True))
    return _Decision(text=f"Which scene should this happen in (“{action.line}”)? {'; '.join(labels)}.",
                     options=options)


_OPENS_WITH_HELLO = re.compile(r"^\W*(?:hi|hello|hey|hiya|howdy|yo|morning|evening|afternoon|good\s+(?:morning|"
                               r"afternoon|evening))\b[\s,!.]", re.I)
"""A message that opens with a greeting: when nothing in it asks for anything, the greeting is answered."""


def _placed_it(clause: str, meant: str, context: ProjectContext) -> tuple[str, str]:
    """Read "…, and it's an interior" whose "it" named a place as that place's setting (clause and meaning both)."""
    known = meant != clause and any(n.lower() in meant.lower() for n in context.locations)
    placed = place_it(meant, context.locations) if known else meant
    return (placed, placed) if placed != meant else (clause, meant)


@dataclass(frozen=True)
class _Decision:
    """Either a tool call or words (a question may offer options, each a complete request)."""

    tool: ToolSpec | None = None
    args: dict[str, Any] | None = None
    text: str = ""
    options: tuple[dict[str, str], ...] = ()
    prep: bool = False
    """A call that gets the next step ready (its result is not a step of the request)."""
    missing: tuple[str, ...] = ()
    """When asking: the arguments the request did not give."""
    known: dict[str, Any] | None = None
    """When asking: the arguments it did give."""


def _about_a_thing(clause: str, context: ProjectContext) -> str | None:
    """Return the name a question about one thing asks after ("describe the office", "what does Ida look like?")."""
    thing = thing_asked(clause, context)
    if thing is not None:
        return thing
    about = ABOUT.search(clause)
    if about is None:
        return None
    said = next(g for g in about.groups() if g).strip()
    if said.lower() in NOT_A_THING or re.search(r"\bscene\b|\bshot\b", said, re.I):
        return None
    known = match_names(said, context.all_names())
    return known[0] if known else said


def _only_version(tool: ToolSpec, filled: Filled, context: ProjectContext) -> str | None:
    """Say so when a scene asked back to an earlier version has only its first one, else None."""
    number = filled.args.get("scene_number")
    if "version" not in filled.missing or "version" not in tool.properties() or not isinstance(number, int):
        return None
    scene = context.scene(number)
    if scene is None or scene.version != 1:
        return None
    return (f"Scene {number} has only its first version: there is no earlier text to bring back. Nothing changed. "
            "Did you mean another scene?")


_WRITTEN = ("content", "body", "text", "heading", "beats", "logline", "premise", "branch_name", "style", "notes",
            "description")


def _written(args: dict[str, Any], tool: ToolSpec) -> dict[str, Any]:
    """Return the arguments that become text in the project (names of new things included)."""
    out = {k: v for k, v in args.items() if k in _WRITTEN}
    if tool.name.startswith(("revise_", "update_")) or "costume" in tool.name:
        out.pop("description", None)  # a revision folds the film-maker's own words in; a costume is as they said it
    if is_creating(tool.name) and "name" in args:
        out["name"] = args["name"]
    return out


_PRONOUNS = frozenset("he him his she her they them their it its".split())


_REWRITES = re.compile(r"^\W*(?:(?:please|pls|can\s+you|could\s+you)\s+)?(?:re-?write|re-?do|re-?work|redraft|polish|"
                       r"tighten|trim|punch\s+up)\b", re.I)
"""A command that starts by rewriting: whatever else its words name, a scene is what changes."""


def _without_refs(clause: str, context: ProjectContext) -> str:
    """Return the clause without its scene descriptions: "the bridge scene" names a scene, not the bridge."""
    for ref in context.refs:
        if ref.phrase and not re.search(r"\d", ref.phrase):
            clause = re.sub(re.escape(ref.phrase), " ", clause, flags=re.IGNORECASE)
    return clause


def _gist(text: str, names: set[str]) -> frozenset[str]:
    """Return a step's words without pronouns and names, to tell whether a clause was handed over already."""
    words = {w.strip("'’").removesuffix("'s") for w in re.findall(r"[a-z0-9'’]+", text.lower())}
    return frozenset(w for w in words if w and w not in _PRONOUNS and w not in names and w != "and")


def _unnumbered(gist: frozenset[str]) -> frozenset[str]:
    """Return a step's words without its numbers (a description read again after the step may name another)."""
    return frozenset(w for w in gist if not w.isdigit())


class OfflineDirector(BaseChatModel):
    """Pick among the bound tools by meaning, fill their arguments, and answer from their results.

    Same messages in, same message out. Specialists get one tool call per clause of the request
    ("add a villain and put her in scene 4" is two calls), then a final answer built from the
    tool results. A supervisor (bound to ``transfer_to_*`` handoffs) hands each run of clauses to
    one specialist, then closes with a short line. Below the similarity floor it asks instead.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    bound_tools: tuple[Any, ...] = Field(default=(), description="Tools passed to bind_tools, as given.")
    tool_choice: Any = Field(default=None, description="'auto', 'any'/'required', a tool name, or None.")
    floor: float = Field(default=CHOICE_FLOOR, description="Lowest cosine that still counts as a match.")
    embedder: Any = Field(default=None, exclude=True, description="Embedder; the local MiniLM when None.")
    _specs: tuple[ToolSpec, ...] | None = PrivateAttr(default=None)

    @property
    def _llm_type(self) -> str:
        return "offline-director"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": "offline-director", "tools": [s.name for s in self.specs]}

    @property
    def specs(self) -> tuple[ToolSpec, ...]:
        """Return the bound tools as the director reads them."""
        if self._specs is None:
            self._specs = tool_specs(self.bound_tools)
        return self._specs

    def bind_tools(
        self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Return a new director bound to these tools (the tool objects are kept as given)."""
        bound = self.model_copy(update={"bound_tools": tuple(tools), "tool_choice": tool_choice})
        bound._specs = None  # model_copy carries private attributes over; these tools are new
        return bound

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self.respond(messages))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        # One chunk carries the whole message, tool calls included, so nothing is lost when merged.
        message = self.respond(messages)
        chunk = AIMessageChunk(
            content=message.content,
            tool_call_chunks=[
                {"name": c["name"], "args": json.dumps(c["args"]), "id": c["id"], "index": i, "type": "tool_call_chunk"}
                for i, c in enumerate(message.tool_calls)
            ],
            usage_metadata=message.usage_metadata,
            response_metadata=message.response_metadata,
        )
        if run_manager and isinstance(message.content, str) and message.content:
            run_manager.on_llm_new_token(message.content, chunk=ChatGenerationChunk(message=chunk))
        yield ChatGenerationChunk(message=chunk)

    # --- the decision -------------------------------------------------------------------------

    def respond(self, messages: Sequence[BaseMessage]) -> AIMessage:
        """Decide the next message for this conversation (a tool call or words)."""
        specs = self.specs
        supervisor = any(s.is_handoff for s in specs)
        turn = read_turn(messages, tool_names=[s.name for s in specs], supervisor=supervisor)
        understood: list[str] = []
        read: list[str] = []  # every sentence as understood, the ones that only set up a command's "it" too
        setup = False
        turn.clauses = tried_ideas(turn.clauses, turn.context.characters)  # "what if …? Give it a go."
        turn.clauses = as_blank_page(turn.clauses)  # "scrap the whole script, start on an empty page": one step
        turn.clauses = spelled_swaps(turn.clauses, turn.context)  # "end on X, not Y. flip those two"
        turn.clauses = recoloured(turn.clauses, turn.context)  # "make the rope in scene 2 blue"
        if turn.mused is not None and protects_only_a_part(turn.request, turn.context.characters):
            turn.mused = None  # "… could Ida be warmer? I love the ending, don't touch that": one thing kept
        turn.clauses = asked_parts(turn.clauses, turn.context)  # paragraphs.py: the story told, then the ask
        turn.clauses, turn.context = with_places(turn.context, turn.clauses)
        for i, clause in enumerate(turn.clauses):
            turn.earlier = list(read)
            # "… plays fine without the claim scene. Cut it.": the first says what "it" is; the step is "cut it"
            set_up, setup = setup, i + 1 < len(turn.clauses) and says_what_it_means(clause, turn.clauses[i + 1])
            for step in (spell_shots(clause, turn, understood) or spell_line_tag(clause, turn)  # shots.py first
                         or understand_all(clause, turn)):
                while understood and told_for(step, understood[-1]):
                    understood.pop()  # "The art team dug up a flask. Log that as a prop": one step
                if i and set_up and (scene := _one_scene(read[-1])) is not None:
                    step = _IT_OBJECT.sub(rf"\1 scene {scene}", step, count=1)  # "… feels flat. give it menace"
                if understood and _one_scene(step) is None and (scene := _one_scene(understood[-1])) is not None:
                    step = _ITS_PART.sub(rf"scene {scene}'s \1", step, count=1)  # "tag 3 fog, set its time to dusk"
                read.append(step)
                if setup:
                    continue
                understood.append(step)
                if supervisor and not turn.after:  # nothing ran yet: later steps see the order these leave
                    turn.moved = reorder_of(step, turn.moved, turn.context.scene_count)
        turn.clauses = understood
        if not supervisor:
            turn.clauses = [c for clause in turn.clauses for c in self._each_candidate(clause, turn)]
        decision = self._supervise(turn) if supervisor else self._specialise(turn)
        return self._message(messages, turn, decision)

    def _each_candidate(self, clause: str, turn: Turn) -> list[str]:
        """A question about an ambiguous scene is answered for each candidate (a look costs nothing)."""
        ref = unresolved_ref(clause, turn.context)
        if ref is None or ref.status != "ambiguous" or speech_act(clause) != "question" or IS_IN.match(clause):
            return [clause]  # "is Oskar in either of the harbour scenes?" is one answer about both
        numbers = [o.split("·", 1)[0].strip() for o in ref.options[:3]]
        return [re.sub(re.escape(ref.phrase), f"scene {n}", clause, count=1, flags=re.IGNORECASE)
                for n in numbers if n.isdigit()] or [clause]

    def _specialise(self, turn: Turn) -> _Decision:
        done = len(turn.results)
        if any(is_error(r) for r in turn.results) or (done >= len(turn.clauses) and turn.results):
            return _Decision(text=final_answer([*still_news(turn.prepared), *turn.results]) + draft_limits(turn))
        if not turn.clauses:
            return _Decision(text="What would you like to do?")
        if not self.specs:
            return _Decision(text=clarify(turn.request, ()))
        gone = gone_note(turn.clauses[done], turn.removed)
        if gone is not None:
            return _Decision(text=f"{final_answer(turn.results)}\n{gone}" if turn.results else gone)
        said = renumber(turn.clauses[done], turn.removed)[0]  # a scene an earlier step deleted moved the rest up
        if (shot := shot_step(said, turn, self.specs)) is not None:  # shots.py: a shot by number or what it shows
            return _Decision(**shot)
        if (line := line_step(said, turn, self.specs)) is not None:  # line_tags.py: a line by what it says
            return _Decision(**line)
        clause = resolve_pronouns(said, entities_before(turn, turn.clauses[:done]))
        located = FOUND_SHOT.match(turn.prepared_now[-1]) if turn.prepared_now else None
        if located:  # a shot named by description was looked up just now: it is that shot
            clause = name_found_shot(clause, int(located.group(1)), int(located.group(2)))
        decision = self._prepared(self._decide(clause, turn), turn)
        finder = next((s for s in self.specs if s.name == "find_shot"), None)
        looked = [r for r in turn.prepared_now if LOOKED_FOR_SHOT.match(r)]
        if looked and not located and decision.tool is None:
            return _Decision(text=looked[-1])  # the shot could not be told apart: say so (it asks which, or lists them)
        scene = (decision.known or {}).get("scene_number")
        asks_shot = decision.tool is None and decision.missing == ("shot_number",)
        query = shot_query(clause)  # shots.py: what the shot shows, not the whole request
        if finder is not None and asks_shot and not looked and scene and query:
            return (self._broken_down_first(int(scene), turn)  # no shots to look through yet
                    or _Decision(tool=finder, args={"scene_number": scene, "query": query}, prep=True))
        if decision.tool is None and turn.results:
            return _Decision(text=f"{final_answer(turn.results)}\n{decision.text}", options=decision.options)
        return decision

    def _prepared(self, decision: _Decision, turn: Turn) -> _Decision:
        """Get a step ready: the shots a shot-level change needs, or a first cut for a transition.

        A scene a shot-level change names with no shots yet is broken into shots first; a transition asked for
        with nothing on the timeline gets a first cut assembled.
        """
        args = decision.args or {}
        tool = decision.tool
        assembler = next((s for s in self.specs if s.name == "assemble_timeline"), None)
        placed = any(k in args for k in ("position", "into_scene")) or args.get("transition") in ("fade-in", "fade-out")
        if (tool is not None and "transition" in tool.properties() and placed and turn.context.clips == 0
                and assembler is not None and not turn.prepared):
            return _Decision(tool=assembler, args={}, prep=True)  # a transition needs a cut to sit in: a first one
        if tool is None or "scene_number" not in args:
            return decision
        shot_level = any(p in ("shot_number", "shot", "shot_no", "shot_index") for p in tool.properties())
        if not shot_level and not re.search(r"stills|storyboard", tool.name):  # a scene's stills need its shots too
            return decision
        beyond = beyond_breakdown(turn.context.scene(int(args["scene_number"])), args.get("shot_number"))
        if beyond is not None and not turn.prepared:
            return _Decision(text=beyond)  # shot 9 of a scene that would break into 5: nothing is broken
        return self._broken_down_first(int(args["scene_number"]), turn) or decision

    def _broken_down_first(self, number: int, turn: Turn) -> _Decision | None:
        """Return the breakdown a scene shown with no shots needs before its shots are used, else None."""
        scene = turn.context.scene(number)
        breaker = next((s for s in self.specs if s.name == "break_scene_into_shots"), None)
        if scene is None or scene.shots != 0 or breaker is None or turn.prepared:
            return None
        return _Decision(tool=breaker, args={"scene_number": scene.number}, prep=True)

    def _supervise(self, turn: Turn) -> _Decision:
        """Hand each step to its specialist in order; then close, naming any part that was not done."""
        plan = self._plan(turn, skip=turn.handed)
        steps = [(tool, clause) for tool, clause in plan if tool is not None]
        unsure = [clause for tool, clause in plan if tool is None]
        asked = any(asks(r) for r in turn.results)
        if len(turn.handed) >= len(turn.clauses):
            steps, unsure = [], []  # every clause has had its step (said its way: "move scene 5 to position 6");
            # never hand the same work over again, nor ask about it as it reads now ("scene 6 should be scene 6")
        if steps and not asked:
            tool, clause = steps[0]
            clause = resolve_pronouns(clause, entities_before(turn, turn.handed))
            if tool.is_handoff:
                return _Decision(tool=tool, args=self._handoff_args(tool, clause))
            return self._decide(clause, turn)
        if not steps and not turn.results:
            return _Decision(text=" ".join(self._unsure(c, turn) for c in unsure[:2])
                             or clarify("", self.specs))
        failed = any(is_error(r) or r.lower().startswith("i couldn't") for r in turn.results)
        questions = all(speech_act(c) != "command" for c in turn.clauses)
        text = closing_line(turn.context, failed=failed, asked=asked or questions or bool(unsure))
        left = [c for _, c in steps] if asked else []
        if left:
            text = f"Once that's settled, ask me again for: {'; '.join(f'“{c}”' for c in left)}."
        if unsure:
            text = " ".join([text, *(self._unsure(c, turn) for c in unsure[:2])]).strip()
        return _Decision(text=text)

    def _hearing_writer(self, clause: str, act: str, turn: Turn) -> ToolSpec | None:
        """Return the writer for a sound added to a named scene (a line the scene's text hears), else None."""
        named = explicit_scene_numbers(clause, turn.context.scene_count or 0) or any(
            r.status == "resolved" for r in turn.context.refs)
        if act != "command" or not heard(clause) or not named:
            return None
        return next((s for s in self.specs if "rewrite_scene" in s.targets), None)

    def _unsure(self, clause: str, turn: Turn) -> str:
        return gone_note(clause, turn.removed) or self._words_for(clause, turn.context).text

    def _words_for(self, clause: str, context: ProjectContext | None = None) -> _Decision:
        """Answer a clause no tool should act on: small talk, a name nobody has, or a question about what was meant."""
        mused = musing(clause, context) if context is not None else None
        if mused is not None:
            return _Decision(text=mused)
        act = speech_act(clause)
        if act in ("social", "empty"):
            return _Decision(text=small_talk(clause))
        impossible = cannot(clause)
        if impossible is not None:
            return _Decision(text=impossible)
        nobody = stranger(clause, context) if context is not None else None
        if nobody is not None:
            return _Decision(text=nobody)
        lacking = lacks(clause, act, context) if context is not None else None
        if lacking is not None and context is not None:
            return _Decision(text=no_such(lacking, context))
        thing = unknown_thing(clause, context) if context is not None else None
        if thing is not None and context is not None:
            known = "; ".join(f"{label}: {', '.join(names[:8])}" for label, names in (
                ("locations", context.locations), ("props", context.props)) if names)
            return _Decision(text=f"There is no location or prop called {thing.upper()} ({known}). Shall I add "
                                  f"{thing} as a new one, or did you mean one of those?")
        ref = unresolved_ref(clause, context) if context is not None and act == "command" else None
        if ref is not None and context is not None:  # not sure what to do, and not sure which scene: ask that first
            question = scene_question(ref, clause, context.scene_count)
            return _Decision(text=question.text, options=question.options)
        where = _where_it_happens(clause, context) if context is not None and act == "command" else None
        return where or _Decision(text=clarify(clause, self.specs))

    def _plan(self, turn: Turn, *, skip: Sequence[str] = ()) -> list[tuple[ToolSpec | None, str]]:
        """Group consecutive clauses that go to the same specialist into one handoff task.

        Clauses already handed over this turn (``skip``) are left out: the project changed since, and
        planning them again could regroup or reroute what is done.
        """
        if turn.mused is not None:
            return [(None, turn.request)]  # "what if ...? don't change anything": an idea, answered in words
        plan: list[tuple[ToolSpec | None, str]] = []
        clauses = [c for c in turn.clauses if speech_act(c) not in ("social", "empty")] or turn.clauses[:1]
        names = {w.lower() for n in turn.context.all_names() for w in n.split()}
        taken = [_gist(task, names) for task in skip]
        reader = next((s for s in self.specs if "project_overview" in s.targets), None)  # answers from the text
        steps = [_unnumbered(_gist(step, names)) for task in skip for step in task.split("; ")]
        for i, clause in enumerate(clauses):
            gist = _gist(clause, names)
            if any(gist <= task for task in taken) or (
                    i < len(taken) and _unnumbered(gist) <= _unnumbered(taken[i])) or (
                    i < len(steps) and steps[i] and steps[i] <= _unnumbered(gist)):
                continue  # handed over already (pronouns and names aside: "put him in" was "put LEN in"; the
                # same step whose description now fits another scene: "the pier at night" after it became dusk,
                # or no scene any more: "the pier at first light → dusk" went as "scene 5 → dusk")
            if len(clauses) > 1 and is_aside(clause, turn.context.all_names()):
                continue  # "my editor starts monday" beside a request says why, it asks for nothing
            if gone_note(clause, turn.removed):
                plan.append((None, clause))  # its scene was deleted by an earlier step: say so
                continue
            clause = renumber(clause, turn.removed)[0]  # numbered as the film-maker saw the screenplay
            clause = named_newcomer(clause, turn.context.all_names()) or clause  # "there's a new character, bo, …"
            act = speech_act(clause)
            if act == "question" and reader is not None and WHETHER_ASKED.match(clause):
                plan.append((reader, clause))  # "is it snowing on the pier?": whether the screenplay says so
                continue
            if UNSAID.search(clause) or unknown_owner(clause, turn.context) or (
                    unknown_subject(clause, turn.context)) or (
                    act == "command" and unknown_relative(clause, turn.context.characters, leading=True)) or (
                    lacks(clause, act, turn.context) and not writes_in(clause)) or (
                    act == "command" and (unknown_thing(clause, turn.context) or cannot(clause))):
                plan.append((None, clause))  # "the change we agreed on", "the silo should look older": ask
                continue
            writer = next((s for s in self.specs if "rewrite_scene" in s.targets), None)
            ending = act == "question" and ENDS.search(clause) and find_scene(clause) is None  # the last scene, shown
            rewritten = ending or _REWRITES.match(clause) and not CAMERA_TALK.search(clause) and not re.search(
                r"\bshots?\b", clause, re.I) and (unresolved_ref(clause, turn.context) is not None or find_scene(clause)
                                                  is not None)
            if writer is not None and (recolours(clause) or removed_moment(clause) or rewritten):
                plan.append((writer, clause))  # "trim the bridge scene where juno is alone": a scene changes; "make
                continue  # the rope in scene 2 blue", "lose the whole stretch where …": its words do
            meant = resolve_pronouns(clause, entities_before(turn, clauses[:i]))  # "describe it as ..." names it
            clause, meant = _placed_it(clause, meant, turn.context)
            clause = _renamed_whom(clause, meant, turn.context)
            statement = statement_about(meant, turn.context) if act == "command" else None
            shaped = ((costume_statement(meant, turn.context) if act == "command" else None)
                      or structural(meant, act, turn) or (structural(clause, act, turn) if meant != clause else None)
                      or (statement[0] if statement else None)  # "slow it down": the words as said keep their shape
                      or shot_work(clause))  # shots.py: "a note for the shot in which ..." is the cinematographer's
            designer = (next((s for s in self.specs if shaped and shaped in s.targets), None)
                        or self._hearing_writer(meant, act, turn))  # "add the sound of gulls to scene 2"
            if designer is None and act == "command" and (placed := self._placed_step(clause, meant, turn)):
                plan.append(placed)  # a thing put by something a scene shows, or an action: in the scene it fits
                continue
            if designer is not None:
                plan.append((designer, clause))  # the shape of the command names its specialist
                continue
            named = bool(match_names(_without_refs(clause, turn.context), turn.context.all_names()))
            scene = unresolved_ref(clause, turn.context) is not None
            ranked = [c for c in self._rank(clause, turn)
                      if (handoff_allowed(c.tool, clause, act, names_entity=named, names_scene=scene)
                          if c.tool.is_handoff else allowed(c.tool, clause, act))]
            tool = ranked[0].tool if ranked and (ranked[0].score >= self.floor or self._forced()) else None
            if tool is None and act == "question":
                tool = next((c.tool for c in ranked), None)  # any specialist with read-only tools can answer
            if tool is None and free_direction(meant, act, turn):
                tool = next((s for s in self.specs if "rewrite_scene" in s.targets), None)
            if tool is None:
                plan.append((None, clause))
                continue
            if tool.is_handoff and plan and plan[-1][0] is tool:
                plan[-1] = (tool, f"{plan[-1][1]}; {clause}")  # a semicolon: each step stays its own
            else:
                plan.append((tool, clause))
        return plan

    def _placed_step(self, clause: str, meant: str, turn: Turn) -> tuple[ToolSpec | None, str] | None:
        """Return the step for a command that says no scene but happens in one its words fit, else None.

        "stand a tin mug by the wheel" goes in the scene its words fit best (asked when none leads clearly); "ida stamps
        the claim form" happens in the scene with the form in it, written by the writer (asked when none fits).
        """
        by_thing = _put_by_a_thing(clause, meant, turn)
        if by_thing:
            return next((s for s in self.specs if "put_prop_in_scene" in s.targets), None), by_thing
        if not _action_without_scene(meant, turn):
            return None
        placed = _implied_scene(turn.context)
        if placed is None:
            return None, clause  # an action with no scene to happen in is asked about
        writer = next((s for s in self.specs if "rewrite_scene" in s.targets), None)
        return writer, f"in scene {placed}, {clause}"

    def _handoff_args(self, tool: ToolSpec, clause: str) -> dict[str, Any]:
        props = tool.properties()
        key = next((k for k in ("task", "request", "instructions", "message") if k in props), None)
        return {key: clause} if key else {}

    def _forced(self) -> bool:
        return self.tool_choice in ("any", "required", True) or isinstance(self.tool_choice, dict)

    def _forced_tool(self) -> ToolSpec | None:
        choice = self.tool_choice
        if isinstance(choice, dict):
            choice = choice.get("function", {}).get("name") or choice.get("name")
        if isinstance(choice, str) and choice not in ("auto", "any", "required", "none"):
            return next((s for s in self.specs if s.name == choice), None)
        return None

    def _rank(self, clause: str, turn: Turn) -> list[Choice]:
        chooser = ToolChooser(self.specs, self._embedder())
        return chooser.rank(clause, names=turn.context.characters)

    def _embedder(self) -> Any:
        if self.embedder is not None:
            return self.embedder
        # Deferred: the embedding model loads only when a request is embedded.
        from agent.index.embeddings import get_local_embedder

        return get_local_embedder()

    def _decide(self, clause: str, turn: Turn) -> _Decision:
        entities = entities_before(turn, turn.clauses)
        characters = tuple(dict.fromkeys([*turn.context.characters,
                                          *(e.text for e in entities if e.kind == "character")]))
        request = Request(clause=clause, context=turn.context, characters=characters,
                          recent_scene=recent_scene(turn))
        act = speech_act(clause)
        words = small_talk(clause) if act in ("social", "empty") else cannot(clause) if act == "command" else None
        words = turn.mused or words
        if words is not None:  # thanks and hellos, ideas, and what no tool does, are answered in words
            return _Decision(text=words)
        forced = self._forced_tool()
        if forced is not None:
            return self._call_or_ask(forced, fill_args(forced, request), turn, clause)
        statement = statement_about(clause, turn.context) if act == "command" else None
        absent = _not_there(clause, act, turn)
        if absent is not None:
            return absent
        shaped = ((costume_statement(clause, turn.context) if act == "command" else None)
                  or structural(clause, act, turn) or (statement[0] if statement else None)
                  or (shot_work(clause) if act == "command" else None))  # "a still of the kettle": one shot's
        revise = next((s for s in self.specs if shaped and s.name == shaped), None)
        if revise is not None:
            return self._call_or_ask(revise, fill_args(revise, request), turn, clause)
        ranked = [c for c in self._rank(clause, turn) if allowed(c.tool, clause, act)]
        if act == "question":
            answer = self._answer(clause, turn, request, ranked)
            if answer is not None:
                return answer
        if act == "command":
            if unresolved_ref(clause, turn.context) is not None:
                ranked = [c for c in ranked if c.tool.name != "find_scene"]  # the graph already looked: ask instead
            # A command whose words fit a change: prefer the change over a look-up that scores about the same,
            # and drop look-ups altogether when nothing in the words asks to look.
            if wants_a_change(clause) and any(not c.tool.read_only for c in ranked):
                ranked = [c for c in ranked if not c.tool.read_only]
            ranked = [Choice(c.tool, c.score - (READ_PENALTY if c.tool.read_only else 0.0)) for c in ranked]
        kinds = named_kinds(clause, turn, entities)
        ranked = sorted((Choice(c.tool, c.score + shot_fit(clause, c.tool) + strong(act, clause, c.tool)
                                + kind_fit(c.tool, kinds)) for c in ranked), key=lambda c: -c.score)
        best: tuple[float, ToolSpec, Filled] | None = None
        for choice in ranked:
            if choice.score < ranked[0].score - NEAR_BEST:
                break
            filled = fill_args(choice.tool, request)
            # Prefer the tool that uses more of what the person actually said.
            fit = min(filled.explicit + filled.strong, FIT_CAP)
            total = choice.score + FIT_WEIGHT * fit + creation_bonus(clause, choice.tool)
            total -= MISSING_PENALTY if filled.missing else 0.0
            if best is None or total > best[0] + 1e-9:
                best = (total, choice.tool, filled)
        if best is None or (best[0] < self.floor and not self._forced()):
            rewrite = next((s for s in self.specs if s.name == "rewrite_scene"), None)
            if rewrite is not None and free_direction(clause, act, turn):
                return self._call_or_ask(rewrite, fill_args(rewrite, request), turn, clause)
            return self._unplaced(clause, act, turn)
        return self._call_or_ask(best[1], best[2], turn, clause)

    def _answer(self, clause: str, turn: Turn, request: Request, ranked: list[Choice]) -> _Decision | None:
        """Pick the read-only answer to a question: which scene, about a name, a topic of the overview, history."""
        named = {s.name: s for s in self.specs}
        overview, finder, history = named.get("project_overview"), named.get("find_scene"), named.get("show_history")
        shower, count = named.get("show_scene"), turn.context.scene_count
        if overview is not None and SHEET.search(clause) and "topic" in overview.properties():
            return self._call_or_ask(overview, fill_args(overview, request), turn, clause)  # the breakdown sheet
        end = ENDS.search(clause)
        if shower is not None and count and end and find_scene(clause) is None:  # how the film opens or closes
            opening = end.group("start") or end.group("start2")
            return _Decision(tool=shower, args={"scene_number": 1 if opening else count})
        present = presence(clause, turn.context)
        if present is not None:
            return _Decision(text=present)
        pair = match_names(clause, turn.context.characters)
        if finder is not None and len(pair) >= 2 and TOGETHER.search(clause):  # "does Ruben ever meet Juno?"
            return _Decision(tool=finder, args={"query": "the scene with " + " and ".join(p.title() for p in pair)})
        who = match_names(clause, turn.context.all_names())
        if overview is not None and who and FIRST_SEEN.search(clause):  # "when does Juno first appear?"
            return _Decision(tool=overview, args={"topic": "cast", "name": who[0]})
        settled = overview_asked(clause, turn.context) if overview is not None else None
        if settled is not None:  # the setting, the title, the branch, the music
            return _Decision(tool=overview, args=settled)
        counted = self._counted(clause, turn, named) if overview is not None else None
        if counted is not None:
            return counted
        where_put = FACT_WHERE.match(clause)  # "where does she hide the key?" asks for a place, not a scene
        past = STORY_PAST.match(clause)  # "when did she lose the lamp?": a time in the story, not a scene
        if finder is not None and WHICH_SCENE.match(clause) and find_scene(clause) is None and not (where_put or past):
            return _Decision(tool=finder, args={"query": WHICH_SCENE.sub("", clause).strip(" ?.") or clause})
        if overview is None:
            return None
        about = _about_a_thing(clause, turn.context) if "name" in overview.properties() else None
        if about is not None:
            return _Decision(tool=overview, args={"topic": "cast", "name": about})
        filled = fill_args(overview, request)
        topic = filled.args.get("topic")
        named_scene = find_scene(clause) is not None
        asked = _asked_words(clause, turn)
        detail = fact_detail(asked, topic, turn.context.characters) if "detail" in overview.properties() else None
        if detail:  # "what's kept in the shed?": the screenplay's own words answer it
            scene = {k: v for k, v in filled.args.items() if k == "scene_number" and find_scene(asked) is not None}
            return _Decision(tool=overview, args={"topic": "details", "detail": detail, **scene})
        if topic == "history" and history is not None and not named_scene:
            return _Decision(tool=history, args={})
        weak = not ranked or ranked[0].score < self.floor
        per_scene = topic in ("cast", "runtime", "dialogue", "heading", "details")  # "who is in scene 3?"
        if weak or (topic not in (None, "overview", "history") and (not named_scene or per_scene)):
            return self._call_or_ask(overview, filled, turn, clause)
        return None

    def _unplaced(self, clause: str, act: str, turn: Turn) -> _Decision:
        """Ask about a request no tool fits: which scene first when it names one ambiguously, else what to do.

        "add birdsong to the dawn scene" with two scenes at dawn asks which; the answer places it.
        """
        ref = unresolved_ref(clause, turn.context) if act == "command" else None
        if ref is not None:
            question = scene_question(ref, clause, turn.context.scene_count)
            return _Decision(text=question.text, options=question.options)
        return _Decision(text=clarify(clause, self.specs))

    @staticmethod
    def _counted(clause: str, turn: Turn, named: dict[str, ToolSpec]) -> _Decision | None:
        """Answer a count of scenes ("scenes after dark?", counted once); "which scenes have shots?" lists shots."""
        counted = scenes_asked(clause, turn.context, turn.request, turn.clauses)
        if counted is None:
            return None
        lister, overview = named.get("list_shots"), named["project_overview"]
        if counted and lister is not None and re.fullmatch(r"(?:any\s+|the\s+)?shots?", counted, re.I):
            return _Decision(tool=lister, args={})  # the shots by scene
        return _Decision(tool=overview, args={"topic": "scenes", "name": counted}) if counted else _Decision(text="")

    def _call_or_ask(self, tool: ToolSpec, filled: Filled, turn: Turn, clause: str) -> _Decision:
        branched = _branch_not_there(tool.name, filled.args, clause, turn.context)
        if branched is not None:  # "go to the alt branch" with no such branch: said, never made up
            return _Decision(text=branched)
        switch = next((s for s in self.specs if s.name == "switch_branch"), None)
        gone_to = _branch_gone_to(tool.name, filled.args, clause, turn.context)
        if switch is not None and gone_to is not None:  # "go to the alt branch" when there is one: go there
            return _Decision(tool=switch, args={"branch_name": gone_to})
        ref = unresolved_ref(clause, turn.context)
        if ref is not None and takes_scene(tool):
            question = scene_question(ref, clause, turn.context.scene_count)
            return _Decision(text=question.text, options=question.options)
        first = _only_version(tool, filled, turn.context)
        if first is not None:  # "put the pier scene back as it was" when it never changed
            return _Decision(text=first)
        if filled.missing:
            return _Decision(text=ask_for_missing(tool, filled.missing, turn.context), missing=tuple(filled.missing),
                             known=dict(filled.args))
        kind = filled.args.get("transition")
        if (isinstance(kind, str) and kind not in ("fade-in", "fade-out") and "position" in tool.properties()
                and filled.args.get("position") is None and filled.args.get("into_scene") is None):
            return _Decision(text=where_to_ask(kind, turn))  # a crossfade with no place: asked, never an error
        if "at_line" in tool.properties() and isinstance(number := filled.args.get("scene_number"), int):
            held = turn.context.scene(number)  # "split scene 4 at the moment ...": the line where it happens
            line = split_line(clause, number, held.content if held else None, turn.context.characters)
            if isinstance(line, str):
                return _Decision(text=line)
            filled.args["at_line"] = line if line is not None else filled.args.get("at_line")
        written = _written(filled.args, tool)
        asked = stage_direction(clause, turn.context.characters)
        if asked is not None:  # the action line the film-maker asked for is theirs to dictate
            written = {k: v.replace(asked.line, "") if isinstance(v, str) else v for k, v in written.items()}
        if not tool.read_only and echoes(written, clause):
            return _Decision(text=f"I'd rather not guess the words for that. {ask_for_missing(tool, [], turn.context)}"
                             .strip())
        args = dict(filled.args)
        if tool.properties().get("exact", {}).get("type") == "boolean":  # named by number, not by description
            said = SHORT_SCENE.sub(r"scene \1", turn.said or turn.request)
            named = {m.number for ref in explicit_scene_numbers(said, turn.context.scene_count or 0)
                     for m in ref.matches}
            wanted = {args.get("start_scene"), args.get("end_scene")} - {None}
            args["exact"] = (len(wanted) == 2 and wanted <= named) or bool(
                re.search(r"\b(?:first|last|final|opening|closing)\s+(?:two|2)\s+scenes\b|^\W*merge\s+\d+\s*(?:&|and|"
                          r"with|,|\+)\s*\d+", said, re.I))
        return _Decision(tool=tool, args=args)

    def _message(self, messages: Sequence[BaseMessage], turn: Turn, decision: _Decision) -> AIMessage:
        tool_calls = []
        if decision.tool is not None:
            args = decision.args or {}
            digest = hashlib.sha1(
                json.dumps([len(messages), len(turn.results), turn.request, decision.tool.name, args],
                           sort_keys=True, default=str).encode("utf-8")
            ).hexdigest()[:16]
            prefix = PREP_PREFIX if decision.prep else "call_"
            tool_calls.append({"name": decision.tool.name, "args": args, "id": f"{prefix}{digest}",
                               "type": "tool_call"})
        text = decision.text
        said = turn.said or turn.request
        if not tool_calls and text.startswith("I'm not sure what you want me to do") and _OPENS_WITH_HELLO.match(
                said) and not commands(courtesy_dropped(said)):  # "hey, make him calmer" still asks who
            text = small_talk(said)  # "morning! long night in the edit": hello back, no guess
        input_chars = sum(len(message_text(m)) for m in messages) + sum(
            len(s.description) + len(json.dumps(s.parameters)) for s in self.specs)
        output_chars = len(text) + sum(len(json.dumps(c["args"])) + len(c["name"]) for c in tool_calls)
        usage = UsageMetadata(input_tokens=max(1, input_chars // 4), output_tokens=max(1, output_chars // 4),
                              total_tokens=max(1, input_chars // 4) + max(1, output_chars // 4))
        extra = {"options": list(decision.options)} if decision.options else {}
        return AIMessage(content=text, tool_calls=tool_calls, usage_metadata=usage, additional_kwargs=extra,
                         response_metadata={"model_name": "offline-director", "finish_reason":
                                            "tool_calls" if tool_calls else "stop"})
