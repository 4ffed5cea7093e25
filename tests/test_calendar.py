"""The obligations calendar: DIR/calendar.ics from every build, and `agreement-builder calendar` as a table.

The dates must be the ones the agreement and the review forms state: each test reads them from the
built documents, or checks a few exact dates that the example's agreement text gives."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from helpers import DELETE, assert_reported, edit_answers, run, terms_with
from icalendar import Calendar

from agreement_builder.answers import load_terms
from agreement_builder.document.docx_text import document_text
from agreement_builder.obligations.ics import calendar_bytes, event_uid
from agreement_builder.obligations.schedule import obligations, words
from agreement_builder.obligations.table import obligations_table as run_table
from agreement_builder.pipeline import agreement_bytes
from agreement_builder.versions.manifest import sha256_json

DEALS = Path(__file__).parent / "deals"
EVERY_KIND_OF_THE_EXAMPLE = {
    "review_form", "health_survey", "executive_review", "annual_review", "deliverable", "launch_end",
    "initial_term_end", "non_renewal_notice", "renewal", "confidentiality_end", "payment_statement",
    "launch_meetings", "steady_meetings",
}  # and no end of non-solicitation: between competitors it binds "During the Term, and not after it ends"


def _events(ics: Path | bytes) -> list:
    data = ics.read_bytes() if isinstance(ics, Path) else ics
    return list(Calendar.from_ical(data).walk("VEVENT"))


def _kind(event) -> str:
    return str(event["CATEGORIES"].cats[0])


def _day(event) -> dt.date:
    return event.decoded("DTSTART")


def _by_kind(events: list, kind: str) -> list:
    return [e for e in events if _kind(e) == kind]


def _long_date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d %B %Y").date()


@pytest.fixture
def built(example_file, tmp_path) -> Path:
    out = tmp_path / "packet"
    result = run("build", example_file, "-o", out)
    assert result.exit_code == 0, result.output
    return out


# --------------------------------------------------------------------------- the file a build writes


def test_every_build_writes_a_calendar_listed_as_an_output(built):
    assert (built / "calendar.ics").is_file()
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert "calendar.ics" in manifest["outputs"]
    calendar = Calendar.from_ical((built / "calendar.ics").read_bytes())
    assert str(calendar["VERSION"]) == "2.0" and "agreement-builder" in str(calendar["PRODID"])
    assert {_kind(e) for e in _events(built / "calendar.ics")} == EVERY_KIND_OF_THE_EXAMPLE


def test_dates_are_the_ones_the_agreement_states(built):
    text = document_text(built / "agreement.docx")
    events = _events(built / "calendar.ics")

    def one(kind: str):
        found = _by_kind(events, kind)
        assert len(found) == 1, kind
        return _day(found[0])

    term_end = _long_date(re.search(r"ending on (\d+ \w+ \d{4}) \(the “?Initial Term", text).group(1))
    assert one("initial_term_end") == term_end == dt.date(2028, 12, 31)
    notice_days = int(re.search(r"at least (\d+) days before the end of the current term", text).group(1))
    assert one("non_renewal_notice") == term_end - dt.timedelta(days=notice_days) == dt.date(2028, 10, 2)
    assert one("renewal") == dt.date(2029, 1, 1)
    years = int(re.search(r"for (\d+) years after the Term ends", text).group(1))
    assert one("confidentiality_end") == dt.date(2028 + years, 12, 31) == dt.date(2031, 12, 31)
    assert "During the Term, and not after it ends, neither Partner shall" in text  # the partners compete
    assert not _by_kind(events, "non_solicitation_end")
    launch = int(re.search(r"During the first (\d+) months after the Effective Date", text).group(1))
    assert launch == 3 and one("launch_end") == dt.date(2027, 3, 31)
    assert "Within 15 days after the end of each calendar quarter, the paying Partner shall send" in text
    statements = _by_kind(events, "payment_statement")
    assert [_day(e) for e in statements[:4]] == [dt.date(2027, 4, 15), dt.date(2027, 7, 15), dt.date(2027, 10, 15),
                                                 dt.date(2028, 1, 15)]
    assert all("Tidewater" in str(e["SUMMARY"]) for e in statements)  # it collects and pays the shares


def test_review_forms_due_as_the_schedule_of_reviews_and_the_forms_say(built):
    text = document_text(built / "agreement.docx")
    events = _events(built / "calendar.ics")
    forms = _by_kind(events, "review_form")
    # The schedule of reviews: "Y1-Q1 | 1 January 2027 | 31 March 2027 | 15 April 2027 | ...", one row a period.
    rows = re.findall(r"^(Y\d-Q\d)[^|]*\| [^|]+ \| [^|]+ \| (\d+ \w+ \d{4}) \|", text, re.M)
    assert len(rows) == 8
    for label, due in rows:
        due_on = dt.datetime.strptime(due, "%d %B %Y").date()
        senders = [e for e in forms if str(e["SUMMARY"]).endswith(f", {label}")]
        # Larkspur, its Sales and its Product & Engineering departments, and Tidewater: one event each
        assert len(senders) == 4, label
        assert {_day(e) for e in senders} == {due_on}
    summaries = {str(e["SUMMARY"]) for e in forms}
    assert "Relationship Value Update due: Larkspur (Sales), Y1-Q1" in summaries
    assert "Relationship Value Update due: Larkspur (Product & Engineering), Y2-Q4" in summaries
    form = document_text(built / "rvu" / "Y1-Q1-larkspur-sales-long.docx")
    assert "15 April 2027" in form  # the form's own due date
    annual = _by_kind(events, "annual_review")
    # after the Y1-Q4 forms, and in the last year after the Y2-Q2 forms: before notice about renewal is due
    assert [_day(e) for e in annual] == [dt.date(2028, 1, 15), dt.date(2028, 7, 15)]
    executive = _by_kind(events, "executive_review")
    assert [_day(e) for e in executive][:2] == [dt.date(2027, 3, 31), dt.date(2027, 6, 30)]
    surveys = _by_kind(events, "health_survey")
    assert {_day(e) for e in surveys} == {dt.date(2027, 7, 15), dt.date(2028, 1, 15), dt.date(2028, 7, 15),
                                          dt.date(2029, 1, 15)}
    assert len(surveys) == 4 * 4  # four senders, semi-annual over two years


def test_each_deliverable_with_its_deadline_and_owner(built, example_terms):
    events = _by_kind(_events(built / "calendar.ics"), "deliverable")
    expected = {(d.description, d.deadline, example_terms.partner(c.partner).short_name)
                for c in example_terms.commitments for d in c.deliverables}
    found = {(str(e["SUMMARY"]).split(": ", 1)[1], _day(e), str(e["SUMMARY"]).split("(")[1].split(")")[0])
             for e in events}
    assert found == expected
    assert ("Production-ready connector to the Tidewater platform", dt.date(2027, 3, 31), "Larkspur") in found


def test_meetings_repeat_at_the_launch_then_the_steady_cadence(built):
    events = _events(built / "calendar.ics")
    launch, = _by_kind(events, "launch_meetings")
    steady, = _by_kind(events, "steady_meetings")
    assert _day(launch) == dt.date(2027, 1, 1)
    assert launch["RRULE"]["FREQ"] == ["WEEKLY"] and launch["RRULE"]["UNTIL"] == [dt.date(2027, 3, 31)]
    assert _day(steady) == dt.date(2027, 4, 1)
    assert steady["RRULE"]["FREQ"] == ["MONTHLY"] and steady["RRULE"]["UNTIL"] == [dt.date(2028, 12, 31)]
    assert all("RRULE" not in e for e in events if e not in (launch, steady))


def test_every_event_has_a_reminder_before_it_and_a_unique_uid(built):
    events = _events(built / "calendar.ics")
    for event in events:
        alarms = event.walk("VALARM")
        assert len(alarms) == 1, event["SUMMARY"]
        assert str(alarms[0]["ACTION"]) == "DISPLAY" and str(alarms[0]["DESCRIPTION"])
        assert alarms[0].decoded("TRIGGER") < dt.timedelta(0)
        assert "DTSTAMP" in event and "DTEND" in event
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    notice, = _by_kind(events, "non_renewal_notice")
    assert notice.walk("VALARM")[0].decoded("TRIGGER") <= -dt.timedelta(days=29)  # weeks ahead, not hours


def test_monthly_meetings_from_the_31st_fall_on_the_last_day_of_shorter_months(example_terms):
    terms = terms_with(example_terms, {"alliance.effective_date": dt.date(2027, 1, 31),
                                       "governance.launch_meeting_cadence": "monthly"})
    launch, = _by_kind(_events(calendar_bytes(terms)), "launch_meetings")
    assert launch["RRULE"]["BYSETPOS"] == [-1] and launch["RRULE"]["BYMONTHDAY"] == [28, 29, 30, 31]
    days = [day.date() for day in rrulestr(launch["RRULE"].to_ical().decode(), dtstart=dt.datetime(2027, 1, 31))]
    assert days == [dt.date(2027, 1, 31), dt.date(2027, 2, 28), dt.date(2027, 3, 31)]  # launch ends 29 April
    table = run_table(terms, dt.date(2027, 2, 1), dt.date(2027, 2, 28))
    assert "28 Feb 2027   Alliance managers' meeting (launch period)" in table


# --------------------------------------------------------------------------- rebuilds


def test_uids_survive_a_rebuild_with_changed_terms(built, example_file):
    before = {str(e["UID"]): e for e in _events(built / "calendar.ics")}
    edit_answers(example_file, lambda data: (
        data["goals"].append({"owner": "both", "description": "Open the Nordic market", "metric": "Nordic customers",
                              "target": "3", "timeframe": "by month 18"}),
        data["reviews"].__setitem__("cadence", "semi_annual"),
        data["commitments"][0]["deliverables"][0].__setitem__("deadline", dt.date(2027, 5, 31))))
    result = run("build", example_file, "-o", built)
    assert result.exit_code == 0, result.output
    assert (built / "history" / "v1" / "calendar.ics").is_file()
    after = {str(e["UID"]): e for e in _events(built / "calendar.ics")}
    gone = {uid for uid in before if uid not in after}
    # Only the quarterly review forms went (the half-yearly ones are new); everything else kept its UID.
    assert gone == {uid for uid, e in before.items() if _kind(e) == "review_form"}
    assert {_kind(after[uid]) for uid in set(after) - set(before)} == {"review_form"}
    moved = [uid for uid in before if uid in after and _day(before[uid]) != _day(after[uid])]
    assert [str(after[uid]["SUMMARY"]) for uid in moved] == [
        "Deliverable due (Larkspur): Production-ready connector to the Tidewater platform"]
    assert _day(after[moved[0]]) == dt.date(2027, 5, 31)


def test_a_folder_built_before_the_calendar_existed_gets_one_on_its_next_build(built, example_file):
    manifest_file = built / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    del manifest["inputs"]["obligations_calendar"], manifest["outputs"]["calendar.ics"]
    manifest["inputs_sha256"] = sha256_json(manifest["inputs"])
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    (built / "calendar.ics").unlink()
    result = run("build", example_file, "-o", built)
    assert result.exit_code == 0, result.output
    assert "version 2" in result.output and (built / "calendar.ics").is_file()
    assert run("build", example_file, "-o", built).output.count("up to date") == 1


def test_uid_is_made_from_what_the_obligation_is(example_terms):
    uid = event_uid(example_terms, "rvu/larkspur/sales/Y1-Q1")
    assert uid == event_uid(terms_with(example_terms, {"alliance.effective_date": dt.date(2027, 2, 1)}),
                            "rvu/larkspur/sales/Y1-Q1")
    assert uid != event_uid(example_terms, "rvu/larkspur/product/Y1-Q1")
    assert uid != event_uid(terms_with(example_terms, {"alliance.name": "Another alliance"}),
                            "rvu/larkspur/sales/Y1-Q1")
    keys = [o.key for o in obligations(example_terms)]
    assert len(keys) == len(set(keys))
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", key) for key in keys)  # never a date


def test_an_edited_calendar_stops_a_plain_rebuild_like_any_output(built, example_file):
    (built / "calendar.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    edit_answers(example_file, {"governance.bad_news_notice_days": 7})
    result = run("build", example_file, "-o", built)
    assert_reported(result)
    assert "calendar.ics" in result.output


# --------------------------------------------------------------------------- what each kind of deal has


@pytest.mark.parametrize("deal", sorted(DEALS.glob("*.yaml")), ids=lambda p: p.stem)
def test_statements_when_and_only_when_the_agreement_fixes_them(deal):
    terms = load_terms(deal)
    text = document_text(agreement_bytes(terms)[0])
    kinds = {o.kind for o in obligations(terms)}
    says = f"Within {words()['statement_days']} days after the end of each calendar quarter" in text
    assert says == ("payment_statement" in kinds), deal.name
    shared = f"Within {words()['shared_costs_statement_days']} days after the end of each calendar quarter" in text
    assert shared == ("shared_costs_statement" in kinds), deal.name
    outlasts = re.search(r"for \d+ months? after it ends, neither Partner shall", text) is not None
    assert ("non_solicitation_end" in kinds) == outlasts, deal.name
    assert ("health_survey" in kinds) == (terms.health is not None)


def test_non_solicitation_after_the_term_between_partners_that_do_not_compete(example_terms):
    terms = terms_with(example_terms, {"trust.partners_compete": False, "trust.competitor_safeguards": [],
                                       "trust.clean_team": []})
    text = document_text(agreement_bytes(terms)[0])
    months = int(re.search(r"During the Term and for (\d+) months after it ends, neither Partner shall", text).group(1))
    ends, = [o for o in obligations(terms) if o.kind == "non_solicitation_end"]
    assert months == 12 and ends.date == dt.date(2029, 12, 31)
    assert ends.key == "non-solicitation/end"


def test_without_automatic_renewal_the_last_day_to_propose_it(example_terms):
    terms = terms_with(example_terms, {"alliance.renewal.automatic": False})
    kinds = {o.kind: o for o in obligations(terms)}
    assert "renewal" not in kinds and "non_renewal_notice" not in kinds
    assert kinds["renewal_proposal"].date == dt.date(2028, 10, 2)
    assert kinds["renewal_proposal"].key == "renewal/last-day-for-notice"  # the same event, updated


def test_no_health_section_no_surveys_and_no_annual_review_when_not_agreed(example_terms):
    terms = terms_with(example_terms, {"health": DELETE, "reviews.annual_strategic_review": False})
    kinds = {o.kind for o in obligations(terms)}
    assert "health_survey" not in kinds and "annual_review" not in kinds


def test_typed_text_survives_into_the_calendar(example_terms):
    typed = 'R&D <beta> "hand-off" {{ 7*7 }} 🚀\nsecond line'
    terms = terms_with(example_terms, {"commitments.0.deliverables.0.description": typed})
    summaries = {str(e["SUMMARY"]) for e in _events(calendar_bytes(terms))}
    assert f"Deliverable due (Larkspur): {typed}" in summaries


# --------------------------------------------------------------------------- the table


def test_table_of_a_window(example_file):
    result = run("calendar", example_file, "--from", "2027-04-01", "--to", "2027-04-20")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[0] == "Larkspur–Tidewater Retail Insight Alliance"
    assert lines[1] == "Obligations from 1 Apr 2027 to 20 Apr 2027"
    assert re.search(r"^15 Apr 2027   Payment statement due from Tidewater: Q1\s+Tidewater\n\s+2027$", result.output, re.M)
    assert "Relationship Value Update due: Tidewater," in result.output
    assert "1 Apr 2027    Alliance managers' meeting (then every month" in result.output
    assert "28 Feb 2027" not in result.output and "20 May 2027" not in result.output


def test_table_defaults_to_ninety_days_from_the_first_day(example_file):
    result = run("calendar", example_file, "--from", "2027-01-01")
    assert result.exit_code == 0, result.output
    assert "Obligations from 1 Jan 2027 to 1 Apr 2027" in result.output
    assert "Launch period ends" in result.output and "15 Apr 2027" not in result.output
    today = run("calendar", example_file)
    assert today.exit_code == 0, today.output
    assert f"Obligations from {dt.date.today().day} " in today.output


def test_table_says_when_nothing_is_due(example_file):
    result = run("calendar", example_file, "--from", "2040-01-01", "--to", "2040-02-01")
    assert result.exit_code == 0, result.output
    assert "No obligations fall between 1 Jan 2040 and 1 Feb 2040." in result.output


@pytest.mark.parametrize("args, message", [
    (["--from", "2027-02-30"], "--from: '2027-02-30' is not a date"),
    (["--from", "next week"], "--from: 'next week' is not a date\nHow to fix: write the date as YYYY-MM-DD"),
    (["--to", "31/03/2027"], "--to: '31/03/2027' is not a date"),
    (["--from", "2027-05-01", "--to", "2027-04-01"], "--to: the window ends (2027-04-01) before it starts"),
])
def test_bad_dates_are_reported(example_file, args, message):
    result = run("calendar", example_file, *args)
    assert_reported(result)
    assert message in result.output


def test_a_missing_answers_file_is_reported(tmp_path):
    result = run("calendar", tmp_path / "nothing.yaml")
    assert_reported(result)
    assert "nothing.yaml" in result.output
