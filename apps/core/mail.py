"""Emails leave through the outbox: the request renders the message and promises it in its
own transaction; a worker sends it (apps/core/outbox.py).

A message is turned into plain JSON, attachments included (only small ones, such as an ICS
invitation: links rather than big files).
"""

import base64

from django.core.mail import EmailMessage, EmailMultiAlternatives


def serialize_message(message: EmailMessage) -> dict:
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode("utf-8")
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def deserialize_message(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data.get("cc") or None,
        bcc=data.get("bcc") or None,
        reply_to=data.get("reply_to") or None,
        headers=data.get("headers") or None,
    )
    for content, mimetype in data.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data.get("attachments", []):
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


EMAIL_HANDLER = "core.email"


def queue_email(message: EmailMessage, *, key: str) -> None:
    """Promise `message` in the current transaction: a worker sends it after the commit, once
    per `key` (recipient, reason, object, version)."""
    from . import outbox

    outbox.enqueue(EMAIL_HANDLER, key=key, payload=serialize_message(message))


def send_serialized(payload: dict) -> None:
    """The outbox handler: send one serialized message (SMTP errors are retried by the outbox)."""
    deserialize_message(payload).send()
