"""The yearly report of exchanges (年度, April to March): exchanges and people by direction,
kind, partner and country, for the prefecture's and the national surveys and the council's
annual report.

Every exchange of the year counts, published on the site or not: the site is one thing,
the record of what took place another. An exchange is placed in the year by its first
day; one dated only to the year cannot be placed in an April–March year and is counted
apart (`unplaced`), so staff can give it a month. An exchange with two partners counts
once for each partner, and once in every other table.
"""

import io
from dataclasses import dataclass, field

import openpyxl
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext, pgettext
from django_countries import countries
from openpyxl.styles import Font

from cities.models import Partner
from exchanges.models import Exchange
from office.dates import DatePrecision, fiscal_year_bounds

SECTIONS = ("direction", "kind", "partner", "country")


@dataclass
class Row:
    label: str
    exchanges: int = 0
    city_people: int = 0
    partner_people: int = 0

    @property
    def people(self):
        return self.city_people + self.partner_people

    def add(self, exchange):
        self.exchanges += 1
        self.city_people += exchange.city_people or 0
        self.partner_people += exchange.partner_people or 0


@dataclass
class Report:
    fiscal_year: int
    total: Row
    sections: dict = field(default_factory=dict)  # section: [Row], largest first
    unplaced: int = 0


def exchanges_in(fiscal_year):
    """The year's exchanges with their kind and partners: three queries."""
    first, last = fiscal_year_bounds(fiscal_year)
    return list(
        Exchange.objects.in_fiscal_year(first, last)
        .select_related("kind")
        .prefetch_related(Prefetch("partners", queryset=Partner.objects.order_by("slug")))
        .order_by("starts_on", "pk")
    )


def figures(*, fiscal_year):
    """The report's tables for one fiscal year, labels in the active language."""
    exchanges = exchanges_in(fiscal_year)
    first, last = fiscal_year_bounds(fiscal_year)
    unplaced = Exchange.objects.filter(
        starts_on_precision=DatePrecision.YEAR, starts_on__year__in={first.year, last.year}
    ).count()
    total = Row(pgettext("report row", "Total"))
    tables = {section: {} for section in SECTIONS}
    directions = dict(Exchange.Direction.choices)
    no_partner = gettext("Not a partner")
    unknown_country = gettext("Country not given")

    def row(section, key, label):
        if key not in tables[section]:
            tables[section][key] = Row(str(label))
        return tables[section][key]

    for exchange in exchanges:
        total.add(exchange)
        row("direction", exchange.direction, directions[exchange.direction]).add(exchange)
        row("kind", exchange.kind.pk, exchange.kind.name).add(exchange)
        partners = list(exchange.partners.all())
        for partner in partners:
            row("partner", partner.pk, partner.name).add(exchange)
        if not partners:
            row("partner", None, no_partner).add(exchange)
        # The exchange's own country, else its partners' (each once).
        codes = (
            [exchange.country.code]
            if exchange.country
            else sorted({p.country.code for p in partners if p.country})
        )
        for code in codes:
            row("country", code, countries.name(code) or code).add(exchange)
        if not codes:
            row("country", None, unknown_country).add(exchange)

    sections = {
        section: sorted(rows.values(), key=lambda r: (-r.exchanges, -r.people, r.label))
        for section, rows in tables.items()
    }
    # Received, sent, both: always in that order, with zeros, as the surveys ask.
    sections["direction"] = [
        tables["direction"].get(value, Row(str(label))) for value, label in directions.items()
    ]
    return Report(fiscal_year=fiscal_year, total=total, sections=sections, unplaced=unplaced)


def section_titles():
    return {
        "direction": gettext("Received and sent"),
        "kind": gettext("By kind of exchange"),
        "partner": gettext("By partner"),
        "country": gettext("By country"),
    }


def column_titles():
    return [
        pgettext("report column", "Item"),
        pgettext("report column", "Exchanges"),
        pgettext("report column", "People from the city"),
        pgettext("report column", "People from the other side"),
        pgettext("report column", "People in all"),
    ]


def as_xlsx(*, fiscal_year):
    """The report as a workbook with Japanese headings, whatever the staff member's
    language: it goes to the prefecture and into the council's report as it is."""
    with translation.override("ja"):
        report = figures(fiscal_year=fiscal_year)
        titles = section_titles()
        columns = column_titles()
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = gettext("Summary")
        sheet.append([gettext("fiscal year %(year)s") % {"year": fiscal_year}])
        sheet.append(columns)
        sheet.append(_cells(report.total))
        if report.unplaced:
            sheet.append(
                [
                    gettext("Exchanges dated only to the year (not counted)"),
                    report.unplaced,
                ]
            )
        for section in SECTIONS:
            table = workbook.create_sheet(titles[section][:31])
            table.append(columns)
            for row in report.sections[section]:
                table.append(_cells(row))
            table.append(_cells(report.total))
        for worksheet in workbook.worksheets:
            for cell in worksheet[1 if worksheet is not sheet else 2]:
                cell.font = Font(bold=True)
            worksheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cells(row):
    return [row.label, row.exchanges, row.city_people, row.partner_people, row.people]
