"""Every admin page a visit coordinator can open reads in Japanese: none of the product's
own English phrases (its msgids) shows through untranslated."""

import datetime
import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from office.groups import VISIT_COORDINATOR
from tests.factories import make_home_city, make_staff_user, make_visit_application
from visits import workflow
from visits.admin import possible_moves
from visits.models import VisitApplication

pytestmark = pytest.mark.django_db

Status = VisitApplication.Status
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES" / "django.po"


def product_phrases():
    """The product's own English phrases of two words or more that Japanese replaces."""
    phrases = set()
    for entry in polib.pofile(str(CATALOGUE)):
        text = entry.msgid
        if entry.msgid_plural or "%" in text or "{" in text or not entry.msgstr:
            continue
        if entry.msgstr == text or " " not in text.strip() or len(text) < 8:
            continue
        if not re.fullmatch(r"[A-Za-z ,.'’()-]+", text):
            continue
        phrases.add(text)
    return phrases


def visible_text(page):
    page = re.sub(r"(?s)<(script|style|textarea)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def coordinator_pages(client, coordinator):
    """The admin pages the coordinator can open: the first page, every list she may see,
    an application in each status with its moves and history, the calendar."""
    urls = [reverse("admin:index"), reverse("visits_staff:calendar")]
    for model in admin.site._registry:
        opts = model._meta
        if not coordinator.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        try:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        except NoReverseMatch:
            continue
    for status in (Status.NEW, Status.NEEDS_INFORMATION, Status.ACCEPTED, Status.CANCELLED):
        application = make_visit_application(
            status=status,
            by=coordinator,
            first_choice_on=datetime.date(2027, 2, 3),
            # Mail in Japanese: English mail text is data, not the admin speaking.
            reply_language="ja",
        )
        urls.append(reverse("admin:visits_visitapplication_change", args=[application.pk]))
        urls.append(reverse("admin:visits_visitapplication_history", args=[application.pk]))
        for move, _label in possible_moves(application):
            urls.append(reverse("admin:visits_visitapplication_move", args=[application.pk, move]))
    workflow.reply_received(VisitApplication.objects.get(status=Status.NEEDS_INFORMATION))
    return urls


def test_no_admin_page_a_coordinator_opens_shows_the_products_english(client):
    make_home_city()
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    client.force_login(coordinator)
    phrases = product_phrases()
    assert len(phrases) > 200  # the check has something to look for
    untranslated = {}
    for url in coordinator_pages(client, coordinator):
        response = client.get(url, headers={"accept-language": "ja"})
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        found = sorted(phrase for phrase in phrases if phrase in text)
        if found:
            untranslated[url] = found
    assert untranslated == {}


def test_djangos_awkward_phrases_and_the_language_switch_read_naturally(client):
    client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
    page = client.get(
        reverse("admin:visits_visitapplication_changelist"), headers={"accept-language": "ja"}
    ).content.decode()
    assert "変更する" not in page and "の一覧" in page
    assert "ようこそ、" in page
    # Each language in its own name, never "英語(米国)".
    assert ">日本語</option>" in page and ">English</option>" in page


def test_every_link_on_an_application_page_opens_for_a_coordinator(client):
    from tests.factories import make_partner

    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    client.force_login(coordinator)
    application = make_visit_application(
        status=Status.ACCEPTED, by=coordinator, partner=make_partner()
    )
    workflow.assign(application, handled_by=coordinator, changed_by=coordinator)
    page = client.get(
        reverse("admin:visits_visitapplication_change", args=[application.pk])
    ).content.decode()
    links = set(re.findall(r'href="(/admin/[^"#]*)"', page))
    assert links
    for link in links:
        response = client.get(html.unescape(link))
        assert response.status_code in (200, 302), link
