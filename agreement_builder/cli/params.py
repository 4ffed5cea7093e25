"""Parameter types the commands share."""
from __future__ import annotations

from pathlib import Path

import click


class FolderPath(click.Path):
    """A folder to write into. An empty name is refused: click would read it as the current folder,
    which nobody types `-o ''` to mean (a shell variable that was never set does)."""

    def __init__(self) -> None:
        super().__init__(file_okay=False, path_type=Path)

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("an empty name is not a folder; write . for the current folder", param, ctx)
        return super().convert(value, param, ctx)
