"""The measurements scripts/bench.py runs, one function each; each app adds its own."""

from django.test import Client


def export_applications_csv(measure):
    from visits.models import VisitApplication
    from visits.resources import stream_csv

    count = VisitApplication.objects.count()
    # stream_csv() yields a piece per chunk of rows: count the lines' ends (the scale
    # data has no line breaks inside cells).
    lines = measure(
        "export applications, streamed CSV",
        count,
        lambda: sum(piece.count("\r\n") for piece in stream_csv()),
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
    for url in ["/ja/", "/en/partners/", "/en/agreements/", "/open-data/relationships.json"]:
        response = measure(f"GET {url}", 0, lambda url=url: client.get(url))
        assert response.status_code == 200, url


def import_partners(measure):
    """10,000 new partners from a CSV, against a plain bulk_create of the same rows."""
    import tablib
    from django.db import transaction

    from cities.models import Partner
    from cities.resources import PartnerResource
    from office.spreadsheets import CSVForExcel

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


def import_agreements(measure):
    """1,000 new agreements with 2 parties each (home side + a partner named by slug or name)."""
    import tablib

    from agreements.models import Agreement
    from agreements.resources import AgreementResource
    from cities.models import AgreementKind, Partner
    from office.spreadsheets import CSVForExcel

    kind, _created = AgreementKind.objects.get_or_create(
        slug="bench-type", defaults={"name_ja": "ベンチ", "name_en": "Bench", "order": 99}
    )
    Partner.objects.bulk_create(
        [
            Partner(
                slug="bench-home", name_ja="ベンチ市", name_en="Bench", country="JP", is_home=True
            )
        ]
        + [
            Partner(
                slug=f"bench-p{n}", name_ja=f"ベンチ提携市{n}", name_en=f"Bench P{n}", country="FR"
            )
            for n in range(1000)
        ]
    )
    headers = ["slug", "title_ja", "title_en", "kind", "date", "partners", "signatories_ja"]
    sheet = tablib.Dataset(headers=headers)
    for n in range(1000):
        # Every other partner by its English name, to exercise the name lookup.
        partner = f"bench-p{n}" if n % 2 else f"Bench P{n}"
        sheet.append(
            [
                f"bench-agreement-{n}",
                f"ベンチ協定{n}",
                f"Bench agreement {n}",
                kind.slug,
                "2014年7月",
                f"bench-home; {partner}",
                f"ベンチ署名者{n} (市長) for bench-p{n}",
            ]
        )
    content = CSVForExcel().export_data(sheet)

    def run_import():
        dataset = CSVForExcel().create_dataset(content)
        result = AgreementResource().import_data(dataset, dry_run=False, use_transactions=True)
        assert not result.has_errors() and not result.has_validation_errors(), result
        return result

    measure("import 1,000 agreements, 2 parties (CSV)", 1000, run_import)
    measure("re-import the same 1,000 (all unchanged)", 1000, run_import)
    Agreement.objects.filter(slug__startswith="bench-agreement-").delete()
    Partner.objects.filter(slug__startswith="bench-").delete()
    kind.delete()


BENCHMARKS = [import_partners, import_agreements, export_applications_csv, public_pages]
