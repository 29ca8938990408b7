"""The platform's own words for each kind of notification (the centre, emails, digests).

Built when shown, not when stored, so that they follow the reader's language and the count of
grouped events (« 3 nouveaux commentaires sur … »).
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Notification

K = Notification.Kind


def sentence(notification: Notification) -> str:
    n = notification.count
    subject = notification.subject
    kind = notification.kind
    if kind == K.MEETING_PUBLISHED:
        return _("Nouvelle réunion : « %(subject)s »") % {"subject": subject}
    if kind == K.MINUTES_PUBLISHED:
        return ngettext(
            "Compte rendu publié : « %(subject)s »",
            "Compte rendu publié, %(count)d versions : « %(subject)s »",
            n,
        ) % {"subject": subject, "count": n}
    if kind == K.COMMENT_POSTED:
        return ngettext(
            "Nouveau commentaire sur « %(subject)s »",
            "%(count)d nouveaux commentaires sur « %(subject)s »",
            n,
        ) % {"subject": subject, "count": n}
    if kind == K.CONTRIBUTION_LINKED:
        return ngettext(
            "Votre contribution est à l'origine de l'action « %(subject)s »",
            "%(count)d de vos contributions sont à l'origine de l'action « %(subject)s »",
            n,
        ) % {"subject": subject, "count": n}
    if kind == K.ACTION_CREATED:
        return ngettext(
            "Nouvelle action prioritaire : « %(subject)s »",
            "%(count)d nouvelles actions prioritaires, dont « %(subject)s »",
            n,
        ) % {"subject": subject, "count": n}
    if kind == K.ACTION_STATUS:
        return ngettext(
            "L'action « %(subject)s » a changé de statut",
            "L'action « %(subject)s » a changé %(count)d fois de statut",
            n,
        ) % {"subject": subject, "count": n}
    if kind == K.ACTION_DECIDED:
        return ngettext(
            "Une instance a décidé de l'action « %(subject)s »",
            "%(count)d décisions sur l'action « %(subject)s »",
            n,
        ) % {"subject": subject, "count": n}
    if kind == K.CALL_OPENED:
        return _("Appel à contributions ouvert : « %(subject)s »") % {"subject": subject}
    return subject
