from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cities.models import Partner


class PublicPagesSitemap(Sitemap):
    """The fixed public pages, each with its Japanese and English version."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return [
            "home",
            "cities:partner_list",
            "agreements:list",
            "agreements:open_data",
            "visits:index",
            "visits:rules",
            "visits:apply",
            "visits:privacy",
            "exchanges:list",
        ]

    def location(self, item):
        return reverse(item)


class PartnerSitemap(Sitemap):
    """Every published partner's profile (the home city's too), in both languages."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Partner.objects.published().order_by("slug")

    def lastmod(self, partner):
        return partner.updated_at


class AgreementSitemap(Sitemap):
    """Each published agreement's page, in both languages."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        from agreements.models import Agreement

        return Agreement.objects.published().order_by("date", "pk")

    def lastmod(self, agreement):
        return agreement.updated_at


class ExchangeSitemap(Sitemap):
    """Each published exchange's page, in both languages."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        from exchanges.models import Exchange

        return Exchange.objects.published().order_by("starts_on", "pk")

    def lastmod(self, exchange):
        return exchange.updated_at


sitemaps = {
    "pages": PublicPagesSitemap,
    "partners": PartnerSitemap,
    "agreements": AgreementSitemap,
    "exchanges": ExchangeSitemap,
}
