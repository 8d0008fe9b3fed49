import simple_history
from modeltranslation.translator import TranslationOptions, register

from cities.models import HomeCity, Partner, RelationshipType


@register(HomeCity)
class HomeCityTranslationOptions(TranslationOptions):
    fields = ("name", "division_name", "address", "opening_hours")
    required_languages = {"ja": ("name", "division_name"), "en": ("name", "division_name")}


@register(RelationshipType)
class RelationshipTypeTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ja", "en")


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "official_name", "region", "description", "story")
    # Both names are checked when a partner is published (Partner.clean); a draft may
    # still lack its English name.
    required_languages = {"ja": ("name",)}


# History is registered after the translations, so the audit tables get the *_ja and *_en
# columns too (a HistoricalRecords() on the model would be built before they exist).
for model in (HomeCity, RelationshipType, Partner):
    simple_history.register(model)
