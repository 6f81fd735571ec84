"""Requests about people: relatives the cast may lack, costumes, new characters and plain descriptions.

Unit tests for the readers on a small parsed context; examples are invented for these tests.
"""

from __future__ import annotations

from offline_fake_tools import ALL_SPECIALIST_TOOLS
from test_offline_director import CONTEXT

from agent.llm.offline.context import parse_context
from agent.llm.offline.fill_names import NAME_FILLERS, Request, fill_name
from agent.llm.offline.toolspec import tool_specs
from agent.roles import relation_said, relative_in_cast

SPECS = {s.name: s for s in tool_specs(ALL_SPECIALIST_TOOLS)}
CTX = parse_context(CONTEXT)  # characters MARA; JONAS; ELI
CAST = ("MARA", "JONAS", "ELI")


def _old_name(said: str, ctx: object = CTX) -> object:
    req = Request(said, ctx, CAST)  # type: ignore[arg-type]
    return NAME_FILLERS["old_name"]("old_name", False, "rename_character", req, {})


def test_a_relative_of_a_known_name_is_not_that_name() -> None:
    assert relation_said("call Mara's uncle Tobias", CAST) == ("MARA", "uncle")
    assert relation_said("give mara's scarf a fringe", CAST) is None  # her scarf is still hers
    assert relation_said("jonas's cat should hiss", CAST) == ("JONAS", "cat")


def test_renaming_a_relative_the_cast_lacks_names_the_relative_not_the_owner() -> None:
    assert _old_name("Rename Eli's grandad to Walter.") == "ELI'S GRANDAD"  # the tool says there is none
    assert _old_name("rename eli to walter") == "ELI"


def test_a_relative_the_descriptions_name_is_found() -> None:
    cast = {"MARA": "Eli's mother, a conductor.", "ELI": "A boy of ten."}
    assert relative_in_cast("ELI", "mum", cast.items()) == "MARA"
    assert relative_in_cast("ELI", "aunt", cast.items()) is None


def test_a_change_to_someone_s_pet_is_not_a_change_to_them() -> None:
    req = Request("make Jonas's dog growl at the door", CTX, CAST)
    assert fill_name("name", "revise_character", req) == "JONAS'S DOG"
    assert fill_name("name", "revise_character", Request("make jonas's coat longer", CTX, CAST)) == "JONAS"
