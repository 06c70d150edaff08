"""The history of catalogue entries: what is recorded per version, and readable descriptions of changes.

Each version records the entry's own fields (not the derived search and facet columns), its many-to-many
links and its tag names, and for entries with photos (image_relation) the photos' files and texts. History rows
come from saves only, one per save: the back office and the import store links, tags and photos after the entry
itself and then record the version (record_version); links changed without saving the entry (data loading,
scripts) show up with the entry's next save.
"""

from difflib import SequenceMatcher

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_reverse_field_name

from werkzeugkoffer.backoffice import richtext

# Bookkeeping fields that change on every save and say nothing to an editor.
UNINTERESTING = {"version", "updated_at", "created_at"}
TAGS_LABEL = "Schlagworte"
IMAGES_LABEL = "Fotos"
# What a version records of each photo, besides its id, position and the name of its original file: the names of
# its web-sized copies and its texts. Files stay in storage when a photo is removed or replaced, so that a revert
# can bring them back; nothing may delete a file that a version still names.
IMAGE_RENDITION_FIELDS = ("rendition_small", "rendition_large")
IMAGE_TEXT_FIELDS = ("alt_text", "caption", "credit")
EMPTY = "leer"

# How changed words are marked. Screen readers do not announce <del> and <ins>, so a hidden word says it.
MARKUP = {
    None: "{}",
    "removed": '<del><span class="visually-hidden">entfernt: </span>{}</del>',
    "inserted": '<ins><span class="visually-hidden">eingefügt: </span>{}</ins>',
}
# Stands between the words of two lines when texts are compared word by word.
LINE_BREAK = "\n"
FORMATTING_ONLY = (
    "Am Wortlaut hat sich nichts geändert, nur an der Formatierung (z. B. Absätze, Listen oder Hervorhebungen)."
)

# The EntryHistory of each catalogue model, for record_version.
_recorders = {}


class PortalHistory(HistoricalRecords):
    """simple-history's HistoricalRecords with German names for the history models.

    simple-history names them „historical Praxisbeispiel“ and the models of recorded links after their class
    („HistoricalPracticeExample_contacts“); editors meet these names in the back office (titles, the content
    types of the audit log's filter), so they read „Praxisbeispiel (Fassung)“ and „Praxisbeispiel: Ansprechpartner
    (Fassung)“ instead.
    """

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        options["verbose_name"] = self.user_set_verbose_name or f"{model._meta.verbose_name} (Fassung)"
        options["verbose_name_plural"] = (
            self.user_set_verbose_name_plural or f"{model._meta.verbose_name_plural} (Fassungen)"
        )
        return options

    def get_meta_options_m2m(self, through_model):
        options = super().get_meta_options_m2m(through_model)
        field = through_model._meta.auto_created and next(
            (
                field
                for field in through_model._meta.auto_created._meta.local_many_to_many
                if field.remote_field.through is through_model
            ),
            None,
        )
        if field:
            name = f"{field.model._meta.verbose_name}: {field.verbose_name}"
            options["verbose_name"] = f"{name} (Fassung)"
            options["verbose_name_plural"] = f"{name} (Fassungen)"
        return options


class EntryHistory(PortalHistory):
    """simple-history's HistoricalRecords, also recording the tag names of each version.

    Tags are not an ordinary many-to-many field (django-taggit relates them generically), so the
    names go into a column of the history row. It is NULL for versions saved before links and tags
    were recorded: for those, neither is compared nor restored.

    With image_relation (the related name of the entry's photos), the column images records the photos as
    a list, in their order; NULL for versions saved before photos were recorded.
    """

    def __init__(self, *args, image_relation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.image_relation = image_relation

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        extra["tag_names"] = ArrayField(models.CharField(max_length=100), null=True, verbose_name=TAGS_LABEL)
        if self.image_relation:
            extra["images"] = models.JSONField(null=True, verbose_name=IMAGES_LABEL)
        return extra

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            _recorders[sender] = self

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        # simple-history would add a row per changed link field, before the tags are saved, and
        # fails for changes made from the other side; each save records one complete row instead.
        return

    def create_historical_record_m2ms(self, history_instance, instance):
        super().create_historical_record_m2ms(history_instance, instance)
        history_instance.tag_names = sorted(instance.tags.names(), key=str.lower)
        recorded = ["tag_names"]
        if self.image_relation:
            history_instance.images = [image_snapshot(image) for image in entry_images(instance).all()]
            recorded.append("images")
        history_instance.save(update_fields=recorded)


def record_version(entry):
    """Record the entry as saved now, with its links and tags, as one history row.

    For saves that store links and tags after the entry: they save the entry with
    skip_history_when_saving set and call this once everything is stored.
    """
    entry.__dict__.pop("skip_history_when_saving", None)
    history_type = "~" if entry.history.exists() else "+"
    _recorders[type(entry)].create_historical_record(entry, history_type)


def links_recorded(record):
    """Whether this version knows its links and tags (versions saved before they were recorded do not)."""
    return getattr(record, "tag_names", None) is not None


def links_missing(record):
    """Whether this version belongs to an entry with links and tags but was saved before they were recorded."""
    return hasattr(record, "tag_names") and record.tag_names is None


def recorded_links(record):
    """{link field name: set of linked primary keys} as recorded with this version."""
    cached = record.__dict__.get("_recorded_links")
    if cached is None:
        cached = {
            field.name: set(
                getattr(record, field.name).values_list(f"{get_m2m_reverse_field_name(field)}_id", flat=True)
            )
            for field in record._history_m2m_fields
        }
        record._recorded_links = cached
    return cached


def prefetch_links(records):
    """Load the recorded links of many versions with one query per link field (for the history page)."""
    records = [record for record in records if links_recorded(record)]
    if not records:
        return
    links = {record.pk: {} for record in records}
    for field in records[0]._history_m2m_fields:
        target = f"{get_m2m_reverse_field_name(field)}_id"
        for record in records:
            links[record.pk][field.name] = set()
        rows = getattr(records[0], field.name).model.objects.filter(history__in=[record.pk for record in records])
        for history_id, linked in rows.values_list("history_id", target):
            links[history_id][field.name].add(linked)
    for record in records:
        record._recorded_links = links[record.pk]


def linked_names(field, pks, names):
    """The sorted display names of the objects with these primary keys; names caches them between calls."""
    model = field.related_model
    missing = [pk for pk in pks if (model, pk) not in names]
    if missing:
        found = model._default_manager.in_bulk(missing)
        for pk in missing:
            names[model, pk] = str(found[pk]) if pk in found else f"gelöscht (Nr. {pk})"
    return sorted((names[model, pk] for pk in pks), key=str.lower)


def display_value(field, value):
    if value is None and isinstance(field, models.BooleanField):
        # A yes/no field that may stay open, such as „läuft noch“.
        return "unbekannt"
    if value in (None, "", []):
        return "leer"
    # A list of choices (such as „Für wen“) keeps its choices on its base field.
    choice_field = field.base_field if isinstance(field, ArrayField) else field
    if choice_field.choices:
        labels = dict(choice_field.flatchoices)
        if isinstance(value, list):
            return ", ".join(str(labels.get(item, item)) for item in value)
        return str(labels.get(value, value))
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(field, models.DateTimeField):
        return date_format(timezone.localtime(value), "j. F Y, H:i")
    if isinstance(field, models.DateField):
        return date_format(value, "j. F Y")
    if isinstance(field, models.CharField):
        # At most a few hundred characters: shown in full, so that a change at the end is not cut off.
        return str(value)
    return Truncator(str(value)).chars(80)


def display_list(values):
    return Truncator(", ".join(values)).chars(200) if values else "leer"


class MarkedText(str):
    """A changed value: as a string a short plain summary (for messages), in templates HTML with the changes marked."""

    def __new__(cls, summary, html, combined=None):
        marked = super().__new__(cls, summary)
        marked.html = html
        # Both versions in one text, the removed and the inserted words marked (for the history list).
        marked.combined = combined
        return marked

    def __html__(self):
        return self.html


def marked_line(parts):
    # format_html escapes every part; the spaces between them need none.
    return mark_safe(" ".join(format_html(MARKUP[mark], text) for mark, text in parts))


def marked_text(runs, note=None):
    """HTML of (mark, words) runs: a paragraph per line, marked words in <del> or <ins>."""
    lines = [[]]
    for mark, words in runs:
        for index, text in enumerate(" ".join(words).split(LINE_BREAK)):
            if index:
                lines.append([])
            if text.strip():
                lines[-1].append((mark, text.strip()))
    paragraphs = [format_html("<p>{}</p>", marked_line(line)) for line in lines if line]
    if not paragraphs:
        paragraphs = [format_html("<p>{}</p>", EMPTY)]
    if note:
        paragraphs.append(format_html('<p class="wk-diff-note">{}</p>', note))
    return format_html('<div class="wk-diff">{}</div>', mark_safe("".join(paragraphs)))


def summary(runs, mark, context=4):
    """The first change of a text with a few words around it, as one line of at most 200 characters (for messages)."""
    words, start, end = [], 0, 0
    found = False
    for run_mark, run in runs:
        run = [word for word in run if word != LINE_BREAK]
        if run_mark == mark and not found:
            # Also an empty run: where the other version has words this one lacks.
            start, end, found = len(words), len(words) + len(run), True
        words.extend(run)
    if not words:
        return EMPTY
    begin, stop = max(0, start - context), min(len(words), end + context)
    text = ("… " if begin else "") + " ".join(words[begin:stop]) + (" …" if stop < len(words) else "")
    return Truncator(text).chars(200)


def line_words(lines):
    words = []
    for line in lines:
        if words:
            words.append(LINE_BREAK)
        words.extend(line.split())
    return words


def word_diff(old_lines, new_lines):
    """Two versions of a text compared word by word: (old, new) as MarkedText, showing the full texts with the
    removed words marked in the old and the inserted ones in the new.

    Lines are matched first and only changed lines word by word: faster for long texts, and no words are matched
    across paragraphs that have nothing to do with each other.
    """
    old_runs, new_runs, both_runs, changed = [], [], [], []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        old_words, new_words = line_words(old_lines[i1:i2]), line_words(new_lines[j1:j2])
        # Lines of consecutive blocks are separated like the lines within one.
        for runs, words in ((old_runs, old_words), (new_runs, new_words), (both_runs, old_words + new_words)):
            if runs and words:
                runs.append((None, [LINE_BREAK]))
        if tag == "equal":
            for runs in (old_runs, new_runs, both_runs):
                runs.append((None, old_words))
            continue
        for word_tag, a1, a2, b1, b2 in SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes():
            removed, inserted = old_words[a1:a2], new_words[b1:b2]
            if word_tag == "equal":
                for runs in (old_runs, new_runs, both_runs):
                    runs.append((None, removed))
                continue
            changed.append((removed, inserted))
            old_runs.append(("removed", removed))
            new_runs.append(("inserted", inserted))
            both_runs.extend([("removed", removed), ("inserted", inserted)])
    reworded = any(word != LINE_BREAK for removed, inserted in changed for word in removed + inserted)
    note = None if reworded else FORMATTING_ONLY
    combined = marked_text(both_runs, note)
    return (
        MarkedText(summary(old_runs, "removed"), marked_text(old_runs), combined),
        MarkedText(summary(new_runs, "inserted"), marked_text(new_runs, note), combined),
    )


def list_diff(old_names, new_names):
    """Two versions of a list of names: (old, new) as MarkedText, the removed names marked in the old, the added
    ones in the new."""

    def marked_names(names, others, mark):
        if not names:
            return EMPTY
        items = mark_safe(", ".join(format_html(MARKUP[None if name in others else mark], name) for name in names))
        return format_html('<span class="wk-diff">{}</span>', items)

    return (
        MarkedText(display_list(old_names), marked_names(old_names, set(new_names), "removed")),
        MarkedText(display_list(new_names), marked_names(new_names, set(old_names), "inserted")),
    )


def compared_values(model, field, old, new):
    """The old and new value of a field for display: texts word by word with the changes marked, others as they are."""
    if isinstance(field, models.TextField):
        html = field.name in getattr(model, "rich_text_fields", ())
        return word_diff(richtext.readable_lines(old, html), richtext.readable_lines(new, html))
    return display_value(field, old), display_value(field, new)


def describe_changes(old_record, new_record, names=None):
    """(field label, old value, new value) for every field, link field and the tags that differ between two
    history records; names may carry a cache of display names across calls.

    The values are strings; those of texts, links and tags are MarkedText, which templates show in full with the
    removed and inserted words or names marked."""
    names = {} if names is None else names
    model = new_record.instance_type
    m2m_fields = [field.name for field in new_record._history_m2m_fields]
    delta = new_record.diff_against(old_record, excluded_fields=m2m_fields, foreign_keys_are_objs=True)
    changes = []
    # simple-history gives the changes in no particular order; the fields' order is the same on every page.
    position = {field.name: index for index, field in enumerate(model._meta.fields)}
    for change in sorted(delta.changes, key=lambda change: position.get(change.field, len(position))):
        if change.field in UNINTERESTING:
            continue
        field = model._meta.get_field(change.field)
        changes.append((str(field.verbose_name), *compared_values(model, field, change.old, change.new)))
    changes.extend(describe_image_changes(old_record, new_record))
    if not (links_recorded(old_record) and links_recorded(new_record)):
        return changes
    old_links, new_links = recorded_links(old_record), recorded_links(new_record)
    for name in m2m_fields:
        if old_links[name] != new_links[name]:
            field = model._meta.get_field(name)
            old_names, new_names = (linked_names(field, links[name], names) for links in (old_links, new_links))
            changes.append((str(field.verbose_name), *list_diff(old_names, new_names)))
    if old_record.tag_names != new_record.tag_names:
        changes.append((TAGS_LABEL, *list_diff(old_record.tag_names, new_record.tag_names)))
    return changes


def image_snapshot(image):
    """What a version records of one photo."""
    snapshot = {"id": image.pk, "position": image.position}
    snapshot.update((name, getattr(image, name).name or "") for name in ("image", *IMAGE_RENDITION_FIELDS))
    snapshot.update((name, getattr(image, name)) for name in IMAGE_TEXT_FIELDS)
    return snapshot


def records_images(model):
    """Whether the versions of this catalogue model record its photos."""
    return _recorders[model].image_relation is not None


def image_model(model):
    return model._meta.get_field(_recorders[model].image_relation).related_model


def entry_images(entry):
    """The related manager of the entry's photos."""
    return getattr(entry, _recorders[type(entry)].image_relation)


def images_recorded(record):
    """Whether this version knows its photos (versions saved before they were recorded do not)."""
    return getattr(record, "images", None) is not None


def image_label(snapshot):
    return Truncator(snapshot["alt_text"]).chars(80)


def file_label(name):
    return name.rsplit("/", 1)[-1] or "leer"


def describe_image_changes(old_record, new_record):
    """(label, old value, new value) for each photo removed, added, replaced or with other texts, and for a new
    order; nothing when either version does not know its photos."""
    if not (images_recorded(old_record) and images_recorded(new_record)):
        return []
    photo_model = image_model(new_record.instance_type)
    old_images, new_images = old_record.images, new_record.images
    old_ids, new_ids = {image["id"] for image in old_images}, {image["id"] for image in new_images}
    changes = []
    for number, image in enumerate(old_images, 1):
        if image["id"] not in new_ids:
            changes.append((f"Foto {number} entfernt", image_label(image), "leer"))
    old_by_id = {image["id"]: image for image in old_images}
    for number, image in enumerate(new_images, 1):
        old = old_by_id.get(image["id"])
        if old is None:
            changes.append((f"Foto {number} hinzugefügt", "leer", image_label(image)))
            continue
        if old["image"] != image["image"]:
            changes.append((f"Foto {number} ersetzt", file_label(old["image"]), file_label(image["image"])))
        for name in IMAGE_TEXT_FIELDS:
            if old[name] != image[name]:
                field = photo_model._meta.get_field(name)
                label = f"{field.verbose_name} von Foto {number}"
                changes.append((label, display_value(field, old[name]), display_value(field, image[name])))
    # The order of the photos both versions have; numbers shifted by a removed or added photo are no new order.
    old_order = [image for image in old_images if image["id"] in new_ids]
    new_order = [image for image in new_images if image["id"] in old_ids]
    if [image["id"] for image in old_order] != [image["id"] for image in new_order]:
        changes.append(
            (
                "Reihenfolge der Fotos",
                "; ".join(Truncator(image["alt_text"]).words(6) for image in old_order),
                "; ".join(Truncator(image["alt_text"]).words(6) for image in new_order),
            )
        )
    return changes


def restore_images(entry, record):
    """Give the entry the photos recorded with this version: removed ones come back with their texts, later
    ones are removed, texts, order and files as they were. Returns the alt texts of recorded photos whose file
    is no longer in storage (those are left out, or keep the file they have now)."""
    if not images_recorded(record):
        return []
    related = entry_images(entry)
    photo_model = related.model
    storage = photo_model._meta.get_field("image").storage
    current = {image.pk: image for image in related.all()}
    missing = []
    kept = set()
    for snapshot in record.images:
        image = current.get(snapshot["id"])
        file_exists = storage.exists(snapshot["image"])
        if image is None:
            if not file_exists:
                missing.append(snapshot["alt_text"])
                continue
            image = photo_model(**{related.field.name: entry})
            if not photo_model._default_manager.filter(pk=snapshot["id"]).exists():
                # The photo keeps its id, so that later versions compare it as the same photo.
                image.pk = snapshot["id"]
        for name in IMAGE_TEXT_FIELDS:
            setattr(image, name, snapshot[name])
        image.position = snapshot["position"]
        if image.image.name != snapshot["image"]:
            if file_exists:
                image.image = snapshot["image"]
                if all(snapshot[name] and storage.exists(snapshot[name]) for name in IMAGE_RENDITION_FIELDS):
                    for name in IMAGE_RENDITION_FIELDS:
                        setattr(image, name, snapshot[name])
                else:
                    image.create_renditions()
            else:
                missing.append(snapshot["alt_text"])
        image.save()
        kept.add(image.pk)
    # The files stay in storage, so that a later revert can bring these photos back as well.
    related.exclude(pk__in=kept).delete()
    return missing


def user_name(user):
    if user is None:
        return "unbekannt"
    return user.get_full_name() or user.get_username()


def conflict_message(model, pk, seen_version, current_version):
    """The German explanation shown when a save is refused because the entry changed in between."""
    latest = seen = None
    if hasattr(model, "history"):  # every model the back office edits keeps one; a model without would not
        history = model.history.filter(id=pk)
        latest = history.order_by("-history_date", "-history_id").first()
        seen = history.filter(version=seen_version).order_by("-history_date", "-history_id").first()
    parts = [
        f"Der Eintrag wurde inzwischen von jemand anderem gespeichert (Sie haben Fassung {seen_version} bearbeitet, "
        f"gespeichert ist jetzt Fassung {current_version})."
    ]
    if latest is not None:
        when = date_format(timezone.localtime(latest.history_date), "j. F Y \\u\\m H:i \\U\\h\\r")
        parts.append(f"Zuletzt gespeichert von {user_name(latest.history_user)} am {when}.")
    if latest is not None and seen is not None:
        changes = describe_changes(seen, latest)
        if changes:
            listed = "; ".join(f"{label}: „{old}“ → „{new}“" for label, old, new in changes)
            parts.append(f"Geändert wurde: {listed}.")
    parts.append(
        "Ihre Änderungen wurden nicht gespeichert, damit nichts überschrieben wird. Bitte öffnen Sie den Eintrag "
        "neu und tragen Sie Ihre Änderungen dort noch einmal ein."
    )
    return " ".join(parts)
