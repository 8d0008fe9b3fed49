"""Every admin change form of the demo data saves back unchanged, as a staff member who
opens a record and presses Save would: a redirect, never an error."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The fields a browser submits from the admin's change form, with their values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data = []
        self.in_form = False
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self.in_form = True
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # A browser drops the one newline that follows <textarea>.
            self.data.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None


def submitted(page):
    parser = FormFields()
    parser.feed(page)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


def change_pages(also=()):
    """Three records of every model in the admin, and the records named in `also`."""
    for model in admin.site._registry:
        records = list(model._default_manager.all()[:3])
        records += [obj for obj in also if isinstance(obj, model) and obj not in records]
        yield from ((model, obj) for obj in records)


def test_every_change_form_of_the_demo_data_saves_back_unchanged(client, demo_data):
    from cities.models import Partner, PartnerPhoto
    from tests.factories import make_photo

    # The demo has no photos; staff add them, and then save the partner again.
    photo = make_photo(Partner.objects.filter(is_home=False).last())
    assert PartnerPhoto.objects.exists()
    superuser = get_user_model().objects.create_superuser("saver", "saver@example.org", "x")
    client.force_login(superuser)
    failures = []
    saved = 0
    for model, obj in list(change_pages(also=[photo.partner])):
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        page = client.get(url)
        assert page.status_code == 200, url
        data = submitted(page.content.decode())
        if not any(name.startswith("_save") for name in data) and "csrfmiddlewaretoken" in data:
            data["_save"] = ["Save"]
        if "csrfmiddlewaretoken" not in data:
            continue  # a read-only page: nothing to save
        response = client.post(url, data)
        if response.status_code != 302:
            errors = response.context and [
                str(getattr(response.context.get("adminform"), "form", "").errors)
                if response.context.get("adminform")
                else ""
            ]
            failures.append((url, response.status_code, errors))
        saved += 1
    assert failures == []
    assert saved > 20


def test_the_form_reader_sends_what_a_browser_sends():
    page = """<form id="x_form"><input name="a" value="1"><input type="checkbox" name="b">
    <input type="checkbox" name="c" checked value="on"><select name="d"><option value="1">
    <option value="2" selected></select><textarea name="e">
hello</textarea><input type="file" name="f"></form><input name="outside" value="no">"""
    assert submitted(page) == {"a": ["1"], "c": ["on"], "d": ["2"], "e": ["hello"]}
