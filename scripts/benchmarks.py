"""The measurements scripts/bench.py runs, one function each; each app adds its own."""

from django.test import Client


def export_applications_csv(measure):
    from visits.models import VisitApplication
    from visits.resources import stream_csv

    count = VisitApplication.objects.count()
    lines = measure(
        "export applications, streamed CSV", count, lambda: sum(1 for _ in stream_csv())
    )
    # The admin's import-export path, on a sample (it builds the whole sheet in memory).
    from visits.resources import VisitApplicationResource

    sample = VisitApplicationResource().get_queryset()[:2000]
    measure(
        "export applications, import-export resource",
        2000,
        lambda: VisitApplicationResource().export(sample),
    )
    assert lines == count + 1


def public_pages(measure):
    client = Client()
    for url in ["/ja/", "/en/partners/"]:
        response = measure(f"GET {url}", 0, lambda url=url: client.get(url))
        assert response.status_code == 200, url


BENCHMARKS = [export_applications_csv, public_pages]
