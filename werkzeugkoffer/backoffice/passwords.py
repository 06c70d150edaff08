"""A password check beyond Django's own: no repetitions and no obvious word with a number attached."""

import re

from django.core.exceptions import ValidationError

# Words an attacker tries first for this portal, in German; Django's list covers the English ones.
PREDICTABLE_WORDS = {
    "passwort",
    "kennwort",
    "geheim",
    "hallo",
    "willkommen",
    "sommer",
    "winter",
    "schatz",
    "admin",
    "redaktion",
    "freigabe",
    "werkzeugkoffer",
    "quartier",
    "ministerium",
    "rheinlandpfalz",
    "mainz",
}
MIN_DISTINCT_CHARACTERS = 6


class PredictablePasswordValidator:
    def validate(self, password, user=None):
        if len(set(password)) < MIN_DISTINCT_CHARACTERS:
            raise ValidationError(
                "Das Passwort wiederholt zu wenige Zeichen. Bitte verwenden Sie mindestens sechs verschiedene.",
                code="password_repetitive",
            )
        stem = re.sub(r"[^a-zäöüß]", "", password.lower())
        if stem in PREDICTABLE_WORDS:
            raise ValidationError(
                "Das Passwort ist ein naheliegendes Wort mit Zahlen oder Zeichen. Bitte wählen Sie etwas, das "
                "man nicht erraten kann, z. B. mehrere zufällige Wörter.",
                code="password_predictable",
            )

    def get_help_text(self):
        return "Ihr Passwort darf kein naheliegendes Wort mit angehängten Zahlen sein und keine Zeichenwiederholung."
