"""The privacy guard (issue 16, item 4): reflections that may name a client are flagged, the
learner decides, and every reflection prompt reminds learners to leave names out.

The test set below is written the way case managers write reflections: 83 sentences that hold a
client identifier (a name next to a client word, a date of birth, a phone number, a street
address, a case or record number, an email) and 85 that hold none but look like they might
(the course's agency "Maple Street", programs, days, months, counts, percentages, job titles).
The last 15 of each were written after the rules were settled, as a held-out check: 2 of those
15 were missed and are listed in ``LIMITS`` (what the guard knowingly does not catch, so the
README can say so). Current result: 0 misses and 0 false alarms (the test allows at most 3).
"""

from __future__ import annotations

import ast
import re
import time

import pytest
import textstat
from conftest import REPO, all_widgets, nbgrader_meta, read_nb, source_notebook

from coownership import cli, course, privacy
from coownership.errors import ArgumentError, ArgumentTypeError, ContentError
from coownership.journal import Journal
from coownership.privacy import KINDS, find_identifiers, portfolio_warning, privacy_words
from coownership.widgets import JournalBox
from coownership.widgets.goal_coach import GoalCoach
from coownership.widgets.structure_audit import StructureAudit

NAME, DOB, PHONE = "name", "date of birth", "phone number"
ADDRESS, RECORD, EMAIL = "street address", "case or record number", "email"

WITH: list[tuple[str, set[str]]] = [
    ("Mrs. Alvarez, the mother, missed two visits in a row.", {NAME}),
    ("Her son Marcus stopped coming after the schedule changed.", {NAME}),
    ("Dana's daughter told me the bus no longer runs on Sundays.", {NAME}),
    ("I met with Dana Reyes and her caseworker on Friday.", {NAME}),
    ("Maria Lopez missed three visits after she started night shifts.", {NAME}),
    ("The Alvarez family asked to meet in the evening instead.", {NAME}),
    ("A dad named Tyrone said the office felt like a courtroom.", {NAME}),
    ("Mr Okafor said nobody had asked him what he wanted.", {NAME}),
    ("My client, Jasmine, said the plan was written before she arrived.", {NAME}),
    ("We talked about how Ms. Nguyen felt at the team meeting.", {NAME}),
    ("Emily, a mom of three, missed the visit because of her shift.", {NAME}),
    ("Dr. Patel wanted the youth to keep the same appointment time.", {NAME}),
    ("I keep thinking about Keisha Brown and how we lost touch.", {NAME}),
    ("The grandmother, Rosa, cares for both kids during the week.", {NAME}),
    ("Sometimes I wonder if José Núñez would have stayed with a later time.", {NAME}),
    ("Spoke with Tanya Williams-Reed about the court date.", {NAME}),
    ("Ms Johnson's kids were home alone again.", {NAME}),
    ("The client Ahmed asked if he could bring his brother.", {NAME}),
    ("His mother, Linda, works two jobs and cannot come before six.", {NAME}),
    ("I spoke to Aaliyah's grandmother on the phone.", {NAME}),
    ("Dana Reyes missed Tuesday again.", {NAME}),
    ("Ana Maria Castillo, 34, mother of two, asked for evening visits.", {NAME}),
    ("The O'Brien kids asked to meet at the library.", {NAME}),
    ("Mr. and Mrs. Chen came together for the first time.", {NAME}),
    ("I called the dad's boss, Mr Ellis, to ask about shifts.", {NAME}),
    ("For Keisha, a mother of two, mornings were impossible.", {NAME}),
    ("The youth Kevin mentioned is doing well in school.", {NAME}),
    ("Her date of birth is 03/14/1988, which I checked twice.", {DOB}),
    ("He was born 03/14/1988 and moved here last year.", {DOB}),
    ("DOB: 7-22-09, youngest of four.", {DOB}),
    ("She was born on March 14, 1988 in another state.", {DOB}),
    ("The youngest was born in 2015.", {DOB}),
    ("Her birthday is 14 March 1990, the day of our last visit.", {DOB}),
    ("The form listed 1988-03-14 as the start date.", {DOB}),
    ("He signed the plan on 2/9/2021 without reading it.", {DOB}),
    ("D.O.B. 01/02/1975, two kids, works nights.", {DOB}),
    ("She turned 30 and was born 5 June 1994.", {DOB}),
    ("Call her at (555) 201-3344 before noon.", {PHONE}),
    ("The number she gave was 555-201-3344.", {PHONE}),
    ("I texted him at 555.201.3344 to ask about Thursday.", {PHONE}),
    ("Her cell is +1 555 201 3344, and she prefers texts.", {PHONE}),
    ("His UK number is 07700 900123 so texts cost him money.", {PHONE}),
    ("You can reach the mum on +44 20 7946 0958 in the mornings.", {PHONE}),
    ("When I called 201-3344 nobody answered.", {PHONE}),
    ("Her number is 555 201 3344 but the phone is often off.", {PHONE}),
    ("Text 5552013344 if the visit moves.", {PHONE}),
    ("She lives at 42 Oak Street with her two kids.", {ADDRESS}),
    ("They moved to 1187 N. Lincoln Ave last spring.", {ADDRESS}),
    ("The visit was at 9 Cedar Lane, her sister's place.", {ADDRESS}),
    ("She stays at 310 West 5th St when the shelter is full.", {ADDRESS}),
    ("The family lives at 42 oak street now.", {ADDRESS}),
    ("He gave Apt 4B as his address.", {ADDRESS}),
    ("Mail goes to PO Box 118 because the landlord opens letters.", {ADDRESS}),
    ("Their flat is at 14 Station Road, near the bus depot.", {ADDRESS}),
    ("They live at 77 Martin Luther King Jr Blvd.", {ADDRESS}),
    ("I looked up case #448812 before the review.", {RECORD}),
    ("Record no. AB-1234 showed three warning letters.", {RECORD}),
    ("The chart says MRN 123456 and nothing else about him.", {RECORD}),
    ("Her Medicaid ID 99887766 was wrong on the referral.", {RECORD}),
    ("The file number was 20231187 when I took over.", {RECORD}),
    ("I wrote 448812 on the sticky note by mistake.", {RECORD}),
    ("His SSN 123-45-6789 was on the intake form.", {RECORD}),
    ("Referral #20931 came from the school.", {RECORD}),
    ("Case number 2023-00417 was closed for non-compliance.", {RECORD}),
    ("Her client ID: 7781234 was on every letter.", {RECORD}),
    ("She emailed me from dana.reyes@example.org at midnight.", {EMAIL}),
    ("Her email is jlopez88@mail.example.com if we need it.", {EMAIL}),
    ("I wrote to worker@maplestreet.org about the letter.", {EMAIL}),
    # written after the rules were settled, as a held-out check (2 of its 15 are in LIMITS)
    ("I keep picturing Jamal Carter at the kitchen table with the letter.", {NAME}),
    ("Grandpa Joe does the school run, so mornings are out.", {NAME}),
    ("We finally reached Ms Ortiz after four voicemails.", {NAME}),
    ("The number on file, 602-555-0187, was disconnected.", {PHONE}),
    ("Born 11/02/2003, he aged out of foster care last year.", {DOB}),
    ("She moved into 18 Birch Court in January.", {ADDRESS}),
    ("Client #55120 was discharged for missed visits.", {RECORD}),
    ("Her case file 88-41277 still says non-compliant.", {RECORD}),
    ("Write back to tasha.m@gmail.com with the new time.", {EMAIL}),
    ("Shauna and her boyfriend Derek both work nights.", {NAME}),
    ("Angela Diaz told me she felt judged in the waiting room.", {NAME}),
    ("He lives on 5th Avenue near the clinic, at 220 5th Avenue.", {ADDRESS}),
    ("Mrs Begum's son translates for her at every visit.", {NAME}),
    ("Mrs. Alvarez (DOB 03/14/1988) lives at 42 Oak Street.", {NAME, DOB, ADDRESS}),
    ("Her son Marcus, case #448812, asked for later visits.", {NAME, RECORD}),
]

WITHOUT: list[str] = [
    "Maple Street staff met on Tuesday.",
    "I asked her what changed.",
    "In March the program moved visits to Thursdays.",
    "Module 01 made me think of a dad on night shifts.",
    "The mother missed two visits after her shift changed.",
    "A parent told me the office felt like a courtroom.",
    "Sometimes the family just needs a later time.",
    "Yesterday, a dad said nobody had asked him what he wanted.",
    "Honestly, the youth seemed more interested when he chose the goal.",
    "We use Motivational Interviewing, but the plan is still written by staff.",
    "The TANF office in DC sends letters that nobody reads.",
    "In England, the NHS uses text reminders for appointments.",
    "SAMHSA calls this trauma-informed care.",
    "CPS was involved, so the family felt they had no choice.",
    "Our team meets every Monday at 9 to review the caseload.",
    "About 3 in 10 families missed the first visit.",
    "Visits dropped by 20% between 2019 and 2021.",
    "The waitlist had 240 families in it last June.",
    "I work at Maple Street, and we use the Bright Futures program.",
    "Our supervisor asked us to call families 3 times a week.",
    "Each worker carries 18 to 22 families at a time.",
    "The mom said Spanish is easier for her at home.",
    "Her son wants to play football after school.",
    "We moved the group to Zoom after the bus route was cut.",
    "After the warning letter, the family stopped answering calls.",
    "The youth court asked for weekly reports.",
    "A grandmother raising two kids cannot come at 10 in the morning.",
    "Last Tuesday the team talked about who sets visit times.",
    "The office is a 40 minute drive from most families.",
    "Head Start families get reminders by text now.",
    "We read the GAO report in module 04.",
    "Before Christmas, many parents cancel visits.",
    "I realised that our forms ask 27 questions before anyone says hello.",
    "On 3/14 we changed the reminder text.",
    "She lives 20 minutes drive away from the office.",
    "The family preferred Wednesday evenings, so we moved the visit.",
    "Staff at Sunrise Clinic said the same thing about no-shows.",
    "If I were the mother, I would stop coming too.",
    "The dad asked, Why do you need to know that?",
    "Next week I will ask each family what time works.",
    "My manager said our numbers look bad this quarter.",
    "Engagement went up when clients wrote their own goals.",
    "The kids were at school, so the visit was quiet.",
    "We spent 45 minutes on paperwork and 10 on the family's goals.",
    "Reading this, I thought of the youth who left in week 6.",
    "A client once told me the waiting room felt like a police station.",
    "In 2020 our agency stopped sending warning letters.",
    "Thankfully, the mother agreed to try a new time.",
    "Family Team Meeting notes are written by staff, not families.",
    "The parent and I wrote the goal together in her words.",
    "Our Family Services team met on Monday.",
    "We use the Columbia scale at intake.",
    "The Smith Center runs the parenting class.",
    "New Beginnings staff asked the family to sign.",
    "Dear journal, the mother called twice today.",
    "She scored 12 on the PHQ-9 in May.",
    "The agency's phone line is busy from 9:00 to 11:30.",
    "Our crisis line is 988.",
    "We had 1,250 referrals last year and a budget of $150,000.",
    "Program year 2023-2024 ended with fewer early exits.",
    "The father works at Amazon on nights.",
    "In Ohio, families wait weeks for housing.",
    "At Sunrise, parents wait an hour for a ten-minute check-in.",
    "The dad said Mondays are impossible.",
    "Parent Advisory Council members wrote the new letter.",
    "Our Case Management Team has new rules about calls.",
    "Peer Support Specialists call families first.",
    "Care Coordinators meet on Fridays to plan the week.",
    "The mom's English is better than my Spanish.",
    "Families in Cook County wait longest for a first visit.",
    # held-out check, written after the rules were settled
    "Our agency changed the intake form after the Tuesday meeting.",
    "The judge ordered weekly visits, and the family felt watched.",
    "I noticed that we write goals before we ask what matters.",
    "Last spring we tried evening hours for two months.",
    "The Parent Partner program pairs new families with mentors.",
    "About half the families on my caseload work shifts.",
    "When we asked, three parents said the bus was the problem.",
    "Our Tuesday huddle now starts with one question about structure.",
    "Supervision with Karen helped me see the letter differently.",
    "The state audit in 2022 counted contacts, not progress.",
    "Many youth in our program speak Spanish at home.",
    "In module 03 I rated scheduling a 1.",
    "Reminders went out 24 hours before each visit.",
    "I felt defensive when the video described warning letters.",
    "The Healthy Start nurse and I now share one calendar.",
]

# What the guard knowingly does not catch (README: "what it misses"); asserted so a change shows.
LIMITS = [
    "I asked Dana what changed.",  # a first name alone, no client word near it
    "her son marcus came alone.",  # a name in small letters
    "Her youngest, Mateo, was asleep on the couch the whole visit.",  # no client word next to it
    "The Nguyens asked whether their daughter could come too.",  # a family name alone
]

MAX_FALSE_ALARMS = 3


def _score() -> tuple[list[str], list[str]]:
    misses = [s for s, kinds in WITH if not kinds <= {f.kind for f in find_identifiers(s)}]
    alarms = [s for s in WITHOUT if find_identifiers(s)]
    return misses, alarms


def test_the_test_set_is_realistic_and_large_enough():
    assert len(WITH) + len(WITHOUT) >= 60 and len(WITH) >= 30 and len(WITHOUT) >= 30
    assert {k for _s, kinds in WITH for k in kinds} == set(KINDS), "every kind is tested"
    assert len(set(WITHOUT)) == len(WITHOUT) and len({s for s, _k in WITH}) == len(WITH)


def test_no_misses_and_few_false_alarms():
    misses, alarms = _score()
    print(f"\nprivacy guard: {len(WITH) + len(WITHOUT)} sentences, {len(misses)} misses, {len(alarms)} false alarms")
    assert not misses, f"missed: {misses}"
    assert len(alarms) <= MAX_FALSE_ALARMS, f"false alarms: {[(s, find_identifiers(s)) for s in alarms]}"


def test_known_limits_are_still_limits():
    assert [find_identifiers(s) for s in LIMITS] == [[] for _ in LIMITS]


@pytest.mark.parametrize(("sentence", "kinds"), WITH[:3] + WITH[-2:])
def test_each_finding_says_what_where_and_why(sentence, kinds):
    found = find_identifiers(sentence)
    assert {f.kind for f in found} == kinds
    for f in found:
        assert sentence[f.start : f.end] == f.text and f.text.strip() == f.text
        assert f.reason.startswith("This looks like")
    assert [f.start for f in found] == sorted(f.start for f in found)


def test_reasons_and_messages_are_plain_and_kind():
    reasons = {k: find_identifiers(s)[0].reason for s, kinds in WITH for k in kinds if len(kinds) == 1}
    assert set(reasons) == set(KINDS)
    for kind, reason in reasons.items():
        assert kind.split()[0] in reason.lower() or kind == "email", reason
        assert reason.lower().rstrip(".").endswith("save anyway"), "the learner decides"
        assert textstat.flesch_kincaid_grade(reason) <= 9.0, (kind, reason)
    words = privacy_words()
    assert words["save_anyway"] == "Save anyway" and words["edit_first"] == "Edit first"
    assert textstat.flesch_kincaid_grade(" ".join(words.values())) <= 9.0


def test_arguments_are_checked():
    with pytest.raises(ArgumentTypeError, match="text must be text"):
        find_identifiers(None)
    with pytest.raises(ArgumentError, match="at most"):
        find_identifiers("x" * (privacy.MAX_SCAN + 1))
    assert find_identifiers("") == [] and find_identifiers("   ") == []


def test_the_package_holds_no_privacy_wording():
    """Word lists, reasons and messages live in course.toml's [privacy]; privacy.py has only rules."""
    import tomllib

    section = tomllib.loads((REPO / "notebooks" / "course.toml").read_text(encoding="utf-8"))["privacy"]
    code = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "modules" / "coownership").rglob("*.py"))
    sentences = list(section["reasons"].values()) + [v for v in section["words"].values() if len(v) > 20]
    assert not [s for s in sentences if s in code]
    rules = (REPO / "modules" / "coownership" / "privacy.py").read_text(encoding="utf-8")
    assert not [w for w in ("SAMHSA", "grandmother", "Boulevard", "MRN") if f'"{w}"' in rules]


def test_a_missing_reason_names_the_file_and_the_key(content_copy):
    content_copy(
        {"course.toml": lambda text: re.sub(r'^"email" = .*$', "", text, flags=re.M)}, modules=["00-start-here"]
    )
    with pytest.raises(ContentError, match=r"course.toml: \[privacy.reasons\] email is missing"):
        find_identifiers("Call 555-201-3344")


def test_a_page_is_read_quickly():
    """A sanity bound only (shared machines vary): a page of text in well under a second."""
    page = " ".join([s for s, _k in WITH] + WITHOUT)[:3000]
    start = time.perf_counter()
    for _ in range(10):
        find_identifiers(page)
    per_page = (time.perf_counter() - start) / 10
    print(f"\nprivacy guard: {per_page * 1000:.1f} ms for a 3,000-character page")
    assert per_page < 1.0


# -- the widgets: warn, then the learner decides ---------------------------------------------------
RISKY = "Her son Marcus asked me to call (555) 201-3344."


def _box(tmp_path):
    journal = Journal(tmp_path / "j.jsonl")
    box = JournalBox("01", "monday", "What will you ask on Monday?", journal=journal)
    return box, box.text, lambda: box.status.value, journal


def _coach(tmp_path):
    journal = Journal(tmp_path / "j.jsonl")
    coach = GoalCoach(journal=journal)
    return coach, coach.goal, lambda: coach.save_status.value, journal


HOSTS = pytest.mark.parametrize("make", [_box, _coach], ids=["journal-box", "goal-coach"])


@HOSTS
def test_a_risky_text_is_not_saved_until_the_learner_decides(tmp_path, make):
    widget, text, status, journal = make(tmp_path)
    assert not widget.guard.showing and widget.guard in widget.children
    text.value = RISKY
    (getattr(widget, "save_button", None) or widget.button).click()
    assert not journal.path.exists(), "nothing is saved before the learner decides"
    assert widget.guard.showing and "Not saved yet" in status() and "role='status'" in status()
    note = widget.guard.note.value
    assert "role='status'" in note and "“Marcus”" in note and "“(555) 201-3344”" in note
    assert "phone number" in note and "person&#x27;s name" in note
    for button in (widget.guard.save_anyway, widget.guard.edit_first):
        assert button.description and button.tooltip and button in all_widgets(widget)
    assert text.value == RISKY, "nothing is changed in silence"


@HOSTS
def test_save_anyway_saves_the_text_exactly_as_written(tmp_path, make):
    widget, text, status, journal = make(tmp_path)
    text.value = RISKY
    widget.save()
    widget.guard.save_anyway.click()
    assert len(journal.entries()) == 1 and RISKY in journal.entries()[0].text
    assert "Saved" in status() and not widget.guard.showing


@HOSTS
def test_edit_first_closes_the_note_and_saves_nothing(tmp_path, make):
    widget, text, status, journal = make(tmp_path)
    text.value = RISKY
    widget.save()
    widget.guard.edit_first.click()
    assert not widget.guard.showing and not journal.path.exists()
    assert "Change what you wrote" in status() and text.value == RISKY
    text.value = "A son asked me to call him in the evening."
    widget.save()
    assert len(journal.entries()) == 1 and not widget.guard.showing


@HOSTS
def test_a_new_identifier_typed_after_the_note_is_shown_again(tmp_path, make):
    widget, text, status, journal = make(tmp_path)
    text.value = RISKY
    widget.save()
    text.value = RISKY + " She lives at 42 Oak Street."
    widget.guard.save_anyway.click()
    assert not journal.path.exists() and widget.guard.showing and "42 Oak Street" in widget.guard.note.value
    assert "new part" in status()
    widget.guard.save_anyway.click()
    assert len(journal.entries()) == 1


@HOSTS
def test_the_note_escapes_what_the_learner_typed(tmp_path, make):
    widget, text, _status, _journal = make(tmp_path)
    text.value = "<b>Mrs. Alvarez</b> said no."
    widget.save()
    assert widget.guard.showing and "<b>" not in widget.guard.note.value


@HOSTS
def test_headless_grading_is_unchanged(tmp_path, monkeypatch, make):
    widget, text, status, journal = make(tmp_path)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    text.value = RISKY
    widget.save()
    assert not widget.guard.showing and not journal.path.exists()
    assert "Not saved" in status() and "nbgrader grades" in status()


def test_the_structure_audit_saves_no_learner_text_so_it_is_not_asked(tmp_path):
    journal = Journal(tmp_path / "j.jsonl")
    audit = StructureAudit(journal=journal)
    audit.controls["agency-scheduling"].value = 1
    audit.save()
    assert len(journal.entries()) == 1 and "Saved" in audit.status.value


# -- the portfolio ---------------------------------------------------------------------------------
def _workspace(tmp_path, monkeypatch, *texts):
    monkeypatch.delenv("COOWNERSHIP_JOURNAL", raising=False)
    ws = tmp_path / "ws"
    (ws / ".coownership").mkdir(parents=True)
    (ws / ".coownership" / "copied.json").write_text("{}")
    journal = Journal(ws / "my-journal.jsonl")
    for i, text in enumerate(texts):
        journal.add("01", f"prompt-{i}", text)
    return ws


def test_portfolio_warns_which_entry_and_exports_anyway(tmp_path, monkeypatch, capsys):
    ws = _workspace(tmp_path, monkeypatch, "I asked what changed.", RISKY, "Born 03/14/1988.")
    assert cli.main(["portfolio", "--workspace", str(ws)]) == 0
    out = capsys.readouterr().out
    assert "parts of 2 entries may identify a client" in out
    assert "Module 01, prompt-1, saved " in out and ": name, phone number." in out
    assert "Module 01, prompt-2" in out and ": date of birth." in out and "prompt-0" not in out
    assert "Marcus" not in out and "201-3344" not in out, "the warning does not copy the identifiers into logs"
    assert list(ws.glob("portfolio-*.md")) and list(ws.glob("portfolio-*.html"))
    assert out.index("may identify") < out.index("Your portfolio")


def test_portfolio_check_exits_non_zero_and_writes_nothing(tmp_path, monkeypatch, capsys):
    ws = _workspace(tmp_path, monkeypatch, RISKY)
    assert cli.main(["portfolio", "--workspace", str(ws), "--check"]) == 1
    out = capsys.readouterr().out
    assert "1 entry may identify" in out and "no portfolio was written" in out
    assert not list(ws.glob("portfolio-*"))


def test_portfolio_check_passes_a_clean_journal(tmp_path, monkeypatch, capsys):
    ws = _workspace(tmp_path, monkeypatch, "I asked what changed.", "Maple Street staff met on Tuesday.")
    assert cli.main(["portfolio", "--workspace", str(ws), "--check"]) == 0
    out = capsys.readouterr().out
    assert "No part of your 2 entries" in out and not list(ws.glob("portfolio-*"))
    assert portfolio_warning(Journal(ws / "my-journal.jsonl").entries()) == []


# -- every reflection prompt reminds learners to leave names out -----------------------------------
REMINDER = re.compile(  # the words may wrap onto the next line of a prompt
    r"\b(?:no\s+(?:client\s+)?names|without\s+(?:client\s+)?names|(?:don['’]t|do\s+not|never)\s+name"
    r"|leave\s+out\s+(?:the\s+|their\s+)?(?:client\s+)?names?|leave\s+(?:client\s+)?names\s+out)\b",
    re.I,
)
# Modules whose prompts still lack the reminder (being fixed in the notebooks); remove a line
# when its notebook is fixed (strict: the test then fails until the line goes).
AWAITING_REMINDER = {}


def _prompts(module: str) -> list[tuple[str, str]]:
    """(where, text) for each JournalBox prompt and each written-answer prompt of a module."""
    cells = read_nb(source_notebook(module)).cells
    stub = re.search(
        r'^c\.ClearSolutions\.text_stub = "(.*)"$', (REPO / "grading" / "nbgrader_config.py").read_text(), re.M
    ).group(1)
    prompts = []
    for i, cell in enumerate(cells):
        if cell.cell_type == "code" and "JournalBox(" in cell.source:
            for node in ast.walk(ast.parse(cell.source)):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", getattr(node.func, "attr", "")) == "JournalBox"
                ):
                    args = {k.arg: k.value for k in node.keywords}
                    prompt = node.args[2] if len(node.args) > 2 else args.get("prompt")
                    pid = node.args[1] if len(node.args) > 1 else args.get("prompt_id")
                    where = f"JournalBox {getattr(pid, 'value', '?')!r} (cell {i})"
                    prompts.append((where, prompt.value if isinstance(prompt, ast.Constant) else ""))
        written = cell.cell_type == "markdown" and (nbgrader_meta(cell).get("grade") or cell.source.strip() == stub)
        if written and i > 0:
            prompts.append((f"written answer (cell {i - 1})", cells[i - 1].source))
    return prompts


@pytest.mark.parametrize(
    "module",
    [
        pytest.param(m, marks=pytest.mark.xfail(strict=True, reason=f"no names reminder yet: {AWAITING_REMINDER[m]}"))
        if m in AWAITING_REMINDER
        else m
        for m in course.module_ids()
    ],
)
def test_every_reflection_prompt_reminds_learners_not_to_name_clients(module):
    prompts = _prompts(module)
    assert prompts, f"{module}: no reflection prompts found"
    lacking = [where for where, text in prompts if not REMINDER.search(text)]
    assert not lacking, f"{module}: add a reminder to leave names out (e.g. 'Leave out names.') to: {lacking}"
