import datetime
import io

from django.http import HttpResponse

from office.downloads import download_headers, send_file


def test_a_private_file_is_saved_under_its_name_and_kept_by_no_cache():
    response = send_file(io.BytesIO(b"%PDF-1.4"), filename="agenda.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.4"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="agenda.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}


def test_a_file_shown_in_the_browser_is_inline():
    response = send_file(io.BytesIO(b"RIFF"), filename="photo.webp", inline=True)
    assert response["Content-Disposition"] == 'inline; filename="photo.webp"'


def test_the_given_content_type_wins_over_the_name():
    response = send_file(io.BytesIO(b"x"), filename="list.txt", content_type="text/csv")
    assert response["Content-Type"] == "text/csv"


def test_a_public_file_may_be_kept_by_any_cache_for_the_time_given():
    response = send_file(
        io.BytesIO(b"RIFF"), filename="photo.webp", public_for=datetime.timedelta(days=1)
    )
    assert response["Cache-Control"] == "public, max-age=86400"


def test_a_japanese_file_name_survives_the_header():
    response = send_file(io.BytesIO(b"x"), filename="議事録.pdf")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E8%AD%B0%E4%BA%8B%E9%8C%B2.pdf"
    )


def test_a_csv_made_in_memory_gets_the_same_headers():
    response = download_headers(HttpResponse("a,b\n"), filename="visits-2026.csv")
    assert response["Content-Disposition"] == 'attachment; filename="visits-2026.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
