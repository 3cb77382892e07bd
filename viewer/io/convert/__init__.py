"""Turning plain-text and Markdown articles into briefings."""
