"""Context building: the model sees what a request needs (target scene, neighbours, cast in it, look).

Never the whole screenplay: the prompt for a targeted edit does not grow with the length of the film.
The block format is parsed by the offline director (agent/llm/offline/context.py documents it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from sqlalchemy import func, select

from agent.absent import absent_things, may_presume, project_vocabulary
from agent.coverage import default_breakdown
from agent.project import Project
from agent.project.blocks import tagged_blocks
from agent.project.head_cache import HeadCache, history_head
from agent.project.history import list_branches
from agent.project.overview import overview_text
from agent.project.schema import (
    ArtDirection,
    Character,
    Ideation,
    Location,
    OutlineBeat,
    ProjectRow,
    Prop,
    Scene,
    Shot,
    TimelineClip,
)
from agent.project.views import active_scene_headings
from agent.resolver import (
    Embed,
    SceneInfo,
    SceneReference,
    explicit_scene_numbers,
    find_scene_references,
    implied_scene,
    match_places,
)
from agent.resolver.ranking import scene_profile
from agent.resolver.terms import stem
from agent.roles import Person, find_role_references, people_in

__all__ = ["build_context", "project_context", "scene_references", "target_scene_numbers"]

_MAX_BODY = 12_000
_MAX_NAMES = 24
_MAX_OPTIONS = 8
_MAX_EXCERPT = 300
_MAX_TAGGED = 12
_MAX_BEATS = 12
_BEAT_WORDS = re.compile(r"\b(?:act\s+(?P<act>\d)|beat\s+(?P<beat>\d{1,2})|(?P<outline>outline|beats?|acts?))\b", re.I)


def target_scene_numbers(text: str, scene_count: int) -> list[int]:
    """Return the scene numbers a request names by number or ordinal, in order of mention."""
    return [r.number for r in explicit_scene_numbers(text, scene_count) if r.number is not None]


def _relevant(names: list[str], request: str, scene_text: str) -> list[str]:
    """Return the names a request needs: those it or its target scenes mention, else the first few.

    The full cast of a feature would make every prompt grow with the film; a request that names
    nobody gets the first ``_MAX_NAMES`` so "add her to the cast" style requests still have context.
    """
    asked = request.upper()
    picked = [n for n in names if n in asked or n in scene_text]
    return picked or names[:_MAX_NAMES]


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def scene_references(project: Project, request: str, *, embed: Embed | None = None) -> list[SceneReference]:
    """Resolve the scenes a request talks about (numbers, ordinals, descriptions) on the active branch."""
    with project.read() as s:
        headings = active_scene_headings(s)
        rows = _active_rows(s, headings)
    return find_scene_references(request, _infos(headings, rows), embed=embed)


@dataclass(frozen=True)
class _SceneRow:
    """What the context shows of one scene: read once per history head and shared, so never a live row."""

    id: int
    heading: str
    content: str
    tags: tuple[str, ...]
    block_tags: tuple[Any, ...]
    beat_id: int | None
    version: int


@dataclass(frozen=True)
class _SceneTable:
    """The active screenplay as the context reads it: (id, heading) in order, rows by id, resolver infos."""

    headings: list[tuple[int, str]]
    rows: dict[int, _SceneRow]
    infos: list[SceneInfo]


def _active_rows(session: Any, headings: list[tuple[int, str]]) -> dict[int, _SceneRow]:
    return {sc.id: _SceneRow(sc.id, sc.heading, sc.content, tuple(sc.tags), tuple(sc.block_tags), sc.beat_id,
                             sc.version)
            for sc in session.scalars(select(Scene).where(Scene.id.in_([i for i, _ in headings])))}


def _infos(headings: list[tuple[int, str]], rows: dict[int, _SceneRow]) -> list[SceneInfo]:
    return [SceneInfo(n, heading, rows[i].content if i in rows else "")
            for n, (i, heading) in enumerate(headings, start=1)]


def _scene_table(session: Any, reads: HeadCache | None, head: tuple[int, int] | None) -> _SceneTable:
    """Return the active screenplay's scenes; with ``reads``, read once per history head (every turn needs them)."""

    def load() -> _SceneTable:
        headings = active_scene_headings(session)
        rows = _active_rows(session, headings)
        return _SceneTable(headings, rows, _infos(headings, rows))

    if reads is None or head is None:
        return load()
    return reads.get("context_scenes", load, head=head)


@dataclass(frozen=True)
class _Beat:
    """An outline beat as the context shows it."""

    id: int
    act: int | None
    title: str
    description: str


@dataclass(frozen=True)
class _ProjectTable:
    """What the context shows of the project beyond its scenes, read once per history head (plain values)."""

    name: str | None
    """The project's name; None when the project row is missing."""
    phase: str
    characters: tuple[tuple[str, str], ...]
    """(name, description) in id order."""
    locations: tuple[str, ...]
    props: tuple[str, ...]
    described: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    """("location" | "prop", (name, description) rows), in the order the store returns them."""
    art: tuple[str, tuple[str, ...]] | None
    """(style, palette) of the art direction, or None."""
    idea: tuple[str, str, str] | None
    """(logline, genre, tone), or None."""
    beats: tuple[_Beat, ...]
    """The outline in order."""
    shot_counts: dict[int, int]
    """Shots per scene id (scenes without shots are absent)."""
    clips: int = 0
    clip_scenes: frozenset[int] = frozenset()
    """The ids of the scenes with clips on the timeline."""
    branches: tuple[tuple[str, bool], ...] = ()
    """(name, active) for main and every branch."""
    """Clips on the timeline (0: nothing is assembled yet)."""


def _timeline_attr(known: _ProjectTable, scenes: Sequence[tuple[int, str]]) -> str:
    """Return ` timeline="2;3"`: the scenes (by number) with clips on the timeline, when any are."""
    laid = [str(n) for n, (sid, _) in enumerate(scenes, start=1) if sid in known.clip_scenes]
    return f' timeline="{";".join(laid)}"' if laid else ""


def _coverage_attr(scene: Any, known: _ProjectTable) -> str:
    """Return ` breakdown="N"` for a scene with no shots yet: how many shots breaking it into shots would make.

    "low angle on shot 9 of scene 2" when scene 2 would break into 5 is answered before anything is broken.
    """
    if known.shot_counts.get(scene.id, 0):
        return ""
    cards = default_breakdown(scene.heading, scene.content, {name for name, _ in known.characters},
                              set(known.locations), set(known.props))
    return f' breakdown="{len(cards)}"'


def _project_table(session: Any, reads: HeadCache | None, head: tuple[int, int] | None) -> _ProjectTable:
    """Return the project's names, descriptions, look, outline and shot counts; with ``reads``, once per head."""

    def load() -> _ProjectTable:
        row = session.get(ProjectRow, 1)
        art = session.get(ArtDirection, 1)
        idea = session.get(Ideation, 1)
        return _ProjectTable(
            name=row.name if row else None,
            phase=row.phase if row else "story",
            characters=tuple(session.execute(select(Character.name, Character.description).order_by(Character.id))
                             .tuples().all()),
            locations=tuple(session.scalars(select(Location.name).order_by(Location.id))),
            props=tuple(session.scalars(select(Prop.name).order_by(Prop.id))),
            described=tuple((tag, tuple((r[0], r[1]) for r in session.execute(select(cls.name, cls.description))))
                            for tag, cls in (("location", Location), ("prop", Prop))),
            art=(art.style, tuple(art.palette)) if art is not None else None,
            idea=(idea.logline, idea.genre, idea.tone) if idea is not None else None,
            beats=tuple(_Beat(b.id, b.act, b.title, b.description) for b in
                        session.scalars(select(OutlineBeat).order_by(OutlineBeat.position, OutlineBeat.id))),
            shot_counts=dict(session.execute(select(Shot.scene_id, func.count(Shot.id)).group_by(Shot.scene_id))
                             .tuples().all()),
            clips=session.scalar(select(func.count(TimelineClip.id))) or 0,
            clip_scenes=frozenset(session.scalars(select(Shot.scene_id).join(TimelineClip,
                                                                          TimelineClip.shot_id == Shot.id))),
            branches=tuple(list_branches(session)),
        )

    if reads is None or head is None:
        return load()
    return reads.get("context_project", load, head=head)


def _people(known: _ProjectTable, table: _SceneTable, reads: HeadCache | None, head: Any) -> list[Person]:
    """Return what the screenplay says about each character (read once per history head with ``reads``)."""

    def load() -> list[Person]:
        return people_in(list(known.characters), [info.content for info in table.infos])

    if reads is None or head is None:
        return load()
    return reads.get("context_people", load, head=head)


def _pronouns_tag(people: list[Person]) -> str:
    """Return who is "she" and who is "he", for the characters the screenplay is clear about ("" if none)."""
    told = {side: [p.name for p in people if p.pronoun == side] for side in ("f", "m")}
    if not told["f"] and not told["m"]:
        return ""
    return f'<pronouns she="{_attr("; ".join(told["f"]))}" he="{_attr("; ".join(told["m"]))}"/>'


def _vocabulary(known: _ProjectTable, table: _SceneTable, reads: HeadCache | None, head: Any) -> frozenset[str]:
    """Return every word stem of the film (scenes, cast, places, props), read once per history head."""

    def load() -> frozenset[str]:
        texts = [f"{name} {text}" for name, text in known.characters]
        texts += [f"{name} {text}" for _, rows in known.described for name, text in rows]
        return project_vocabulary(table.infos, texts)

    if reads is None or head is None:
        return load()
    return reads.get("context_vocabulary", load, head=head)


_JUST_A_PLACE = re.compile(r"^(?:the\s+)?(?P<place>[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)$", re.I)


def _set_at(phrase: str, headings: list[tuple[int, str]]) -> list[int]:
    """Return the scenes set at the place a phrase is only the name of ("the bridge": 2 and 5), else []."""
    said = _JUST_A_PLACE.match(phrase.strip())
    if said is None:
        return []
    words = said.group("place").lower().split()
    places = [(n, re.sub(r"^\W*(?:INT|EXT|I/E|INT\./EXT)\.?\s*", "", h, flags=re.I).split(" - ")[0].lower().split())
              for n, h in headings]
    there = [n for n, place in places if all(w in place for w in words)]
    return there if len(there) > 1 and not any(w in ("night", "day", "dawn", "dusk", "morning", "evening")
                                                 for w in words) else []


def _ref_tag(ref: SceneReference, headings: list[tuple[int, str]]) -> str:
    if ref.status == "none":
        options = [f"{n} · {h}" for n, (_, h) in enumerate(headings, start=1)][:_MAX_OPTIONS]
    else:
        # The close candidates, in screenplay order: "the second one" then means the later of them.
        picked = sorted(ref.candidates()[:_MAX_OPTIONS], key=lambda m: m.number)
        options = [f"{m.number} · {m.heading or headings[m.number - 1][1]}" for m in picked]
    number = f' scene="{ref.number}"' if ref.number is not None else ""
    if ref.numbers:
        number = f' scenes="{"; ".join(str(n) for n in ref.numbers)}"'
    there = _set_at(ref.phrase, headings)
    if there:  # "the bridge": every scene set there (a costume worn "on the bridge" is worn in all of them)
        number += f' at="{"; ".join(str(n) for n in there)}"'

    return (f'<ref phrase="{_attr(ref.phrase)}" status="{ref.status}"{number} '
            f'options="{_attr("; ".join(options))}"/>')


def _tags_attr(tags: list[str]) -> str:
    return f' tags="{_attr("; ".join(tags))}"' if tags else ""


def _beat_tag(number: int, beat: _Beat, scene: int | None = None) -> str:
    act = f' act="{beat.act}"' if beat.act else ""
    of = f' scene="{scene}"' if scene is not None else ""
    return f'<beat number="{number}"{act}{of} title="{_attr(beat.title)}">{escape(beat.description[:600])}</beat>'


def _story_parts(project: _ProjectTable, request: str, targets: list[int], scenes: list[tuple[int, str]],
                 rows: dict[int, _SceneRow]) -> list[str]:
    """Return what the writer needs around the target scenes: ideation, outline beats, tags, neighbours' text.

    The beat a target scene was written from comes with it; beats the request names ("act 2's beat",
    "beat 4", "the outline") are listed, a bounded few. Tags are shown for every tagged scene (a short
    list) and, with their words, for the tagged blocks of the target scenes.
    """
    out: list[str] = []
    if project.idea is not None and any(project.idea):
        logline, genre, tone = project.idea
        out.append(f'<ideation logline="{_attr(logline[:400])}" genre="{_attr(genre)}" tone="{_attr(tone)}"/>')
    beats = list(project.beats)
    number_of = {b.id: i for i, b in enumerate(beats, start=1)}
    shown: set[int] = set()
    for n in targets[:3]:
        sc = rows[scenes[n - 1][0]]
        if sc.beat_id in number_of:
            beat = beats[number_of[sc.beat_id] - 1]
            out.append(_beat_tag(number_of[beat.id], beat, n))
            shown.add(beat.id)
    named: list[_Beat] = []
    for m in _BEAT_WORDS.finditer(request):
        if m["act"]:
            named += [b for b in beats if b.act == int(m["act"])]
        elif m["beat"] and 1 <= int(m["beat"]) <= len(beats):
            named.append(beats[int(m["beat"]) - 1])
        elif m["outline"]:
            named += beats
    for beat in list(dict.fromkeys(named))[:_MAX_BEATS]:
        if beat.id not in shown:
            out.append(_beat_tag(number_of[beat.id], beat))
    tagged = [(n, rows[i].tags) for n, (i, _) in enumerate(scenes, start=1) if i in rows and rows[i].tags]
    if tagged:
        listed = "; ".join(f"{n}: {' '.join(t)}" for n, t in tagged[:24])
        out.append(f'<scene_tags scenes="{_attr(listed)}"/>')
    count = 0
    for n in targets[:3]:
        sc = rows[scenes[n - 1][0]]
        for b in tagged_blocks(sc.content, sc.block_tags) if sc.block_tags else []:
            if b.tags and count < _MAX_TAGGED:
                count += 1
                out.append(f'<tagged_block scene="{n}" number="{b.number}" kind="{b.kind}"'
                           f'{_tags_attr(list(b.tags))}>{escape(b.text[:600], quote=False)}</tagged_block>')
    return out


def _neighbour(near: int, target: int, scenes: list[tuple[int, str]], rows: dict[int, _SceneRow]) -> str:
    """Return a neighbour tag with the words that touch the target: the end before it, the start after it."""
    sc = rows.get(scenes[near - 1][0])
    text = sc.content if sc is not None else ""
    excerpt = text[-_MAX_EXCERPT:] if near < target else text[:_MAX_EXCERPT]
    side = "before" if near < target else "after"
    tags = _tags_attr(list(sc.tags)) if sc is not None else ""
    return (f'<neighbour number="{near}" heading="{_attr(scenes[near - 1][1])}"{tags} side="{side}" '
            f'excerpt="{_attr(" ".join(excerpt.split()))}"/>')


_SOMEONE_THERE = re.compile(r"^(?:the|that|this)\s", re.I)
"""A role said as someone already there ("make the porter on the ferry ruder"): nobody fits, so said so."""
_BROUGHT_IN = re.compile(r"\b(?:add|adds|adding|introduce|new|another|bring\s+in|brings\s+in|cast|give\s+\w+\s+an?|"
                         r"with\s+an?|there\s+should\s+be|put\s+an?|write\s+(?:in\s+)?an?)\b", re.I)
"""A request that brings a person in ("add a porter to the ferry scene"): a newcomer, not someone missing."""


def _in_the_text(phrase: str, scenes: list[SceneInfo]) -> bool:
    """Tell whether someone no character fits is still written into a scene ("A PORTER checks tickets"): an extra.

    Read from the scenes' cached word stems (the resolver's profiles), not by searching every scene's text again.
    """
    head = stem(re.findall(r"[a-z-]+", phrase.lower())[-1])
    return any(head in scene_profile(s).content for s in scenes)


def _role_tags(roles: list[Any], scenes_named: bool, request: str = "", nobody: Sequence[str] = ()) -> list[str]:
    """Tag each role phrase: "the bus driver" is RUBEN; "the taxi driver" nobody (said so, never guessed).

    Two that fit are left for the model to ask; a role in dictated text ("beats: 1 the clerk …") is the
    film-maker's words, not a question about the cast. Beside a scene named, a role is missing only when it is
    one of ``nobody``: someone said to be there whom no character fits and no scene writes in.
    """
    tags = []
    for role in roles:
        at = request.lower().find(role.phrase.lower())
        if ":" in request[:max(at, 0)] and len(role.names) != 1:
            continue
        if len(role.names) == 1:
            tags.append(f'<role phrase="{_attr(role.phrase)}" name="{_attr(role.names[0])}"/>')
        elif not role.names and (not scenes_named or role.phrase.lower() in nobody) and re.fullmatch(
                # "the taxi driver"; not "the character RUBEN"
                r"(?:the|a|an|his|her|their|our|my)\s+(?:(?!(?:as|of|in|on|at|for)\b)[a-z-]+\s+)?"
                r"(?!(?:characters?|person|people|guy|cast|one|hero|heroine|lead|star|protagonist|antagonist|villain|"
                r"writer)\b)[a-z-]+", role.phrase, re.I):
            who = re.sub(r"^(?:the|a|an|his|her|their|our|my)\s+", "", role.phrase, flags=re.I)
            tags.append(f'<absent phrase="{_attr(who)}"/>')
    return tags


def _branches_tag(known: _ProjectTable) -> list[str]:
    """Return the branches and the one the screenplay is on ("go to the alt branch": one that exists, or none)."""
    if not known.branches:
        return []
    current = next((n for n, active in known.branches if active), "main")
    return [f'<branches names="{_attr("; ".join(n for n, _ in known.branches))}" current="{_attr(current)}"/>']


def _introduced(name: str, infos: Sequence[SceneInfo]) -> str:
    """Return what the screenplay says of someone where they first appear ("RUBEN (40s, night-bus uniform)").

    A cast member with no description of their own is described by it, so a revision ("make him younger, late
    30s") folds into what the film already says instead of replacing it.
    """
    for info in infos:
        said = re.search(rf"\b{re.escape(name)}\s*\(([^()\n]{{3,200}})\)", info.content)
        if said:
            return said.group(1).strip()
    return ""


def build_context(
    project: Project,
    request: str,
    *,
    next_hint: str | None = None,
    full: bool = True,
    embed: Embed | None = None,
    reads: HeadCache | None = None,
) -> str:
    """Return the context block for one request (``full=False``: names and counts only, for routing).

    ``reads``: the project's read cache, so the scene list is read once per history head, not per call.
    """
    with project.read() as s:  # one read: the scene list serves the resolver and the context alike
        head = history_head(s) if reads is not None else None
        table = _scene_table(s, reads, head)
        known = _project_table(s, reads, head)
    scenes, rows = table.headings, table.rows
    refs = find_scene_references(request, table.infos, embed=embed)
    people = _people(known, table, reads, head)
    roles = find_role_references(request, people)
    nobody = [r.phrase.lower() for r in roles if not r.names and _SOMEONE_THERE.match(r.phrase)
              and not _BROUGHT_IN.search(request) and not _in_the_text(r.phrase, table.infos)]
    # "the porter on the ferry" is a person nobody in the cast fits, not a description of the ferry scene
    refs = [r for r in refs if not any(r.phrase.lower().startswith(p) for p in nobody)]
    targets = list(dict.fromkeys(r.number for r in refs if r.number is not None and r.number <= len(scenes)))
    implied = implied_scene(request, table.infos, embed=embed) if not refs and scenes else None
    if implied is not None and implied.explicit and implied.number is not None:
        targets = [implied.number]  # "a close-up on 'not tonight, love'": the one scene whose words are quoted
    targets = targets if full else []
    bodies = rows
    in_targets = " ".join(bodies[scenes[n - 1][0]].content.upper() for n in targets[:3])
    names = [name for name, _ in known.characters]
    out = [
        f'<project name="{_attr(known.name or "")}" phase="{_attr(known.phase)}" '
        f'scene_count="{len(scenes)}" clips="{known.clips}"{_timeline_attr(known, scenes)}/>',
        f'<names characters="{_attr("; ".join(_relevant(names, request, in_targets)))}" '
        f'locations="{_attr("; ".join(_relevant(list(known.locations), request, in_targets)))}" '
        f'props="{_attr("; ".join(_relevant(list(known.props), request, in_targets)))}"/>',
    ]
    out.extend(_branches_tag(known))
    told = _pronouns_tag(people)
    if told:  # the whole cast: "him" may point back at someone the request does not name
        out.append(told)
    # Numbers are plain already; ordinals and descriptions ("the last scene", "the bus scene") get spelled out.
    out.extend(_ref_tag(ref, scenes) for ref in refs
               if not ref.explicit or ref.number is None or not re.search(r"\d", ref.phrase))
    if implied is not None:  # "ida stamps the claim form": no scene named, but its words fit one scene
        quoted = ' quoted="true"' if implied.explicit else ""  # the words quoted are that scene's own
        out.append(_ref_tag(implied, scenes).replace("<ref ", "<implied ", 1).replace("/>", f"{quoted}/>", 1))
    out.extend(_role_tags(roles, bool(refs), request, nobody))
    # "lengthen the sword fight" in a film without one: said so, never guessed; with a scene named, only what the
    # request takes as there ("give the parrot more to do in scene 2"), never a new thing ("put a kettle in it")
    if not roles and (not refs or may_presume(request)):
        out.extend(f'<absent phrase="{_attr(phrase)}"/>'
                   for phrase in absent_things(request, _vocabulary(known, table, reads, head), presumed=bool(refs)))
    for n in targets[:3]:
        sc = bodies[scenes[n - 1][0]]
        body = escape(sc.content[:_MAX_BODY], quote=False)
        out.append(f'<scene number="{n}" version="{sc.version}" heading="{_attr(sc.heading)}" '
                   f'shots="{known.shot_counts.get(sc.id, 0)}"{_coverage_attr(sc, known)}{_tags_attr(list(sc.tags))} '
                   f'target="true">\n{body}\n</scene>')
        for near in (n - 1, n + 1):
            if 1 <= near <= len(scenes) and near not in targets:
                out.append(_neighbour(near, n, scenes, bodies))
    if full:
        out.extend(_story_parts(known, request, targets, scenes, bodies))
    asked = request.upper()
    described = [(name, description) for name, description in known.characters
                 if name in in_targets or re.search(rf"\b{re.escape(name)}\b", asked)]
    for name, description in described[:_MAX_NAMES] if full else []:
        description = description or _introduced(name, table.infos)
        out.append(f'<character name="{_attr(name)}">{escape(description[:600])}</character>')
    for tag, things in known.described:
        described_things: list[tuple[str, str]] = list(things) if full else []
        named = {n for n, _ in match_places(request, [n for n, _ in described_things])}  # "the office" too
        for name, description in described_things:
            if name in named:
                out.append(f'<{tag} name="{_attr(name)}">{escape(description[:600])}</{tag}>')
    if full and known.art is not None and (known.art[0] or known.art[1]):
        style, palette = known.art
        out.append(f'<art_direction style="{_attr(style[:300])}" palette="{_attr("; ".join(palette))}"/>')
    if next_hint:
        out.append(f"<next>{escape(next_hint)}</next>")
    return "\n".join(out)


def project_context(project: Project, reads: HeadCache, *, embed: Embed | None = None) -> Callable[[str, bool], str]:
    """Return the graph's context function for ``project``: a block per (request, full), kept per history head.

    A turn asks for the same block more than once (the supervisor before and after the specialist), and a
    question changes nothing, so the next turn's routing block finds the overview and the scene list read.
    Routing blocks (``full=False``) end with the overview's "what is next".
    """

    def context(text: str, full: bool) -> str:
        head = reads.head()  # once per call: a change committed meanwhile is seen by the next call

        def fresh() -> str:
            hint = None if full else reads.get("overview", lambda: overview_text(project), head=head)
            return build_context(project, text, full=full, next_hint=hint, embed=embed, reads=reads)

        return reads.get(("context", text, full), fresh, head=head)

    return context
