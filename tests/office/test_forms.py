"""Out-of-range numbers from a visitor are a form error or an ordinary page, never a 500."""

import pytest

from office.forms import LARGEST_KEY, is_possible_key
from office.groups import VISIT_COORDINATOR
from tests.factories import application_form_data, make_staff_user, make_visit_application

pytestmark = pytest.mark.django_db

TOO_LARGE = str(LARGEST_KEY + 1)


@pytest.mark.parametrize(
    ("value", "possible"),
    [
        ("1", True),
        (str(LARGEST_KEY), True),
        (TOO_LARGE, False),
        ("0", False),
        ("-1", False),
        ("1e3", False),
        ("", False),
    ],
)
def test_a_key_is_possible_only_as_a_positive_bigint(value, possible):
    assert is_possible_key(value) is possible


@pytest.mark.parametrize("field", ["topics", "partner", "first_choice_slot"])
@pytest.mark.usefixtures("applications_open")
def test_the_visit_form_answers_an_impossible_key_with_a_form_error(client, field):
    data = application_form_data()
    data[field] = [TOO_LARGE] if field == "topics" else TOO_LARGE
    response = client.post("/en/visits/apply/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors


@pytest.mark.parametrize("query", [f"p={TOO_LARGE}", "p=10000000000", f"handled_by={TOO_LARGE}"])
def test_the_coordinators_list_answers_an_impossible_number_with_a_page(client, query):
    make_visit_application()
    client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
    response = client.get(f"/admin/visits/visitapplication/?{query}")
    assert response.status_code in (200, 302)
