import simple_history
from modeltranslation.translator import TranslationOptions, register

from cities.models import (
    AgreementKind,
    HomeCity,
    Merger,
    Partner,
    PartnerFact,
    PartnerPhoto,
    PartnerSearch,
)


@register(HomeCity)
class HomeCityTranslationOptions(TranslationOptions):
    fields = ("name", "division_name", "address", "opening_hours")
    required_languages = {"ja": ("name", "division_name"), "en": ("name", "division_name")}


@register(AgreementKind)
class AgreementKindTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ja", "en")


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "official_name", "region", "description", "story")
    # Both names are checked when a partner is published (Partner.clean); a draft may
    # still lack its English name.
    required_languages = {"ja": ("name",)}


@register(PartnerFact)
class PartnerFactTranslationOptions(TranslationOptions):
    fields = ("label", "unit")
    required_languages = {"ja": ("label",), "en": ("label",)}
    # An English unit left empty ("1.47 million" people) must not show the Japanese 人.
    fallback_languages = {"default": ()}


@register(PartnerPhoto)
class PartnerPhotoTranslationOptions(TranslationOptions):
    fields = ("alt_text", "caption")
    # Alternative text is what a screen reader says on either site: both are required.
    required_languages = {"ja": ("alt_text",), "en": ("alt_text",)}


@register(Merger)
class MergerTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(PartnerSearch)
class PartnerSearchTranslationOptions(TranslationOptions):
    fields = ("countries_or_regions", "size", "details")


# History is registered after the translations, so the audit tables get the *_ja and *_en
# columns too (a HistoricalRecords() on the model would be built before they exist).
for model in (HomeCity, AgreementKind, Partner, PartnerFact, PartnerPhoto, Merger, PartnerSearch):
    simple_history.register(model)
