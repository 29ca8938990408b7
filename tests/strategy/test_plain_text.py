"""Excerpts of Markdown contributions show the words, not the marks, and never markup."""

from apps.strategy.markdown import plain_text


def test_plain_text_keeps_the_words():
    text = (
        "Un **guichet** pour <script>alert(1)</script> les *conjoints* & [voir](http://x.fr)"
        "\n\n- a\n- b"
    )
    assert plain_text(text) == "Un guichet pour les conjoints & voir a b"
    assert plain_text("") == ""
