"""`rvu`: the review forms of one period written into a folder, never over a form someone edited.

Forms are filled in Word and sent back, so a form in the folder may hold a
partner's answers. Each form written is recorded with its hash (in the
manifest, when the folder holds a packet; otherwise in `.review-forms.json`);
a form whose content no longer matches its record, or one the tool never
wrote, is edited, and is only replaced with --force, which first keeps the
edited copy under `history/edited-<time>/`.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import os
from pathlib import Path

from pydantic import TypeAdapter

from ..atomic import write_text_atomically
from ..errors import OutputError
from ..isolation import run_limited
from ..rvu.forms import write_forms
from ..terms.model import Terms
from .generated import generated_name
from .manifest import FileName, Sha256, read_manifest, sha256_file
from .publish import HISTORY, RVU, PacketFolder
from .untrusted import inside, read_json, validated

RECORD = ".review-forms.json"
_RECORD_SHAPE = TypeAdapter(dict[FileName, Sha256])


def update_review_forms(terms: Terms, out_dir: Path, *, period: str | None = None, department: str | None = None,
                        style_dir: Path | None = None, force: bool = False,
                        today: dt.date | None = None) -> tuple[list[Path], list[str]]:
    """Write the forms into `out_dir/rvu`; return their paths and the edited forms kept in history."""
    out_dir = Path(out_dir)
    with PacketFolder.open(out_dir) as folder:
        with folder.staging() as staging:
            render = functools.partial(write_forms, terms, staging / RVU, period=period, department=department,
                                       style_dir=style_dir, today=today)
            # A firm's own form templates render under a ceiling on memory and time (isolation.py).
            written = run_limited("your own review form templates", render) if style_dir else render()
            names = [f"{RVU}/{path.name}" for path in written]
            manifest = read_manifest(out_dir)
            record = dict(manifest.outputs) if manifest else _read_record(out_dir)
            targets = {name: inside(out_dir, name, file=out_dir) for name in names}
            edited = [name for name, target in targets.items()
                      if target.exists() and record.get(name) != sha256_file(target)]
            if edited and not force:
                raise OutputError(
                    f"{len(edited)} review form(s) in the folder were edited (or not written by agreement-builder): "
                    f"{', '.join(edited)}; writing the forms would replace them", file=out_dir,
                    hint=f"send or keep those first, or add --force to keep the edited copies in "
                         f"{HISTORY}/edited-<time>/ and write fresh forms")
            try:
                kept = _keep_edited(out_dir, edited)
                for name, target in targets.items():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(staging / name, target)
                    record[name] = sha256_file(target)
            except OSError as exc:
                raise OutputError(f"cannot write the review forms: {exc.strerror or exc}", file=out_dir / RVU,
                                  hint="choose an output folder you can write to") from None
            if manifest:
                manifest.outputs.update({name: record[name] for name in names})
                for name in names:  # a build's generated copy of a form now rewritten no longer tells its edits
                    if manifest.extras.pop(generated_name(name), None):
                        inside(out_dir, generated_name(name), file=out_dir).unlink(missing_ok=True)
                manifest.write(out_dir)
            else:
                write_text_atomically(out_dir / RECORD, json.dumps(record, indent=2, sort_keys=True) + "\n")
    return list(targets.values()), kept


def _read_record(out_dir: Path) -> dict[str, str]:
    path = out_dir / RECORD
    if not path.exists() and not path.is_symlink():
        return {}
    hint = "it records the forms agreement-builder wrote; delete it to treat every form there as edited"
    return validated(_RECORD_SHAPE, read_json(path, hint=hint), file=path, hint=hint)


def _keep_edited(out_dir: Path, edited: list[str]) -> list[str]:
    """Move the edited forms to history/edited-<UTC time>/, keeping their names; return where they went."""
    if not edited:
        return []
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    kept = []
    for name in edited:
        target = inside(out_dir, f"{HISTORY}/edited-{stamp}/{name}", file=out_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(inside(out_dir, name, file=out_dir), target)
        kept.append(target.relative_to(out_dir).as_posix())
    return kept
