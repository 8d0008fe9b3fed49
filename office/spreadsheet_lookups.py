"""Cells that name one of a list the way staff write it: by its code or by its name in
either language (a country as FR, フランス or France; a kind as city, 市 or City).

Width, spaces and case do not count (office.text.matching_key). A value that names nothing
is an error listing every value the cell accepts, in the staff member's language.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries
from import_export import widgets

from office.japanese_order import country_key
from office.text import matching_key


def _languages():
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES]


def list_separator():
    # 、 between Japanese names, a comma between English ones.
    return pgettext("between the entries of a list", ", ")


def not_a_choice(value, names):
    """The error for a cell that names none of `names` (shown in the active language)."""
    return ValueError(
        _("“%(value)s” is not one of the choices. Write one of: %(choices)s.")
        % {"value": value, "choices": list_separator().join(str(name) for name in names)}
    )


class NamedChoices:
    """A list of values, each found by its code or by its name in any language."""

    def __init__(self, entries):
        # entries: (value, code, {language: name}) in the order staff see them.
        self.entries = list(entries)
        self.by_key = {}
        for value, code, names in self.entries:
            for text in (code, *names.values()):
                if text:
                    self.by_key.setdefault(matching_key(text), value)

    def find(self, text):
        """The value `text` names; ValueError listing the choices if none."""
        try:
            return self.by_key[matching_key(text)]
        except KeyError:
            raise not_a_choice(text, self.names()) from None

    def names(self, language=None):
        """Every choice's name in `language` (the active one by default)."""
        language = language or translation.get_language() or _languages()[0]
        language = language.split("-")[0]
        return [names.get(language) or code for _value, code, names in self.entries]

    def name_of(self, value, language=None):
        language = (language or translation.get_language() or "ja").split("-")[0]
        for entry_value, code, names in self.entries:
            if entry_value == value:
                return names.get(language) or code
        return ""


def text_choices(choices_class):
    """A models.TextChoices as NamedChoices: its value, and its label in each language."""
    entries = []
    for value, label in choices_class.choices:
        names = {}
        for language in _languages():
            with translation.override(language):
                names[language] = str(label)
        entries.append((value, value, names))
    return NamedChoices(entries)


def record_choices(records, *, code="slug", name="name"):
    """Translated records (AgreementKind) as NamedChoices: by code or by name_ja/name_en."""
    return NamedChoices(
        (
            record,
            getattr(record, code),
            {language: getattr(record, f"{name}_{language}", "") for language in _languages()},
        )
        for record in records
    )


def country_choices():
    """Every country by its ISO code (FR) or its name in either language."""
    names = {}
    for language in _languages():
        with translation.override(language):
            for country_code, country_name in countries:
                names.setdefault(country_code, {})[language] = str(country_name)
    language = (translation.get_language() or "ja").split("-")[0]
    ordered = sorted(
        names, key=lambda code: country_key(code, names[code].get(language, code), language)
    )
    return NamedChoices((code, code, names[code]) for code in ordered)


class NamedChoiceWidget(widgets.Widget):
    """A cell naming one of NamedChoices; `load` builds them once per import."""

    def __init__(self, load, *, blank=None):
        super().__init__()
        self.load = load
        self.blank = blank  # what an empty cell means
        self.reset()

    def reset(self):
        self._choices = None

    @property
    def choices(self):
        if self._choices is None:
            self._choices = self.load()
        return self._choices

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return self.blank
        return self.choices.find(str(value).strip())

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CountryWidget(NamedChoiceWidget):
    """A country by code or by name; exported as its code, so a re-import matches."""

    def __init__(self):
        super().__init__(country_choices)

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return ""
        text = str(value).strip()
        if text.upper() in self.choices.by_key.values():
            return text.upper()
        return self.choices.find(text)

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "code", value) or ""


class YesNoWidget(widgets.Widget):
    """1/0 as exported; yes/no, true/false, はい/いいえ and ○/× as people type them.

    An empty cell means `blank` (no, unless said otherwise).
    """

    YES = {"1", "true", "yes", "y", "はい", "○", "〇"}
    NO = {"0", "false", "no", "n", "いいえ", "×"}

    def __init__(self, *, blank=False):
        super().__init__()
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = matching_key(value)
        if text == "":
            return self.blank
        if text in self.YES:
            return True
        if text in self.NO or text == "x":
            return False
        raise ValueError(
            _("“%(value)s” is not a yes or no: write 1 (yes) or 0 (no).") % {"value": value}
        )

    def render(self, value, obj=None, **kwargs):
        return "1" if value else "0"
