import simple_history
from modeltranslation.translator import TranslationOptions, register

from exchanges.models import Exchange, ExchangeKind, ExchangeLink, ExchangePhoto


@register(ExchangeKind)
class ExchangeKindTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ja", "en")


@register(Exchange)
class ExchangeTranslationOptions(TranslationOptions):
    fields = ("title", "account")
    # A draft made from a visit may wait for its English title; the admin asks for both
    # titles before it is published (Exchange.clean).
    required_languages = {"ja": ("title",)}


@register(ExchangeLink)
class ExchangeLinkTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = {"ja": ("label",)}


@register(ExchangePhoto)
class ExchangePhotoTranslationOptions(TranslationOptions):
    fields = ("alt_text", "caption")
    # Alternative text is what a screen reader says on either site: both are required.
    required_languages = {"ja": ("alt_text",), "en": ("alt_text",)}


# History after the translations, so the audit tables get the *_ja and *_en columns too.
for model in (ExchangeKind, Exchange):
    simple_history.register(model)
