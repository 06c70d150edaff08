import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkzeugkoffer.backoffice.two_factor import APP_DEVICE_NAME, create_backup_codes
from werkzeugkoffer.models import EnrolmentLink


class Command(BaseCommand):
    help = (
        "Set up two-factor login for a staff account: prints the QR code for an authenticator app and "
        "backup codes. Replaces the account's previous devices and its enrolment link. (Staff without a device can "
        "also set one up themselves, with a link from `manage.py issue_enrolment`.)"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Es gibt kein Konto „{username}“.") from None
        TOTPDevice.objects.filter(user=user).delete()
        EnrolmentLink.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True)
        codes = create_backup_codes(user)

        self.stdout.write(f"Zwei-Faktor-Anmeldung für „{username}“ eingerichtet.")
        self.stdout.write("Scannen Sie diesen Code mit einer Authenticator-App (z. B. FreeOTP, Aegis, Google):")
        segno.make(device.config_url, error="m").terminal(out=self.stdout, compact=True)
        self.stdout.write(f"Oder geben Sie diese Adresse in die App ein: {device.config_url}")
        self.stdout.write("Notfallcodes (jeder gilt einmal, sicher aufbewahren): " + " ".join(codes))
