"""Uploads kept across a form shown again with errors, so that editors need not choose the file again.

When a change form comes back with an error, each valid file it carried is stored in the storage
"kept_uploads" (outside MEDIA_ROOT, never served) and the form carries a signed token naming it. The next
submit uses that file unless the editor chooses another one. The signature makes sure that a token only ever
names a file the portal kept itself; kept files are deleted a day later.
"""

import datetime
import os
import uuid
from dataclasses import dataclass

from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.files import File
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.html import format_html

KEEP_FOR = datetime.timedelta(days=1)
SALT = "werkzeugkoffer.backoffice.uploads"


@dataclass
class KeptUpload:
    token: str
    file: File


def keep(upload):
    """Store an uploaded file for the next submit; returns it with its token."""
    storage = storages["kept_uploads"]
    delete_expired(storage)
    stored = storage.save(f"{uuid.uuid4().hex}{os.path.splitext(upload.name)[1].lower()}", upload)
    token = signing.dumps({"file": stored, "name": upload.name}, salt=SALT)
    return KeptUpload(token, upload)


def open_kept(token):
    """The file a token names, under the name it was uploaded with; None for a forged, expired or deleted one."""
    try:
        named = signing.loads(token, salt=SALT, max_age=KEEP_FOR)
        return KeptUpload(token, File(storages["kept_uploads"].open(named["file"]), name=named["name"]))
    except (signing.BadSignature, FileNotFoundError):
        return None


def delete_expired(storage):
    try:
        names = storage.listdir("")[1]
    except FileNotFoundError:
        return
    expired = timezone.now() - KEEP_FOR
    for name in names:
        if storage.get_modified_time(name) < expired:
            storage.delete(name)


def keep_uploads(form):
    """Keep the valid new files of a form that is shown again with errors."""
    if not form.is_bound:
        return
    for name, field in form.fields.items():
        upload = getattr(form, "cleaned_data", {}).get(name)
        if isinstance(field.widget, KeptUploadInput) and isinstance(upload, UploadedFile):
            field.widget.kept = keep(upload)


class KeptUploadInput(AdminFileWidget):
    """The admin's file input, which also takes the file kept from the previous submit (see keep_uploads)."""

    kept = None

    def kept_input_name(self, name):
        return f"{name}-kept"

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        token = data.get(self.kept_input_name(name))
        if upload is not None or not token:
            return upload
        if self.kept is None or self.kept.token != token:
            self.kept = open_kept(token)
        return self.kept.file if self.kept else None

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and self.kept_input_name(name) not in data

    def use_required_attribute(self, initial):
        return super().use_required_attribute(initial) and self.kept is None

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if self.kept is None:
            return html
        return html + format_html(
            '<p class="wk-kept-upload">Ausgewählte Datei: {} (wird beim Speichern übernommen)</p>'
            '<input type="hidden" name="{}" value="{}">',
            self.kept.file.name,
            self.kept_input_name(name),
            self.kept.token,
        )
