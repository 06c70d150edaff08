"""Read by gunicorn when started from this folder (`gunicorn werkzeugkoffer.wsgi`, also `make run`)."""

# gunicorn's own request-line limit is at most 8,190 bytes and answers beyond it with an English 414
# without the portal's security headers. With 0 and the C parser (gunicorn-h1c), a request line may be up
# to 1 MB, so that Django answers every address longer than settings.MAX_URL_LENGTH (8,000 characters)
# with its German 414 page before reading anything else. Longer lines are refused by gunicorn; in production
# the reverse proxy answers long addresses first (docs/deployment.md).
limit_request_line = 0
http_parser = "fast"
# gunicorn's control socket lives in the home directory, where two servers (a trial and the tests) collide;
# the portal does not use it.
control_socket_disable = True
