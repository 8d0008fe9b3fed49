from django.http import HttpResponse
from django.test import RequestFactory

from office.parameters import renamed_parameters


@renamed_parameters({"type": "agreement_kind"})
def directory(request):
    return HttpResponse(request.GET.urlencode())


def test_an_old_parameter_name_is_sent_permanently_to_the_new_one():
    response = directory(RequestFactory().get("/en/partners/", {"q": "a", "type": "sister-city"}))
    assert response.status_code == 301
    assert response["Location"] == "/en/partners/?q=a&agreement_kind=sister-city"


def test_the_new_name_wins_when_a_request_has_both():
    request = RequestFactory().get("/p/", {"type": "old", "agreement_kind": "new"})
    assert directory(request)["Location"] == "/p/?agreement_kind=new"


def test_a_request_with_only_new_names_is_answered_at_once():
    response = directory(RequestFactory().get("/p/", {"agreement_kind": "sister-city"}))
    assert response.status_code == 200
    assert response.content == b"agreement_kind=sister-city"
