"""Converting articles: structure from a real CommonMark parse, every mention marked, words unchanged."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.corpus import ROOT
from viewer.io.briefing.loader import load_briefing_bytes
from viewer.io.convert.actors_file import parse_actors, read_actors_file
from viewer.io.convert.article import convert_article, read_article
from viewer.io.errors import BriefingError
from viewer.model.briefing import Briefing
from viewer.model.text import normalise_space

ARTICLE = ROOT.parent / "shared" / "articles" / "coree-du-nord-russie.txt"
ACTORS = ROOT / "tests" / "data" / "convert" / "coree-actors.toml"


def convert(text: str, actors: str = "", briefing_id: str = "b") -> Briefing:
    result = convert_article(text, parse_actors(actors) if actors else None, briefing_id)
    return load_briefing_bytes(result.xml, "converted.xml")  # also proves it passes check


def mentioned(briefing: Briefing) -> list[tuple[str, str]]:
    return [(m.actor_id, briefing.text[m.start : m.end]) for m in briefing.mentions]


KP = '[[actor]]\nid = "kp"\ntype = "state"\nname = "Corée du Nord"\naliases = ["Corée", "Pyongyang"]\n'


@pytest.mark.skipif(not ARTICLE.exists(), reason="shared/ is not beside the project")
def test_the_french_article() -> None:
    article = read_article(ARTICLE.read_bytes())
    result = convert_article(article, read_actors_file(ACTORS), "coree", "fr")
    briefing = load_briefing_bytes(result.xml, "x.xml")
    assert briefing.meta.title == (
        "La danse géopolitique de la Corée du Nord et de la Russie : Une alliance militaire en pleine expansion"
    )
    assert [s.heading for s in briefing.walk_sections()] == [
        "Introduction",  # not the title again: the window shows the title above the text
        "Un soutien militaire sans précédent",
        "Programmes d’armement et transferts technologiques",
        "Une nouvelle dynamique économique",
        "Perceptions des acteurs internationaux et réponses stratégiques",
        "Conclusion : un nouveau panorama géopolitique",
    ]
    lines = [line for line in article.split("\n") if line.strip()][1:]
    paragraphs = [normalise_space(line) for line in lines if not line.startswith("**")]
    shown = [briefing.text[b.start : b.end] for b in briefing.blocks if b.kind.value == "p"]
    assert shown == paragraphs
    counts = {actor: sum(1 for m in briefing.mentions if m.actor_id == actor) for actor in briefing.actors}
    # Counted by hand in the article (less its title, which is not in the text: one Corée du Nord, one
    # Russie): Corée du Nord 10 + Pyongyang 4 + nord-coréen(ne) 2; Russie 8 + Moscou 3 + russo 1;
    # l’Occident 1 + occidentales 2; Ukraine 1 + ukrainien 1.
    assert counts == {"kp": 16, "ru": 12, "us": 3, "cn": 1, "mao": 1, "west": 3, "ua": 2}
    assert result.never_mentioned == []


def test_converting_twice_gives_identical_bytes() -> None:
    text = "# Title\n\nSome text about Pyongyang.\n\n## Part\n\nMore."
    first = convert_article(text, parse_actors(KP), "b").xml
    assert first == convert_article(text, parse_actors(KP), "b").xml
    assert first.startswith(b"<?xml")


def test_nested_headings_lists_quotes_emphasis_and_links() -> None:
    text = (
        "# The title\n\nIntro text.\n\n## One\n\nPara *em* and [a link](https://example.org).\n\n"
        "### One.A\n\n- first item\n- second *item*\n\n1. uno\n2. dos\n\n## Two\n\n> quoted line\n>\n> second para\n"
    )
    b = convert(text)
    assert b.meta.title == "The title"
    assert [(s.heading, s.depth) for s in b.walk_sections()] == [
        ("Introduction", 1),
        ("One", 1),
        ("One.A", 2),
        ("Two", 1),
    ]
    items = [(blk.list_type, b.text[blk.start : blk.end]) for blk in b.blocks if blk.kind.value == "item"]
    assert items == [("bullet", "first item"), ("bullet", "second item"), ("ordered", "uno"), ("ordered", "dos")]
    assert [b.text[e.start : e.end] for e in b.emphases] == ["em", "item"]
    assert [(link.href, b.text[link.start : link.end]) for link in b.links] == [("https://example.org", "a link")]
    quoted = [b.text[blk.start : blk.end] for blk in b.blocks if blk.quote_by is not None]
    assert quoted == ["quoted line", "second para"]


def test_longest_name_wins_and_whole_words_only() -> None:
    b = convert("# T\n\nLa Corée du Nord et la Corée. Pyongyangais n'est pas Pyongyang.", KP)
    assert mentioned(b) == [("kp", "Corée du Nord"), ("kp", "Corée"), ("kp", "Pyongyang")]


def test_case_insensitive_by_default_and_sensitive_when_asked() -> None:
    actors = KP + '\n[[actor]]\nid = "us"\ntype = "state"\nname = "US"\ncase_sensitive = true\n'
    b = convert("# T\n\nPYONGYANG said to us that the US would answer.", actors)
    assert mentioned(b) == [("kp", "PYONGYANG"), ("us", "US")]


def test_apostrophes_are_alike() -> None:
    actors = '[[actor]]\nid = "west"\ntype = "group"\nname = "l’Occident"\n'
    b = convert("# T\n\nContre l'Occident, puis contre l’Occident.", actors)
    assert mentioned(b) == [("west", "l'Occident"), ("west", "l’Occident")]


def test_never_inside_a_link_and_emphasis_around_a_name() -> None:
    b = convert("# T\n\nSee [Pyongyang news](https://ex.org/Pyongyang) and *Pyongyang* and **Corée** du Nord.", KP)
    assert mentioned(b) == [("kp", "Pyongyang"), ("kp", "Corée")]
    assert b.links[0].href == "https://ex.org/Pyongyang"
    assert "Corée du Nord" in b.text  # the words are unchanged even where the name is split by emphasis


def test_text_that_looks_like_xml_stays_text() -> None:
    b = convert("# T\n\nA <b>bold</b> claim &amp; an ampersand & a < sign.")
    assert b.text.split("\n")[1] == "A <b>bold</b> claim & an ampersand & a < sign."


def test_bom_crlf_and_title_label() -> None:
    data = "\ufeffTitre : Mon article\r\nPremier paragraphe.\r\n**Partie**\r\nSecond.\r\n".encode()
    b = convert(read_article(data))
    assert b.meta.title == "Mon article"
    assert [s.heading for s in b.walk_sections()] == ["Introduction", "Partie"]
    assert b.text.split("\n") == ["Introduction", "Premier paragraphe.", "Partie", "Second."]


def test_an_empty_article_still_makes_a_valid_briefing() -> None:
    b = convert("")
    assert b.meta.title == "Untitled" and len(b.sections) == 1


@pytest.mark.parametrize(
    ("toml", "message", "line"),
    [
        ("[[actor]]\nid = 'x'\ntype = 'state'\nname = ", "invalid TOML", 4),
        ("[[actor]]\nid = 'x'\ntype = 'nation'\nname = 'X'\n", "has type 'nation'", 1),
        (
            "[[actor]]\nid = 'x'\ntype = 'state'\nname = 'X'\n\n[[actor]]\nid = 'x'\ntype = 'state'\nname = 'Y'\n",
            'actor id "x" is used twice',
            6,
        ),
        (
            "[[actor]]\nid = 'x'\ntype = 'state'\nname = 'X'\n\n[[relation]]\nfrom = 'x'\nto = 'zz'\ntype = 'supports'\n",
            "to = 'zz' names no declared actor",
            6,
        ),
    ],
)
def test_bad_actors_files_are_located(toml: str, message: str, line: int) -> None:
    with pytest.raises(BriefingError) as caught:
        parse_actors(toml, "actors.toml")
    problem = caught.value.problems[0]
    assert message in problem.message and problem.line == line and problem.path == "actors.toml"


def test_actors_file_errors(tmp_path: Path) -> None:
    with pytest.raises(BriefingError, match="no such file"):
        read_actors_file(tmp_path / "missing.toml")


def test_a_section_named_like_the_briefing_or_an_actor_gets_an_id_of_its_own() -> None:
    # A file called big_article.txt titled "Big article" could not be converted: the first
    # section took the briefing's id. A heading "KP" would have taken the actor's.
    b = convert("# Big article\n\nIntro.\n\n## KP\n\nText.\n\n## Big article\n\nMore.", KP, "big-article")
    ids = [s.id for s in b.walk_sections()]
    assert len(set(ids)) == len(ids) and not {"big-article", "kp"} & set(ids)
    assert [s.heading for s in b.walk_sections()] == ["Introduction", "KP", "Big article"]


def test_the_window_and_the_command_line_import_an_article_alike(tmp_path: Path) -> None:
    """`briefing convert` writes the bytes File › Import Article shows (one core: viewer.io.convert.importing)."""
    import io
    from contextlib import redirect_stdout

    from viewer.cli import main
    from viewer.io.convert.importing import import_article

    article = tmp_path / "point.md"
    article.write_text("# Point de situation\n\nPyongyang soutient Moscou.\n", encoding="utf-8")
    actors = ROOT / "tests" / "data" / "convert" / "coree-actors.toml"
    with redirect_stdout(io.StringIO()):
        assert main(["convert", str(article), "--actors", str(actors)]) == 0
    imported = import_article(article, actors)
    assert (tmp_path / "point.xml").read_bytes() == imported.xml
    assert imported.briefing.id == "point" and imported.mentions == 2


@pytest.mark.parametrize(("lang", "heading"), [(None, "Introduction"), ("fr", "Introduction"), ("de-CH", "Einleitung")])
def test_text_before_the_first_heading_is_an_introduction_not_the_title_again(lang: str | None, heading: str) -> None:
    """The title is shown above the text: a first section named after it showed it twice."""
    b = load_briefing_bytes(convert_article("# Le titre\n\nIntro.\n\n## Suite\n\nTexte.", None, "b", lang).xml, "b.xml")
    assert b.meta.title == "Le titre" and "Le titre" not in b.text
    assert [s.heading for s in b.walk_sections()] == [heading, "Suite"]


_GOOD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="urn:briefing-viewer:format:1" id="b" version="1">\n'
    '  <meta><title>T</title></meta>\n  <actors><actor id="kp" type="state"><name>KP</name></actor></actors>\n'
    '  <body>\n    <section id="a"><heading>a</heading><p>x <mention actor="kp">KP</mention></p></section>\n'
    '    <section id="c"><heading>c</heading></section>\n  </body>\n</briefing>\n'
)


@pytest.mark.parametrize(
    "broken",
    [
        None,  # accepted by both
        ('id="c"', 'id="a"'),  # a section id twice
        ('id="c"', 'id="kp"'),  # a section named like an actor
        ('id="c"', 'id=" c"'),  # padded
        ('actor="kp"', 'actor="ru"'),  # an undeclared actor
        ("<heading>c</heading>", ""),  # a section without a heading (the schema)
        ('version="1"', 'version="2"'),
    ],
)
def test_the_command_line_refuses_what_the_window_refuses(
    broken: tuple[str, str] | None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`briefing convert` checks its result without the model (as `briefing check` does), with the same verdict and problems."""
    from viewer.io.convert import importing
    from viewer.io.convert.article import Conversion

    xml = _GOOD if broken is None else _GOOD.replace(*broken)
    monkeypatch.setattr(importing, "convert_article", lambda *_: Conversion(xml.encode(), "T", 2, Counter(), []))
    source = importing.read_source(ROOT / "tests" / "data" / "convert" / "runs-article.md")
    outcomes = []
    for attempt in (importing.convert_source, importing.build_briefing):
        try:
            attempt(source, "b", None, str(tmp_path / "out.xml"))
        except BriefingError as error:
            outcomes.append(error.problems)
        else:
            outcomes.append(None)
    assert outcomes[0] == outcomes[1]
    assert (outcomes[0] is None) == (broken is None)
