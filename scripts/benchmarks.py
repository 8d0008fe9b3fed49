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


def import_partners(measure):
    """10,000 new partners from a CSV, against a plain bulk_create of the same rows."""
    import tablib
    from django.db import transaction

    from cities.models import Partner
    from cities.resources import PartnerResource
    from cities.spreadsheets import CSVForExcel

    headers = [
        "slug",
        "name_ja",
        "name_en",
        "official_name_en",
        "kind",
        "country",
        "latitude",
        "longitude",
        "published",
    ]
    sheet = tablib.Dataset(headers=headers)
    for number in range(10_000):
        sheet.append(
            [
                f"bench-{number}",
                f"ベンチ市{number}",
                f"Bench {number}",
                f"City of Bench {number}",
                "city",
                "FR",
                "45.1",
                "5.7",
                "1",
            ]
        )
    content = CSVForExcel().export_data(sheet)

    def run_import():
        dataset = CSVForExcel().create_dataset(content)
        result = PartnerResource().import_data(dataset, dry_run=False, use_transactions=True)
        assert not result.has_errors() and not result.has_validation_errors(), result
        return result

    measure("import 10,000 partners (CSV, import-export)", 10_000, run_import)
    measure("re-import the same 10,000 (all unchanged)", 10_000, run_import)
    Partner.objects.filter(slug__startswith="bench-").delete()

    def plain_bulk_create():
        with transaction.atomic():
            Partner.objects.bulk_create(
                Partner(
                    slug=row[0],
                    name_ja=row[1],
                    name_en=row[2],
                    official_name_en=row[3],
                    kind=row[4],
                    country=row[5],
                    latitude=row[6],
                    longitude=row[7],
                    published=True,
                )
                for row in sheet
            )

    measure("plain bulk_create of the same 10,000", 10_000, plain_bulk_create)
    Partner.objects.filter(slug__startswith="bench-").delete()


BENCHMARKS = [import_partners, export_applications_csv, public_pages]
