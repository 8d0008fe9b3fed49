"""Tidy the catalogues. The source strings are English, so each English msgstr is its msgid.

A complete catalogue (no empty msgstr) is what the catalogue test checks for both languages.
"""

import sys

import polib

for path in sys.argv[1:]:
    catalogue = polib.pofile(path)
    english = "/en/" in path
    for entry in catalogue if english else ():
        if entry.msgid_plural:
            if not any(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        elif not entry.msgstr:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = entry.msgid
    # A fuzzy header is ignored by msgfmt, and with it the plural forms.
    catalogue.metadata_is_fuzzy = False
    catalogue.save()
