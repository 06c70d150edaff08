"""The production settings for servers that the tests start, with static files from the finders.

Production runs `collectstatic` and serves hashed names from its manifest; the tests skip that step.
"""

from werkzeugkoffer.settings import *  # noqa: F403
from werkzeugkoffer.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
