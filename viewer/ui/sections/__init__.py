"""The Sections panel: the section tree with its claim and note counts."""
