"""CSV files are read with the separator and encoding they were saved in, or refused."""

import pytest

from office import csvfiles


@pytest.mark.parametrize("mark", [",", ";", "\t"])
def test_the_separator_is_found(mark):
    text = mark.join(["Nom", "Organisation", "Fonction"]) + "\r\n"
    text += mark.join(["Anne Martin", "Ville de Lyon, DRI", "Maire"]) + "\r\n"
    assert csvfiles.separator(text) == mark


def test_a_single_column_is_read_with_a_comma():
    assert csvfiles.rows("Anne Martin\nJean Dupont\n") == [["Anne Martin"], ["Jean Dupont"]]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Müller;Bürgermeister".encode(), "Müller;Bürgermeister"),
        ("\ufeffMüller;Bürgermeister".encode(), "Müller;Bürgermeister"),
        ("Müller;Bürgermeister".encode("utf-16"), "Müller;Bürgermeister"),
        ("Müller;Bürgermeister".encode("cp1252"), "Müller;Bürgermeister"),
        ("氏名,所属\n山田太郎,大田区".encode("cp932"), "氏名,所属\n山田太郎,大田区"),
        ("Nom;Fonction\nÉlise Côté;Adjointe".encode("cp1252"), "Nom;Fonction\nÉlise Côté;Adjointe"),
    ],
)
def test_the_encodings_excel_saves_in_are_read(raw, expected):
    assert csvfiles.decode(raw, expected_words=("nom", "氏名")) == expected


def test_text_that_could_be_either_code_page_is_refused_with_a_clear_message():
    # Two bytes that are "éa" in cp1252 and one kanji in cp932: no way to tell.
    with pytest.raises(csvfiles.UnreadableCSV) as refused:
        csvfiles.decode(b"\xe9a")
    assert "CSV UTF-8" in str(refused.value)
