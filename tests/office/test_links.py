from office.links import absolute_url


def test_a_site_path_becomes_a_full_address_from_site_url(settings):
    settings.SITE_URL = "https://twinning.city.example/"
    assert absolute_url("/en/visits/") == "https://twinning.city.example/en/visits/"


def test_a_full_address_is_left_as_it_is(settings):
    settings.SITE_URL = "https://twinning.city.example"
    assert absolute_url("https://example.org/x") == "https://example.org/x"
