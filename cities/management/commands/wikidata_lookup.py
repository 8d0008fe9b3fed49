"""Look one Wikidata item up and print what "Fill from Wikidata" would propose.

For checking once, on the city's server, that Wikidata can be reached through its network
(proxy, firewall) and answers as expected: `manage.py wikidata_lookup Q1289`. With
--partner SLUG the proposals are shown against that partner's values. Nothing is saved.
"""

from django.core.management.base import BaseCommand, CommandError

from cities import wikidata
from cities.models import Partner


class Command(BaseCommand):
    help = "Look a Wikidata item up (e.g. Q1289) and print what it would fill. Saves nothing."

    def add_arguments(self, parser):
        parser.add_argument("item", help="A Wikidata item id such as Q1289, or its address.")
        parser.add_argument(
            "--partner", help="Compare with this partner (its web address name, e.g. grenoble)."
        )

    def handle(self, *args, item, partner=None, **options):
        item_id = wikidata.item_id_from(item)
        if not item_id:
            raise CommandError(f"“{item}” is not a Wikidata item id: write it like Q1289.")
        if partner:
            found = Partner.objects.filter(slug=partner).prefetch_related("facts").first()
            if found is None:
                raise CommandError(f"No partner has the web address name “{partner}”.")
            partner = found
        else:
            partner = Partner(name_ja="", name_en="")
        try:
            item = wikidata.read_item(item_id)
        except wikidata.WikidataUnavailable as error:
            raise CommandError(f"{error.message} ({error.detail})") from error
        except wikidata.ItemNotFound as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"{item.id}: {item.labels['en'] or item.labels['ja']} <{item.url}>")
        if item.descriptions["en"]:
            self.stdout.write(item.descriptions["en"])
        for proposal in wikidata.proposals(partner, item):
            if proposal.same:
                state = "same"
            elif proposal.replaces:
                state = f"differs, now: {proposal.current}"
            else:
                state = "new"
            self.stdout.write(f"  {proposal.label}: {proposal.proposed}  [{state}]")
