"""A briefing declaring thousands of actors (issue 16: 100,000 took 8 s to show, most of it the Actors
panel expanding every row and the actor filters adding each actor one call at a time).

A type of more than EXPANDED_UP_TO actors is shown collapsed; the user can still reach every actor,
tick the whole type, find an actor in the filters and filter by it; another briefing clears the filters.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox

from tests.corpus import FRENCH, NS
from tests.ui.test_many_actors import backgrounds
from tests.ui.user import NONE, User
from viewer.io.briefing.loader import load_briefing
from viewer.model.briefing import ACTOR_TYPES
from viewer.ui.actors.model import EXPANDED_UP_TO, ActorTreeModel
from viewer.ui.common.palette import actor_colors
from viewer.ui.common.roles import ACTOR_ID_ROLE
from viewer.ui.window.main_window import MainWindow

STATES = 30
OTHERS = EXPANDED_UP_TO + 500  # one type too large to be shown expanded
MENTIONED = 200  # the first others are mentioned in the text


def many_actors_file(tmp_path: Path) -> Path:
    """States, one person who makes a claim, and thousands of actors of type "other" (listed last)."""
    actors = [f'<actor id="s{i}" type="state"><name>State {i:02}</name></actor>' for i in range(STATES)]
    actors.append('<actor id="zora" type="person"><name>Zora Claimant</name></actor>')
    actors += [f'<actor id="o{i}" type="other"><name>Other-{i:04}</name></actor>' for i in range(OTHERS)]
    body = [f'<p>Said by <mention actor="s{i}">State {i:02}</mention>.</p>' for i in range(STATES)]
    body += [f'<p>Seen: <mention actor="o{i}">Other-{i:04}</mention>.</p>' for i in range(MENTIONED)]
    body.append('<p><claim id="c1" by="zora" about="s0" kind="fact">Zora says a thing.</claim></p>')
    body.append('<p><claim id="c2" by="s1" about="s2" kind="opinion">A state says another.</claim></p>')
    path = tmp_path / "many-actors.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="many"><meta><title>Many</title></meta>'
        f'<actors>{"".join(actors)}</actors><body><section id="s"><heading>Everyone</heading>{"".join(body)}'
        "</section></body></briefing>",
        encoding="utf-8",
    )
    return path


def opened(window: MainWindow, qtbot, path: Path) -> User:  # type: ignore[no-untyped-def]
    user = User(window, qtbot)
    assert user.open_with_dialog(path)
    user.paint()
    return user


def type_row(model: ActorTreeModel, label: str) -> QModelIndex:
    rows = [model.index(row, 0) for row in range(model.rowCount())]
    return next(index for index in rows if index.data() == label)


def rows_shown(window: MainWindow) -> list[str]:
    """The actors the tree shows, top to bottom, as the arrow keys go through them (expanded types only)."""
    tree = window.actor_panel.tree
    found = []
    index = tree.model().index(0, 0)
    while index.isValid():
        if index.parent().isValid():
            found.append(str(index.data()))
        index = tree.indexBelow(index)
    return found


def test_a_type_of_thousands_is_collapsed_yet_every_actor_is_reached(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user = opened(window, qtbot, many_actors_file(tmp_path))
    tree, model = window.actor_panel.tree, window.actor_panel.model
    states, people, others = (type_row(model, label) for label in ("State", "Person", "Other"))
    assert tree.isExpanded(states) and tree.isExpanded(people)
    assert not tree.isExpanded(others)  # thousands: collapsed, its row at hand
    assert others.siblingAtColumn(1).data() == str(MENTIONED)  # its mentions counted all the same
    assert rows_shown(window) == [f"State {i:02}" for i in range(STATES)] + ["Zora Claimant"]
    # The user opens the type: a click on its row, the Right arrow.
    user.click_row(tree, others)
    user.press(Qt.Key.Key_Right, widget=tree)
    user.paint()
    assert tree.isExpanded(others)
    every = [f"State {i:02}" for i in range(STATES)] + ["Zora Claimant"] + [f"Other-{i:04}" for i in range(OTHERS)]
    assert rows_shown(window) == every
    # End goes to the last actor, shown and selected, its details below.
    user.press(Qt.Key.Key_End, widget=tree)
    user.paint()
    assert window.actor_panel.selected_actor() == f"o{OTHERS - 1}"
    assert window.actor_panel.name.text().startswith(f"Other-{OTHERS - 1:04} — Other")
    assert tree.viewport().rect().intersects(tree.visualRect(tree.currentIndex()))


def test_a_mention_clicked_in_the_text_opens_its_collapsed_type(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user = opened(window, qtbot, many_actors_file(tmp_path))
    tree, model = window.actor_panel.tree, window.actor_panel.model
    briefing = window.briefing
    assert briefing is not None
    mention = briefing.mentions_of("o150")[0]
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, NONE, user.point_of(mention.start + 2))
    user.paint()
    assert window.actor_panel.selected_actor() == "o150"
    assert tree.isExpanded(type_row(model, "Other"))
    assert tree.viewport().rect().intersects(tree.visualRect(tree.currentIndex()))


def test_ticking_a_type_of_thousands_hides_and_shows_all_its_highlights(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    user = opened(window, qtbot, many_actors_file(tmp_path))
    tree, model = window.actor_panel.tree, window.actor_panel.model
    window.view.document().documentLayout()
    names = [f"Other-{i:04}" for i in range(MENTIONED)]
    qtbot.waitUntil(lambda: all(name in backgrounds(window) for name in names))
    others = type_row(model, "Other")
    user.click_row(tree, others)
    user.press(Qt.Key.Key_Space, widget=tree)  # the type's box cleared
    user.paint()
    assert others.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked.value
    assert not any(model.is_visible(f"o{i}") for i in range(OTHERS))
    qtbot.waitUntil(lambda: not any(name in backgrounds(window) for name in names))
    assert "State 00" in backgrounds(window)  # the other types keep theirs
    # One actor shown again: the type's box says "some".
    user.press(Qt.Key.Key_Right, widget=tree)
    user.press(Qt.Key.Key_Down, widget=tree)  # its first actor
    user.press(Qt.Key.Key_Space, widget=tree)
    user.paint()
    assert model.is_visible("o0") and not model.is_visible("o1")
    assert others.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.PartiallyChecked.value
    qtbot.waitUntil(lambda: "Other-0000" in backgrounds(window))
    assert "Other-0001" not in backgrounds(window)
    # The type's box ticked: every one of them shown.
    user.press(Qt.Key.Key_Up, widget=tree)
    user.press(Qt.Key.Key_Space, widget=tree)
    user.paint()
    assert others.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value
    qtbot.waitUntil(lambda: all(name in backgrounds(window) for name in names))


def entries(combo: QComboBox) -> list[tuple[str, object]]:
    return [(combo.itemText(row), combo.itemData(row)) for row in range(combo.count())]


def test_the_actor_filters_list_every_actor_and_filter_by_one(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = many_actors_file(tmp_path)
    user = opened(window, qtbot, path)
    briefing = load_briefing(path)
    by_name = sorted(briefing.actors.values(), key=lambda actor: actor.name.casefold())
    claims, notes = window.claim_panel, window.notes_panel
    assert entries(claims.actor_filter) == [("any", None)] + [(a.name, a.id) for a in by_name]
    assert entries(notes.actor_filter) == [("any actor", None)] + [(a.name, a.id) for a in by_name]
    # An actor chosen in the text filters the claims; the user goes on to the next actor with a key.
    user.show_dock("Claims")
    claims.filter_by_actor("s2")
    claims.actor_filter.setFocus()
    user.press(Qt.Key.Key_Down, widget=claims.actor_filter)
    assert claims.actor_filter.currentText() == "State 03" and claims.count.text() == "0 of 2 claims"
    # The user finds an actor by typing its first letters into the Claims panel's filter.
    user.type("Zora", widget=claims.actor_filter)
    user.paint()
    assert claims.actor_filter.currentData() == "zora"
    assert claims.count.text() == "1 of 2 claims"
    # (Reached for, the long list went over to Qt's own items: the same entries.)
    assert entries(claims.actor_filter) == [("any", None)] + [(a.name, a.id) for a in by_name]
    # Chosen from the text's actor too (the claims filter follows the actor selected).
    claims.filter_by_actor("s2")
    assert claims.actor_filter.currentText() == "State 02" and claims.count.text() == "1 of 2 claims"
    claims.filter_by_actor(None)
    assert claims.actor_filter.currentIndex() == 0 and claims.count.text() == "2 claims"


def test_another_briefing_clears_the_actor_filters(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user = opened(window, qtbot, many_actors_file(tmp_path))
    claims, notes = window.claim_panel, window.notes_panel
    claims.actor_filter.setCurrentIndex(claims.actor_filter.findData("zora"))
    user.show_dock("Notes")
    notes.actor_filter.setFocus()
    user.type("Other-0007", widget=notes.actor_filter)  # (its list goes over to Qt's items)
    assert notes.actor_filter.currentData() == "o7"
    assert notes.status.text().startswith("Filter: actor Other-0007")
    assert user.open_with_dialog(FRENCH)
    user.paint()
    french = sorted(load_briefing(FRENCH).actors.values(), key=lambda actor: actor.name.casefold())
    for combo, first in ((claims.actor_filter, "any"), (notes.actor_filter, "any actor")):
        assert entries(combo) == [(first, None)] + [(a.name, a.id) for a in french]
        assert combo.currentIndex() == 0
        assert combo.findData("zora") == -1
        assert [combo.findData(actor.id) for actor in french] == list(range(1, len(french) + 1))
    # And back: the many actors again, nothing of the French briefing's left.
    assert user.open_with_dialog(tmp_path / "many-actors.xml")
    assert claims.actor_filter.count() == STATES + 1 + OTHERS + 1
    assert all(claims.actor_filter.findData(actor.id) == -1 for actor in french)


def test_each_actor_has_the_colour_the_text_gives_it(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The panel's chips are made row by row as painted; they are the text's highlights, light or dark,
    for types of one actor, of about a cycle of shades and of thousands."""
    lines = []
    for actor_type, count in zip(ACTOR_TYPES, (1, 39, 40, 41, 87, OTHERS), strict=True):
        lines += [f'<actor id="{actor_type}{i}" type="{actor_type}"><name>N{i}</name></actor>' for i in range(count)]
    path = tmp_path / "shades.xml"
    path.write_text(
        f'<briefing xmlns="{NS}" id="c"><meta><title>C</title></meta><actors>{"".join(lines)}</actors>'
        '<body><section id="s"><heading>H</heading><p>x</p></section></body></briefing>',
        encoding="utf-8",
    )
    briefing = load_briefing(path)
    for dark in (False, True):
        model = ActorTreeModel(briefing, dark=dark)
        expected = actor_colors(briefing, dark)
        chips = {}
        for group in range(model.rowCount()):
            parent = model.index(group, 0)
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                chips[index.data(ACTOR_ID_ROLE)] = index.data(Qt.ItemDataRole.DecorationRole)
        assert len(chips) == len(briefing.actors)
        assert {actor_id: chip.name() for actor_id, chip in chips.items()} == {
            actor_id: color.name() for actor_id, color in expected.items()
        }
