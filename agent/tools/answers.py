"""Read-only tools every specialist has: answer questions about the project and find scenes by description."""

from __future__ import annotations

import re
from typing import Any, Literal

from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field

from agent.project import history, snapshot
from agent.project.overview import overview_text
from agent.resolver import SceneInfo, closest_name, match_places, present_in, rank_scenes
from agent.tools.base import ToolContext, listed, make_tool
from agent.tools.progress import music_answer, timeline_answer, voices_answer
from agent.tools.said import dialogue, speakers, who_says, written
from agent.tools.synopsis import gist

__all__ = ["answer_tools"]

Topic = Literal["overview", "logline", "outline", "cast", "locations", "props", "scenes", "runtime", "spend",
                "history", "art_direction", "breakdown", "dialogue", "branch", "heading", "details", "music",
                "timeline", "voices", "versions"]
Which = Literal["all", "first", "last"]


class OverviewArgs(BaseModel):
    topic: Topic = Field("overview", description="What the film-maker asked about; 'overview' for a summary and "
                         "what to do next.")
    scene_number: int | None = Field(None, description="Narrow 'cast', 'runtime', 'breakdown', 'dialogue', "
                                     "'heading' (where and when a scene is set) or 'versions' (which version a scene "
                                     "is on) to one scene.")
    name: str | None = Field(None, description="With 'cast', 'locations', 'props' or 'scenes': the one character, "
                             "place or thing asked about (its description, where it is introduced, the scenes it is "
                             "in; with 'scenes', 'without NAME' for the scenes it is not in); with 'dialogue': whose "
                             "lines; with 'voices': whose voice.")
    which: Which = Field("all", description="With 'dialogue': 'first' or 'last' for only the first or last line "
                         "(of the character in name, else anyone's; of scene_number when given), 'all' for every "
                         "line.")
    quote: str | None = Field(None, description="With 'dialogue': words of a line as the film-maker remembers them, "
                              "to tell who says it and in which scene (e.g. 'nobody ever came back'); case, "
                              "punctuation and small misspellings do not matter.")
    detail: str | None = Field(None, description="With 'details': the thing asked about, in the question's words "
                               "(e.g. 'the time on the clock', 'the number on the key tag'); the answer quotes the "
                               "screenplay sentences that mention it, from scene_number or from every scene.")


class FindSceneArgs(BaseModel):
    query: str = Field(description="How the film-maker described the scene: place, time of day, who is in it or "
                       "what happens (e.g. 'the bus at night', 'where she gets the key back').")


def _minutes(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def _intro(data: dict[str, Any], name: str) -> str:
    """Return the screenplay line that introduces a name (e.g. "RUBEN (40s, night-bus uniform) backs in")."""
    for scene in data["scenes"]:
        for paragraph in scene["content"].split("\n\n"):
            if re.search(rf"\b{re.escape(name)}\b", paragraph) and "\n" not in paragraph.strip():
                return f"introduced in scene {scene['number']}: {paragraph.strip()[:240]}"
    return "(no description)"


def _info(scene: dict[str, Any]) -> SceneInfo:
    return SceneInfo(scene["number"], scene["heading"], scene["content"])


def _scenes_of(data: dict[str, Any], kind: str, name: str) -> list[dict[str, Any]]:
    """Return the scenes a character is in (speaking or in the action), a place is the setting of, a prop is in."""
    if kind == "characters":
        return [s for s in data["scenes"] if present_in(name, _info(s))]
    if kind == "locations":
        return [s for s in data["scenes"] if name in s["heading"].upper()]
    return [s for s in data["scenes"] if re.search(rf"\b{re.escape(name)}\b", s["content"], re.I)]


def _named(data: dict[str, Any], name: str) -> tuple[str, dict[str, Any]] | None:
    """Return the character, location or prop a name means, else None (nothing or more than one fits).

    Whole or by its first word, by a word only one place or thing has ("the bridge" is RIVER BRIDGE), or by a
    near spelling.
    """
    wanted = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I).upper()
    rows = [(kind, row) for kind in ("characters", "locations", "props") for row in data[kind]]
    for kind, row in rows:
        if row["name"] == wanted or row["name"].split()[0] == wanted:
            return kind, row
    by_name = {row["name"]: (kind, row) for kind, row in rows}
    places = {found for found, said in match_places(wanted, [r["name"] for k, r in rows if k != "characters"])
              if said.upper().strip() == wanted}
    if len(places) == 1:
        return by_name[places.pop()]
    close = closest_name(wanted, list(by_name))
    return by_name[close] if close is not None else None


def _unknown(data: dict[str, Any], name: str) -> str:
    """Say a name is no one's; a relation the screenplay only talks about ("my mum's shed") is quoted where it is."""
    known = ", ".join(r["name"] for kind in ("characters", "locations", "props") for r in data[kind])
    relation = re.match(r"^(?P<owner>.+?)['’]S\s+(?P<noun>[A-Z]+)$", name.strip(), re.I)
    if relation is not None:  # "JUNO'S MUM": Juno says "my mum", not "Juno's mum"
        owner, noun = relation.group("owner").upper(), relation.group("noun").lower()
        talk = [(line.scene, line.shown) for line in dialogue(data, None) if line.who.upper() == owner
                and re.search(rf"\b(?:my|our)\s+(?:\w+\s+)?{re.escape(noun)}\b", line.words, re.I)]
        if talk:
            return (f"No: {name} never appears on screen and is no one in the cast; {owner} only talks about "
                    f"them (scene {talk[0][0]}: “{talk[0][1]}”).")
    thing = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)
    word = re.compile(rf"\b{re.escape(thing)}s?\b", re.I)
    mentioned = [s for s in data["scenes"] if thing and word.search(s["content"])]
    if mentioned:  # "the key": no prop yet, but the screenplay is full of it
        first = next(x.strip() for x in re.split(r"(?<=[.!?])\s+|\n+", mentioned[0]["content"]) if word.search(x))
        scenes = ", ".join(str(s["number"]) for s in mentioned)
        return (f"The {thing.lower()} is not a character, location or prop in the project yet, but the screenplay "
                f"mentions it in scene{'s' if len(mentioned) > 1 else ''} {scenes} (first: “{first[:160]}”).")
    many = re.search(r"[^s]s$", name.strip(), re.I) is not None  # "gulls": there are none
    return f"There {'are' if many else 'is'} no {name} in the project. Known names: {known or 'none yet'}."


def _about(data: dict[str, Any], name: str) -> str:
    """Describe one character, location or prop: description, introduction, scenes."""
    found = _named(data, name)
    if found is None:
        return _unknown(data, name)
    kind, row = found
    found_in = _scenes_of(data, kind, row["name"])
    scenes = [str(s["number"]) for s in found_in]
    where = f" In scene{'s' if len(scenes) > 1 else ''} {', '.join(scenes)}." if scenes else ""
    about = row["description"] or (_set_at(found_in[0]) if kind == "locations" and found_in else
                                   _intro(data, row["name"]))
    return f"{row['name']}: {about}.{where}".replace("..", ".")


def _set_at(scene: dict[str, Any]) -> str:
    """Say how the first scene set at a place without a description opens: what the screenplay shows of it."""
    paragraphs = [p.strip() for p in scene["content"].split("\n\n") if p.strip() and "\n" not in p.strip()]
    opening = f"; scene {scene['number']} opens: {paragraphs[0][:240]}" if paragraphs else ""
    return f"no description yet ({scene['heading']}){opening}"


def _lines(data: dict[str, Any], name: str, scene_number: int | None, which: str = "all") -> str:
    """Quote what a character says (in one scene, or everywhere), parentheticals included; or only the first or last."""
    found = _named(data, name)
    if found is not None and found[0] != "characters":  # "the night bus" speaks no lines: it is a place
        kind = {"locations": "a location", "props": "a prop"}.get(found[0], "not a character")
        return f"{found[1]['name']} is {kind}, not a character, so it has no lines. Characters: " + (
            ", ".join(c["name"] for c in data["characters"]) or "none yet") + "."
    if found is None:
        return _unknown(data, name)
    who = found[1]["name"]
    lines = [line for line in dialogue(data, scene_number) if line.who.upper() == who]
    place = f" in scene {scene_number}" if scene_number else ""
    if not lines:
        return f"{who} has no lines{place}."
    if which in ("first", "last"):
        line = lines[0] if which == "first" else lines[-1]
        return f"{who}'s {which} line{place or f' (scene {line.scene})'}: “{line.shown}”"
    said = [f"- {'' if scene_number else f'{line.scene}: '}“{line.shown}”" for line in lines]
    more = f"\n(and {len(said) - 15} more)" if len(said) > 15 else ""
    count = f"{len(lines)} line{'s' if len(lines) != 1 else ''}"
    return f"{who} has {count}{place}:\n" + "\n".join(said[:15]) + more


_HEADING_WORDS = {"interior": "int", "inside": "int", "indoors": "int", "exterior": "ext", "outside": "ext",
                  "outdoors": "ext", "daytime": "day", "nighttime": "night", "daybreak": "dawn", "sunrise": "dawn",
                  "sunset": "dusk", "evening": "dusk"}
"""How film-makers say what a heading writes ("outside" is EXT.)."""
_TIMES = frozenset("day night dawn dusk morning afternoon evening int ext continuous later".split())
_NOT_A_PLACE = frozenset("set happen happens happening take takes taking place places are is in at on the a an "
                         "during does do scene scenes there by of".split())


def _numbers(scenes: list[dict[str, Any]]) -> str:
    return listed([s["number"] for s in scenes])


def _scenes_matching(data: dict[str, Any], phrase: str) -> str:
    """Answer "which scenes play after dark?" from the headings, else from the scenes' words: count and numbers."""
    wanted = [_HEADING_WORDS.get(w, w) for w in re.findall(r"[a-z0-9']+", phrase.lower()) if w not in _NOT_A_PLACE]
    if not wanted:
        return _unknown(data, phrase)

    def has(text: str) -> bool:
        words = re.findall(r"[a-z0-9']+", text.lower())
        return all(any(w == x or (len(w) >= 4 and x.startswith(w.rstrip("s"))) for x in words) for w in wanted)

    said = " ".join(wanted)
    set_there = [s for s in data["scenes"] if has(s["heading"])]
    scenes = set_there or [s for s in data["scenes"] if has(s["content"])]
    if not scenes:
        return f"No scene is set at “{said}” or mentions it."
    one = len(scenes) == 1
    if set_there:
        how = f"{'has' if one else 'have'} “{said}” in {'its' if one else 'their'} heading"
    else:
        how = f"{'mentions' if one else 'mention'} “{said}”"
    listed = "\n".join(f"{s['number']}. {s['heading']}" for s in scenes)
    return f"{len(scenes)} scene{'' if one else 's'} {how} (scene{'' if one else 's'} {_numbers(scenes)}):\n{listed}"


def _scenes_with(data: dict[str, Any], name: str) -> str:
    """Answer "how many scenes does Ruben appear in?" or "which scenes play after dark?": the count and the list.

    "without RUBEN" answers the other way: the scenes he is not in.
    """
    absent = re.match(r"^\s*(?:without|not|no)\s+(?P<name>.+)$", name, re.I)
    if absent is not None and (gone := _named(data, absent.group("name"))) is not None:
        kind, row = gone
        present = {s["number"] for s in _scenes_of(data, kind, row["name"])}
        others = [s for s in data["scenes"] if s["number"] not in present]
        if not others:
            return f"{row['name']} is in every scene."
        return f"{len(others)} scene{'s' if len(others) != 1 else ''} without {row['name']} {_listed_scenes(others)}"
    found = _named(data, name)
    if found is None or _HEADING_WORDS.get(name.lower(), name.lower()) in _TIMES:  # "night" is not the NIGHT BUS
        return _scenes_matching(data, name)
    kind, row = found
    scenes = _scenes_of(data, kind, row["name"])
    verb = {"characters": "is in", "locations": "is the setting of", "props": "appears in"}[kind]
    if not scenes:
        return f"{row['name']} {verb} no scene yet."
    return f"{row['name']} {verb} {len(scenes)} scene{'s' if len(scenes) != 1 else ''} {_listed_scenes(scenes)}"


def _listed_scenes(scenes: list[dict[str, Any]]) -> str:
    """Return "(scenes 2 and 5):" and a line per scene with its heading."""
    listed = "\n".join(f"{s['number']}. {s['heading']}" for s in scenes)
    return f"(scene{'s' if len(scenes) != 1 else ''} {_numbers(scenes)}):\n{listed}"


def _words(data: dict[str, Any], topic: str, scene_number: int | None, name: str | None, which: str,
           quote: str | None, detail: str | None) -> str:
    """Answer from the screenplay's words: who says a quote, a character's lines, a detail written in it."""
    if quote and quote.strip():
        return who_says(data, quote, scene_number)
    if detail and detail.strip():
        return written(data, detail, scene_number)
    if topic == "details":
        return "Error: say what to look for in the screenplay (e.g. 'the time on the clock')."
    return _lines(data, name, scene_number, which) if name else speakers(data, scene_number, which)


def _versions_answer(scenes: list[dict[str, Any]], scene_number: int | None) -> str:
    """Say which version each scene is on (every earlier one is kept, to compare or restore)."""
    def said(scene: dict[str, Any]) -> str:
        n, v = scene["number"], int(scene.get("version") or 1)
        if v == 1:
            return f"Scene {n} is on version 1: it has not been rewritten."
        kept = "version 1 is kept" if v == 2 else f"versions 1 to {v - 1} are kept"
        return (f"Scene {n} has {v} versions and is on version {v}; {kept} (say 'compare scene {n} version 1 with "
                f"{v}' to see what changed, or 'restore scene {n} version 1').")
    if scene_number is not None:
        if not 1 <= scene_number <= len(scenes):
            return f"Error: there is no scene {scene_number} (the film has {len(scenes)})."
        return said(scenes[scene_number - 1])
    rewritten = [s for s in scenes if int(s.get("version") or 1) > 1]
    if not rewritten:
        return f"Every scene is on version 1: none of the {len(scenes)} has been rewritten."
    return "\n".join(said(s) for s in rewritten) + f"\nThe other {len(scenes) - len(rewritten)} are on version 1."


def _answer(data: dict, topic: str, scene_number: int | None, name: str | None = None,  # type: ignore[type-arg]  # noqa: C901
            *, which: str = "all", quote: str | None = None, detail: str | None = None) -> str:
    scenes = data["scenes"]
    if scene_number is not None and not 1 <= scene_number <= len(scenes):
        return f"Error: there is no scene {scene_number}; the screenplay has scenes 1-{len(scenes)}."
    if topic in ("dialogue", "details") or (quote or "").strip() or (detail or "").strip():
        return _words(data, topic, scene_number, name, which, quote, detail)
    if topic == "logline":
        idea = data.get("ideation") or {}
        kind = " ".join(f"{label}: {idea[key]}." for key, label in (("genre", "Genre"), ("tone", "Tone"))
                        if idea.get(key))  # "what kind of film is it?" is answered with the logline
        if data["logline"]:
            return f"Logline: {data['logline']}" + (f" {kind}" if kind else "")
        if kind:
            return f"{kind} No logline yet (ask me to pitch one)."
        return (f"{data['name']} has no logline yet (ask me to pitch one). {gist(data)}" if scenes else
                f"{data['name']} has no logline and no scenes yet; ask me to pitch a logline.")
    if topic == "outline":
        beats = data["outline"]
        return ("Outline:\n" + "\n".join(f"{b['number']}. {b['text']}" for b in beats)) if beats else (
            "There is no outline yet; ask me to write one from the logline.")
    if name and topic in ("cast", "locations", "props", "overview"):  # "what's Ida's deal?" is about Ida
        return _about(data, name)
    if topic == "cast":
        if scene_number is not None:
            scene = _info(scenes[scene_number - 1])
            here = [c["name"] for c in data["characters"] if present_in(c["name"], scene)]
            return f"In scene {scene_number}: {', '.join(here) or 'nobody from the cast'}."
        cast = data["characters"]
        return f"{len(cast)} characters:\n" + "\n".join(f"- {c['name']}: {c['description'] or _intro(data, c['name'])}"
                                                      for c in cast) if cast else "The cast is empty."
    if topic in ("locations", "props"):
        rows = data[topic]
        kind = topic[:-1] if len(rows) == 1 else topic  # "1 location", "3 locations": the count answers "how many"

        def where(name: str) -> str:
            found = [str(s["number"]) for s in _scenes_of(data, topic, name)]
            return f" (scene{'s' if len(found) > 1 else ''} {', '.join(found)})" if found else " (in no scene yet)"
        return f"{len(rows)} {kind}:\n" + "\n".join(f"- {r['name']}: {r['description'] or '(no description)'}"
                                                    f"{where(r['name'])}" for r in rows) if rows else (
            f"There are no {topic} yet.")
    if topic == "scenes" and name:
        return _scenes_with(data, name)
    if topic == "scenes":
        return f"{len(scenes)} scenes:\n" + "\n".join(f"{s['number']}. {s['heading']}" for s in scenes)
    if topic == "runtime":
        if scene_number is not None:
            return f"Scene {scene_number} runs about {_minutes(scenes[scene_number - 1]['runtime_s'])}."
        longest = max(scenes, key=lambda s: s["runtime_s"]) if scenes else None
        shortest = min(scenes, key=lambda s: s["runtime_s"]) if scenes else None
        each = "; ".join(f"{s['number']}: {_minutes(s['runtime_s'])}" for s in scenes[:30])
        ends = ""
        if longest and shortest and len(scenes) > 1:
            ends = (f" Longest: scene {longest['number']} ({_minutes(longest['runtime_s'])}); shortest: scene "
                    f"{shortest['number']} ({_minutes(shortest['runtime_s'])}). By scene: {each}.")
        return (f"The film runs about {_minutes(data['runtime_s'])} ({len(scenes)} scenes; from shot durations "
                f"where there are shots, else estimated from the text).{ends}")
    if topic == "spend":
        cost = data["cost"]
        budget = f" of a ${cost['budget_usd']:.2f} budget" if cost["budget_usd"] is not None else " (no budget set)"
        return (f"Spent ${cost['spent_usd']:.2f}{budget}; re-using existing assets saved "
                f"${cost['saved_by_reuse_usd']:.2f}. Draft (offline) generation is free.")
    if topic == "heading":
        if scene_number is not None:
            return f"Scene {scene_number}: {scenes[scene_number - 1]['heading']}"
        return "Scene headings:\n" + "\n".join(f"{s['number']}. {s['heading']}" for s in scenes)
    if topic == "voices":
        return voices_answer(data, name)
    if topic == "versions":
        return _versions_answer(scenes, scene_number)
    if topic == "art_direction":
        art = data["art_direction"]
        return (f"Art direction: {art['style'] or '(no style yet)'}; palette: {', '.join(art['palette']) or 'none'}.")
    return ""


def _breakdown(project: Any, scene_number: int | None) -> str:
    """Say one scene's breakdown sheet, or a line per scene (the sheets themselves are an export)."""
    from agent.exports.breakdown import project_breakdown, scene_breakdown
    from agent.formats.breakdown import describe_breakdown, eighths_text  # deferred: parsers load on use

    if scene_number is not None:
        return describe_breakdown(scene_breakdown(project, scene_number))
    rows = project_breakdown(project)
    return "Breakdown (export breakdown-pdf or breakdown-csv for the sheets):\n" + "\n".join(
        f"{r.scene}. {r.heading} - {eighths_text(r.eighths)} pg; cast: {', '.join(r.cast) or 'none'}; "
        f"props: {', '.join(r.props[:6]) or 'none'}" for r in rows) if rows else "There are no scenes yet."


def _embed(texts: Any) -> Any:
    from agent.index.embeddings import get_local_embedder  # deferred: onnxruntime and Chroma load on use

    return get_local_embedder().embed(texts)


_PLAIN = frozenset("the a an of in on at to and or with is are was were it its what which who where when how does "
                   "do did say says said there this that scene".split())


def _best_line(query: str, content: str) -> str:
    """Return the sentence of a scene that shares the most words with a question (for "what does the clock say?")."""
    wanted = {w for w in re.findall(r"[a-z0-9']+", query.lower()) if w not in _PLAIN and len(w) > 2}
    best, score = "", 0
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", content):
        words = set(re.findall(r"[a-z0-9']+", sentence.lower()))
        hits = len(wanted & words) + sum(1 for w in wanted if any(x.startswith(w[:5]) for x in words if len(w) > 5))
        if hits > score:
            best, score = sentence.strip(), hits
    return best[:160] if score >= 1 else ""


def answer_tools(ctx: ToolContext) -> list[BaseTool]:
    """Return the read-only question-answering tools bound to one project."""
    p = ctx.project

    def project_overview(topic: Topic = "overview", scene_number: int | None = None, name: str | None = None,
                         which: Which = "all", quote: str | None = None, detail: str | None = None) -> str:
        """Answer a question about the project without changing anything.

        Topics: logline, outline, cast (of the film or one scene), locations, props, scene list, running
        time, money spent, recent changes, art direction, a scene's breakdown sheet (cast, extras, props,
        wardrobe, INT/EXT, time of day, eighths), the branch you are on, the film's music, what is on the
        timeline, the characters' voices; 'overview' summarises and says what is next.
        The screenplay's words: 'dialogue' quotes a character's lines (only the first or last with which=),
        or with quote= tells who says a remembered line; 'details' with detail= quotes the sentences that
        answer a question about something written in the action (the time on a clock, a number on a tag).
        """
        if topic == "history":
            with p.read() as s:
                rows = history.list_changes(s, limit=5)
            return "Latest changes:\n" + "\n".join(f"- {c.actor}: {c.summary}{' (undone)' if c.undone else ''}"
                                                   for c in rows) if rows else "Nothing has changed yet."
        if topic == "breakdown":
            return _breakdown(p, scene_number)
        if topic in ("music", "timeline"):
            with p.read() as s:
                return music_answer(s) if topic == "music" else timeline_answer(s)
        if topic == "branch":
            with p.read() as s:
                branches = history.list_branches(s)
            current = next(name for name, active in branches if active)
            others = [name for name, active in branches if not active]
            return f"You are on the branch '{current}'." + (
                f" The other branches: {', '.join(others)}." if others else " There are no other branches.")
        # A question changes nothing and reads no shot list: the brief snapshot, built once per history head.
        # Money is read afresh: the ledger is not history (a chat model's cost is appended without a change).
        data = (snapshot(p, budget_usd=ctx.settings.budget_usd, brief=True) if topic == "spend"
                else ctx.read_once("brief_snapshot", lambda: snapshot(p, brief=True)))
        answer = _answer(data, topic, scene_number, name, which=which, quote=quote, detail=detail)
        if answer:
            return answer
        logline = f"Logline: {data['logline']}\n" if data["logline"] else ""
        return f"{data['name']}. {logline}{ctx.read_once('overview', lambda: overview_text(p))}"

    def find_scene(query: str) -> str:
        """Find which scene the film-maker means by a description.

        Matches place, time of day, who is in it and what happens; lists the best matches. Ask the
        film-maker when two fit equally well.
        """
        data = ctx.read_once("brief_snapshot", lambda: snapshot(p, brief=True))
        most = _most_of(query, data)
        if most is not None:  # "which scene has the most dialogue?": counted, not matched by words
            return most
        infos = [_info(s) for s in data["scenes"]]
        matches = rank_scenes(query, infos, embed=_embed)
        if not matches:
            listing = "; ".join(f"{s['number']}. {s['heading']}" for s in data["scenes"][:12])
            return f"No scene matches “{query}”. The scenes are: {listing}."
        best = matches[0].score
        texts = {s["number"]: s["content"] for s in data["scenes"]}

        def shown_as(m: Any) -> str:
            line = _best_line(query, texts.get(m.number, ""))
            return f"{m.number}. {m.heading}" + (f" — “{line}”" if line else "")

        if len(matches) == 1:
            return f"Scene {shown_as(matches[0])}"
        if all(m.score >= best * 0.75 for m in matches):  # about equally good: in screenplay order
            shown = sorted(matches, key=lambda m: m.number)[:8]
            return f"Scenes {listed([m.number for m in shown])}: " + "; ".join(shown_as(m) for m in shown)
        return "Scenes that match, best first: " + "; ".join(shown_as(m) for m in matches[:5])

    return [
        make_tool(project_overview, name="project_overview", args_schema=OverviewArgs, read_only=True),
        make_tool(find_scene, name="find_scene", args_schema=FindSceneArgs, read_only=True),
    ]


_MOST = re.compile(r"\b(?P<way>most|least|fewest|longest|shortest)\s*(?P<what>dialogue|lines|words|talk(?:ing)?|"
                   r"speech(?:es)?|characters|people|cast|speakers)?\b", re.I)
"""A scene asked for by a count: "the most dialogue", "the fewest characters", "the longest"."""


def _most_of(query: str, data: dict[str, Any]) -> str | None:
    """Answer "which scene has the most dialogue / the fewest characters / is the longest?" by counting, else None."""
    asked = _MOST.search(query)
    if asked is None or not data["scenes"]:
        return None
    way, what = asked.group("way").lower(), (asked.group("what") or "").lower()
    if not what:
        return None  # "the longest" alone: the running time answers that (project_overview, topic runtime)
    people = what in ("characters", "people", "cast", "speakers")
    counts: dict[int, int] = {}
    for scene in data["scenes"]:
        lines = list(dialogue(data, scene["number"]))
        if people:
            info = _info(scene)
            counts[scene["number"]] = len({line.who for line in lines} | {
                c["name"] for c in data.get("characters", []) if present_in(c["name"], info)})
        else:
            counts[scene["number"]] = sum(len(line.words.split()) for line in lines) if what == "words" else len(lines)
    pick = max if way in ("most", "longest") else min
    target = pick(counts.values())
    chosen = [n for n, c in counts.items() if c == target]
    said = "words" if what == "words" else "lines"
    unit = f"{'person' if target == 1 else 'people'} in it" if people else f"{said} of dialogue"
    heads = {s["number"]: s["heading"] for s in data["scenes"]}
    listing = "; ".join(f"{n}. {heads[n]}" for n in chosen)
    others = ", ".join(f"{n}: {c}" for n, c in counts.items())
    lead = "Scene" if len(chosen) == 1 else "Scenes"
    return f"{lead} {listing} — {target} {unit}. By scene: {others}."
