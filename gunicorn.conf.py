"""Read by gunicorn when started from this folder (`gunicorn werkzeugkoffer.wsgi`)."""

# gunicorn's largest request line (its default is 4094), so that addresses up to settings.MAX_URL_LENGTH
# reach Django and longer ones get its German 414 page; beyond this gunicorn answers a plain 400.
limit_request_line = 8190
