"""The Atom feed of published exchanges, in the visitor's language, with absolute links
from SITE_URL (office/links.py), never from the request's Host."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from exchanges.models import FEED_SIZE, Exchange
from office.links import absolute_url


class ExchangeFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return gettext("Visits and exchange events")

    def subtitle(self):
        return gettext("The latest exchanges with our partner cities.")

    def link(self):
        return absolute_url(reverse("exchanges:list"))

    def feed_url(self):
        return absolute_url(reverse("exchanges:feed"))

    def items(self):
        return list(Exchange.objects.for_public_list()[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.account or item.kind.name

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.kind.name]

    def get_object(self, request, *args, **kwargs):
        return None

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Content-Language"] = request.LANGUAGE_CODE
        return response
