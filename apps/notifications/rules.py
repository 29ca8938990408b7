"""Who may do what with notifications: each person their own (deny by default)."""

import rules

from apps.accounts.rules import is_signed_in


@rules.predicate
def is_recipient(user, notification):
    return notification is not None and notification.recipient_id == user.pk


rules.add_perm("notifications.view_centre", is_signed_in)
rules.add_perm("notifications.follow", is_signed_in)
rules.add_perm("notifications.read_notification", is_signed_in & is_recipient)
