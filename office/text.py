"""Formatted text that staff type in the admin, made safe for the public page."""

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
