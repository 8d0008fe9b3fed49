import simple_history
from modeltranslation.translator import TranslationOptions, register

from visits.models import (
    ApplicantEmailTemplate,
    BlackoutPeriod,
    TimeSlot,
    VisitRules,
    VisitTopic,
)


@register(VisitRules)
class VisitRulesTranslationOptions(TranslationOptions):
    fields = ("explanation",)


@register(TimeSlot)
class TimeSlotTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ja", "en")


@register(BlackoutPeriod)
class BlackoutPeriodTranslationOptions(TranslationOptions):
    fields = ("reason",)
    required_languages = ("ja", "en")


@register(VisitTopic)
class VisitTopicTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ja", "en")


# History after the translations, so the audit tables have the *_ja and *_en columns.
# Applications are not in simple-history: their StatusChange rows are their history, and
# a second copy of personal data would outlive purge_visits.
for model in (VisitRules, TimeSlot, BlackoutPeriod, VisitTopic):
    simple_history.register(model)


@register(ApplicantEmailTemplate)
class ApplicantEmailTemplateTranslationOptions(TranslationOptions):
    fields = ("subject", "body")
    required_languages = ("ja", "en")


simple_history.register(ApplicantEmailTemplate)
