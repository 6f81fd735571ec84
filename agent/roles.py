"""Characters named by what they are ("the bus driver", "the girl", "the old woman") instead of by name.

A character's profile is what the screenplay says about them: their description, the parenthetical
they are introduced with ("RUBEN (40s, night-bus uniform)"), the action lines that name them ("Ruben
drives the last run"), the age that parenthetical gives and the pronouns the lines use for them ("He"
opening the sentence after one that names Ruben is his; dialogue says nothing about who is who). A
role phrase fits a character when each of its words is in the profile (by stem: "driver" and
"drives") or agrees with the age and gender. Only a phrase that fits exactly one character resolves;
two that fit equally are left unresolved, for the caller to ask.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Person", "RoleReference", "find_role_references", "people_in", "relation_said", "relative_in_cast"]

_PERSON_NOUNS = frozenset(
    """
    man woman girl boy lady guy kid child teen teenager lad lass bloke fella dude gent gentleman youngster
    driver clerk attendant owner keeper manager officer cop detective nurse doctor mother mum mom mother father
    dad daughter son sister brother grandmother gran granny grandma grandfather grandad grandpa husband wife
    friend stranger customer passenger neighbour neighbor waiter waitress bartender barman receptionist
    assistant boss worker porter guard teacher student pensioner widow widower hero heroine protagonist villain
    lead character courier postman musician singer captain sailor pilot seller vendor cashier conductor chef cook
    farmer fisherman soldier priest lawyer judge painter artist photographer journalist reporter baker
    butcher shopkeeper landlord landlady tenant janitor cleaner caretaker nanny inspector ranger warden usher
    steward stewardess policeman policewoman paramedic firefighter fireman mechanic plumber electrician builder
    tourist traveller traveler commuter hitchhiker busker beggar thief burglar
    bouncer doorman concierge cabbie cabby barber hairdresser florist grocer milkman newsagent vicar nun monk
    pharmacist dentist vet surgeon accountant banker secretary intern auctioneer salesman saleswoman librarian
    archivist gardener lifeguard referee dancer actor actress comedian magician clown butler maid housekeeper
    aunt uncle cousin niece nephew grandson granddaughter boyfriend girlfriend fiance fiancee colleague
    flatmate roommate lodger classmate schoolgirl schoolboy toddler
    """.split()
)
"""Nouns that name a person, so "the umbrella" is never read as a role ("the writer" is the film's own: crew)."""


def names_a_person(thing: str) -> bool:
    """Tell whether a thing's name is a person's ("porter", "the old nurse"): a character, never a prop."""
    words = re.findall(r"[a-z]+", thing.lower())
    return bool(words) and words[-1] in _PERSON_NOUNS
_FEMALE = frozenset("woman girl lady lass mother mum mom daughter sister grandmother gran granny grandma wife "
                    "waitress widow heroine she her".split())
_MALE = frozenset("man boy guy lad bloke fella dude gent gentleman father dad son brother grandfather grandad "
                  "grandpa husband widower barman postman he him his".split())
_YOUNG = frozenset("girl boy kid child teen teenager lad lass youngster young younger youngest teenage".split())
_OLD = frozenset("old older oldest elderly aged pensioner gran granny grandma grandmother grandad grandpa "
                 "grandfather widow widower".split())
_ADULT = frozenset("woman man lady gent gentleman bloke".split())
_GENDERED_JOBS = frozenset("waitress barman postman widow widower".split())
"""Person nouns that say a gender and more ("the waitress"): the gender must agree, and the rest be borne out."""
_DETERMINER = re.compile(r"\b(?:the|that|this|our)\s+", re.I)
_WORD = re.compile(r"[a-z][\w-]*", re.I)
_STOP = frozenset("the a an of in on at to and or with is are was his her their its one".split())
_INTRO = re.compile(r"\b([A-Z][A-Z'. -]{1,40}?)\s*\(([^)]{1,200})\)")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_GENDERED = re.compile(r"\b(she|hers|herself|her|he|his|himself)\b(?:[ \t]+([a-z][\w'’-]*))?", re.I)
_OPENING_PRONOUN = re.compile(r"^\W*(?:she|he|her|his)\b", re.I)
_OBJECT_AFTER = frozenset("the a an in into to on at from with up down out back off over and or as by for".split())
"""Words after "her" that make it the object ("hands her the key": someone else), not "her coat"."""
_CUE = re.compile(r"^([A-Z][A-Z0-9 .'’\-]*[A-Z0-9.])\s*(?:\(.*\))?\s*\^?$")
_NOUN_PART = re.compile(r"^(?:(?:a|an|the)\s+)?(?:[\w'’-]+\s+){0,2}([a-z]+)$", re.I)
"""A short phrase that ends on its noun ("a tired woman", "Ida's son"): that is what the character is."""


@dataclass(frozen=True)
class Person:
    """What the screenplay says about one character."""

    name: str
    words: frozenset[str]
    """Stems of the words in their description, introduction and the action lines that name them."""
    age: int | None = None
    gender: str | None = None
    """"f", "m" or None when the lines don't say (the likelier one, on any evidence: enough to narrow a role)."""
    she: int = 0
    """How often the screenplay and description use she/her for them."""
    he: int = 0
    """How often they use he/his for them."""

    @property
    def pronoun(self) -> str | None:
        """Return "f" or "m" only when the counts agree clearly (a pronoun picks who is written to)."""
        most, least = max(self.she, self.he), min(self.she, self.he)
        if most < 2 or most < 3 * least:
            return None
        return "f" if self.she > self.he else "m"


@dataclass(frozen=True)
class RoleReference:
    """A phrase that names a character by role, and the characters that fit it (one when resolved)."""

    phrase: str
    names: tuple[str, ...]


def _stem(word: str) -> str:
    """Strip one agent-noun or verb ending, coarsely ("baker" and "baking" both give "bak").

    Not ``agent.resolver``'s stemmer, on purpose: that one keeps "-er"/"-or" ("baker" stays
    "baker"), maps irregular verbs ("tied" -> "tie"), turns "-ies" into "-y" and undoubles
    consonants ("stopped" -> "stop"). Here a role word must meet its verb, so the cut is blunter.
    """
    word = word.lower().strip("'’-")
    for suffix in ("ers", "er", "ing", "es", "ed", "s", "or"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> set[str]:
    return {_stem(w) for part in re.findall(r"[A-Za-z][\w'’-]*", text) for w in part.split("-")} - {""}


def _age(intro: str) -> int | None:
    found = re.match(r"\s*(?:about\s+|around\s+|early\s+|late\s+|mid-?)?(\d{1,2})(s)?\b", intro)
    if not found:
        return None
    return int(found.group(1)) + (4 if found.group(2) else 0)  # "40s": about 44


def _counted(text: str) -> tuple[int, int]:
    """Count (she, he) words in a stretch about one person; "him" and an object "her" are someone else."""
    she = he = 0
    for match in _GENDERED.finditer(text):
        word, after = match.group(1).lower(), (match.group(2) or "").lower()
        if word == "her" and (not after or after in _OBJECT_AFTER):
            continue
        if word in ("she", "hers", "herself", "her"):
            she += 1
        else:
            he += 1
    return she, he


def _named(pattern: re.Pattern[str], text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0).upper(), m.start(), m.end()) for m in pattern.finditer(text)]


def _action_counts(paragraph: str, pattern: re.Pattern[str], last: str | None,
                   counts: dict[str, list[int]]) -> str | None:
    """Add the pronouns of one action paragraph to whom they are about; return who was named last.

    A sentence opening on "She"/"He" is about the person named last before it (a dialogue cue counts);
    otherwise about the first person it names, up to the next person it names.
    """
    for sentence in _SENTENCE.findall(paragraph):
        named = _named(pattern, sentence)
        if _OPENING_PRONOUN.match(sentence) and last is not None:
            subject, start = last, 0
        elif named:
            subject, start = named[0][0], named[0][2]
        else:
            continue
        end = next((a for name, a, _ in named if a >= start and name != subject), len(sentence))
        she, he = _counted(sentence[start:end])
        counts[subject][0] += she
        counts[subject][1] += he
        last = named[-1][0] if named else last
    return last


def _noun_counts(text: str) -> tuple[int, int]:
    """Count a description's own noun ("a tired woman", "Ida's son") as two pronouns' worth."""
    she = he = 0
    for part in re.split(r"[,;.:()]", text):
        found = _NOUN_PART.match(part.strip())
        noun = found.group(1).lower() if found else ""
        she += 2 * (noun in _FEMALE - {"she", "her"})
        he += 2 * (noun in _MALE - {"he", "him", "his"})
    return she, he


def _pronoun_counts(cast: Sequence[tuple[str, str]], intros: dict[str, str],
                    scenes: Sequence[str]) -> dict[str, list[int]]:
    """Return [she, he] counts per name from the action lines, the introductions and the descriptions.

    One pass over the screenplay for the whole cast (names matched as written: "IDA" or "Ida", never "ida").
    """
    counts = {name.upper(): [0, 0] for name, _ in cast}
    forms = sorted({f for name, _ in cast for f in (name.upper(), name.title())}, key=len, reverse=True)
    if not forms:
        return counts
    pattern = re.compile(r"(?<![\w'’])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w])")
    for text in scenes:
        last: str | None = None  # who "She" means: each scene starts afresh
        for paragraph in (p.strip() for p in text.split("\n\n")):
            lines = paragraph.splitlines()
            cue = _CUE.match(lines[0]) if lines else None
            if cue is not None:  # a heading, a transition or a speech: only a cue names who is there
                said_by = cue.group(1).strip().upper()
                last = said_by if said_by in counts and len(lines) > 1 else last
                continue
            last = _action_counts(paragraph, pattern, last, counts)
    for name, description in cast:
        for she, he in (_counted(description), _noun_counts(description), _noun_counts(intros.get(name, ""))):
            counts[name.upper()][0] += she
            counts[name.upper()][1] += he
    return counts


def people_in(cast: Iterable[tuple[str, str]], scenes: Sequence[str]) -> list[Person]:
    """Return a profile of each (name, description) in ``cast`` from the scenes' text."""
    people = []
    cast = list(cast)
    intros = {name: next((m.group(2) for text in scenes for m in _INTRO.finditer(text)
                          if m.group(1).strip().upper() == name.upper()), "") for name, _ in cast}
    counts = _pronoun_counts(cast, intros, scenes)
    for name, description in cast:
        pattern = re.compile(rf"\b{re.escape(name)}\b", re.I)
        intro = intros[name]
        others = [re.compile(rf"\b{re.escape(n)}\b", re.I) for n, _ in cast if n != name]
        lines: list[str] = []
        for para in (p for text in scenes for p in text.split("\n\n") if not p.strip().isupper()):
            if not pattern.search(para):
                continue
            if any(o.search(para) for o in others):  # two people: only the sentences that name this one
                lines.extend(s for s in _SENTENCE.findall(para) if pattern.search(s))
            else:
                lines.append(para)  # "MARTA checks the ropes. She spits.": the pronoun is hers
        said = " ".join(lines)
        she, he = counts[name.upper()]
        gender = "f" if she > he else "m" if he > she else None
        age = _age(intro) or _age(description)
        people.append(Person(name, frozenset(_stems(f"{description} {intro} {said}")), age, gender, she, he))
    return people


def _fits(word: str, person: Person) -> bool | None:
    """Tell whether one word of a role fits a person (None: the word says nothing checkable)."""
    low = word.lower()
    if low in _FEMALE or low in _MALE:
        if person.gender is not None and person.gender != ("f" if low in _FEMALE else "m"):
            return False
    if low in _YOUNG and person.age is not None and person.age >= 25:
        return False
    if low in _OLD and person.age is not None and person.age < 55:
        return False
    if low in _ADULT and person.age is not None and person.age < 18:
        return False
    if low in _FEMALE | _MALE | _YOUNG | _OLD | _ADULT and low not in _GENDERED_JOBS:
        return True if (person.gender or person.age is not None) else None
    return _stem(low) in person.words or None


_ANYONE = frozenset("guy person bloke fella dude lady gent one character figure".split())
"""Person nouns that say nothing of what someone does ("the bus guy"): any word before them must be borne out."""


_DESCRIBING = re.compile(r"(?:y|ful|ous|ish|ive|ic|al|ent|ant|ed|less|able|er|est)$|^(?:old|young|new|big|little|"
                         r"tall|short|sad|kind|mean|odd|quiet|loud|nice|main|other|same)$")
"""A word before a person noun that says how they are ("the grumpy driver"), not what kind ("the taxi driver")."""


_A_LABEL_AFTER = re.compile(r"\s*(?:(?:'s|’s)\s*)?(?:(?:voice|lines?|costume|look|name|description|age)\s*)?"
                            r"(?::|→|->|=>|—|–|\s-\s)")
"""What follows a role that opens a note: a colon or an arrow, perhaps after what of theirs it is about."""


def find_role_references(text: str, people: Sequence[Person]) -> list[RoleReference]:
    """Return each role phrase in ``text`` ("the bus driver") with the characters that fit it."""
    names = {p.name.lower() for p in people}
    found: list[RoleReference] = []
    opening = re.match(r"\W*", text)
    starts = [(m.start(), m.end()) for m in _DETERMINER.finditer(text)]
    if opening is not None and not any(a == opening.end() for a, _ in starts):
        starts.insert(0, (opening.end(), opening.end()))  # a note that opens on the role: "ferry man voice → hoarse"
    for begin, det_end in starts:
        after = list(_WORD.finditer(text, det_end))[:3]
        if begin == det_end and any(_DETERMINER.fullmatch(f"{w.group(0)} ") for w in after):
            continue  # "remove the man with the lamp": the role begins at its determiner, not at the verb
        words: list[re.Match[str]] = []
        for w in after:  # consecutive words only: "the driver, then" stops at the comma
            if words and text[words[-1].end():w.start()].strip() not in ("",):
                break
            words.append(w)
        heads = [i for i, w in enumerate(words) if w.group(0).lower() in _PERSON_NOUNS or _owned(w, words, i)]
        if not heads:
            continue
        last = heads[-1]  # "the old bus driver": the longest run that ends on a person
        dropped = 1 if _owned(words[last], words, last) else 0  # "the drivers voice": the driver's
        said = [w.group(0).lower() for w in words[: last + 1]]
        said[last] = said[last][:len(said[last]) - dropped]
        role = [w for w in said if w not in _STOP]
        end = words[last].end() - dropped
        if any(w in names for w in said) or any(ref.phrase.lower().endswith(text[begin:end].lower())
                                                for ref in found):
            continue
        if begin == det_end and not _A_LABEL_AFTER.match(text, end):
            continue  # a bare role opens a note ("ferry man voice → hoarse"), not a command ("put night porter in")
        fitting = []
        kind = said[last - 1] if last >= 1 and said[last - 1] not in _STOP and not _DESCRIBING.search(
            said[last - 1]) else None  # "the taxi driver": what kind of driver must be borne out, not only "driver"
        head = role[-1] if role else ""
        generic = head in _FEMALE | _MALE | _YOUNG | _OLD | _ADULT or head in _ANYONE
        for person in people:
            fits = [_fits(w, person) for w in role]
            if kind is not None and _fits(kind, person) is not True:
                continue
            if kind is not None and not generic and _fits(head, person) is not True:
                continue  # "the bus inspector" is nobody who only drives the bus: the job, with its kind, borne out
            if False not in fits and sum(f is True for f in fits) >= max(1, len(role) - 1):
                fitting.append(person.name)  # every word agrees, and all but one (at most) is borne out
        found.append(RoleReference(text[begin:end], tuple(fitting)))
    return found + aged_references(text, people)


_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_SMALL = {w: i for i, w in enumerate(("one two three four five six seven eight nine ten eleven twelve thirteen "
                                      "fourteen fifteen sixteen seventeen eighteen nineteen").split(), start=1)}
_AGED = re.compile(r"\b(?:the|that|this|our)\s+(?P<age>\d{1,2}|(?:" + "|".join(_TENS) + r")(?:[- ](?:" +
                   "|".join(list(_SMALL)[:9]) + r"))?|" + "|".join(sorted(_SMALL, key=len, reverse=True)) +
                   r")[- ](?:year|yr)s?[- ]old\b", re.I)
"""Someone named by their age ("the 17 year old", "the seventy-four-year-old")."""


def _years(said: str) -> int:
    if said.isdigit():
        return int(said)
    parts = re.split(r"[- ]", said.lower())
    return _TENS.get(parts[0], 0) + _SMALL.get(parts[-1], 0) if parts[0] in _TENS else _SMALL.get(parts[0], 0)


def aged_references(text: str, people: Sequence[Person]) -> list[RoleReference]:
    """Return each "the N year old" in ``text`` with the characters whose introduction gives that age."""
    found = []
    for m in _AGED.finditer(text):
        years = _years(m.group("age"))
        exact = [p.name for p in people if p.age == years]  # "70s" reads as about 74: near enough, when none is 70
        found.append(RoleReference(m.group(0), tuple(exact or [p.name for p in people
                                                              if p.age is not None and abs(p.age - years) <= 5])))
    return found


def _owned(word: re.Match[str], words: Sequence[re.Match[str]], at: int) -> bool:
    """Tell whether a word is a person noun with its apostrophe dropped before a thing: "the ladys coat"."""
    said = word.group(0).lower()
    return said not in _PERSON_NOUNS and said.endswith("s") and at + 1 < len(words) and said[:-1] in _PERSON_NOUNS


_SAME_RELATION = {"mum": "mother", "mom": "mother", "mam": "mother", "ma": "mother", "dad": "father",
                  "pa": "father", "gran": "grandmother", "granny": "grandmother", "grandma": "grandmother",
                  "nan": "grandmother", "grandad": "grandfather", "grandpa": "grandfather", "auntie": "aunt"}
"""Homely words for a relation, and the word a description more likely uses."""
_OTHER_BEINGS = (_PERSON_NOUNS | frozenset("""
    aunt auntie uncle cousin niece nephew twin girlfriend boyfriend partner fiance fiancee ex flatmate roommate
    colleague mam ma pa nan dog cat puppy kitten pet horse parrot bird rabbit hamster goldfish
""".split())) - frozenset("character lead hero heroine protagonist villain".split())
"""Nouns for someone other than the owner: "Juno's mum" and "Ida's dog" are not Juno nor Ida."""


def relation_said(text: str, names: Sequence[str]) -> tuple[str, str] | None:
    """Return (name, noun) when a known name is said as the owner of another being ("Juno's mum").

    Someone's coat, lines or voice are still theirs; their mum, friend or dog is somebody else.
    """
    if not names:
        return None
    pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    for found in re.finditer(rf"\b(?P<who>{pattern})(?:'s|’s)\s+(?:(?:little|big|older|younger|old|late|best|"
                             rf"new|kid|baby)\s+)?(?P<noun>[a-z]+)\b", text, re.I):
        if found.group("noun").lower() in _OTHER_BEINGS:
            who = next(n for n in names if n.lower() == found.group("who").lower())
            return who, found.group("noun").lower()
    return None


def relative_in_cast(owner: str, noun: str, cast: Iterable[tuple[str, str]]) -> str | None:
    """Return the one cast member whose description makes them ``owner``'s ``noun`` ("Juno's mother"), else None."""
    words = {noun, _SAME_RELATION.get(noun, noun)}
    fitting = [name for name, description in cast if name.lower() != owner.lower() and re.search(
        rf"\b{re.escape(owner)}(?:'s|’s)\s+(?:[a-z]+\s+)?(?:{'|'.join(map(re.escape, words))})\b", description, re.I)]
    return fitting[0] if len(fitting) == 1 else None
