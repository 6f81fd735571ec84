"""Where a described action happens: who does what to what, read sentence by sentence in a scene's action.

"where Mara hands the ticket over", "the one where Tom lifts the crate down": a person, a verb and a thing.
Two scenes may both have Mara and a ticket; only one has her giving it. The verb is read by its family (give,
take, tie, look, ...), its doer as the sentence's subject ("She" is the person named last), and the thing in the
sentence or the one before ("a red kite on the shelf. She takes it down."). A description with no verb of a
known family names no action here, and the ranking alone decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from agent.resolver.scenes import CLEAR_LEAD, SceneInfo, SceneMatch, SceneReference
from agent.resolver.terms import STOP, lower_words, stem

__all__ = ["SPLIT_MOMENT", "Action", "action_in", "happens_in", "moment_lines", "narrowed_by_moment", "read_action",
           "sharpen"]

_FAMILIES: dict[str, frozenset[str]] = {
    "give": frozenset("give gives gave giving given hands handed handing pass passes passed passing return returns "
                      "returned returning offer offers offered offering".split()),
    "take": frozenset("take takes took taking taken lift lifts lifted lifting grab grabs grabbed grabbing pick picks "
                      "picked picking pull pulls pulled pulling remove removes removed removing".split()),
    "put": frozenset("put puts putting lay lays laid laying place places placed placing set sets setting hang hangs "
                     "hung hanging press presses pressed drop drops dropped".split()),
    "tie": frozenset("tie ties tied tying knot knots knotted fasten fastens fastened".split()),
    "look": frozenset("look looks looked looking glance glances glanced stare stares stared staring gaze gazes "
                      "gazed gazing watch watches watched watching eye eyes eyed peer peers peered".split()),
    "drive": frozenset("drive drives drove driving driven steer steers steered".split()),
    "run": frozenset("run runs ran running dash dashes dashed race races raced sprint sprints sprinted".split()),
    "write": frozenset("write writes wrote writing written fill fills filled filling sign signs signed".split()),
    "switch": frozenset("switch switches switched turn turns turned".split()),
}
_HANDED = re.compile(r"\b(?:in|into|onto)\s+(?:[\w'’-]+\s+){0,3}(?:hand|hands|palm|palms|fingers)\b", re.I)
"""A thing put into someone's hand is given: "she lays the key in his open hand"."""
_PARTICLES = frozenset("back down up on off over out away in into onto around round across at to from".split())
_PRONOUNS = frozenset("she he they".split())
_DETERMINERS = frozenset("the a an her his their its my our your this that some".split())
_NO_THING = frozenset("something anything everything stuff thing things one".split())
_THING_PRONOUNS = frozenset("it them".split())


@dataclass(frozen=True)
class Action:
    """An action a description names: the doer (a name's stem, or None), the verb's family, the thing's stems."""

    doer: str | None
    family: str
    things: frozenset[str]


def _family(word: str) -> str | None:
    return next((name for name, forms in _FAMILIES.items() if word in forms), None)


def read_action(phrase: str, cast: set[str]) -> Action | None:
    """Return the action a description names ("Mara hands the ticket over"), else None.

    ``cast`` holds the stems of the people in the film: the doer is one of them said before the verb.
    """
    words = [w.lower() for w in re.findall(r"[A-Za-z][\w'’-]*", phrase)]
    for i, word in enumerate(words):
        family = _family(word)
        if family is None or (i and words[i - 1] in _DETERMINERS):
            continue  # "her hands", "the look", "a drive": a noun, not the action
        doers = [stem(w.removesuffix("'s").removesuffix("’s")) for w in words[:i]]
        doer = next((d for d in reversed(doers) if d in cast), None)
        things = frozenset(stem(w) for w in words[i + 1:] if w not in STOP and w not in _PARTICLES
                           and w not in _NO_THING and stem(w) not in cast and _family(w) is None)
        return Action(doer, family, things)
    return None


def _sentences(content: str) -> Iterator[tuple[int, str]]:
    """Yield (body line, sentence) for each sentence of the action and parentheticals, in order (dialogue left out)."""
    lines = content.split("\n")
    block_start = 0
    for i, line in enumerate([*lines, ""]):
        if line.strip():
            continue
        block = lines[block_start:i]
        start = block_start
        block_start = i + 1
        text = [ln.strip() for ln in block if ln.strip()]
        if not text:
            continue
        cue = re.sub(r"\s*\(.*\)\s*\^?$", "", text[0]).lstrip("@")
        if len(text) > 1 and cue.isupper() and not cue.endswith("TO:"):
            for ln in text[1:]:  # a parenthetical is the speaker's action: "(lifting the lid)"
                if ln.startswith("("):
                    yield start + 1, f"{cue} {ln.strip('()')}"
            continue
        offset = start + next(j for j, ln in enumerate(block) if ln.strip())
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text)):
            yield offset + 1, sentence


def _subject(sentence: str, cast: set[str]) -> str | None:
    """Return who a sentence is about first: the first name in it before its verb, or a pronoun ("she")."""
    for word in lower_words(sentence)[:4]:
        if word in _PRONOUNS:
            return word
        if stem(word) in cast:
            return stem(word)
    return None


def action_in(action: Action, content: str, cast: set[str]) -> list[int]:
    """Return the body lines (1-based) where the action happens in a scene's text: its paragraph's first line."""
    found: list[int] = []
    last_named: str | None = None
    previous = ""
    for line, sentence in _sentences(content):
        subject = _subject(sentence, cast)
        doer = last_named if subject in _PRONOUNS else subject
        if subject is not None and subject not in _PRONOUNS:
            last_named = subject
        words = [w.lower() for w in re.findall(r"[A-Za-z][\w'’-]*", sentence)]
        families = {_family(w) for w in words}
        if action.family == "give" and "put" in families and _HANDED.search(sentence):
            families.add("give")
        stems = {stem(w) for w in lower_words(f"{previous} {sentence}")}
        said_it = bool(_THING_PRONOUNS & set(words))
        has_thing = not action.things or bool(action.things & stems) or (said_it and bool(
            action.things & {stem(w) for w in lower_words(previous)}))
        if action.family in families and has_thing and (action.doer is None or doer == action.doer):
            found.append(line)
        previous = sentence
    return found


def _cast(scenes: Sequence[SceneInfo]) -> set[str]:
    from agent.resolver.ranking import scene_profile  # the profile is read once per scene

    return set().union(*(scene_profile(s).speakers for s in scenes)) if scenes else set()


def happens_in(phrase: str, scenes: Sequence[SceneInfo]) -> list[int] | None:
    """Return the scenes in which the action a description names happens; None when it names no action."""
    cast = _cast(scenes)
    action = read_action(phrase, cast)
    if action is None:
        return None
    return [s.number for s in scenes if action_in(action, s.content, cast)]


def moment_lines(phrase: str, content: str, cast_names: Sequence[str]) -> list[int] | None:
    """Return the body lines of a scene where a described moment happens; None when the phrase names no action."""
    cast = {stem(w) for name in cast_names for w in lower_words(name)}
    action = read_action(phrase, cast)
    return None if action is None else action_in(action, content, cast)


def sharpen(ref: SceneReference, scenes: Sequence[SceneInfo]) -> SceneReference:
    """Make the one close candidate in which the described action happens the clear best; else leave the ref.

    "Mara hands the ticket over" fits two scenes with Mara and a ticket about equally; if she gives it in one
    only, that one is meant. None of them, or more than one: the ref stays as it was (the caller asks).
    """
    if ref.explicit or ref.many is not None or ref.number is not None or len(ref.matches) < 2:
        return ref
    where = happens_in(ref.phrase, scenes)
    fits = [m for m in ref.candidates() if m.number in (where or [])]
    if len(fits) != 1:
        fits = _compound_in(ref.phrase, ref.candidates(), scenes)
    if len(fits) != 1:
        return ref
    chosen, best = fits[0], ref.matches[0].score
    lead = SceneMatch(chosen.number, chosen.heading, round(best * CLEAR_LEAD + 1.0, 3))
    return replace(ref, matches=(lead, *(m for m in ref.matches if m.number != chosen.number)))


def _compound_in(phrase: str, candidates: Sequence[SceneMatch], scenes: Sequence[SceneInfo]) -> list[SceneMatch]:
    """Return the one candidate whose text has a two-word thing the phrase names, word for word ("the tram ticket").

    "where she finds the tram ticket" leans on the tram scene's heading for "tram"; the scene that says "tram ticket"
    is the one meant. A pair of words no candidate or several candidates say decides nothing.
    """
    cast = _cast(scenes)
    words = [w for w in lower_words(phrase) if w not in STOP and stem(w) not in cast]
    pairs = {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    wanted = {m.number for m in candidates}  # only the candidates' words are read
    text = {s.number: " ".join(lower_words(s.content)) for s in scenes if s.number in wanted}
    having = [m for m in candidates if any(re.search(rf"\b{re.escape(p)}\b", text.get(m.number, "")) for p in pairs)]
    return having if len(having) == 1 else []


SPLIT_MOMENT = re.compile(r"\b(?:split|divide|break|chop|cut)\b.*?\b(?:at|from|on)\s+the\s+(?:moment|point|bit|beat|"
                          r"line|place)\s+(?:where\s+|when\s+|that\s+|in\s+which\s+)?(?P<moment>[^,;:!?.]{3,120})",
                          re.I)
"""A scene split where something happens: "cut the market scene in two at the point where Tom drops the crate"."""


def narrowed_by_moment(text: str, refs: list[SceneReference], scenes: Sequence[SceneInfo]) -> list[SceneReference]:
    """Keep, of the scenes a split names, the one in which the moment it splits at happens (when only one has it)."""
    said = SPLIT_MOMENT.search(text)
    if said is None:
        return refs
    where = happens_in(said.group("moment"), scenes)
    out = []
    for ref in refs:
        fits = [m for m in ref.candidates() if m.number in (where or [])]
        if ref.number is None and ref.many is None and len(ref.matches) > 1 and len(fits) == 1 and (
                ref.phrase.lower() not in said.group("moment").lower()):
            best = ref.matches[0].score
            lead = SceneMatch(fits[0].number, fits[0].heading, round(best * CLEAR_LEAD + 1.0, 3))
            ref = replace(ref, matches=(lead, *(m for m in ref.matches if m.number != fits[0].number)))
        out.append(ref)
    return out
