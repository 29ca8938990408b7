"""`manage.py mailings_bounce ADDRESS… [--file FILE]`: record hard bounces.

Reads the addresses the mail relay reported as undeliverable (arguments, or a file with one
address per line, `-` for standard input): each known address stops receiving mailings and
the bounce is recorded (SubscriptionEvent), visible in the admin. Transactional emails are not
affected.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from apps.mailings.services import bounce_record


class Command(BaseCommand):
    help = "Enregistre des adresses en échec (bounces) : elles ne reçoivent plus les lettres."

    def add_arguments(self, parser):
        parser.add_argument("addresses", nargs="*", help="adresses électroniques en échec")
        parser.add_argument(
            "--file", help="un fichier, une adresse par ligne (- : entrée standard)"
        )
        parser.add_argument("--detail", default="", help="motif (ex. : 550 boîte inexistante)")

    def handle(self, *args, addresses, file, detail, **options):
        addresses = list(addresses)
        if file:
            stream = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
            with stream:
                addresses += [line.strip() for line in stream if line.strip()]
        if not addresses:
            raise CommandError("Indiquez au moins une adresse (ou --file).")
        known = 0
        for address in addresses:
            if bounce_record(email=address, detail=detail):
                known += 1
            else:
                self.stderr.write(f"Adresse inconnue : {address}")
        self.stdout.write(f"{known} adresse(s) enregistrée(s) en échec sur {len(addresses)}.")
