"""Text people type: names and titles without invisible characters.

A name made only of zero-width characters (U+200B…) passes `required` and `split()` — Python
does not count them as whitespace — and is stored as an invisible person. `visible_text` drops
the invisible format characters (Unicode category Cf: zero-width space, word joiner, byte order
mark, soft hyphen, bidi controls) except the zero-width (non-)joiners, which some scripts need
between letters; it collapses whitespace, and returns "" when no letter or digit is left.
"""

import unicodedata

from django import forms

KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d"}  # ZWNJ, ZWJ: meaningful between letters


def visible_text(value: str) -> str:
    kept = "".join(
        c for c in value if unicodedata.category(c) != "Cf" or c in KEPT_FORMAT_CHARACTERS
    )
    text = " ".join(kept.split()).strip("\u200c\u200d ")
    if not any(unicodedata.category(c)[0] in "LN" for c in text):
        return ""
    return text


class VisibleCharField(forms.CharField):
    """A CharField whose value is `visible_text`: invisible-only input counts as empty (the
    field's own `required` message then says what to do)."""

    def to_python(self, value):
        return visible_text(super().to_python(value))
