"""Briefing Viewer: read analytic briefings with their actors, claims and your notes."""

__version__ = "0.1.0"
