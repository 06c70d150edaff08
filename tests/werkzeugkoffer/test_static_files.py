"""In production mode, static files have hashed names, are compressed, may be cached forever and may not be framed."""

import json

from tests.werkzeugkoffer.test_settings import PRODUCTION, run_manage

PROBE = """
import json
from django.templatetags.static import static
from django.test import Client
client = Client(HTTP_HOST="werkzeugkoffer.example", HTTP_ACCEPT_ENCODING="gzip", **{"wsgi.url_scheme": "https"})
url = static("css/site.css")
response = client.get(url)
print(json.dumps({"url": url, "status": response.status_code, "cache": response.get("Cache-Control", ""),
                  "encoding": response.get("Content-Encoding", ""), "vary": response.get("Vary", ""),
                  "csp": response.get("Content-Security-Policy", ""), "frame": response.get("X-Frame-Options", ""),
                  "origins": response.get("Access-Control-Allow-Origin", "")}))
"""


def test_static_files_are_hashed_compressed_and_immutable(tmp_path):
    env = {**PRODUCTION, "DJANGO_STATIC_ROOT": str(tmp_path / "static"), "DJANGO_SECURE_SSL_REDIRECT": "false"}
    collected = run_manage("collectstatic", "--noinput", "-v", "0", **env)
    assert collected.returncode == 0, collected.stderr
    probe = run_manage("shell", "-c", PROBE, **env)
    assert probe.returncode == 0, probe.stderr
    result = json.loads(probe.stdout.strip().splitlines()[-1])
    assert result["status"] == 200
    assert result["url"] != "/static/css/site.css"  # content hash in the name
    assert "immutable" in result["cache"]
    assert "max-age=315360000" in result["cache"]
    assert result["encoding"] == "gzip"
    # Answered by WhiteNoise before Django's CSP and clickjacking middleware, yet with both headers.
    assert "default-src 'none'" in result["csp"]
    assert "frame-ancestors 'none'" in result["csp"]
    assert result["frame"] == "DENY"
    # Only the portal's own pages use them; no other site may read them with a script.
    assert result["origins"] == ""
