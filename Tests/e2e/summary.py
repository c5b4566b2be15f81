"""Lines a test wants shown at the end of the pytest run even when it passes (counts, figures)."""

from __future__ import annotations

lines: list[str] = []


def report_line(text: str) -> None:
    lines.append(text)
    print(text)
