import simple_history
from modeltranslation.translator import TranslationOptions, register

from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementRenewal,
    CooperationField,
    Signatory,
)


@register(CooperationField)
class CooperationFieldTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ja", "en")


@register(Agreement)
class AgreementTranslationOptions(TranslationOptions):
    fields = ("title", "place_signed", "summary", "text_languages")
    # A draft may have its title in one language only (the other follows); Agreement.clean
    # asks for one always and for both before the agreement is published.
    required_languages = {}


@register(Signatory)
class SignatoryTranslationOptions(TranslationOptions):
    fields = ("name", "title")
    required_languages = {"ja": ("name",)}


@register(AgreementRenewal)
class AgreementRenewalTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(AgreementDocument)
class AgreementDocumentTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = {"ja": ("title",)}


# History after the translations, so the audit tables get the *_ja and *_en columns.
for model in (CooperationField, Agreement, Signatory, AgreementRenewal, AgreementDocument):
    simple_history.register(model)
