from office.text import matching_key, plain_text, render_markdown


def test_markdown_becomes_paragraphs_lists_and_links():
    html = render_markdown(
        "Sister city since **2013**.\n\n- science\n- [Site](https://example.org)"
    )
    assert "<strong>2013</strong>" in html
    assert "<li>science</li>" in html
    assert 'href="https://example.org"' in html


def test_scripts_and_event_handlers_never_reach_the_page():
    html = render_markdown(
        'Hello <script>alert("x")</script>\n\n<img src=x onerror="alert(1)">'
        '<a href="https://a.example" onclick="steal()">link</a>'
        "\n\n[bad](javascript:alert(1))"
    )
    assert "<script" not in html
    assert "alert(" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert "<img" not in html


def test_headings_outside_the_allow_list_keep_only_their_text():
    html = render_markdown("# Big title\n\n### Small title")
    assert "<h1>" not in html
    assert "Big title" in html
    assert "<h3>Small title</h3>" in html


def test_text_typed_on_a_japanese_keyboard_is_written_the_usual_way():
    assert plain_text("　ＳＡＬＴ　 Lake  ｼﾃｨ ") == "SALT Lake シティ"


def test_names_match_whatever_their_width_spacing_and_case():
    assert matching_key("Ｓａｌｔ　Lake  City") == matching_key("salt lake city")
    assert matching_key(None) == ""
    assert matching_key(0) == "0"
