"""Capture log lines the way production writes them: formatted as JSON while the request runs."""

import io
import json
import logging

from werkzeugkoffer.operations.logs import JsonFormatter


class JsonLog:
    def __init__(self):
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(JsonFormatter())

    def lines(self, logger=None):
        entries = [json.loads(line) for line in self.stream.getvalue().splitlines()]
        return [entry for entry in entries if logger is None or entry["logger"] == logger]

    def __enter__(self):
        root = logging.getLogger()
        self.level = root.level
        root.addHandler(self.handler)
        root.setLevel(logging.INFO)
        return self

    def __exit__(self, *exc):
        root = logging.getLogger()
        root.removeHandler(self.handler)
        root.setLevel(self.level)
