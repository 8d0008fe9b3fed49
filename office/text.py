"""Text that people type: Markdown from staff made safe, names made comparable."""

import unicodedata

import markdown as markdown_library
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def render_markdown(text):
    """Markdown to HTML, then through an allow-list: raw HTML from the admin never reaches
    the page (a <script> is dropped with its content, on* attributes are removed)."""
    html = markdown_library.markdown(text or "", output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def plain_text(text):
    """Text in the one form any keyboard gives: full-width letters and digits, half-width
    kana (NFKC), and runs of spaces, full-width ones too, written the usual way."""
    return " ".join(unicodedata.normalize("NFKC", "" if text is None else str(text)).split())


def matching_key(text):
    """Text as it is compared with another: width, spaces and case do not count."""
    return plain_text(text).casefold()
