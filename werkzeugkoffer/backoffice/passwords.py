"""How hard a password is to guess: zxcvbn's estimate with German dictionaries, beside Django's own validators.

zxcvbn (PyPI) knows English words, names and leaked passwords. The German ones come from npm, like KERN UX
installed by `npm ci` into node_modules: `@zxcvbn-ts/language-de` (common words, words of the German Wikipedia,
first and last names) and `@zxcvbn-ts/language-common` (passwords from leaks in many languages and the German
keyboard layout). Nothing of them is copied into the repository or fetched at run time.
"""

import json
import re
import threading
from functools import cache

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured, ValidationError
from zxcvbn import matching, zxcvbn

ZXCVBN_TS = settings.BASE_DIR / "node_modules/@zxcvbn-ts"
DICTIONARIES = {
    "german_common_words": "language-de/src/commonWords.json",
    "german_wikipedia": "language-de/src/wikipedia.json",
    "german_first_names": "language-de/src/firstnames.json",
    "german_last_names": "language-de/src/lastnames.json",
    "common_passwords": "language-common/src/passwords.json",
}
KEYBOARDS = "language-common/src/adjacencyGraphs.json"
# Words an attacker of this portal tries first, whatever their rank in the dictionaries.
PORTAL_WORDS = [
    "werkzeugkoffer",
    "redaktion",
    "freigabe",
    "quartier",
    "quartiersentwicklung",
    "ministerium",
    "sozialministerium",
    "rheinlandpfalz",
    "rlp",
    "mainz",
]
# zxcvbn's score 4: about 10^10 guesses, which withstands an offline attack on the stored (slow) password hash.
MIN_GUESSES = 10**10
# zxcvbn refuses longer input (its effort grows with the length); a longer password is at least as strong.
MAX_ESTIMATED_LENGTH = 72

# Why a password is easy to guess, from its longest part as zxcvbn took it apart.
REASONS = {
    "common_passwords": "Es steht in Listen häufig verwendeter Passwörter.",
    "portal": "Es enthält ein Wort, das mit diesem Portal zu tun hat.",
    "user_inputs": "Es enthält Ihren Benutzernamen, Ihren Namen oder Ihre E-Mail-Adresse.",
    "dictionary": "Es besteht aus bekannten Wörtern oder Namen.",
    "repeat": "Wiederholungen wie „abcabc“ machen es kaum sicherer.",
    "spatial": "Tastaturfolgen wie „qwertz“ werden zuerst ausprobiert.",
    "sequence": "Folgen wie „abc“ oder „1234“ werden zuerst ausprobiert.",
    "regex": "Jahreszahlen werden zuerst ausprobiert.",
    "date": "Daten werden zuerst ausprobiert.",
    "bruteforce": "Es ist zu kurz.",
}
ADVICE = (
    "Nehmen Sie besser drei oder vier Wörter, die nichts miteinander zu tun haben, zum Beispiel mit Bindestrichen "
    "verbunden. Ziffern, Sonderzeichen oder Großbuchstaben sind dann nicht nötig."
)

# zxcvbn keeps the user's words in a module-level dictionary while it estimates.
_estimating = threading.Lock()


def missing_files():
    return [name for name in [*DICTIONARIES.values(), KEYBOARDS] if not (ZXCVBN_TS / name).exists()]


@register(Tags.security)
def check_dictionaries(app_configs, **kwargs):
    if missing := missing_files():
        return [
            Error(
                f"Password dictionaries are missing in {ZXCVBN_TS}: {', '.join(missing)}",
                hint="Run `make install` (npm ci).",
                id="werkzeugkoffer.E002",
            )
        ]
    return []


@cache
def load_dictionaries():
    """Add the German dictionaries, the portal's words and the German keyboard to zxcvbn, once per process."""
    if missing := missing_files():
        raise ImproperlyConfigured(f"Password dictionaries are missing in {ZXCVBN_TS}: {', '.join(missing)}")
    lists = {name: json.loads((ZXCVBN_TS / path).read_text()) for name, path in DICTIONARIES.items()}
    matching.add_frequency_lists({**lists, "portal": PORTAL_WORDS})
    # Scored like a keypad, which underrates walks on it a little: harmless for a minimum.
    matching.GRAPHS["qwertz"] = json.loads((ZXCVBN_TS / KEYBOARDS).read_text())["qwertz"]


def user_words(user):
    if user is None:
        return []
    words = [user.get_username(), getattr(user, "first_name", ""), getattr(user, "last_name", "")]
    email = getattr(user, "email", "")
    words += [email, *re.split(r"[\W_]+", email.partition("@")[0])]
    return [word for word in words if len(word) > 2]


def estimate(password, user=None):
    """zxcvbn's analysis of the password: guesses, and the parts it found (sequence)."""
    load_dictionaries()
    with _estimating:
        return zxcvbn(password[:MAX_ESTIMATED_LENGTH], user_inputs=user_words(user))


def reason(sequence):
    longest = max(sequence, key=lambda match: len(match["token"]))
    pattern = longest["pattern"]
    if pattern == "dictionary":
        return REASONS.get(longest["dictionary_name"], REASONS["dictionary"])
    return REASONS.get(pattern, "")


class GuessablePasswordValidator:
    """Refuses passwords that take fewer than MIN_GUESSES guesses to find, with German words counted as known."""

    def validate(self, password, user=None):
        result = estimate(password, user)
        if result["guesses"] < MIN_GUESSES:
            raise ValidationError(
                f"Dieses Passwort ist zu leicht zu erraten. {reason(result['sequence'])} {ADVICE}",
                code="password_guessable",
            )

    def get_help_text(self):
        return (
            "Ihr Passwort darf nicht leicht zu erraten sein – am besten drei oder vier Wörter, die nichts miteinander "
            "zu tun haben."
        )
