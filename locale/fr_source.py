"""locale/fr: French is the source language, so every French "translation" is its msgid.

The catalogue exists for the plural rule: ngettext falls back to English's rule (n != 1:
« 0 comptes rendus ») for any text missing from a catalogue. After `makemessages`, msgmerge
has guessed French msgstrs for new texts from similar old ones (marked fuzzy, so never
compiled); this sets every msgstr to its msgid and clears those marks (`make makemessages`).
"""

import sys

import polib

path = sys.argv[1] if len(sys.argv) > 1 else "locale/fr/LC_MESSAGES/django.po"
catalogue = polib.pofile(path, wrapwidth=79)
for entry in catalogue:
    if entry.msgid_plural:
        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
    else:
        entry.msgstr = entry.msgid
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
catalogue.metadata["Language"] = "fr"
catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
catalogue.save(path)
