"""Briefing Pack Builder core: library, packs, templates and exporters, free of Qt."""

__version__ = "0.1.0"
