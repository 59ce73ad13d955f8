"""Renderings of analysis results: JSON payloads, terminal tables, and (later) files."""
