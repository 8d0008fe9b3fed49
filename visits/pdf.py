"""A PDF of a submitted application, in the reader's language, for the delegation's files.

It holds the reference, every answer, the members, the documents sent, the rules for
visits that apply and the division's contact. One bundled font (IPA P Gothic,
visits/fonts/, IPA Font License) covers Japanese and Latin text, so a Japanese form and a
German organisation name render alike on any server.
"""

from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from cities.models import HomeCity
from visits import rules
from visits.models import VisitRules

FONT = Path(__file__).resolve().parent / "fonts" / "ipagp.ttf"
FONT_NAME = "IPAPGothic"


class _ApplicationPDF(FPDF):
    def __init__(self, *, footer_text):
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.add_font(FONT_NAME, fname=str(FONT))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)
        # Japanese has no spaces between words: lines may break between any characters.
        self.wrap = WrapMode.CHAR if get_language() == "ja" else WrapMode.WORD

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT_NAME, size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.footer_text}  {self.page_no()}/{{nb}}", align="C")

    def heading(self, text, size=12):
        self.ln(3)
        self.set_font(FONT_NAME, size=size)
        self.set_text_color(0, 0, 0)
        self.multi_cell(
            0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=self.wrap
        )
        self.set_draw_color(150, 150, 150)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.5)

    def paragraph(self, text, size=10):
        self.set_font(FONT_NAME, size=size)
        self.multi_cell(0, 5.2, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=self.wrap)

    def answer(self, question, text):
        self.set_font(FONT_NAME, size=9)
        self.set_text_color(80, 80, 80)
        self.multi_cell(0, 4.6, question, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=self.wrap)
        self.set_text_color(0, 0, 0)
        self.paragraph(text)
        self.ln(1)


def rule_lines(visit_rules, *, today):
    """The rules for visits as sentences, as the rules page states them."""
    lines = [
        ngettext(
            "Please apply at least %(days)s day before the visit.",
            "Please apply at least %(days)s days before the visit.",
            visit_rules.minimum_lead_days,
        )
        % {"days": visit_rules.minimum_lead_days},
        _(
            "We receive visits on weekdays only, not on Japanese public holidays or during "
            "the New Year closure."
        ),
        ngettext(
            "A delegation can have at most %(people)s person.",
            "A delegation can have at most %(people)s people.",
            visit_rules.maximum_group_size,
        )
        % {"people": visit_rules.maximum_group_size},
        ngettext(
            "We reply within %(days)s working day.",
            "We reply within %(days)s working days.",
            visit_rules.reply_within_working_days,
        )
        % {"days": visit_rules.reply_within_working_days},
    ]
    for period in rules.blackout_periods(today=today):
        if period.repeats_every_year:
            lines.append(
                _("Every year from %(first)s to %(last)s: %(reason)s")
                % {
                    "first": date_format(period.starts_on, "MONTH_DAY_FORMAT"),
                    "last": date_format(period.ends_on, "MONTH_DAY_FORMAT"),
                    "reason": period.reason,
                }
            )
    return lines


def contact_lines(home_city):
    if home_city is None:
        return []
    lines = [f"{home_city.name} {home_city.division_name}"]
    if home_city.address:
        postal = f"〒{home_city.postal_code} " if home_city.postal_code else ""
        lines.append(postal + home_city.address)
    if home_city.phone:
        lines.append(f"{_('Phone')}: {home_city.international_phone}")
    if home_city.email:
        lines.append(f"{_('Email')}: {home_city.email}")
    if home_city.opening_hours:
        lines.append(f"{_('Opening hours')}: {home_city.opening_hours} ({_('JST')})")
    return lines


def application_pdf(application, *, today=None):
    """The PDF's bytes, in the active language."""
    today = today or timezone.localdate()
    title = _("Visit application %(reference)s") % {"reference": application.reference}
    document = _ApplicationPDF(footer_text=title)
    document.set_title(title)
    document.set_creator("Twinning")
    document.add_page()

    document.set_font(FONT_NAME, size=18)
    document.multi_cell(0, 9, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=document.wrap)
    submitted = timezone.localtime(application.submitted_at)
    document.paragraph(
        _("Submitted on %(date)s (Japan time). Status: %(status)s")
        % {
            "date": date_format(submitted, "DATETIME_FORMAT"),
            "status": application.get_status_display(),
        }
    )

    document.heading(_("What you sent us"))
    for question, text in application.answer_lines():
        document.answer(question, text)

    members = list(application.members.all())
    document.heading(_("Members of the delegation"))
    if members:
        for number, member in enumerate(members, start=1):
            details = ", ".join(part for part in (member.title, member.organisation) if part)
            document.paragraph(f"{number}. {member.name}" + (f" ({details})" if details else ""))
    else:
        document.paragraph(_("No member list was sent."))

    documents = list(application.documents.all())
    document.heading(pgettext("visit", "Documents"))
    if documents:
        for sent in documents:
            document.paragraph(f"- {sent.original_name}")
    else:
        document.paragraph(_("No documents."))

    document.heading(_("Rules for visits"))
    for line in rule_lines(VisitRules.current(), today=today):
        document.paragraph(f"- {line}")

    contact = contact_lines(HomeCity.current())
    if contact:
        document.heading(_("Contact"))
        for line in contact:
            document.paragraph(line)
    return bytes(document.output())
