"""How long a user takes to type the example deal into the interview.

    python benchmarks/bench_interview_typing.py [--word-for-word] [--top N]

Runs the real interview engine with questionary replaced by a scripted user
(the one the tests use, `tests/scripted_user.py`) who knows the example deal
and answers every question from it, and counts what that user presses.
The time is a model of a practised typist, not a stopwatch:

- a typed answer: 3 s to find the words, then 300 characters a minute (where a
  suggestion is offered, only the keys that change it, if that is shorter);
- an answer given with one key (Enter on a suggestion, y/n, a menu pick): 1.5 s;
- each arrow or space press to move to a menu choice or tick a box: 0.2 s.

Where a suggestion is exactly the example's answer (a key made from the name,
an email at the partner's domain, the usual 30 days) the user presses Enter.
Where it says the same in other words (listed in SAME_IN_SUBSTANCE), the user
takes it by default, as a new user entering this deal would; `--word-for-word`
types the example's exact text instead. The user ends by building. Target (issue 5): under 15 minutes for the whole example deal.
"""
from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from scripted_user import User, example_data, lookup  # noqa: E402

from agreement_builder.interview import prompts, walker  # noqa: E402

THINK_S = 3.0
CHARS_PER_S = 300 / 60
KEY_S = 1.5
MOVE_S = 0.2
# Where the interview suggests wording that says what the example says in other words, a new user
# entering this deal takes the suggestion. Reviewed one by one; everything else that differs from a
# suggestion is the deal's own (a name, a person, a number, a restriction) and is typed.
SAME_IN_SUBSTANCE = {
    "partners[0].departments[1].key",  # an internal key: "product-engineering" for "product"
    "governance.problem_solving_protocols",
    "trust.customer_data_rules",
    "accounts.registration",
    "accounts.handover",
    "money.flows[0].trigger",  # "signs a contract with Tidewater" for "signs a Tidewater contract"
    "money.revenue_splits[0].trigger",  # the split is about Retail Insight anyway
    "money.reporting",  # "the invoicing partner" is Tidewater
    "code_of_conduct.principles",
    "disputes.governing_law",  # "the laws of Switzerland" for "the substantive law of Switzerland"
}


def typing_seconds(default: str, answer: str) -> float:
    """Keys to turn the suggested `default` into `answer`, or to type `answer` afresh.

    A one-line suggestion is shown in grey and typing replaces it; → brings it into the line to
    edit, so adding a word to it costs that →, the word, the arrow presses to reach it and any
    backspaces. (Paragraphs and lists come pre-filled: there the → is not needed.)
    """
    afresh = len(answer) / CHARS_PER_S
    if not default:
        return afresh
    edits = [op for op in difflib.SequenceMatcher(None, default, answer, autojunk=False).get_opcodes()
             if op[0] != "equal"]
    keys = sum((i2 - i1) + (j2 - j1) for _, i1, i2, j1, j2 in edits)  # backspaces and characters typed
    moves = len(default) - edits[0][1] if edits else 0  # from the end back to the first change
    return min(afresh, MOVE_S + keys / CHARS_PER_S + moves * MOVE_S)


class Typist(User):
    """The scripted user, keeping count of the keys each answer takes."""

    def __init__(self, target: dict, take_suggestions: bool):
        super().__init__(target, review=("build",))
        self.take_suggestions = take_suggestions
        self.taken: set[str] = set()
        self.log: list[tuple[str, str, float, str]] = []  # (path, how, seconds, text typed)

    def __call__(self, spec: dict):
        if spec["kind"] == "usual" and self.take_suggestions:
            # the usual terms are kept when they differ from the example only in wording
            self.asked.append(spec)
            keep = all(lookup(self.target, p) == v or p in SAME_IN_SUBSTANCE for p, v in spec["values"].items())
            self.taken |= {p for p in spec["values"] if keep and p in SAME_IN_SUBSTANCE}
            self.log.append((spec["path"], "key", KEY_S, ""))
            return keep
        answer = super().__call__(spec)
        kind, path = spec["type"], spec.get("path", "")
        if kind == "text":
            default = spec.get("default") or ""
            if answer == default or (default and self.take_suggestions and path in SAME_IN_SUBSTANCE):
                self.log.append((path, "key", KEY_S, ""))  # Enter on the suggestion, or on a blank
                self.taken.add(path)
                return default
            self.log.append((path, "typed", THINK_S + typing_seconds(default, answer), answer))
        elif kind == "select":
            values = [c["value"] for c in spec["choices"]]
            start = values.index(spec["default"]) if spec.get("default") in values else 0
            moves = abs(values.index(answer) - start)
            self.log.append((path, "key", KEY_S + moves * MOVE_S, ""))
        elif kind == "checkbox":
            values = [c["value"] for c in spec["choices"]]
            ticked = {c["value"] for c in spec["choices"] if c.get("checked")}
            wanted = set(answer)
            moves = (max(values.index(v) for v in wanted ^ ticked) if wanted ^ ticked else 0) + len(wanted ^ ticked)
            self.log.append((path, "key", KEY_S + moves * MOVE_S, ""))
        else:
            self.log.append((path, "key", KEY_S, ""))
        return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--word-for-word", action="store_true", help="type the example's text even where a "
                        "suggestion is offered")
    parser.add_argument("--top", type=int, default=15, help="list the N answers that take longest")
    args = parser.parse_args()

    typist = Typist(example_data(), take_suggestions=not args.word_for_word)
    prompts._ask = typist
    with tempfile.TemporaryDirectory() as tmp:
        walker.run_interview(Path(tmp) / "deal.yaml")

    stale = SAME_IN_SUBSTANCE - typist.taken if typist.take_suggestions else set()
    if stale:
        print(f"note: no suggestion was offered at {', '.join(sorted(stale))}; update SAME_IN_SUBSTANCE")
    total = sum(seconds for _, _, seconds, _ in typist.log)
    typed = [entry for entry in typist.log if entry[1] == "typed"]
    chars = sum(len(text) for *_, text in typed)
    by_section: dict[str, float] = defaultdict(float)
    for path, _, seconds, _ in typist.log:
        by_section[path.split(".")[0].split("[")[0] or "review"] += seconds

    print(f"{'suggestions taken' if typist.take_suggestions else 'word for word'}: "
          f"{len(typist.log)} prompts, {len(typed)} typed answers ({chars} characters), "
          f"{len(typist.log) - len(typed)} one-key answers")
    print(f"estimated typing time: {total / 60:.1f} min (target < 15 min)")
    print(f"  of which the deal's own words: {sum(s for _, _, s, _ in typed) / 60:.1f} min")
    print("by section:")
    for section, seconds in sorted(by_section.items(), key=lambda kv: -kv[1]):
        print(f"  {section:<18} {seconds / 60:5.1f} min")
    print(f"the {args.top} longest answers:")
    for path, _, seconds, text in sorted(typed, key=lambda e: -e[2])[:args.top]:
        print(f"  {seconds:5.1f} s  {path:<48} {len(text):4d} chars")


if __name__ == "__main__":
    main()
