from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from werkzeugkoffer.backoffice.two_factor import enrolment_refusal, enrolment_url, issue_enrolment_link


class Command(BaseCommand):
    help = (
        "Issue a one-time link with which a staff account sets up its authenticator app (second factor). "
        "Prints the link; a new link replaces the account's previous one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--hours",
            type=int,
            default=settings.ENROLMENT_LINK_HOURS,
            help="How long the link is valid (default: DJANGO_ENROLMENT_LINK_HOURS, %(default)s).",
        )

    def handle(self, *args, username, hours, **options):
        if hours < 1:
            raise CommandError("--hours muss mindestens 1 sein.")
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Es gibt kein Konto „{username}“.") from None
        if refusal := enrolment_refusal(user):
            raise CommandError(refusal)
        token, _link = issue_enrolment_link(user, hours=hours)

        self.stdout.write(f"Einrichtungslink für „{username}“, gültig {hours} Stunden und nur einmal:")
        self.stdout.write(enrolment_url(token))
        if not settings.SITE_URL:
            self.stdout.write("(SITE_URL ist nicht gesetzt: Stellen Sie die Adresse des Portals voran.)")
        self.stdout.write(
            "Geben Sie den Link nur der Person, der das Konto gehört, am besten auf einem anderen Weg als das Passwort."
        )
