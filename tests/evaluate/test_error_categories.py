"""The error report: every miss, false event, wrong date and wrong place, with its cause's category.

The story: a regional paper reports a detention in Taraz, a rally in Shymkent where officers beat
two marchers, and what the mayor said. Gold codes a detention, a protest, an assault and a
statement; the tests hand-build what an extractor might have made of it and check the category
the report gives each error. The last tests run the real pipeline through ``khronika eval``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from khronika.cli import main
from khronika.evaluate import GoldDocument, match_events
from khronika.evaluate.error_report import errors_to_json, format_errors
from khronika.evaluate.errors import ErrorReport, analyse, date_category, place_category
from khronika.evaluate.evidence import FoundTrigger, Sentences, shorten
from khronika.evaluate.negatives import format_negatives, negatives

DOC = "paper.txt"
TEXT = (
    "Police detained Dana Ospan in Taraz on Monday. "
    "Hundreds rallied in Shymkent on Tuesday, and officers beat two of them. "
    "The mayor said the rally had been a provocation. "
    "Earlier this year the city hosted a football final."
)
MONDAY = {"start": "2023-03-06", "end": "2023-03-06", "precision": "day", "text": "on Monday"}
TUESDAY = {"start": "2023-03-07", "end": "2023-03-07", "precision": "day", "text": "on Tuesday"}
TARAZ = {"name": "Taraz", "country": "KZ", "precision": "city"}
SHYMKENT = {"name": "Shymkent", "country": "KZ", "precision": "city"}


def quote(fragment: str) -> list[dict[str, Any]]:
    """Evidence for a fragment of the story, at its real offsets."""
    start = TEXT.index(fragment)
    return [{"doc": DOC, "start": start, "end": start + len(fragment), "text": fragment}]


def event(type_: str, fragment: str, **fields: Any) -> dict[str, Any]:
    return {"type": type_, "evidence": quote(fragment), **fields}


DETENTION = event("detention", "Police detained Dana Ospan", date=MONDAY, location=TARAZ)
PROTEST = event("protest", "Hundreds rallied in Shymkent", date=TUESDAY, location=SHYMKENT)
ASSAULT = event("assault", "officers beat two of them", date=TUESDAY, location=SHYMKENT)
STATEMENT = event("statement", "The mayor said", date=None, location=None)
GOLD = (DETENTION, PROTEST, ASSAULT, STATEMENT)


def trigger(word: str, type_: str, needs: str | None = None) -> FoundTrigger:
    """A lexicon trigger found on a word of the story."""
    start = TEXT.index(word)
    return FoundTrigger(start=start, end=start + len(word), type=type_, word=word, needs=needs)


def report(
    preds: list[dict[str, Any]],
    gold: tuple[dict[str, Any], ...] = GOLD,
    triggers: list[FoundTrigger] | None = None,
) -> ErrorReport:
    documents = [GoldDocument(DOC, date(2023, 3, 8), gold)]
    matches = match_events(DOC, gold, preds, same_name=lambda a, b: a == b)
    return analyse(
        documents,
        {DOC: preds},
        matches,
        texts={DOC: TEXT},
        same_name=lambda a, b: a == b,
        triggers=None if triggers is None else {DOC: triggers},
    )


def categories(found: ErrorReport, kind: str) -> list[tuple[str, str]]:
    return [(item.type, item.category) for item in found.items if item.kind == kind]


# --- missed events ------------------------------------------------------------------------------


def test_a_gold_event_with_nothing_found_in_its_sentence_has_no_trigger() -> None:
    found = report([DETENTION, PROTEST, ASSAULT])
    assert categories(found, "missed") == [("statement", "no trigger")]
    assert found.items[0].gold_quote == "The mayor said"


def test_a_gold_event_read_as_another_type_in_its_sentence_is_a_wrong_type() -> None:
    # The beating was found, but called a clash: the same sentence, another type.
    clash = event("clash", "officers beat two of them", date=TUESDAY, location=SHYMKENT)
    found = report([DETENTION, PROTEST, clash, STATEMENT])
    assert categories(found, "missed") == [("assault", "wrong type")]
    assert categories(found, "false") == [("clash", "wrong type")]
    missed = next(item for item in found.items if item.kind == "missed")
    assert missed.got == "read as clash"


def test_the_sentence_counts_not_only_the_quoted_words() -> None:
    # The prediction quotes "Hundreds rallied", gold the beating: one sentence, so they meet.
    clash = event("clash", "Hundreds rallied", date=TUESDAY, location=SHYMKENT)
    found = report([DETENTION, clash], gold=(DETENTION, ASSAULT))
    assert categories(found, "missed") == [("assault", "wrong type")]
    assert found.items[0].pred_quote == "Hundreds rallied"


def test_a_miss_beside_another_found_event_has_no_trigger() -> None:
    # The rally was found; nothing was made of the beating in the same sentence.
    found = report([DETENTION, PROTEST, STATEMENT])
    [missed] = found.items
    assert (missed.type, missed.category) == ("assault", "no trigger")
    assert missed.got == "only other events found in its sentence: protest"


def test_a_trigger_of_its_type_in_its_sentence_makes_a_miss_filtered() -> None:
    # The lexicon knows "said" as a statement, but a constraint wanted an official speaker.
    said = trigger("said", "statement", needs="official_speaker")
    found = report([DETENTION, PROTEST, ASSAULT], triggers=[trigger("rallied", "protest"), said])
    [missed] = found.items
    assert missed.category == "filtered"
    assert missed.triggers == (said,)
    assert "dropped:  said (needs official_speaker)" in format_errors(found)
    assert "official_speaker" in format_errors(found).split("Filtered misses by constraint")[1]


def test_with_triggers_looked_up_a_miss_without_one_is_a_lexicon_gap() -> None:
    # Only a protest word in the mayor's sentence: no statement trigger, so "no trigger".
    found = report([DETENTION, PROTEST, ASSAULT], triggers=[trigger("rally had", "protest")])
    assert categories(found, "missed") == [("statement", "no trigger")]
    assert found.items[0].triggers == ()


def test_two_happenings_read_as_one_leave_the_second_merged() -> None:
    gold_second = event("detention", "officers beat two of them", date=TUESDAY, location=SHYMKENT)
    # One predicted detention quotes both sentences: it is matched to the first, the second is lost.
    both = {**DETENTION, "evidence": quote("Police detained") + quote("officers beat")}
    found = report([both], gold=(DETENTION, gold_second))
    [missed] = [item for item in found.items if item.kind == "missed"]
    assert missed.category == "merged"
    assert missed.note == (
        "went to gold #1 (place Shymkent, KZ (city) vs Taraz, KZ (city); "
        "date 2023-03-07 (day, 'on Tuesday') vs 2023-03-06 (day, 'on Monday'))"
    )


# --- false events -------------------------------------------------------------------------------


def test_the_same_happening_emitted_twice_is_a_duplicate() -> None:
    again = event("detention", "Dana Ospan in Taraz", date=MONDAY, location=TARAZ)
    found = report([*GOLD, again])
    assert categories(found, "false") == [("detention", "duplicate")]


def test_a_restatement_elsewhere_with_the_same_date_and_place_is_a_duplicate() -> None:
    # The mayor's sentence has no detention, but the event repeats Monday in Taraz.
    again = event("detention", "The mayor said", date=MONDAY, location=TARAZ)
    found = report([*GOLD, again])
    assert categories(found, "false") == [("detention", "duplicate")]
    assert "same date and place" in found.items[0].note


def test_an_event_where_gold_has_none_is_no_such_event() -> None:
    # A football final is not a protest: another sense of the words, or background.
    final = event("protest", "the city hosted a football final")
    found = report([*GOLD, final], triggers=[trigger("hosted", "protest")])
    assert categories(found, "false") == [("protest", "no such event")]
    assert found.items[0].pred_quote == "the city hosted a football final"
    # The word that fired is named, so a wrong sense can be traced to its lexicon entry.
    assert [t.word for t in found.items[0].triggers] == ["hosted"]


def test_a_side_reading_of_a_found_event_sentence_is_beside_another_event() -> None:
    # The rally and the beating were found; "Shymkent" also yielded a detention nobody coded.
    extra = event("detention", "Hundreds rallied in Shymkent", date=TUESDAY, location=SHYMKENT)
    found = report([*GOLD, extra])
    assert categories(found, "false") == [("detention", "beside another event")]
    assert found.items[0].expected == "only the found assault, protest"


def test_without_gold_evidence_misses_and_false_events_are_unlocated() -> None:
    # Hand-coded gold without quotes: where the events sit cannot be seen, so no cause is guessed.
    bare = tuple({k: v for k, v in e.items() if k != "evidence"} for e in (DETENTION, STATEMENT))
    final = event("protest", "the city hosted a football final")
    found = report([DETENTION, final], gold=bare)
    assert categories(found, "missed") == [("statement", "unlocated")]
    assert categories(found, "false") == [("protest", "unlocated")]


# --- dates and places of matched pairs ----------------------------------------------------------


@pytest.mark.parametrize(
    ("gold_date", "pred_date", "category"),
    [
        (MONDAY, None, "no date"),
        (None, MONDAY, "guessed"),
        (
            MONDAY,
            {"start": "2023-03-01", "end": "2023-03-31", "precision": "month"},
            "wrong precision",
        ),
        (MONDAY, TUESDAY, "wrong day/range"),
    ],
)
def test_date_categories(gold_date: Any, pred_date: Any, category: str) -> None:
    assert date_category({"date": gold_date}, {"date": pred_date}) == category


@pytest.mark.parametrize(
    ("gold_place", "pred_place", "category"),
    [
        (TARAZ, None, "unplaced"),
        (None, TARAZ, "placed"),
        (TARAZ, {"name": "Osh", "country": "KG", "precision": "city"}, "other country"),
        (TARAZ, {"name": None, "country": "KZ", "precision": "country"}, "country only"),
        (TARAZ, SHYMKENT, "other city"),
        (TARAZ, {"name": "Zhambyl", "country": "KZ", "precision": "region"}, "region vs city"),
        ({"name": "Zhambyl", "country": "KZ", "precision": "region"}, TARAZ, "region vs city"),
    ],
)
def test_place_categories(gold_place: Any, pred_place: Any, category: str) -> None:
    assert place_category({"location": gold_place}, {"location": pred_place}) == category


def test_a_matched_pair_reports_its_wrong_date_and_place_with_both_values() -> None:
    wrong = {**DETENTION, "date": None, "location": SHYMKENT}
    found = report([wrong, PROTEST, ASSAULT, STATEMENT])
    [when, where] = found.items
    assert (when.kind, when.category) == ("wrong date", "no date")
    assert when.expected == "2023-03-06 (day, 'on Monday')"
    assert when.got == "unknown"
    assert (where.kind, where.category) == ("wrong place", "other city")
    assert (where.expected, where.got) == ("Taraz, KZ (city)", "Shymkent, KZ (city)")


def test_a_perfect_extraction_has_no_errors_and_zero_counts() -> None:
    found = report(list(GOLD))
    assert found.items == []
    assert all(n == 0 for categories in found.counts().values() for n in categories.values())


# --- presentation -------------------------------------------------------------------------------


def test_the_text_report_counts_then_lists_items_by_category() -> None:
    final = event("protest", "the city hosted a football final")
    text = format_errors(report([DETENTION, PROTEST, ASSAULT, final]))
    assert "no trigger" in text and "no such event" in text
    assert text.index("Errors by category") < text.index("== missed: no trigger (1)")
    assert "gold: \u201cThe mayor said\u201d" in text


def test_the_json_report_holds_counts_and_items() -> None:
    data = errors_to_json(report([DETENTION, PROTEST, ASSAULT]))
    assert data["counts"]["missed"]["no trigger"] == 1
    assert data["items"][0]["category"] == "no trigger"
    json.dumps(data)  # plain JSON types only


def test_long_quotes_are_cut_at_a_word() -> None:
    cut = shorten("word " * 50, limit=22)
    assert cut == "word word word word\u2026"


def test_sentences_widen_a_span_to_its_whole_sentence() -> None:
    start = TEXT.index("officers")
    left, right = Sentences(TEXT).widen((start, start + 8))
    assert (
        TEXT[left:right].strip()
        == "Hundreds rallied in Shymkent on Tuesday, and officers beat two of them."
    )


def test_negatives_list_every_event_found() -> None:
    found = negatives(
        {"quiet.txt": [], DOC: [event("protest", "the city hosted a football final")]}
    )
    assert (found.documents, found.documents_with_events, len(found.events)) == (2, 1, 1)
    assert "1 event(s) in 1 of 2 document(s)" in format_negatives(found)


# --- the command line, on the real pipeline -----------------------------------------------------

WIRE = "Police detained the activist Marat Seitkali in Almaty on 5 March 2023, his lawyer said.\n"
QUIET = "The city council met to discuss the new bus timetable and the repair of two bridges.\n"
GOLD_PROTEST = {
    "type": "protest",
    "date": {"start": "2023-03-05", "end": "2023-03-05", "precision": "day"},
    "location": {"name": "Almaty", "country": "KZ", "precision": "city"},
    "evidence": [{"doc": "wire.txt", "start": 0, "end": 30, "text": WIRE[:30]}],
}


def invoke(*args: str) -> Result:
    env = {"COLUMNS": "250", "KHRONIKA_LANGUAGES": "en"}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    (folder / "council.txt").write_text(QUIET, encoding="utf-8")
    return folder


@pytest.mark.model
def test_eval_errors_names_the_cause_of_each_error(tmp_path: Path) -> None:
    # Gold calls the wire's detention a protest: the detention is false, the protest missed.
    gold = tmp_path / "gold.jsonl"
    lines = [
        {"doc": "wire.txt", "published": "2023-03-06", "events": [GOLD_PROTEST]},
        {"doc": "council.txt", "published": "2023-03-06", "events": []},
    ]
    gold.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = invoke("eval", str(gold), "--corpus", str(corpus(tmp_path)), "--errors", "--json")
    assert result.exit_code == 0, result.output
    errors = json.loads(result.output)["errors"]
    assert errors["counts"]["missed"]["wrong type"] == 1
    assert errors["counts"]["false"]["wrong type"] == 1
    [false] = [item for item in errors["items"] if item["kind"] == "false"]
    assert (false["type"], false["doc"]) == ("detention", "wire.txt")


@pytest.mark.model
def test_eval_negatives_counts_events_without_gold(tmp_path: Path) -> None:
    result = invoke("eval", "--corpus", str(corpus(tmp_path)), "--negatives")
    assert result.exit_code == 0, result.output
    assert "1 event(s) in 1 of 2 document(s) that should have none" in result.output
    assert "wire.txt | detention" in result.output
    assert "trigger(s): detained" in result.output


def test_eval_wants_either_gold_or_negatives(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    assert invoke("eval", "--corpus", str(folder)).exit_code == 2
    gold = tmp_path / "gold.jsonl"
    gold.write_text("", encoding="utf-8")
    both = invoke("eval", str(gold), "--corpus", str(folder), "--negatives")
    assert both.exit_code == 2
    assert "either GOLD or --negatives" in both.output
