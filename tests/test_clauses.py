"""The clause library engine: loading, layering, choosing, rendering in a sandbox, lint."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import assert_reported, run

from agreement_builder.errors import ClauseError
from agreement_builder.library.clauses import load_library, parse_clause, select_clauses
from agreement_builder.library.lint import lint
from agreement_builder.library.render import ClauseRef, Definition, Renderer, ScheduleRef, TermUse, Text
from agreement_builder.terms.model import Terms


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def clause_file(folder: Path, clause_id: str, body: str, **meta: str) -> Path:
    front = {"id": clause_id, "title": clause_id.replace("-", " ").title(), "order": "5000", **meta}
    lines = "".join(f"{k}: {v}\n" for k, v in front.items())
    return write(folder, f"{clause_id}.md", f"---\n{lines}---\n{body}")


def render(terms: Terms, body: str, tmp_path: Path, **meta: str):
    clause = parse_clause(clause_file(tmp_path / "one", "probe", body, **meta))
    return clause.render(Renderer(terms), refers_check=False)


def variant(terms: Terms, **changes) -> Terms:
    data = terms.model_dump()
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return Terms.model_validate(data)


# --------------------------------------------------------------------------- the built-in library


def test_built_in_library_lints_clean(example_terms):
    problems = lint(None, example_terms)
    assert problems == [], "\n".join(p.render() for p in problems)


def test_cli_lint_exit_codes_and_listing(tmp_path):
    assert run("clauses", "lint").exit_code == 0
    user = tmp_path / "mine"
    clause_file(user, "extra", "Mentions [[Nothing Defined]] and {{ alliance.nmae }}.\n")
    result = run("clauses", "lint", "--clauses", user)
    assert_reported(result, 1)
    assert "extra.md: body: [[Nothing Defined]] is used but never defined" in result.output
    assert "extra.md: body: 'alliance.nmae' is not a field of the terms" in result.output


def test_cli_list_and_show(tmp_path):
    listing = run("clauses", "list")
    assert listing.exit_code == 0
    assert "confidentiality-strict" in listing.output and 'trust.confidentiality_level == "strict"' in listing.output
    shown = run("clauses", "show", "parties")
    assert shown.exit_code == 0 and "id: parties" in shown.output
    assert_reported(run("clauses", "show", "no-such-clause"), 1)


# --------------------------------------------------------------------------- loading and layering


@pytest.mark.parametrize("text, field", [
    ("no front matter at all\n", "front matter"),
    ("---\nid: x\ntitle: [unclosed\n---\nbody\n", "front matter"),
    ("---\ntitle: No id\norder: 1\n---\nbody\n", "id"),
    ("---\nid: Bad_Id\ntitle: T\norder: 1\n---\nbody\n", "id"),
    ("---\nid: x\ntitle: T\norder: soon\n---\nbody\n", "order"),
    ("---\nid: x\ntitle: T\norder: 1\ncolour: red\n---\nbody\n", "colour"),
    ("---\n- a list\n---\nbody\n", "front matter"),
    ("---\nid: x\ntitle: T\norder: 1\nlayout: sideways\n---\nbody\n", "layout"),
])
def test_broken_clause_file_names_file_and_field(tmp_path, text, field):
    path = write(tmp_path / "c", "x.md", text)
    with pytest.raises(ClauseError) as caught:
        parse_clause(path)
    assert caught.value.file == path
    assert caught.value.field == field


def test_yaml_object_tags_are_refused(tmp_path):
    path = write(tmp_path / "c", "x.md", "---\nid: !!python/object/apply:os.system [echo hi]\ntitle: T\norder: 1\n---\n")
    with pytest.raises(ClauseError) as caught:
        parse_clause(path)
    assert caught.value.field == "front matter"


def test_front_matter_reads_as_yaml_1_2(tmp_path):
    # As ruamel's safe loader read it before: yes/no/on/off are words, a leading 0 is no octal.
    path = write(tmp_path / "c", "x.md", "---\nid: x\ntitle: yes\norder: 010\nalternative: off\n"
                                          "defines: [No, On]\n---\nbody\n")
    meta = parse_clause(path).meta
    assert (meta.title, meta.order, meta.alternative, meta.defines) == ("yes", 10.0, "off", ["No", "On"])


def test_a_front_matter_key_given_twice_is_refused(tmp_path):
    path = write(tmp_path / "c", "x.md", "---\nid: x\ntitle: T\norder: 1\ntitle: U\n---\nbody\n")
    with pytest.raises(ClauseError) as caught:
        parse_clause(path)
    assert caught.value.field == "front matter" and "duplicate" in caught.value.message


def test_template_syntax_error_names_line(tmp_path, example_terms):
    path = clause_file(tmp_path / "c", "x", "Fine line.\n\n{% if %}\n")
    with pytest.raises(ClauseError) as caught:
        parse_clause(path).render(Renderer(example_terms))
    assert caught.value.field == "body" and "line 8" in caught.value.message


def test_user_folder_overrides_and_adds(tmp_path, example_terms):
    user = tmp_path / "mine"
    clause_file(user, "definitions", "Our own definitions clause.\n", order="300", title="Our definitions")
    clause_file(user, "house-rule", "A house rule of the firm.\n", order="3050")
    library = load_library(user)
    assert library.clauses["definitions"].meta.title == "Our definitions"
    assert library.clauses["definitions"].file.parent == user
    ids = list(library.clauses)
    assert ids.index("house-rule") == ids.index("notices") + 1  # placed by its order
    assert "house-rule" not in load_library(None).clauses


def test_missing_user_folder_is_reported(tmp_path):
    with pytest.raises(ClauseError) as caught:
        load_library(tmp_path / "nowhere")
    assert caught.value.field == "--clauses"


# --------------------------------------------------------------------------- choosing clauses


def test_alternatives_must_select_exactly_one(tmp_path, example_terms):
    user = tmp_path / "mine"
    # A second clause in the confidentiality group that also applies to strict terms.
    clause_file(user, "confidentiality-extra", "Extra.\n", alternative="confidentiality",
                when="trust.confidentiality_level == 'strict'")
    with pytest.raises(ClauseError) as caught:
        select_clauses(load_library(user), example_terms)
    assert "confidentiality" in caught.value.message and "2 apply" in caught.value.message

    none = tmp_path / "none"
    clause_file(none, "confidentiality-strict", "Never.\n", alternative="confidentiality", when="1 == 2",
                order="900", title="Confidentiality")
    with pytest.raises(ClauseError) as caught:
        select_clauses(load_library(none), example_terms)
    assert "none of them applies" in caught.value.message


def test_condition_over_unknown_field_is_a_clear_error(tmp_path, example_terms):
    user = tmp_path / "mine"
    clause_file(user, "odd", "Body.\n", when="trust.no_such_flag")
    with pytest.raises(ClauseError) as caught:
        select_clauses(load_library(user), example_terms)
    assert caught.value.field == "when" and caught.value.file.name == "odd.md"


# --------------------------------------------------------------------------- rendering


def test_paragraphs_items_terms_and_refs(tmp_path, example_terms):
    body = ("The ((Widget)) is {{ alliance.name }}.\nStill the first paragraph.\n\n"
            "Items follow:\n- first {{ partners[0].short_name }}\n- second, see {{ ref('notices') }}\n\n"
            "Per [[Widgets]] see {{ schedule('goals') }}.\n")
    blocks = render(example_terms, body, tmp_path)
    assert [b.kind for b in blocks] == ["para", "para", "item", "item", "para"]
    assert blocks[0].runs == [Text("The "), Definition("Widget"), Text(" is "),
                              Text(example_terms.alliance.name, answer=True),
                              Text(". Still the first paragraph.")]
    assert blocks[3].runs[-1] == ClauseRef("notices")
    assert TermUse("Widgets") in blocks[4].runs and ScheduleRef("goals") in blocks[4].runs


def test_answers_are_data_never_templates_or_markup(tmp_path, example_terms):
    typed = "{{ 7*7 }} {% if true %}x{% endif %} ((Not A Term)) [[nor this]]\n\nsecond line"
    terms = variant(example_terms, alliance__purpose=typed)
    blocks = render(terms, "Purpose: {{ alliance.purpose }}\n", tmp_path)
    assert len(blocks) == 1  # a blank line in an answer does not start a new paragraph
    assert blocks[0].runs == [Text("Purpose: "), Text(typed, answer=True)]


def test_macro_output_is_clause_text(tmp_path, example_terms):
    body = "{% macro who(p) %}[[Partner]] {{ p.short_name }}{% endmacro %}Hello {{ who(partners[1]) }}.\n"
    blocks = render(example_terms, body, tmp_path)
    assert blocks[0].runs == [Text("Hello "), TermUse("Partner"), Text(" "),
                              Text("Tidewater", answer=True), Text(".")]


def test_helpers(tmp_path, example_terms):
    body = ("{{ money(1234.5) }} / {{ money(10, 'USD') }} / {{ percent(12.5) }} / {{ days(1) }} / "
            "{{ months(3) }} / {{ date(alliance.effective_date) }} / {{ party('tidewater').legal_name }} / "
            "{{ other('tidewater').short_name }} / {{ owner('both') }} / {{ money.currency }}\n")
    text = render(example_terms, body, tmp_path)[0].plain
    assert text == ("EUR 1,234.50 / USD 10.00 / 12.5% / 1 day / 3 months / 1 January 2027 / "
                    "Tidewater Software Ltd / Larkspur / Larkspur and Tidewater / EUR")


@pytest.mark.parametrize("body", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ alliance.__dict__ }}",
    "{{ no_such_field }}",
    "{{ alliance.nmae }}",
    "{{ party('nobody').short_name }}",
    "{{ schedule('snacks') }}",
])
def test_unsafe_or_unknown_placeholders_are_clause_errors(tmp_path, example_terms, body):
    with pytest.raises(ClauseError) as caught:
        render(example_terms, body + "\n", tmp_path)
    assert caught.value.field == "body"


def test_ref_must_be_listed_under_refers(tmp_path, example_terms):
    clause = parse_clause(clause_file(tmp_path / "c", "x", "See {{ ref('notices') }}.\n"))
    with pytest.raises(ClauseError) as caught:
        clause.render(Renderer(example_terms))
    assert "refers" in caught.value.message


# --------------------------------------------------------------------------- lint


def lint_messages(tmp_path, example_terms, *files: tuple[str, str, dict]) -> list[str]:
    user = tmp_path / "lintme"
    for clause_id, body, meta in files:
        clause_file(user, clause_id, body, **meta)
    return [f"{p.file.name}|{p.field}|{p.message}" for p in lint(user, example_terms)
            if p.file.parent == user or p.file == user]


def test_lint_finds_each_kind_of_problem(tmp_path, example_terms):
    found = lint_messages(
        tmp_path, example_terms,
        ("a-one", "{{ nothing_here }} {{ governance.bad_news_days }} "
                  "{% for g in goals %}{{ g.metrik }}{% endfor %} ((Gadget)) ((Gizmo)) "
                  "{{ ref('no-such-clause') }} {{ ref('notices') }} [[Doohickey]]\n",
         {"when": "trust.flavour == 1", "defines": "[Gizmo, Gadget, Sprocket]"}),
        ("b-two", "The ((Gizmo)) again.\n", {"defines": "[Gizmo]"}),
    )
    expected = [
        "a-one.md|body|the placeholder 'nothing_here' names no field of the terms",
        "a-one.md|body|'governance.bad_news_days' is not a field of the terms",
        "a-one.md|body|'g.metrik' is not a field of the terms",
        "a-one.md|when|'trust.flavour' is not a field of the terms",
        "a-one.md|body|ref('no-such-clause') refers to no clause",
        "a-one.md|refers|ref('notices') is used but 'notices' is not listed under refers",
        "a-one.md|defines|'Sprocket' is listed but never marked as ((…)) in the body",
        "a-one.md|body|[[Doohickey]] is used but never defined",
        "a-one.md|defines|'Gadget' is defined but never used",
    ]
    for message in expected:
        assert message in found, f"{message}\nnot in\n" + "\n".join(found)
    assert any("'Gizmo' is defined twice" in m for m in found)


def test_lint_accepts_alternatives_defining_the_same_term(tmp_path, example_terms):
    found = lint_messages(
        tmp_path, example_terms,
        ("alt-a", "The ((Thing)) is a [[Thing]].\n", {"alternative": "thing", "when": "disputes.mediation",
                                                    "defines": "[Thing]"}),
        ("alt-b", "The ((Thing)) is a [[Thing]].\n", {"alternative": "thing", "when": "not disputes.mediation",
                                                    "defines": "[Thing]"}),
    )
    assert found == []


def test_lint_renders_against_the_example(tmp_path, example_terms):
    # Statically fine, but the example's opportunity has no `notes`: only rendering finds it.
    found = lint_messages(tmp_path, example_terms,
                          ("render-me", "{% set deal = alliance.first_opportunity %}{{ deal['notes'] }}\n", {}))
    assert any("render-me.md|body|with the example deal" in m for m in found), found


# --------------------------------------------------------------------------- the compiled library cache


@pytest.fixture
def built_in(tmp_path, monkeypatch):
    """A copy of the built-in library standing in for it, with its own empty cache folder."""
    import shutil

    from agreement_builder.library import clauses
    from agreement_builder.resources import data_folder

    folder = tmp_path / "built-in"
    shutil.copytree(data_folder("clauses"), folder)
    monkeypatch.setattr(clauses, "data_folder", lambda name: folder)
    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(clauses, "_CACHE", {})  # nothing kept in this process
    return folder


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("*"))


def fresh_library():
    from agreement_builder.library import clauses

    clauses._CACHE.clear()
    return clauses.load_library()


def compiles(monkeypatch) -> list[str]:
    """Every clause body or condition compiled from source from now on."""
    from agreement_builder.library import clauses

    compiled = []
    for name in ("body_code", "condition_code"):
        original = getattr(clauses, name)
        monkeypatch.setattr(clauses, name, lambda source, original=original: compiled.append(source) or original(source))
    return compiled


def test_the_built_in_library_is_compiled_once_then_read_from_the_cache(built_in, tmp_path, monkeypatch,
                                                                        example_terms):
    first = fresh_library()
    assert [f.suffix for f in cache_files(tmp_path)] == [".marshal"]
    if hasattr(os, "getuid"):
        assert (tmp_path / "cache").stat().st_mode & 0o077 == 0  # private
    compiled = compiles(monkeypatch)
    second = fresh_library()
    assert compiled == []  # nothing compiled: bodies and conditions came from the cache
    assert list(second.clauses) == list(first.clauses)
    assert [c.meta for c in second.clauses.values()] == [c.meta for c in first.clauses.values()]
    assert [c.file for c in second.clauses.values()] == [c.file for c in first.clauses.values()]
    chosen = select_clauses(second, example_terms)
    renderer = Renderer(example_terms)
    assert ([b.plain for c in chosen if c.numbered for b in c.render(renderer)]
            == [b.plain for c in select_clauses(first, example_terms) if c.numbered for b in c.render(renderer)])


def test_the_cache_is_rebuilt_when_a_clause_file_changes(built_in, tmp_path, monkeypatch):
    fresh_library()
    notices = built_in / "notices.md"
    notices.write_text(notices.read_text(encoding="utf-8").replace("title: ", "title: Changed ", 1), encoding="utf-8")
    compiled = compiles(monkeypatch)
    library = fresh_library()
    assert library.clauses["notices"].meta.title.startswith("Changed ")
    assert compiled  # compiled again, from the changed files
    assert len(cache_files(tmp_path)) == 2  # a new key; the old file is kept for a while
    (built_in / "zz-extra.md").write_text("---\nid: zz-extra\ntitle: Extra\norder: 99999\n---\nMore.\n",
                                          encoding="utf-8")
    assert "zz-extra" in fresh_library().clauses  # an added file is a change too
    (built_in / "zz-extra.md").unlink()
    assert "zz-extra" not in fresh_library().clauses


@pytest.mark.parametrize("damage", ["garbage", "truncated", "one byte flipped", "empty", "a folder"])
def test_a_corrupt_cache_file_is_ignored_and_replaced(built_in, tmp_path, monkeypatch, damage, example_terms):
    expected = list(fresh_library().clauses)
    [cached] = cache_files(tmp_path)
    data = cached.read_bytes()
    if damage == "garbage":
        cached.write_bytes(b"\x00\xff" * 500)
    elif damage == "truncated":
        cached.write_bytes(data[: len(data) // 2])
    elif damage == "one byte flipped":
        middle = len(data) // 2
        cached.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
    elif damage == "empty":
        cached.write_bytes(b"")
    else:
        cached.unlink()
        cached.mkdir()
    library = fresh_library()
    assert list(library.clauses) == expected
    select_clauses(library, example_terms)
    if damage != "a folder":  # written again, whole: the next run compiles nothing
        compiled = compiles(monkeypatch)
        assert list(fresh_library().clauses) == expected and compiled == []


def test_a_cache_with_a_forged_digest_or_an_open_folder_is_not_run(built_in, tmp_path, monkeypatch):
    import hashlib
    import marshal

    from agreement_builder.library import compiled as cache

    fresh_library()
    [cached] = cache_files(tmp_path)
    # A payload with the right header but the digest of something else: never unmarshalled.
    key = cached.read_bytes().split(b"\n")[1]
    payload = marshal.dumps([("x.md", {}, "", 1, compile("raise SystemExit('ran')", "x", "exec"), None)])
    cached.write_bytes(cache.FORMAT + key + b"\n" + hashlib.sha256(b"other").digest() + payload)
    assert "notices" in fresh_library().clauses
    if hasattr(os, "getuid"):
        fresh_library()  # rewritten, valid
        os.chmod(tmp_path / "cache", 0o777)
        compiled = compiles(monkeypatch)
        fresh_library()
        assert compiled  # a folder others may write to is not trusted: compiled afresh


def test_two_builds_writing_the_cache_at_once(tmp_path):
    import subprocess
    import sys
    import time

    # Several processes, started together, each finding the cache empty and writing it.
    script = (
        "import sys, time\n"
        "time.sleep(max(0.0, float(sys.argv[1]) - time.time()))\n"
        "from agreement_builder.library.clauses import load_library\n"
        "print(len(load_library().clauses))\n"
    )
    env = dict(os.environ, AGREEMENT_BUILDER_CACHE_DIR=str(tmp_path / "cache"))
    start = time.time() + 3
    runs = [subprocess.Popen([sys.executable, "-c", script, str(start)], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [run.communicate(timeout=120) + (run.returncode,) for run in runs]
    assert all(code == 0 for _, _, code in results), results
    assert len({out for out, _, _ in results}) == 1
    assert [f.suffix for f in cache_files(tmp_path)] == [".marshal"]  # one file, no temporary left behind
    reread = subprocess.run([sys.executable, "-c", "from agreement_builder.library import clauses\n"
                             "clauses.body_code = None\n"  # reading the cache must not need to compile
                             "print(len(clauses.load_library().clauses))"],
                            env=env, capture_output=True, text=True)
    assert reread.returncode == 0 and reread.stdout == results[0][0], reread.stderr


def test_a_users_clause_folder_is_never_cached(built_in, tmp_path, monkeypatch):
    import marshal

    user = tmp_path / "mine"
    clause_file(user, "house-rule", "A house rule of the firm.\n", order="3050")
    assert "house-rule" in load_library(user).clauses
    [cached] = cache_files(tmp_path)
    assert b"house-rule" not in cached.read_bytes()
    assert "A house rule" not in repr(marshal.loads(cached.read_bytes().split(b"\n", 2)[2][32:]))
