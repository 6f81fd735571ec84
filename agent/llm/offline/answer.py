"""The director's words: final answers from tool results, closing lines, clarifying questions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.llm.offline.context import ProjectContext
from agent.llm.offline.speech import HOW_ARE_YOU, LEFT_AS_IS, SENTENCE_BREAK
from agent.llm.offline.toolspec import ToolSpec
from agent.shorthand import GREETED

__all__ = [
    "ask_for_missing", "clarify", "closing_line", "final_answer", "is_error", "result_sentence", "small_talk",
]

_MAX_RESULT_CHARS = 1500


def is_error(result: str) -> bool:
    """Tell whether a tool result reports a failure ("Error: ...")."""
    return result.lstrip().lower().startswith("error:")


def result_sentence(result: str) -> str:
    """Turn one tool result into what the person reads ("Error: x" -> "I couldn't do that: x")."""
    text = result.strip()
    if is_error(text):
        rest = text.split(":", 1)[1].strip()
        return f"I couldn't do that: {rest}" if rest else "I couldn't do that."
    if len(text) > _MAX_RESULT_CHARS:
        text = text[:_MAX_RESULT_CHARS].rsplit(" ", 1)[0] + " …"
    return text


def final_answer(results: Sequence[str]) -> str:
    """Build a specialist's final answer from its tool results, in order."""
    sentences = [result_sentence(r) for r in results if r.strip()]
    return "\n".join(sentences) if sentences else "Done."


def closing_line(context: ProjectContext, *, failed: bool = False, asked: bool = False) -> str:
    """Write the supervisor's closing line: nothing after a question or an error, else what could come next.

    The specialist's own answer already says what changed (or what went wrong, or what it needs to
    know); a closing "Done." after a question or an error would tell the film-maker something false.
    """
    if asked or failed:
        return ""
    hint = context.next_hint.strip().rstrip(".")
    return f"Next, if you like: {hint}." if hint else ""


_THANKS = re.compile(r"\b(?:thanks?|thank you|thx|ty|cheers|great|perfect|lovely|brilliant|nice|good job|well done|"
                     r"awesome|amazing|love it)\b", re.IGNORECASE)
_BYE = re.compile(r"\b(?:bye|goodbye|see you|good night)\b", re.IGNORECASE)


def small_talk(text: str) -> str:
    """Answer thanks, greetings and the like in words (never with a tool)."""
    if _BYE.search(text):
        return "See you next time; everything is saved."
    if any(HOW_ARE_YOU.match(sentence) for sentence in SENTENCE_BREAK.split(text or "")):
        return ("All good here, thanks for asking. What shall we work on: a scene to rewrite, a character to add, "
                "shots to plan, stills to draw or a cut to assemble?")
    if LEFT_AS_IS.match(text or ""):
        return "Okay, I've left it as it is. Tell me when you want something changed."
    hello = GREETED.match(text or "")
    told = len(re.findall(r"[a-z]{2,}", _THANKS.sub(" ", text[hello.end():]).lower())) if hello else 0
    if _THANKS.search(text) and told < 2:  # "hey, morning! long week, thanks": the hello is what is said
        return "You're welcome. What would you like to work on next?"
    if re.search(r"\b(?:hi|hello|hey|hiya|yo|morning|afternoon|evening)\b", text or "", re.IGNORECASE):
        return ("Hello! Tell me what to work on: a scene to rewrite, a character to add, shots to plan, stills to "
                "draw or a cut to assemble.")
    return ("Take your time. What shall we work on when you're ready: a scene to rewrite, a character to add, "
            "shots to plan, stills to draw or a cut to assemble?")


_GREETING = re.compile(r"^(?:hi|hello|hey|hiya|howdy|good (?:morning|afternoon|evening)|thanks|thank you|cheers)\b",
                       re.IGNORECASE)


def _capabilities(tools: Sequence[ToolSpec], limit: int = 8) -> str:
    items = []
    for tool in tools[:limit]:
        summary = tool.summary
        if tool.is_handoff and ":" in tool.description:
            topics = tool.description.split(":", 1)[1].strip().split("\n", 1)[0].rstrip(".")
            items.append(f"{topics} ({tool.agent})")
            continue
        items.append(summary[0].lower() + summary[1:] if summary else tool.name.replace("_", " "))
    if len(tools) > limit:
        items.append("and more")
    return "; ".join(items)


def clarify(clause: str, tools: Sequence[ToolSpec]) -> str:
    """Ask a short clarifying question that lists what the director can do here."""
    shown = clause.strip()
    shown = shown if len(shown) <= 60 else shown[:57] + "…"
    if not tools:
        return f"I can't act on “{shown}” here: no tools are available to me in this step."
    if _GREETING.match(shown):
        return f"Hello! I can help with: {_capabilities(tools)}. What would you like to do?"
    return f"I'm not sure what you want me to do with “{shown}”. I can: {_capabilities(tools)}. Which would you like?"


def ask_for_missing(tool: ToolSpec, missing: Sequence[str], context: ProjectContext) -> str:
    """Ask for the argument(s) a chosen tool needs but the request did not give."""
    action = tool.summary[0].lower() + tool.summary[1:] if tool.summary else tool.name.replace("_", " ")
    questions = [_question(prop, tool, context) for prop in missing]
    return f"To {action}, I need a little more: {' '.join(questions)}"


def _question(prop: str, tool: ToolSpec, context: ProjectContext) -> str:
    schema = tool.properties().get(prop, {})
    enum = schema.get("enum")
    if enum:
        return f"Which {prop.replace('_', ' ')}: {', '.join(map(str, enum))}?"
    if re.search(r"scene|^number$|position", prop):
        count = f" (1-{context.scene_count})" if context.scene_count else ""
        return f"Which scene{count}? Say e.g. 'scene 3'."
    if "shot" in prop:
        return "Which shot? Say e.g. 'shot 2 of scene 3'."
    if "version" in prop:
        return "Which version? Say e.g. 'version 2'."
    if "character" in prop or prop in ("who", "cast"):
        known = f" ({', '.join(context.characters)})" if context.characters else ""
        return f"Which character{known}?"
    if "location" in prop:
        known = f" ({', '.join(context.locations)})" if context.locations else ""
        return f"Which location{known}?"
    if "content" in prop or "text" in prop:
        return "I can't see that scene's text right now; which scene is it, or can you show it first?"
    return f"What {prop.replace('_', ' ')} should I use?"
