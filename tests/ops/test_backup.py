"""make backup / make restore: a backup restored into a fresh database holds exactly the same rows, and the
uploaded files come back with it."""

import io
import os
import stat
import subprocess
import sys
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command
from django.db import connection

from tests.ops.conftest import connect, database_url, fingerprints
from werkzeugkoffer.operations.backup import BackupError, back_up, holds_files, restore

ROOT = Path(__file__).resolve().parents[2]
PHOTOS = {
    "praxisbeispiele/cafe.jpg": b"JPEG des Nachbarschaftscafes",
    "praxisbeispiele/klein/cafe-480.webp": b"WebP, 480 Pixel breit",
    "praxisbeispiele/gross/cafe-960.webp": b"WebP, 960 Pixel breit",
}


def manage(*args, database_url, media_root):
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "werkzeugkoffer.settings",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(media_root),
    }
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def media(settings, tmp_path):
    """A real folder as the default storage, with the kept uploads in a folder inside it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "kept_uploads": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media" / "wartend"},
        },
    }
    return settings.MEDIA_ROOT


def entry(name, **attributes):
    member = tarfile.TarInfo(name)
    for attribute, value in attributes.items():
        setattr(member, attribute, value)
    return member


def archive_with(path, *members):
    """A tar with a database dump and the given (TarInfo, content) entries."""
    with tarfile.open(path, "w") as archive:
        for member, content in [(entry("datenbank.dump"), b"PGDMP"), *members]:
            member.size = len(content)
            archive.addfile(member, io.BytesIO(content) if member.isfile() else None)
    return path


def test_a_backup_restored_into_a_fresh_database_brings_back_every_row_and_photo_file(db, fresh_database, tmp_path):
    source = connection.settings_dict
    before = fingerprints(source)
    media = tmp_path / "media"
    photo = media / "praxisbeispiele" / "cafe.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(PHOTOS["praxisbeispiele/cafe.jpg"])

    output = manage("backup", "--output-dir", str(tmp_path), database_url=database_url(source), media_root=media)
    backup = Path(output.strip().splitlines()[-1])
    photo.unlink()
    output = manage("restore", str(backup), "--noinput", database_url=database_url(fresh_database), media_root=media)

    tables, sequences = fingerprints(fresh_database)
    assert tables == before[0]
    assert sequences == before[1]
    # Every table of the portal is there and the seed content is not empty.
    assert {"public.projects_practiceexample", "public.werkzeugkoffer_auditevent", "public.auth_user"} <= set(tables)
    assert tables["public.funding_fundingprogramme"][0] > 0
    assert photo.read_bytes() == PHOTOS["praxisbeispiele/cafe.jpg"]
    assert f"die Datenbank und die Dateien in {media.resolve()} (aus der Sicherung: 1, entfernt" in output
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert backup.name.startswith(f"{source['NAME']}-") and backup.suffix == ".tar"
    assert [path.name for path in tmp_path.iterdir() if path.is_file()] == [backup.name]


def test_a_restore_brings_back_the_rows_and_exactly_the_files_of_the_backup(
    media, db, fresh_database, seed_dump, tmp_path
):
    restore(fresh_database, seed_dump)
    for name, content in PHOTOS.items():
        assert default_storage.save(name, ContentFile(content)) == name
    storages["kept_uploads"].save("abc123.jpg", ContentFile(b"wartet auf das naechste Speichern"))
    (media / "praxisbeispiele" / "verknuepft.jpg").symlink_to(media / "praxisbeispiele" / "cafe.jpg")
    with connect(fresh_database, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO projects_practiceexampleimage "
            "(example_id, image, rendition_small, rendition_large, alt_text, caption, credit, position) "
            "SELECT min(id), %s, %s, %s, 'Menschen im Café', '', 'Foto: Testträger', 0 FROM projects_practiceexample",
            list(PHOTOS),
        )
    backup = back_up(fresh_database, tmp_path / "backups")

    # After the backup the row and its files are lost, and another photo is uploaded.
    with connect(fresh_database, autocommit=True) as conn:
        conn.execute("DELETE FROM projects_practiceexampleimage")
    for name in PHOTOS:
        default_storage.delete(name)
    default_storage.save("praxisbeispiele/spaeter.jpg", ContentFile(b"nach der Sicherung hochgeladen"))

    restored = restore(fresh_database, backup.path)

    with connect(fresh_database) as conn:
        rows = conn.execute("SELECT image, rendition_small, rendition_large FROM projects_practiceexampleimage")
        assert rows.fetchall() == [tuple(PHOTOS)]
    assert {name: (media / name).read_bytes() for name in PHOTOS} == PHOTOS
    assert not default_storage.exists("praxisbeispiele/spaeter.jpg")
    # Kept uploads are transient: neither backed up nor removed, even inside MEDIA_ROOT.
    assert storages["kept_uploads"].exists("abc123.jpg")
    with tarfile.open(backup.path) as archive:
        assert sorted(archive.getnames()) == sorted(["datenbank.dump", *(f"dateien/{name}" for name in PHOTOS)])
    # A symlink is no file to back up: named, left out, and removed as it is not in the backup.
    assert backup.skipped == [Path("praxisbeispiele/verknuepft.jpg")]
    assert not (media / "praxisbeispiele" / "verknuepft.jpg").is_symlink()
    assert (backup.files, restored.files, restored.removed) == (3, 3, 2)


def test_a_database_only_backup_from_before_still_restores_and_leaves_the_files(media, db, fresh_database, seed_dump):
    photo = media / "praxisbeispiele" / "cafe.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(PHOTOS["praxisbeispiele/cafe.jpg"])

    restored = restore(fresh_database, seed_dump)

    assert restored.media is None
    assert fingerprints(fresh_database)[0] == fingerprints(connection.settings_dict)[0]
    assert photo.read_bytes() == PHOTOS["praxisbeispiele/cafe.jpg"]


@pytest.mark.parametrize(
    "member",
    [
        entry("/tmp/boese.jpg"),
        entry("dateien/../../boese.jpg"),
        entry("dateien/praxisbeispiele/../../../boese.jpg"),
        entry("dateien/praxisbeispiele/link.jpg", type=tarfile.SYMTYPE, linkname="/etc/passwd"),
        entry("dateien/praxisbeispiele/nah.jpg", type=tarfile.SYMTYPE, linkname="cafe.jpg"),
        entry("dateien/praxisbeispiele/hart.jpg", type=tarfile.LNKTYPE, linkname="/etc/passwd"),
        entry("dateien/praxisbeispiele/null", type=tarfile.CHRTYPE, devmajor=1, devminor=3),
        entry("dateien/praxisbeispiele/rohr", type=tarfile.FIFOTYPE),
    ],
    ids=["absolute", "dot-dot", "dot-dot-deeper", "symlink-out", "symlink-in", "hard-link", "device", "fifo"],
)
def test_a_backup_with_paths_that_leave_the_media_folder_is_refused_before_anything_changes(
    media, db, fresh_database, tmp_path, member
):
    photo = media / "praxisbeispiele" / "cafe.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(PHOTOS["praxisbeispiele/cafe.jpg"])
    harmless = (entry("dateien/praxisbeispiele/anderes.jpg"), b"JPEG")
    malicious = archive_with(tmp_path / "boese.tar", harmless, (member, b"boese" if member.isfile() else b""))

    with pytest.raises(BackupError, match="refused, nothing was changed"):
        restore(fresh_database, malicious)

    assert fingerprints(fresh_database) == ({}, {})
    assert sorted(path.relative_to(media) for path in media.rglob("*")) == [
        Path("praxisbeispiele"),
        Path("praxisbeispiele/cafe.jpg"),
    ]
    assert not (tmp_path / "boese.jpg").exists()


def test_a_tar_that_is_no_backup_of_the_portal_is_refused(media, db, fresh_database, tmp_path):
    with tarfile.open(tmp_path / "fremd.tar", "w") as archive:
        archive.addfile(tarfile.TarInfo("dateien/leer.jpg"))

    with pytest.raises(BackupError, match="no backup of the portal"):
        restore(fresh_database, tmp_path / "fremd.tar")
    assert not media.exists()


def test_without_a_storage_folder_only_the_database_is_backed_up_and_the_command_says_so(db, tmp_path):
    stdout, stderr = StringIO(), StringIO()
    call_command("backup", "--output-dir", str(tmp_path), stdout=stdout, stderr=stderr)

    backup = Path(stdout.getvalue().strip())
    assert backup.suffix == ".dump" and not holds_files(backup)
    assert "InMemoryStorage" in stderr.getvalue() and "Gesichert ist nur die Datenbank" in stderr.getvalue()


def test_a_backup_with_files_is_refused_without_a_storage_folder_to_put_them_in(db, fresh_database, tmp_path):
    backup = archive_with(tmp_path / "sicherung.tar", (entry("dateien/praxisbeispiele/cafe.jpg"), b"JPEG"))

    with pytest.raises(BackupError, match="no folder on this machine"):
        restore(fresh_database, backup)
    assert fingerprints(fresh_database) == ({}, {})


def test_backups_are_not_written_into_the_media_folder_that_the_web_server_serves(media):
    with pytest.raises(CommandError, match="do not belong in MEDIA_ROOT"):
        call_command("backup", "--output-dir", str(media / "sicherungen"))
    assert not (media / "sicherungen").exists()


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


def test_restore_names_the_media_folder_it_will_replace(media, db, monkeypatch, tmp_path):
    backup = archive_with(tmp_path / "sicherung.tar")
    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or "nein")
    with pytest.raises(CommandError, match="Abgebrochen"):
        call_command("restore", str(backup))
    assert f"und alle Dateien in {media.resolve()} werden durch die Sicherung {backup} ersetzt" in prompts[0]


def test_restore_refuses_a_missing_file(db):
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", "/gibt/es/nicht.dump", "--noinput")
