"""The interface speaks both languages completely, and the committed .mo files are current."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_catalogue_is_complete(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue) > 20


@pytest.mark.parametrize("language", ["ja", "en"])
def test_compiled_catalogue_matches_its_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    source = polib.pofile(str(folder / "django.po"))
    compiled = polib.mofile(str(folder / "django.mo"))
    translations = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in compiled}
    expected = {
        (entry.msgctxt, entry.msgid): entry.msgstr
        for entry in source.translated_entries()
        if not entry.msgid_plural
    }
    missing = {key: value for key, value in expected.items() if translations.get(key) != value}
    assert missing == {}, "Run `make messages` and commit the .mo files."


def test_the_english_catalogue_says_what_the_source_says():
    # A changed msgid must not keep its old English text.
    catalogue = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    different = [
        entry.msgid
        for entry in catalogue
        if (
            [entry.msgstr_plural.get(0), entry.msgstr_plural.get(1)]
            != [entry.msgid, entry.msgid_plural]
            if entry.msgid_plural
            else entry.msgstr != entry.msgid
        )
    ]
    assert different == []


@pytest.mark.parametrize("language", ["ja", "en"])
def test_no_translation_is_a_guess_makemessages_left(language):
    # makemessages fills a new msgid with a similar old one's translation, marks it fuzzy
    # and notes the old msgid ("#| msgid"). Taking away the flag and keeping the guess
    # put 住所 (postal address) beside "IP Address": every such entry is translated anew.
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    guesses = [entry.msgid for entry in catalogue if entry.previous_msgid]
    assert guesses == []
