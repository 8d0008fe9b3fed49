"""The libraries' admin pages staff open speak Japanese too (office/library_strings.py)."""

import pytest
from django.apps import apps
from django.utils import translation

from office import library_strings


@pytest.mark.parametrize("label", ["axes", "django_tasks_database"])
def test_the_libraries_apps_have_names_in_both_languages(label):
    config = apps.get_app_config(label)
    with translation.override("ja"):
        japanese = str(config.verbose_name)
        models = [str(model._meta.verbose_name_plural) for model in config.get_models()]
    with translation.override("en"):
        english = str(config.verbose_name)
    assert japanese != english and not japanese.isascii()
    assert models and all(not name.isascii() for name in models), models


def test_every_library_string_listed_has_japanese():
    listed = library_strings.LOGIN_LOCKOUTS + library_strings.TASK_QUEUE
    with translation.override("ja"):
        untranslated = [text for text in listed if translation.gettext(text) == text]
    assert untranslated == []


@pytest.mark.django_db
def test_the_japanese_admin_index_names_no_library_in_english(admin_client):
    page = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    for english in ("Access attempts", "Task Results", "Tasks Database Backend", ">Axes<"):
        assert english not in page
    assert "ログインのロック" in page
