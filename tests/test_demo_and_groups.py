import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from cities.models import HomeCity
from office.groups import EDITOR, VIEWER, VISIT_COORDINATOR

pytestmark = pytest.mark.django_db


def run_load_demo(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def history_rows():
    return HomeCity.history.count()


def test_load_demo_loads_the_home_city_and_one_account_per_group():
    output = run_load_demo()
    home = HomeCity.current()
    assert home.name_ja == "つくば市"
    assert home.division_name_en.startswith("Global City Promotion Division")
    assert home.phone == "029-883-1111"
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert users.get(username="editor").groups.filter(name=EDITOR).exists()
    assert users.get(username="coordinator").groups.filter(name=VISIT_COORDINATOR).exists()
    assert users.get(username="viewer").groups.filter(name=VIEWER).exists()
    assert "coordinator" in output  # passwords are printed once


def test_load_demo_twice_changes_nothing():
    run_load_demo()
    users = list(get_user_model().objects.values_list("username", "password"))
    history = history_rows()
    output = run_load_demo()
    assert list(get_user_model().objects.values_list("username", "password")) == users
    assert history_rows() == history
    assert "unchanged" in output


def test_the_three_staff_groups_exist_with_their_permissions():
    editor = Group.objects.get(name=EDITOR)
    coordinator = Group.objects.get(name=VISIT_COORDINATOR)
    viewer = Group.objects.get(name=VIEWER)
    editor_codes = set(editor.permissions.values_list("codename", flat=True))
    viewer_codes = set(viewer.permissions.values_list("codename", flat=True))
    assert {"add_partner", "change_partner", "delete_partner", "change_homecity"} <= editor_codes
    assert "view_partner" in viewer_codes
    assert all(code.startswith("view_") for code in viewer_codes)
    assert not coordinator.permissions.filter(content_type__app_label="cities").exists()
