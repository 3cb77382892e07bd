"""A title, a heading, a name, a claim... megabytes long: every line that shows it shows its start only.

Qt measures, shapes and elides a whole string each time a row or label is sized or painted: a 1 MB
author took 3.6 s to open, a 1 MB heading 0.7 s (an 8 MB one 24 s), a refused file whose problem
quoted a 1 MB value 66 s. What a user notices: the briefing opens, and nothing shown on a line, in
a panel, a title or a tooltip, holds more than a line can (the reading view shows the text whole).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel

from tests.corpus import NS
from tests.ui.test_reading_window import shown_tooltip
from tests.ui.user import User
from viewer.io.briefing.loader import BriefingError, loads
from viewer.io.errors import MESSAGE_CHARS
from viewer.ui.common.clip import LINE_CHARS, TEXT_CHARS, TIP_CHARS
from viewer.ui.common.tooltips import actor_tooltip, claim_tooltip, link_tooltip
from viewer.ui.window.main_window import MainWindow

LONG = 60_000  # far more than any line shows, small enough for many examples


def briefing_xml(place: str, value: str, name: str) -> str:
    """A small briefing with ``value`` in one ``place``; ``name`` is an NCName as long, for ids."""
    title, meta, relation = "T", "", ""
    actor_a = '<actor id="a" type="state"><name>Actor A</name></actor>'
    paragraph = '<p>Some <mention actor="a">Actor A</mention> says <claim id="c" by="a" about="b">this</claim>.</p>'
    heading, section_id = "H", "s"
    if place == "title":
        title = value
    elif place in ("subtitle", "summary", "author"):
        meta = f"<{place}>{value}</{place}>"
    elif place == "source":
        meta = f'<source href="https://example.org/{name}">{value}</source>'
    elif place == "keyword":
        meta = f"<keywords><keyword>{value}</keyword><keyword>{value}</keyword></keywords>"
    elif place == "heading":
        heading = value
    elif place == "actor name":
        actor_a = f'<actor id="a" type="state"><name>{value}</name></actor>'
        paragraph += '<quote by="a"><p>Quoted.</p></quote>'
    elif place in ("alias", "description"):
        actor_a = f'<actor id="a" type="state"><name>Actor A</name><{place}>{value}</{place}></actor>'
    elif place == "relation note":
        relation = f'<relations><relation from="a" to="b" type="supports" note="{value}"/></relations>'
    elif place == "relation type":
        relation = f'<relations><relation from="a" to="b" type="{name}"/></relations>'
    elif place == "claim":
        paragraph = f'<p><claim id="c" by="a" about="b" kind="fact" confidence="high">{value}</claim></p>'
    elif place == "claim source":
        paragraph = f'<p><claim id="c" by="a" source="{value}">this</claim></p>'
    elif place == "mention":
        paragraph = f'<p><mention actor="a">{value}</mention> and <claim id="c" by="a">this</claim></p>'
    elif place == "link":
        paragraph = f'<p><link href="https://example.org/{name}">{value}</link></p>'
    elif place == "section id":
        section_id = name
    elif place == "actor id":
        actor_a = f'<actor id="{name}" type="state"><name>Actor A</name></actor>'
        paragraph = f'<p><mention actor="{name}">A</mention> <claim id="c" by="{name}" about="b">this</claim></p>'
    body = f'<section id="{section_id}"><heading>{heading}</heading>{paragraph}</section>'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="long"><meta><title>{title}</title>{meta}'
        f'</meta><actors>{actor_a}<actor id="b" type="state"><name>B</name></actor></actors>{relation}'
        f"<body>{body}</body></briefing>"
    )


PLACES = [
    "title",
    "subtitle",
    "summary",
    "author",
    "source",
    "keyword",
    "heading",
    "actor name",
    "alias",
    "description",
    "relation note",
    "relation type",
    "claim",
    "claim source",
    "mention",
    "link",
    "section id",
    "actor id",
]

# Long values of every kind of text: words, one word without a space, CJK, emoji, markup-like characters
# (the unit repeated in the test: hypothesis would print the whole value).
_unit = st.sampled_from(["lorem ipsum ", "x", "北京", "😀 ", "&lt;b&gt; &amp; "])


def long_value(unit: str) -> str:
    return (unit * (LONG // len(unit) + 1))[:LONG].strip()


def strings_of(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[tuple[int, str]]:
    """Every (role, string) a view asks a model for to show its rows and their tooltips, children included."""
    parent = parent or QModelIndex()
    found = []
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = index.data(role)
                if isinstance(value, str):
                    found.append((role, shown_tooltip(value) if role == Qt.ItemDataRole.ToolTipRole else value))
        found.extend(strings_of(model, model.index(row, 0, parent)))
    return found


def assert_all_short(window: MainWindow) -> None:
    margin = 200  # a tooltip's markup and labels, a row's counts
    assert len(window.windowTitle()) <= LINE_CHARS + margin
    for model in (
        window.sections,
        window.actor_panel.model,
        window.actor_panel.details,
        window.claim_panel.model,
        window.notes_panel.model,
    ):
        for role, text in strings_of(model):
            limit = TIP_CHARS if role == Qt.ItemDataRole.ToolTipRole else TEXT_CHARS
            assert len(text) <= limit + margin, (type(model).__name__, role, text[:80])
    for label in window.findChildren(QLabel):
        assert len(label.text()) <= TEXT_CHARS + margin, label.text()[:80]
        assert len(shown_tooltip(label.toolTip())) <= TIP_CHARS + margin, label.toolTip()[:80]
    for combo in window.findChildren(QComboBox):
        assert all(len(combo.itemText(i)) <= LINE_CHARS + margin for i in range(combo.count()))
    briefing = window.briefing
    assert briefing is not None
    # What the reading view shows on hovering a mention, a claim, a link.
    tips = [actor_tooltip(actor) for actor in briefing.actors.values()]
    tips += [claim_tooltip(briefing, claim) for claim in briefing.claims]
    tips += [link_tooltip(link.href) for link in briefing.links]
    assert all(len(shown_tooltip(tip)) <= TIP_CHARS + margin for tip in tips)


# 100 examples: hypothesis tries each of the 18 x 5 pairs (it stops when none is left untried).
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(PLACES), unit=_unit)
def test_a_long_value_anywhere_shows_its_start_on_each_line(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path, place: str, unit: str
) -> None:
    value, name = long_value(unit), "n" * LONG
    path = tmp_path / "long.xml"
    path.write_text(briefing_xml(place, value, name), encoding="utf-8")
    user = User(window, qtbot)
    assert user.open_with_dialog(path)
    user.paint()
    # The user looks at the actor: its details (relations, claims) fill the panel.
    tree = window.actor_panel.tree
    model = tree.model()
    actor = model.index(0, 0, model.index(0, 0))
    user.click_row(tree, actor)
    user.paint()
    assert window.actor_panel.details.rowCount() > 0
    assert_all_short(window)
    # The reading view shows the text whole: a long heading, mention or claim is all there.
    if place in ("heading", "mention", "claim"):
        assert len(window.view.toPlainText()) > len(unescape(value)) / 2  # (the text, not its XML)


@settings(max_examples=20, deadline=None)
@given(value=st.text(alphabet="ab<>&\"' 北😀\u202e", min_size=MESSAGE_CHARS, max_size=5 * MESSAGE_CHARS))
def test_a_problem_quoting_a_long_value_keeps_its_start_and_its_end(value: str) -> None:
    # An unknown claim kind is quoted in the problem; the list of the known ones comes after it.
    from xml.sax.saxutils import quoteattr

    xml = briefing_xml("title", "T", "n").replace('about="b"', f'about="b" kind={quoteattr(value)}')
    with pytest.raises(BriefingError) as refused:
        loads(xml)
    [problem] = refused.value.problems
    assert len(problem.message) <= MESSAGE_CHARS + 100
    assert problem.message.startswith("kind=")
    assert problem.message.endswith("use one of: fact, assessment, allegation, forecast, opinion")
    assert "characters left out" in problem.message


def test_a_long_word_never_widens_the_window(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A name of 162 letters without a space (a German compound, twice) made the Actors panel 1,050 px wide
    # once the actor was chosen, and a title of one long word the window 3,102 px wide, saved so.
    word = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft" * 2
    path = tmp_path / "word.xml"
    xml = briefing_xml("actor name", word, "n").replace("<title>T</title>", f"<title>{word * 3}</title>")
    path.write_text(xml, encoding="utf-8")
    user = User(window, qtbot)
    before = window.minimumSizeHint().width()
    assert user.open_with_dialog(path)
    user.paint()
    tree = window.actor_panel.tree
    model = tree.model()
    user.click_row(tree, model.index(0, 0, model.index(0, 0)))
    user.paint()
    assert window.actor_panel.name.text().startswith(word[:50])  # the actor chosen, its name shown
    # What the window's layout asks of the panel and of the header above the text: under X, the window's
    # minimum width follows (offscreen, it is not laid out again here); it was 1,043 and 3,727 px.
    assert window.actor_panel.minimumSizeHint().width() < 500
    assert window.header.minimumSizeHint().width() < 500
    window.layout().activate()  # laid out again now (offscreen, it would be later): 1,443 px before
    assert window.minimumSizeHint().width() <= max(before, 1000)
    assert window.width() == 1280 and window.view.width() > 400


def test_a_tooltip_of_one_long_word_stays_on_the_screen(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A heading of one long word: its row's tooltip was a single line of 2,000 characters, off the screen.
    path = tmp_path / "word.xml"
    path.write_text(briefing_xml("heading", long_value("x"), "n"), encoding="utf-8")
    user = User(window, qtbot)
    assert user.open_with_dialog(path)
    user.paint()
    tree = window.section_tree
    tip = user.hover_row(tree, window.sections.index_of("s"))
    assert tip
    labels = [w for w in QApplication.topLevelWidgets() if w.inherits("QLabel") and w.isVisible() and w.text() == tip]
    assert labels and labels[0].width() <= window.screen().availableGeometry().width()
