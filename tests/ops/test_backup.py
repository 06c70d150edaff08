"""make backup / make restore: a dump restored into a fresh database holds exactly the same rows."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.ops.conftest import connect, database_url, fingerprints
from werkzeugkoffer.operations.backup import restore

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, database_url):
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env = {**inherited, "DJANGO_SETTINGS_MODULE": "werkzeugkoffer.settings", "DATABASE_URL": database_url}
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_backup_restored_into_a_fresh_database_is_identical(db, fresh_database, tmp_path):
    source = connection.settings_dict
    before = fingerprints(source)

    output = manage("backup", "--output-dir", str(tmp_path), database_url=database_url(source))
    backup = Path(output.strip().splitlines()[-1])
    manage("restore", str(backup), "--noinput", database_url=database_url(fresh_database))

    tables, sequences = fingerprints(fresh_database)
    assert tables == before[0]
    assert sequences == before[1]
    # Every table of the portal is there and the seed content is not empty.
    assert {"public.projects_practiceexample", "public.werkzeugkoffer_auditevent", "public.auth_user"} <= set(tables)
    assert tables["public.funding_fundingprogramme"][0] > 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert backup.name.startswith(f"{source['NAME']}-") and backup.suffix == ".dump"


def test_a_restore_replaces_what_the_database_holds(db, fresh_database, seed_dump):
    restore(fresh_database, seed_dump)
    with connect(fresh_database, autocommit=True) as conn:
        conn.execute("DELETE FROM contacts_contact_topics")
        conn.execute("UPDATE funding_fundingprogramme SET title = 'überschrieben'")
        conn.execute("CREATE TABLE nicht_in_der_sicherung (id int)")

    restore(fresh_database, seed_dump)

    expected = fingerprints(connection.settings_dict)[0]
    tables = fingerprints(fresh_database)[0]
    assert tables.pop("public.nicht_in_der_sicherung") == (0, "d41d8cd98f00b204e9800998ecf8427e")
    assert tables == expected


def test_restore_asks_before_it_replaces_anything(db, monkeypatch, seed_dump):
    monkeypatch.setattr("builtins.input", lambda prompt: "nein")
    with pytest.raises(CommandError, match="Abgebrochen"):
        call_command("restore", str(seed_dump))


def test_restore_refuses_a_missing_file(db):
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", "/gibt/es/nicht.dump", "--noinput")
