"""Django's createsuperuser, which also checks the password against the validators with --noinput.

Django checks them only when it asks for the password; a password from DJANGO_SUPERUSER_PASSWORD went
unchecked, so `admin` was accepted. (It is found before Django's because werkzeugkoffer comes first in
INSTALLED_APPS.)
"""

import os

from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password is not None:
            try:
                validate_password(password, self.UserModel(**self.named_fields(options)))
            except ValidationError as error:
                raise CommandError(
                    "Das Passwort aus DJANGO_SUPERUSER_PASSWORD ist zu schwach; es wurde kein Konto angelegt.\n"
                    + "\n".join(error.messages)
                ) from None
        super().handle(*args, **options)

    def named_fields(self, options):
        """User name and the other required fields as given, for the validators that compare them with the password."""
        fields = {}
        for name in [self.UserModel.USERNAME_FIELD, *self.UserModel.REQUIRED_FIELDS]:
            value = options.get(name) or os.environ.get(f"DJANGO_SUPERUSER_{name.upper()}")
            if value and not self.UserModel._meta.get_field(name).many_to_many:
                fields[name] = value
        return fields
