"""CSV files as Europe and Japan save them: the encoding and the separator found, not assumed.

Excel saves "CSV" with the separator of the computer's region: a comma in Japan and the
English-speaking world, a semicolon in Germany and France (where the comma is the decimal
mark), a tab for "Unicode text". The encoding is UTF-8 (with or without a byte-order mark)
for "CSV UTF-8", UTF-16 for "Unicode text", and otherwise the Windows code page: cp1252
in Western Europe, cp932 (Shift_JIS) in Japan. Both code pages decode many of the same
bytes, so when the text alone cannot tell which one was meant, the file is refused with a
clear message rather than read as the wrong names.
"""

import csv
import io
import re

from django.utils.translation import gettext_lazy as _

SEPARATORS = ",;\t"

UNSURE_ENCODING = _(
    "We could not tell how the file's text is encoded. In Excel, please save it as "
    "“CSV UTF-8 (comma delimited)” and choose it again."
)

KANA = re.compile(r"[\u3040-\u30ff]")
HALF_WIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
LATIN_LETTERS = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœŠšŽžŸ]")


class UnreadableCSV(ValueError):
    """The file's encoding could not be told; str() is the translated message."""


def _decodes(raw, encoding):
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode(raw, *, expected_words=()):
    """The text of a CSV file's bytes, trying the encodings Excel saves in.

    `expected_words` (for example column headings) settle a tie between cp1252 and cp932:
    the encoding in which they appear is the one meant. Raises UnreadableCSV when unsure.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decodes(raw, "utf-16")
        if text is None:
            raise UnreadableCSV(UNSURE_ENCODING)
        return text
    text = _decodes(raw, "utf-8-sig")
    if text is not None:
        return text
    western = _decodes(raw, "cp1252")
    japanese = _decodes(raw, "cp932")
    if western is None or japanese is None:
        if western is None and japanese is None:
            raise UnreadableCSV(UNSURE_ENCODING)
        return western if japanese is None else japanese
    # Both decode: trust the one in which the expected headings appear...
    words = [word.casefold() for word in expected_words]
    western_hits = sum(word in western.casefold() for word in words)
    japanese_hits = sum(word in japanese.casefold() for word in words)
    if western_hits != japanese_hits:
        return western if western_hits > japanese_hits else japanese
    # ...then what the text looks like: Japanese has kana and no half-width katakana (which
    # is what accented Latin letters become when cp1252 is read as cp932).
    if KANA.search(japanese) and not HALF_WIDTH_KANA.search(japanese):
        return japanese
    if HALF_WIDTH_KANA.search(japanese) and LATIN_LETTERS.search(western):
        return western
    raise UnreadableCSV(UNSURE_ENCODING)


def separator(text):
    """The separator of a CSV text: comma, semicolon or tab, as its first lines show."""
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
    except csv.Error:
        pass
    # The sniffer gives up on short or irregular files: count on the first line instead
    # (outside quotes), comma on a tie.
    first_line = re.sub(r'"[^"]*"', "", sample.splitlines()[0] if sample else "")
    counts = {mark: first_line.count(mark) for mark in SEPARATORS}
    best = max(SEPARATORS, key=lambda mark: (counts[mark], mark == ","))
    return best if counts[best] else ","


def rows(text):
    """The rows of a CSV text, with its separator found."""
    return list(csv.reader(io.StringIO(text), delimiter=separator(text)))
