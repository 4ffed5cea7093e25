"""The answers file the interview is filling: held once, saved after every section.

The questions read and write plain values (`data`); the file's own text, with the user's
comments, is kept only to write the values back into it (`save_answers` does the round
trip), so the two can never disagree. A marker file beside the answers names the section an
interrupt stopped in, and the question it came at, so that the next run carries on there.
"""
from __future__ import annotations

from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from ..answers import Answers, parse_yaml, plain_data, read_text, save_answers, validate_data
from ..atomic import write_text_atomically
from ..terms.model import Terms
from .data import in_model_order, prune


class Draft:
    def __init__(self, file: Path):
        self.file = Path(file)
        self._document = parse_yaml(read_text(self.file), self.file) if self.file.exists() else CommentedMap()
        self.data: dict = plain_data(self._document)

    def save(self, *, partial: bool = False) -> None:
        """Write the answers into the file, comments kept; `partial` (after an interrupt) leaves out the empty
        groups and lists a half-asked section holds, and writes nothing while there is nothing to keep."""
        data = prune(self.data) if partial else self.data
        if partial and not data and not self.file.exists():
            return
        self._document = save_answers(self.file, in_model_order(data, Terms), base=self._document)

    def checked(self) -> Answers:
        """The answers as `agreement-builder check` sees them: errors, missing fields, warnings."""
        return validate_data(self._document, self.file)

    # ---- where an interrupt stopped

    def _marker(self) -> Path:
        """`.deal.yaml.unfinished` beside `deal.yaml`."""
        return self.file.with_name(f".{self.file.name}.unfinished")

    def unfinished_section(self) -> str | None:
        return self._stopped()[0]

    def unfinished_question(self) -> str | None:
        """The path of the question the interrupt came at ("trust.shared_information"), if it was recorded."""
        return self._stopped()[1]

    def _stopped(self) -> tuple[str | None, str | None]:
        try:
            lines = self._marker().read_text(encoding="utf-8").splitlines()
        except OSError:
            return None, None
        lines = [line.strip() or None for line in lines] + [None, None]
        return lines[0], lines[1]

    def stopped_in(self, section: str, question: str | None = None) -> None:
        if self.file.exists():
            write_text_atomically(self._marker(), section + "\n" + (f"{question}\n" if question else ""))

    def finished(self) -> None:
        self._marker().unlink(missing_ok=True)
