"""The text: the briefing's document, the view that shows it, its header and the find bar."""
