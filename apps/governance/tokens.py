"""Signed links that let a convoked person answer straight from the email."""

from django.core import signing

SALT = "governance.participation-answer"


def answer_token(participation) -> str:
    return signing.dumps({"p": participation.pk, "u": participation.user_id}, salt=SALT)


def participation_id_from_token(token: str) -> int | None:
    """The participation a token was issued for, or None when forged or mangled."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        return None
    return data["p"]


def token_matches(token: str, participation) -> bool:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return False
    return data == {"p": participation.pk, "u": participation.user_id}
