"""The Notes panel and everything that makes and edits notes in the window."""
