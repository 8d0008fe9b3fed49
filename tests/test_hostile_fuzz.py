"""No 500 from input: generated values sent to the visit form, the public directory and
agreements table, and a staff import. None answers 5xx and none leaves part of a record.

The inputs are derandomised, so CI sends the same ones each run; a failure names its input.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cities.models import Partner
from office.groups import EDITOR
from office.models import Message
from tests.factories import (
    application_form_data,
    make_agreement,
    make_partner,
    make_staff_user,
    make_visit_topic,
)
from visits.models import DelegationMember, Document, VisitApplication

pytestmark = pytest.mark.django_db

FUZZ = hypothesis_settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# What a hostile visitor types: numbers no key can be, impossible dates, markup, quotes,
# control and wide characters, long runs.
NASTY = [
    "",
    " ",
    "0",
    "-1",
    str(2**31),
    str(2**63),
    str(2**64),
    str(-(2**63) - 1),
    "9" * 40,
    "1e309",
    "NaN",
    "Infinity",
    "null",
    "true",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "9999-12-31",
    "0000-00-00",
    "2026-02-30",
    "2026-13-01",
    "-2026-01-01",
    "１２３",
    "𝟘𝟙",
    "Ω" * 300,
    "x" * 6000,
    "[]",
    "{}",
    "1,2,3",
    "1.5",
    "0x10",
]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
VALUES = st.one_of(st.sampled_from(NASTY), TEXT, st.integers().map(str))

seen = {"inputs": 0, "server errors": 0}


def answered(response):
    """Count the input and say whether the site answered without a server error."""
    seen["inputs"] += 1
    if response.status_code >= 500:
        seen["server errors"] += 1
    return response.status_code < 500


VISIT_FIELDS = [
    "organisation_name",
    "organisation_kind",
    "country",
    "website",
    "leader_name",
    "leader_title",
    "contact_name",
    "contact_email",
    "contact_phone",
    "reply_language",
    "headcount",
    "interpreter",
    "first_choice_on",
    "first_choice_slot",
    "second_choice_on",
    "second_choice_slot",
    "third_choice_on",
    "third_choice_slot",
    "purpose",
    "topics",
    "other_topics",
    "partner",
    "arrival",
    "consent",
    "submission_key",
    "members-TOTAL_FORMS",
    "members-INITIAL_FORMS",
    "members-MAX_NUM_FORMS",
    "members-0-name",
    "members-0-organisation",
    "members-1-title",
    "members-99-name",
]


def record_counts():
    return (
        VisitApplication.objects.count(),
        DelegationMember.objects.count(),
        Document.objects.count(),
        Message.objects.count(),
    )


@pytest.mark.usefixtures("applications_open")
def test_the_visit_form_answers_every_generated_input_without_a_server_error(client, settings):
    settings.VISIT_SUBMISSIONS_PER_MINUTE = 10**9  # the limit is tested on its own
    make_visit_topic()
    make_partner()

    @hypothesis_settings(FUZZ, max_examples=250)
    @given(changes=st.dictionaries(st.sampled_from(VISIT_FIELDS), VALUES, min_size=1, max_size=6))
    def post(changes):
        data = {**application_form_data(), **changes}
        before = record_counts()
        response = client.post("/en/visits/apply/", data)
        assert answered(response), changes
        if response.status_code != 302:
            # Refused: nothing of it was kept, no row and no file.
            assert record_counts() == before, changes

    post()


FILTER_KEYS = ["q", "country", "region", "agreement_kind", "year", "status", "sort", "page", "x"]


@pytest.mark.parametrize("path", ["/en/partners/", "/ja/agreements/"])
def test_the_public_filters_answer_every_generated_query_without_a_server_error(client, path):
    make_agreement()

    @hypothesis_settings(FUZZ, max_examples=300)
    @given(query=st.dictionaries(st.sampled_from(FILTER_KEYS), VALUES, max_size=5))
    def get(query):
        assert answered(client.get(path, query)), query

    get()


PARTNER_COLUMNS = ["slug", "name_ja", "name_en", "country", "latitude", "longitude", "region_en"]


def test_a_staff_import_answers_every_generated_sheet_without_a_server_error(client):
    client.force_login(make_staff_user(groups=[EDITOR]))
    cell = st.one_of(st.sampled_from(NASTY[:-2]), TEXT).map(lambda v: v.replace('"', '""'))
    rows = st.lists(st.lists(cell, min_size=7, max_size=7), min_size=1, max_size=4)

    @hypothesis_settings(FUZZ, max_examples=200)
    @given(rows=rows, raw=st.one_of(st.none(), st.binary(max_size=200)))
    def upload(rows, raw):
        lines = [",".join(PARTNER_COLUMNS)] + [",".join(f'"{v}"' for v in row) for row in rows]
        content = raw if raw is not None else "\r\n".join(lines).encode("utf-8", "replace")
        before = Partner.objects.count()
        preview = client.post(
            "/admin/cities/partner/import/",
            {"resource": 0, "format": 0, "import_file": SimpleUploadedFile("p.csv", content)},
        )
        assert answered(preview), content
        assert Partner.objects.count() == before  # a preview writes nothing
        confirm = preview.context and preview.context.get("confirm_form")
        if confirm:
            done = client.post("/admin/cities/partner/process_import/", confirm.initial)
            assert answered(done), content

    upload()


def test_at_least_a_thousand_inputs_were_sent_and_none_was_a_server_error():
    """Runs after the tests above (pytest keeps the file's order)."""
    print(f"\nfuzzed inputs: {seen['inputs']}, server errors: {seen['server errors']}")
    assert seen["inputs"] >= 1000
    assert seen["server errors"] == 0
