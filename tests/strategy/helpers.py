"""What the strategy tests share: a hostile text and how to check it came out harmless."""

XSS = (
    "Un port <script>alert(1)</script> plus accueillant.\n\n"
    "<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) et **gras**"
)


def fragment(html: str, contribution) -> str:
    """The HTML of one contribution's card."""
    start = html.index(f'<li id="contribution-{contribution.pk}"')
    ends = [html.find(marker, start + 1) for marker in ('<li id="contribution-', "</section>")]
    return html[start : min(end for end in ends if end != -1)]


def assert_sanitised(html: str, contribution) -> None:
    card = fragment(html, contribution)
    assert "<strong>gras</strong>" in card  # Markdown is rendered…
    assert "<script" not in card  # …and what could run is gone
    assert "alert(1)" not in card
    assert "onerror" not in card
    assert "<img" not in card
    assert "javascript:" not in card.lower()
