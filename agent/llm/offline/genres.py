"""What kind of film it is, as said: "genre: noir", "tone: brisk, never smug", "a wry comedy".

The genre and the tone are tags in the ideation. A film-maker says them in a sentence ("genre-wise we're a
western with some satire thrown in", "tone I'd say is dry but warm underneath"); only the tags are kept,
never the words around them ("wise", "I'd say is", "thrown in").
"""

from __future__ import annotations

import re

__all__ = ["GENRES", "dictated_logline", "genre_and_tone", "names_a_genre", "new_genre", "says_genre_or_tone"]

GENRES = ("thriller|comedy|horror|drama|noir|neo-noir|western|romance|melodrama|mystery|crime|fantasy|sci-fi|"
          "science fiction|musical|satire|documentary|road movie|coming-of-age|war|heist|action|animation|fable|"
          "fairy tale|fairytale|folk tale|ghost story|parable|tragedy|tragicomedy|dramedy|rom-com|romcom|"
          "black comedy|dark comedy|farce|adventure|character study|slice of life|family film|mockumentary|"
          "period piece|chamber piece|love story|psychological thriller|magical realism|allegory")
_A_GENRE = re.compile(rf"\b(?:an?|the)\s+(?:(?P<adj>[\w-]+)\s+)?(?P<v>{GENRES})\b", re.I)
_GENRE_WORD = re.compile(rf"\b(?:{GENRES})\b", re.I)
_NOT_A_TONE = frozenset("new good proper real little short long big small kind sort type full feature".split())

_LABEL = re.compile(r"\b(?P<key>genre|tone)s?(?:['’]s)?(?:\s+(?:wise|of\s+(?:the|this|our)\s+(?:film|movie|short)))?"
                    r"(?=\s|[:=—–-]|$)", re.I)
_LEAD = re.compile(r"^(?:\s|[:=—–,-])*(?:(?:what\s+i\s+(?:want|mean|had\s+in\s+mind)\s+is|i\s+(?:want|think|'d\s+say|"
                   r"would\s+say)|i'?d\s+(?:like|say)|should\s+(?:be|feel|read|sound|come\s+across\s+as|stay|remain)|stays?|remains?|"
                   r"(?:needs|has)\s+to\s+(?:be|feel)|feels?(?:\s+like)?|is|are|'s|will\s+be|must\s+be|"
                   r"(?:it|this)(?:'?s|\s+is|\s+should\s+be)|(?:we|they)(?:['’]re|\s+are|['’]ll\s+be|\s+will\s+be)|"
                   r"it|wise|more\s+like|something\s+like|like|mostly|"
                   r"basically|probably|kind\s+of|sort\s+of|to|as|an?|the|[:=—–-])\s*)+", re.I)
_TAIL = re.compile(r"(?:,?\s+(?:in\s+it|please|overall|throughout|for\s+now|i\s+think|i\s+guess|thanks?|"
                   r"(?:please\s+)?(?:put|set|add|save|write|note|use)\s+(?:this|that|it|them)(?:\s+(?:in|down))?))+"
                   r"\s*[.!?]*$|"
                   r"\s*[.!?]+$", re.I)
_FILLER = re.compile(r"\b(?:small|little|bit\s+of|a\s+bit\s+of|touch\s+of|a\s+touch\s+of|with|some|kind\s+of|"
                     r"sort\s+of|an?|the|its|it's|it|in)\b", re.I)


def names_a_genre(clause: str) -> bool:
    """Tell whether a clause names a kind of film ("a slow-burn thriller", "an urban fairy tale")."""
    return _A_GENRE.search(clause) is not None


def says_genre_or_tone(clause: str) -> bool:
    """Tell whether a clause sets the genre or tone by name ("genre: noir", "tone should be dry, never arch")."""
    label = _LABEL.search(clause)
    if label is None or clause[:label.start()].strip(" ,.;:").lower() not in ("", "the", "and", "and the", "so the",
                                                                            "ok the", "okay the", "also the"):
        return False
    said = clause[label.end():]
    if re.search(r"\btoo\b|\bscenes?\b|\bshots?\b|\b(?:it|things)\s+(?:down|up)\b|\?", said, re.I):
        return False  # "the tone is too dark in scene 3" is a note on a scene; "tone it down" a rewrite
    return bool(_LEAD.sub("", said).strip(" .!?"))


def _parts(clause: str) -> dict[str, str]:
    """Split a clause at its "genre"/"tone" labels: the words after each label, up to the next one."""
    labels = list(_LABEL.finditer(clause))
    parts: dict[str, str] = {}
    for i, label in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(clause)
        said = re.sub(r"(?:[,;]?\s*\b(?:and|but|while|with)\b\s*(?:the|its|it's)?\s*|[,;.]\s*(?:the\s+)?)$", "",
                      clause[label.end():end].strip())
        parts.setdefault(label.group("key").lower(), said)
    return parts


_NEVER = re.compile(r"(?:never|not|no|nothing|without|avoid|don'?t|do\s+not)\b", re.I)
"""A tone said as what to avoid: "never mawkish"."""


def _tone_tags(text: str) -> list[str]:
    """Return tone tags as said: "brisk and dry, never smug" -> brisk, dry.

    What the film must never be ("never smug", "not twee", "no melodrama") is a warning, not its tone: a tag
    of it would tell every later draft to be smug.
    """
    text = _TAIL.sub("", _LEAD.sub("", text)).strip(" ,.;")
    tags = [re.sub(r"^(?:an?|some)\s+", "", t.strip(" ,.;"), flags=re.I)
            for t in re.split(r"\s*(?:,|/|&|;|\band\b|\bwith\b|\bbut\s+(?=never|not|no)\b)\s*", text)
            if t.strip(" ,.;")]  # "melancholy with a dry sense of humour": two tags
    return [t.lower() for t in tags if len(t.split()) <= 6 and not _NEVER.match(t)]


def _genre_tags(text: str) -> list[str]:
    """Return genre tags: the kinds of film named ("a western with some satire" -> western, satire)."""
    named = [m.group(0).lower() for m in _GENRE_WORD.finditer(text)]
    if named:
        return list(dict.fromkeys(named))
    text = _TAIL.sub("", _LEAD.sub("", text)).strip(" ,.;")
    tags = [" ".join(_FILLER.sub(" ", t).split()) for t in re.split(r"\s*(?:,|/|&|;|\band\b)\s*", text)]
    return [t.lower() for t in tags if t and len(t.split()) <= 3]


_IN_TONE = re.compile(r"(?P<said>[^,.;:!?]+?)\s+in\s+(?:its\s+|the\s+)?tone\b\s*[.!]*$", re.I)
"""A tone said before its label, at the end: "..., hushed and wistful in tone"."""


def genre_and_tone(clause: str) -> tuple[list[str], list[str]]:
    """Return the genre and tone tags a clause says (either may be empty).

    "genre: noir / tone: wry"; "genre is a western and the tone I'd say is dry but warm underneath";
    "call it a bittersweet comedy" (a kind of film with a word before it: that word is the tone).
    """
    parts = _parts(clause)
    genre = _genre_tags(parts["genre"]) if "genre" in parts else []
    first_label = _LABEL.search(clause)
    named_before = _GENRE_WORD.findall(clause[:first_label.start()]) if first_label else []
    if "genre" in parts and named_before and not _GENRE_WORD.search(parts["genre"]):
        genre = list(dict.fromkeys(g.lower() for g in named_before))  # "a heist film genre-wise, but ..."
    tone = _tone_tags(parts["tone"]) if "tone" in parts else []
    before = _IN_TONE.search(clause)
    if not tone and before is not None:  # "a drama, hushed and wistful in tone": the words before the label
        tone = _tone_tags(before.group("said"))
    if not genre and "genre" not in parts and (named := _A_GENRE.search(clause)):
        genre = [named.group("v").lower()]
        adj = named.group("adj")
        if not tone and "tone" not in parts and adj and adj.lower() not in _NOT_A_TONE:
            tone = [adj.lower()]  # "call it a bittersweet comedy": bittersweet is the tone
    return genre, tone


_LOGLINE_SAID = re.compile(r"^\W*(?:(?:ok|okay|so|right|and)[,]?\s+)?(?:(?:the|our|my|new|a)\s+)?"
                           r"(?:log\s?-?line|one[- ]liner)\s*(?:[:=—–-]+|\bis\b|\bshould\s+be\b|\bwill\s+be\b|"
                           r"\breads\b|\bgoes\b|\bfor\s+(?:it|this)\s*[:—–-]+)[\s:—–-]*[\"“']?(?P<text>.+?)[\"”']?\s*$",
                           re.I)


_LOGLINE_SET = re.compile(r"\b(?:set|make|change|update|put)\s+(?:the\s+|our\s+)?(?:log\s?-?line|one[- ]liner)\s+"
                          r"(?:as\s+follows|to(?:\s+read)?(?:\s+this)?|to\s+the\s+following)\s*[:—–-]+\s*[\"“']?(?P<text>.+?)"
                          r"[\"”']?\s*$", re.I)
"""A logline dictated after the request to set it ("update our one-liner as follows: ...")."""


_PREMISE_SAID = re.compile(_LOGLINE_SAID.pattern.replace(r"(?:log\s?-?line|one[- ]liner)", "premise"), re.I)
_PREMISE_SET = re.compile(_LOGLINE_SET.pattern.replace(r"(?:log\s?-?line|one[- ]liner)", "premise"), re.I)


def dictated_premise(clause: str) -> str | None:
    """Return a premise the film-maker dictates ("premise: a lighthouse keeper ..."), as said; else None."""
    return _dictated(_PREMISE_SAID.match(clause) or _PREMISE_SET.search(clause))


def dictated_logline(clause: str) -> str | None:
    """Return the story line the film-maker dictates for the logline tool, as said: a logline or a premise.

    "logline - an old clerk ... ", "the logline is: ..."; "premise: ..." (the tool sets either). Not one they
    judge ("the logline is too long") or ask about ("the logline is what?").
    """
    return _dictated(_LOGLINE_SAID.match(clause) or _LOGLINE_SET.search(clause)) or dictated_premise(clause)


def _dictated(said: re.Match[str] | None) -> str | None:
    """Return the dictated words of a logline or premise match, unless they judge or ask rather than say."""
    if said is None:
        return None
    text = said.group("text").strip()
    if len(text.split()) < 5 or text.endswith("?") or re.match(r"(?:too|a\s+bit|kind\s+of|not|fine|great|good|"
                                                                 r"ok|okay|weak|wrong|missing)\b", text, re.I):
        return None
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!")) else text + "."


_OOPS = re.compile(r"^\W*(?:(?:no+|nope|nah|sorry|wait|actually|hmm|oops|or|rather|make\s+(?:it|that))[,!.]*\s+)+",
                   re.I)


def new_genre(clause: str, previous: str | None) -> str | None:
    """Turn "no wait, a western" after "genre: heist" into "genre: western" (the rest as it was)."""
    if not previous or not _OOPS.match(clause):
        return None
    said = _GENRE_WORD.findall(clause)
    before = list(_GENRE_WORD.finditer(previous))
    if len(said) != 1 or not before or not (says_genre_or_tone(previous) or names_a_genre(previous)):
        return None
    old = before[0]
    return previous[:old.start()] + said[0].lower() + previous[old.end():]
