"""Sending Divert's emails: HTML and plain text from the same context, over SMTP."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string


def send_templated(*, template: str, context: dict, subject: str, to: list[str], separately: bool = True,
                   attachments: list[tuple[str, bytes, str]] | None = None) -> int:
    """Render `template`.txt and `template`.html and send; one message per recipient when `separately` (nobody
    sees who else received it). Raises on SMTP failure."""
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    batches = [[addr] for addr in to] if separately else [to]
    messages = []
    for batch in batches:
        msg = EmailMultiAlternatives(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=batch)
        msg.attach_alternative(html, "text/html")
        for name, content, mimetype in attachments or []:
            msg.attach(name, content, mimetype)
        messages.append(msg)
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
