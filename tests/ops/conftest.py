"""Operations tests: backups, a real database outage, hostile input."""

import socket
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from werkzeugkoffer.operations.backup import dump


def database_url(database, name=None):
    """A DATABASE_URL for a Django DATABASES entry, optionally for another database on the same server."""
    user = quote(database["USER"] or "", safe="")
    password = f":{quote(database['PASSWORD'], safe='')}" if database.get("PASSWORD") else ""
    name = quote(name or database["NAME"], safe="")
    host = database["HOST"] or ""
    if host.startswith("/"):
        return f"postgres://{user}{password}@/{name}?host={quote(host, safe='/')}"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{name}"


def connect(database, name=None, **kwargs):
    return psycopg.connect(
        dbname=name or database["NAME"],
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"] or None,
        password=database.get("PASSWORD") or None,
        **kwargs,
    )


def fingerprints(database, name=None):
    """{table: (row count, checksum over all rows)} and {sequence: last value} for every user table."""
    tables = {}
    with connect(database, name) as conn:
        names = conn.execute(
            "SELECT schemaname, tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
        ).fetchall()
        for schema, table in names:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) FROM {} t"
            ).format(sql.Identifier(schema, table))
            tables[f"{schema}.{table}"] = conn.execute(query).fetchone()
        sequences = dict(
            conn.execute("SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences").fetchall()
        )
    return tables, sequences


@pytest.fixture
def fresh_database(django_db_setup):
    """An empty database on the test server, dropped afterwards."""
    database = connection.settings_dict
    name = f"{database['NAME']}_wiederhergestellt"
    with connect(database, "postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield {**database, "NAME": name}
    with connect(database, "postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def seed_dump(django_db_setup, tmp_path_factory):
    """A backup of the seeded test database."""
    return dump(connection.settings_dict, tmp_path_factory.mktemp("sicherung") / "seed.dump")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
