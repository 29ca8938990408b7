"""One mailing as an email to one person: HTML and plain text, the unsubscribe headers.

Mailings carry `List-Unsubscribe` (an https URL and a mailto) and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): a mail client unsubscribes the
person with one POST, without a login. Transactional emails (convocations, registrations) are
built elsewhere and never carry these headers.
"""

from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from apps.strategy.markdown import render_markdown

UNSUBSCRIBE_SALT = "mailings.unsubscribe"


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_id_from_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(token: str) -> str:
    return settings.SITE_URL + reverse("mailings:unsubscribe", kwargs={"token": token})


def unsubscribe_mailto(token: str) -> str:
    address = getattr(settings, "MAILINGS_UNSUBSCRIBE_EMAIL", "")
    return f"mailto:{address}?subject={quote('desabonnement ' + token)}" if address else ""


def rendered_body(mailing) -> str:
    return render_markdown(mailing.body)


def absolute_links(html: str) -> str:
    """Links to the site's own pages ("/calendrier/") work from a mail client too."""
    return mark_safe(html.replace('href="/', f'href="{settings.SITE_URL}/'))  # noqa: S308


def build_message(*, mailing, user, html_body: str | None = None, test: bool = False):
    token = unsubscribe_token(user)
    url = unsubscribe_url(token)
    context = {
        "mailing": mailing,
        "body_html": absolute_links(html_body if html_body is not None else rendered_body(mailing)),
        "unsubscribe_url": url,
        "archive_url": settings.SITE_URL + mailing.get_absolute_url(),
        "profile_url": settings.SITE_URL + reverse("accounts:profile"),
        "test": test,
        "site_url": settings.SITE_URL,
    }
    subject = ("[TEST] " if test else "") + mailing.subject
    targets = [f"<{url}>"]
    if mailto := unsubscribe_mailto(token):
        targets.append(f"<{mailto}>")
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("mailings/email/mailing.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": ", ".join(targets),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": "Lettre d'information <lettre.cornouaille-attractivite.fr>",
            "Precedence": "bulk",
        },
    )
    message.attach_alternative(
        render_to_string("mailings/email/mailing.html", context), "text/html"
    )
    return message
