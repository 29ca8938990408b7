"""The committed catalogues: French repeats every source text (for its plural rule), English
translates every text; neither holds a fuzzy guess (msgfmt skips those: the page would fall
back to the source text, or to English's plural rule — « 0 actions classées »)."""

from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_french_repeats_every_source_text():
    catalogue = polib.pofile(str(LOCALE / "fr" / "LC_MESSAGES" / "django.po"))
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    wrong = [
        entry.msgid[:60]
        for entry in catalogue
        if "fuzzy" in entry.flags
        or (not entry.msgid_plural and entry.msgstr != entry.msgid)
        or (entry.msgid_plural and entry.msgstr_plural != {0: entry.msgid, 1: entry.msgid_plural})
    ]
    assert wrong == []


def test_english_translates_every_text():
    catalogue = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid[:60] for e in catalogue.fuzzy_entries()] == []
    assert [e.msgid[:60] for e in catalogue.untranslated_entries()] == []


def test_zero_is_singular_in_french():
    with translation.override("fr"):
        assert translation.ngettext(
            "%(counter)s action classée. Vous pouvez changer votre classement jusqu'à la clôture.",
            "%(counter)s actions classées. Vous pouvez changer votre classement jusqu'à la "
            "clôture.",
            0,
        ).startswith("%(counter)s action classée.")
