from celery import shared_task

from .mail import deserialize_message


@shared_task(
    name="accounts.send_email",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=6,
    acks_late=True,
)
def send_email(data: dict) -> int:
    """Send one serialized email. SMTP hiccups (OSError, smtplib errors) are retried."""
    return deserialize_message(data).send()
