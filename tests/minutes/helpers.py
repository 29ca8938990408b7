"""What the minutes tests share besides builders."""

from django.test import Client


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
