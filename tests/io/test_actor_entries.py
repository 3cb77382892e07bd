"""The actors typed in the Import Article window: checked with clear messages, and any accepted list converts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.corpus import ROOT
from viewer.io.briefing.loader import load_briefing_bytes
from viewer.io.convert.actor_entries import ActorEntry, actors_file_of, entry_problems
from viewer.io.convert.actors_file import read_actors_file
from viewer.io.convert.article import convert_article
from viewer.model.briefing import ACTOR_TYPES

ACTORS = ROOT / "tests" / "data" / "convert" / "coree-actors.toml"


def test_each_problem_is_said_with_its_row() -> None:
    entries = [
        ActorEntry("Russie", "state", "Moscou"),
        ActorEntry("  ", "state"),
        ActorEntry("moscou", "place"),
        ActorEntry("Kim", "king", "Kim\x0b Jong-un"),
    ]
    assert entry_problems(entries) == [
        "Actor 2 needs a name.",
        "“moscou” names two actors (1 and 3): the text's mentions would be ambiguous.",
        f"Actor 4 has the type 'king'; choose one of {', '.join(ACTOR_TYPES)}.",
        "Actor 4's aliases holds a vertical tab (U+000B), which a briefing cannot hold.",
    ]
    assert entry_problems([ActorEntry("Russie", "state", "Moscou, moscou,, Russie , ")]) == []


def test_aliases_are_split_at_commas_spaces_made_single_and_repeats_dropped() -> None:
    entry = ActorEntry("Corée du Nord", "state", " Pyongyang,,nord-coréen ,  Corée  du Nord, pyongyang, la   RPDC")
    assert entry.alias_list() == ["Pyongyang", "nord-coréen", "la RPDC"]


def test_an_actors_file_read_into_rows_comes_back_the_same() -> None:
    read = read_actors_file(ACTORS)
    entries = [ActorEntry.of(spec) for spec in read.actors]
    assert entry_problems(entries) == []
    assert actors_file_of(entries, read.relations) == read


def test_new_rows_get_ids_of_their_own_and_relations_follow_the_actors_kept() -> None:
    read = read_actors_file(ACTORS)
    entries = [ActorEntry.of(spec) for spec in read.actors if spec.actor.id != "ru"]
    entries += [ActorEntry("Russie", "state"), ActorEntry("Kp", "person"), ActorEntry("Coree", "other")]
    made = actors_file_of(entries, read.relations, reserved={"coree"})
    ids = [spec.actor.id for spec in made.actors]
    assert len(set(ids)) == len(ids) and ids[-3:] == ["russie", "kp-2", "coree-2"]
    assert made.relations == []  # kp → ru went with ru


# Names as people type them (markup characters and commas included), and anything at all.
names = st.text(alphabet="abcdeéöxyz -'’&<>*_[]#,", min_size=1, max_size=12) | st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12
)
types = st.sampled_from([*ACTOR_TYPES, *ACTOR_TYPES, *ACTOR_TYPES, "", "nation"])  # now and then one not known


@settings(max_examples=300)  # about one list in seven passes the check and is converted
@given(
    st.lists(
        st.builds(ActorEntry, names, types, names | st.just("")),
        max_size=6,
    )
)
def test_rows_the_check_accepts_always_make_a_briefing_that_loads(entries: list[ActorEntry]) -> None:
    """Whatever is typed (control characters, lone spaces, commas, repeats): refused in words, or converted."""
    problems = entry_problems(entries)
    if problems:
        assert all(p.endswith(".") and p.startswith(("Actor ", "“")) for p in problems)
        return
    actors = actors_file_of(entries, reserved={"b"})
    text = "# T\n\n" + " ".join(e.name for e in entries) + " " + " ".join(a for e in entries for a in e.alias_list())
    briefing = load_briefing_bytes(convert_article(text, actors, "b").xml, "b.xml")
    assert [a.name for a in briefing.actors.values()] == [" ".join(e.name.split()) for e in entries]


def test_a_loaded_id_that_is_the_briefings_or_an_earlier_rows_gets_one_of_its_own() -> None:
    from viewer.model.briefing import Relation

    entries = [
        ActorEntry("Russie", "state", id="ru"),
        ActorEntry("Kim", "person", id="ru"),
        ActorEntry("Chine", id="b"),
    ]
    made = actors_file_of(entries, [Relation("b", "ru", "supports")], reserved={"b"})
    assert [spec.actor.id for spec in made.actors] == ["ru", "kim", "chine"]
    assert made.relations == [Relation("chine", "ru", "supports")]  # the relation follows the actor renamed
    briefing = load_briefing_bytes(convert_article("# T\n\nRussie, Kim, Chine.", made, "b").xml, "b.xml")
    assert [(m.actor_id, briefing.text[m.start : m.end]) for m in briefing.mentions] == [
        ("ru", "Russie"),
        ("kim", "Kim"),
        ("chine", "Chine"),
    ]
