"""iCalendar text rules (RFC 5545) the staff calendar feed follows."""

import datetime

from office.ical import Event, calendar, escape_text, fold


def test_text_is_escaped_as_rfc_5545_asks():
    assert escape_text("Room 1; Hall, A\\B\nsecond") == "Room 1\\; Hall\\, A\\\\B\\nsecond"


def test_long_lines_are_folded_without_breaking_characters():
    line = "SUMMARY:" + "国際交流" * 30
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert "".join(parts) == line


def test_a_timed_event_is_written_in_utc_and_a_day_event_ends_the_next_day():
    tokyo = datetime.timezone(datetime.timedelta(hours=9))
    text = calendar(
        [
            Event(
                uid="visit-1",
                summary="Delegation",
                start=datetime.datetime(2027, 2, 3, 10, tzinfo=tokyo),
                end=datetime.datetime(2027, 2, 3, 12, tzinfo=tokyo),
            ),
            Event(uid="ends-1", summary="Agreement ends", day=datetime.date(2027, 9, 30)),
        ],
        name="Twinning",
        domain="twinning.city.example",
        now=datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC),
    )
    assert "UID:visit-1@twinning.city.example\r\nDTSTAMP:20261123T000000Z\r\n" in text
    assert "DTSTART:20270203T010000Z\r\nDTEND:20270203T030000Z\r\n" in text
    assert "DTSTART;VALUE=DATE:20270930\r\nDTEND;VALUE=DATE:20271001\r\n" in text
