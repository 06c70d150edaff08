from django.core.management.base import BaseCommand

from alerts.digests import delete_unconfirmed, send_due


class Command(BaseCommand):
    help = (
        "Schickt die fälligen Benachrichtigungen (täglich oder wöchentlich, wie gewählt) und löscht Abonnements, "
        "die nicht binnen 7 Tagen bestätigt wurden. Für einen systemd-Timer oder cron; zweimal laufen schadet nicht."
    )

    def handle(self, *args, **options):
        deleted = delete_unconfirmed()
        sent, due = send_due()
        self.stdout.write(
            f"{sent} Benachrichtigungen verschickt ({due} Abonnements fällig), {deleted} unbestätigte gelöscht."
        )
