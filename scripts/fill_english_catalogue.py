"""Tidy the catalogues. The source strings are English, so each English msgstr is its msgid.

A complete catalogue (no empty msgstr) is what the catalogue test checks for both languages.
The English one is rewritten as msgid = msgstr every time: a changed msgid would otherwise
keep its old English text (makemessages marks it fuzzy and keeps the old msgstr).
"""

import sys

import polib

for path in sys.argv[1:]:
    catalogue = polib.pofile(path)
    english = "/en/" in path
    for entry in catalogue if english else ():
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    # A fuzzy header is ignored by msgfmt, and with it the plural forms.
    catalogue.metadata_is_fuzzy = False
    catalogue.save()
