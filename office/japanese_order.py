"""五十音 order for Japanese lists: by reading, not by code point.

Code-point order puts every name in kanji after every name in kana (中国 after ロシア), and
katakana after hiragana. A name sorts by its reading: katakana as hiragana, and a country
whose Japanese name starts with kanji by the reading below.
"""

import unicodedata

# The countries django-countries names in Japanese starting with kanji, and their reading.
COUNTRY_READINGS = {
    "AS": "べいりょうさもあ",
    "AQ": "なんきょく",
    "IO": "えいりょういんどようちいき",
    "CF": "ちゅうおうあふりか",
    "CN": "ちゅうごく",
    "GQ": "せきどうぎにあ",
    "GF": "ふつりょうぎあな",
    "PF": "ふつりょうぽりねしあ",
    "TF": "ふつりょうなんぽうちいき",
    "HK": "ほんこん",
    "JP": "にほん",
    "JE": "えいりょうじゃーじーとう",
    "KP": "きたちょうせん",
    "KR": "かんこく",
    "MS": "えいりょうもんとせらと",
    "MK": "きたまけどにあ",
    "MP": "きたまりあなしょとう",
    "ZA": "みなみあふりか",
    "SS": "みなみすーだん",
    "TW": "たいわん",
    "TL": "ひがしてぃもーる",
    "UM": "がっしゅうこくりょうゆうしょうりとう",
    "EH": "にしさはら",
}


def hiragana(text):
    """A reading as it is kept: NFKC (half-width kana made full), katakana as hiragana, so
    readings typed either way sort together (グルノーブル and ぐるのーぶる)."""
    text = unicodedata.normalize("NFKC", str(text or "")).strip()
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def kana_key(text):
    """A reading as it sorts: NFKC (half-width kana made full), katakana as hiragana,
    voiced marks ignored first (が next to か), case ignored."""
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    hiragana = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)
    base = unicodedata.normalize("NFD", hiragana)
    plain = "".join(c for c in base if c not in "\u3099\u309a")
    return (plain, hiragana)


def country_key(code, name, language):
    """Sort key for a country in `language`'s list: in Japanese by its reading."""
    if language.startswith("ja"):
        return kana_key(COUNTRY_READINGS.get(str(code), name))
    return (str(name).casefold(), str(name))
