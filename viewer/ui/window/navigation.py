"""Navigator: going to a passage from the panels and back (mentions, claims, notes), with what it says."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget

from viewer.model.briefing import Briefing
from viewer.model.placed_notes import PlacedNotes
from viewer.ui.actors.panel import ActorPanel
from viewer.ui.claims.panel import ClaimPanel
from viewer.ui.common.messages import Messages
from viewer.ui.notes.panel import NotesPanel
from viewer.ui.reading.view import DocumentView


class Navigator(QObject):
    """Joins the text and the panels: a click in one shows the matching place in the other."""

    def __init__(
        self,
        view: DocumentView,
        actor_panel: ActorPanel,
        claim_panel: ClaimPanel,
        notes_panel: NotesPanel,
        notes_dock: QDockWidget,
        placed_notes: PlacedNotes,
        messages: Messages,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.actor_panel = actor_panel
        self.notes_panel = notes_panel
        self.notes_dock = notes_dock
        self.placed_notes = placed_notes
        self.messages = messages
        self._briefing: Briefing | None = None
        self._step_index = -1
        view.mentionClicked.connect(actor_panel.select_actor)
        view.claimClicked.connect(self._claim_clicked)
        view.noteClicked.connect(self._note_clicked)
        actor_panel.offsetRequested.connect(self.go_to_offset)
        actor_panel.stepRequested.connect(self.step_mention)
        actor_panel.actorSelected.connect(self._actor_selected)
        actor_panel.actorSelected.connect(view.emphasise_actor)  # its mentions outlined in the text
        claim_panel.offsetRequested.connect(self._go_to_claim_at)
        notes_panel.noteActivated.connect(self._go_to_note)

    def set_briefing(self, briefing: Briefing | None) -> None:
        """Navigate in another briefing (or none)."""
        self._briefing = briefing

    def go_to_offset(self, offset: int, end: int | None = None, focus: bool = True) -> None:
        """Scroll the text to ``offset`` (selecting up to ``end``, if given) and give it the focus (if ``focus``)."""
        self.view.scroll_to_offset(offset, end, select=end is not None)
        if focus:
            self.view.setFocus()

    def step_mention(self, step: int) -> None:
        """View › Next / Previous Mention of the actor selected in the Actors panel."""
        actor_id = self.actor_panel.selected_actor()
        if self._briefing is None or actor_id is None:
            self.messages.info("Select an actor in the Actors panel first.", 4000)
            return
        mentions = self._briefing.mentions_of(actor_id)
        if not mentions:
            self.messages.info("This actor is not mentioned in the text.", 4000)
            return
        self._step_index = (self._step_index + step) % len(mentions)
        mention = mentions[self._step_index]
        self.go_to_offset(mention.start, mention.end)
        self.messages.info(f"Mention {self._step_index + 1} of {len(mentions)}", 4000)

    def _actor_selected(self, _actor_id: str) -> None:
        self._step_index = -1  # the next step goes to the new actor's first mention

    def _go_to_claim_at(self, offset: int) -> None:
        claim = self.view.claim_at(offset)
        # As for a note: the focus stays in the claims, so the arrow keys and Enter go on through them.
        self.go_to_offset(offset, claim.end if claim else None, focus=False)

    def _claim_clicked(self, claim_id: str) -> None:
        self.messages.info(f"Claim {claim_id}", 4000)

    def _go_to_note(self, note_id: str) -> None:
        placed = self.placed_notes.get(note_id)
        if placed is None or placed.start is None:
            self.messages.info("This note's passage is no longer in the briefing.", 6000)
            return
        # The focus stays in the notes list: Delete, F2 and the arrow keys act on the note just
        # clicked (with the focus in the text, Delete did nothing and Down moved no note).
        self.go_to_offset(placed.start, placed.end, focus=False)

    def _note_clicked(self, note_id: str) -> None:
        self.notes_dock.raise_()
        self.notes_panel.select_note(note_id)
