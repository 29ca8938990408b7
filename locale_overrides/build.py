"""Build locale_overrides/fr/LC_MESSAGES/django.po: the libraries' French strings about email
in the platform's words.

allauth's French catalogue says « e-mail », « E-mail », « email » and « adresse e-mail », Django
REST framework's « adresse e-mail » (and, as an installed app, its catalogue answers for the
whole site: a form's « Saisissez une adresse e-mail valide. »). The platform says « adresse
électronique » for the address and « courriel » for a message, as the accounts' own templates
and emails do. This catalogue holds only the libraries' strings that say otherwise, reworded;
it is listed in LOCALE_PATHS, whose catalogues win over the apps' ones. Run after upgrading
one of these libraries (`polib` comes with requirements-dev), then read what it prints:

    .venv/bin/python locale_overrides/build.py && make messages
"""

import re
from pathlib import Path

import allauth
import polib
import rest_framework

HERE = Path(__file__).resolve().parent
# The catalogues read, in the order Django merges them (a later one wins on the same msgid).
SOURCES = [
    Path(rest_framework.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.mo",
    Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po",
]
TARGET = HERE / "fr" / "LC_MESSAGES" / "django.po"

# Where a word-for-word rule would not agree in gender or read naturally.
WHOLE = {
    "Email": "Adresse électronique",
    "Email address": "Adresse électronique",
    "Username, email or phone": "Nom d'utilisateur, adresse électronique ou téléphone",
    "Username or email": "Nom d'utilisateur ou adresse électronique",
    "Email or phone": "Adresse électronique ou téléphone",
    "Email (again)": "Adresse électronique (confirmation)",
    "Email (optional)": "Adresse électronique (facultative)",
    "You must type the same email each time.": (
        "Vous devez saisir deux fois la même adresse électronique."
    ),
    "email confirmation": "confirmation d'adresse électronique",
    "email confirmations": "confirmations d'adresse électronique",
    "Email Verification": "Vérification de l'adresse électronique",
    "Add Email": "Ajouter l'adresse",
    "Email Changed": "Adresse électronique modifiée",
    "Your email has been confirmed.": "Votre adresse électronique a été confirmée.",
    "Email Confirmation": "Confirmation de l'adresse électronique",
    "Email Removed": "Adresse électronique retirée",
    "Password Reset Email": "Courriel de réinitialisation du mot de passe",
    "Current email": "Adresse électronique actuelle",
    "Change Email": "Changer d'adresse électronique",
    "Confirmation email sent to %(email)s.": "Courriel de confirmation envoyé à %(email)s.",
    "Unable to confirm %(email)s because it is already confirmed by a different account.": (
        "Impossible de confirmer %(email)s : cette adresse est déjà confirmée par un autre compte."
    ),
}
RULES = [
    (r"\b([Aa])dresses e-mail\b", r"\1dresses électroniques"),
    (r"\b([Aa])dresse e-?mail\b", r"\1dresse électronique"),
    (r"\bcet e-?mail\b", "ce courriel"),
    (r"\bCet e-?mail\b", "Ce courriel"),
    (r"\bun e-?mail\b", "un courriel"),
    (r"\bl'e-?mail %\(email\)s", "l'adresse %(email)s"),
    (r"\bl'e-?mail\b", "le courriel"),
    (r"\bpar e-?mail\b", "par courriel"),
    (r"\bE-mail de\b", "Courriel de"),
    (r"\bune adresse email\b", "une adresse électronique"),
]
PLACEHOLDERS = re.compile(r"%\(\w+\)s|\{\w+\}|mailto:|email_url")
MENTIONS = re.compile(r"e-?mail\b", re.IGNORECASE)


def reword(msgid: str, text: str) -> str:
    if msgid in WHOLE:
        return WHOLE[msgid]
    for pattern, replacement in RULES:
        text = re.sub(pattern, replacement, text)
    return text


def mentions(text: str) -> bool:
    return bool(MENTIONS.search(PLACEHOLDERS.sub("", text)))


def build() -> list[str]:
    """Write the catalogue; return the reworded texts that still say « e-mail »."""
    out = polib.POFile()
    out.metadata = {
        "Project-Id-Version": "cornouaille (allauth, in the platform's words)",
        "Language": "fr",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    left = []
    entries = {}
    for source in SOURCES:
        catalogue = polib.mofile if source.suffix == ".mo" else polib.pofile
        for entry in catalogue(str(source)):
            entries[(entry.msgctxt, entry.msgid)] = entry
    for entry in entries.values():
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        # The OpenID scopes (« openid profile email ») are names, not words.
        if entry.obsolete or "openid" in entry.msgstr or not any(map(mentions, texts)):
            continue
        new = polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt)
        if entry.msgid_plural:
            new.msgid_plural = entry.msgid_plural
            new.msgstr_plural = {
                k: reword(entry.msgid_plural, v) for k, v in entry.msgstr_plural.items()
            }
            result = list(new.msgstr_plural.values())
        else:
            new.msgstr = reword(entry.msgid, entry.msgstr)
            result = [new.msgstr]
        left += [text for text in result if mentions(text)]
        out.append(new)
    out.save(str(TARGET))
    print(f"{TARGET.relative_to(HERE.parent)} : {len(out)} chaînes reformulées")
    return left


if __name__ == "__main__":
    for text in build():
        print("dit encore « e-mail » :", text)
