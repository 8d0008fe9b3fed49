from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PublicPagesSitemap(Sitemap):
    """The fixed public pages, each with its Japanese and English version."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["home", "cities:partner_list", "agreements:list", "visits:index"]

    def location(self, item):
        return reverse(item)


sitemaps = {"pages": PublicPagesSitemap}


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


sitemaps["agreements"] = AgreementSitemap
