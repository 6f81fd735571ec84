"""Characters named by role ("the ferry captain", "the boy"): profiles from the screenplay, one fit or none."""

from __future__ import annotations

from agent.roles import find_role_references, people_in

SCENES = [
    "The quay at night. MARTA (60s, oilskin, pipe) checks the ropes. She spits into the water.\n\n"
    "TOBIAS (12, school blazer, one shoe untied) runs along the quay. He waves at the boat.\n\n"
    "MARTA\nGo home.",
    "The ferry's wheelhouse. Marta steers the ferry through the fog. Her hands are steady.\n\n"
    "OSKAR (30s, ferry company jacket) sells tickets from a tin box. He counts the coins twice.",
]
CAST = [("MARTA", ""), ("TOBIAS", ""), ("OSKAR", "")]


def _names(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(r.phrase, r.names) for r in find_role_references(text, people_in(CAST, SCENES))]


def test_profiles_read_age_and_pronouns_from_the_introduction_and_the_lines() -> None:
    people = {p.name: p for p in people_in(CAST, SCENES)}
    assert (people["MARTA"].age, people["MARTA"].gender) == (64, "f")
    assert (people["TOBIAS"].age, people["TOBIAS"].gender) == (12, "m")
    assert people["OSKAR"].gender == "m"


def test_a_role_borne_out_by_the_lines_names_one_character() -> None:
    assert _names("rename the ticket seller to Ilse") == [("the ticket seller", ("OSKAR",))]
    assert _names("the ferry captain looks tired") == [("the ferry captain", ("MARTA", "OSKAR"))], "both are ferry folk"
    assert _names("the boy needs a cap") == [("the boy", ("TOBIAS",))]
    assert _names("give the old woman a cough") == [("the old woman", ("MARTA",))]
    assert _names("the boy's blazer is blue") == [("the boy", ("TOBIAS",))]


def test_age_and_gender_rule_characters_out() -> None:
    assert _names("the girl waves") == [("the girl", ())], "no young woman in this cast"
    assert _names("the man at the rail") == [("the man", ("OSKAR",))], "a 12-year-old is not a man"


def test_things_and_names_are_not_roles() -> None:
    assert _names("the ferry should be older") == []
    assert _names("the tin box is dented") == []
    assert _names("the marta scene") == []


def test_two_that_fit_equally_are_both_offered_never_the_first() -> None:
    refs = find_role_references("the man is tired", people_in([("OSKAR", ""), ("PIET", "")], [
        "OSKAR (30s) sits. He sleeps.", "PIET (40s) stands. He yawns."]))
    assert [(r.phrase, r.names) for r in refs] == [("the man", ("OSKAR", "PIET"))]



def test_what_kind_of_person_must_be_borne_out_not_only_the_noun() -> None:
    assert _names("give the taxi driver a limp") == [("the taxi driver", ())], "nobody here drives a taxi"
    assert _names("the ticket seller coughs") == [("the ticket seller", ("OSKAR",))]
    assert _names("make the grumpy seller kinder") == [("the grumpy seller", ("OSKAR",))], "how, not what kind"


def test_a_role_nobody_fits_is_said_to_be_missing_only_when_it_is_a_kind_of_person() -> None:
    from agent.graphs.context import _role_tags

    roles = find_role_references("give the taxi driver a limp", people_in(CAST, SCENES))
    assert _role_tags(roles, False) == ['<absent phrase="taxi driver"/>']
    assert _role_tags(roles, True) == []  # a scene was named: the request is about it
    tagged = find_role_references("tag the receipt as hero, remove the character TOBIAS", people_in(CAST, SCENES))
    assert _role_tags(tagged, False) == []
    lone = find_role_references("make the landlord meaner", people_in(CAST, SCENES))
    assert _role_tags(lone, False) == ['<absent phrase="landlord"/>']
    dictated = find_role_references("beats: 1 the landlord calls", people_in(CAST, SCENES))
    assert _role_tags(dictated, False, "beats: 1 the landlord calls") == []  # their words, not a question
    assert _role_tags(find_role_references("the villain needs a limp", people_in(CAST, SCENES)), False) == []
