"""Form fields that turn any value a visitor can send into a form error, never a 500."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

# The largest key a BIGINT column holds. SQLite raises OverflowError for a larger number
# in a query (PostgreSQL answers "not a valid choice"), so such a number never gets that far.
LARGEST_KEY = 2**63 - 1


def is_possible_key(value):
    """A whole number a record's key could be: positive, and small enough for the database."""
    text = str(value).strip()
    return text.isdigit() and 0 < int(text) <= LARGEST_KEY


class RecordChoiceField(forms.ModelChoiceField):
    """A choice of one record by its key; a key no record could have is not a valid choice."""

    def to_python(self, value):
        checked = value not in self.empty_values and not self.to_field_name
        if checked and not is_possible_key(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several records by their keys, each checked like RecordChoiceField's."""

    def clean(self, value):
        if value and not self.to_field_name and isinstance(value, list | tuple):
            for key in value:
                if not is_possible_key(key):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": key},
                    )
        return super().clean(value)


class FigureInput(forms.NumberInput):
    """A figure as staff wrote it: 12663, not the 12663.00 its two decimal places store."""

    def format_value(self, value):
        if value in (None, ""):
            return None
        try:
            return format(Decimal(str(value)).normalize(), "f")
        except InvalidOperation:  # what was typed, shown back with its error
            return str(value)
