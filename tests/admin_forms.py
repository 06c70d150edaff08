"""Helpers that submit admin forms the way a browser would: with the values the page showed."""

from django import forms
from django.urls import reverse
from taggit.utils import edit_string_for_tags


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def change_form_data(response):
    """POST data for an admin change form, filled with the values the page showed (files are not sent again)."""
    data = form_values(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for form in formset.initial_forms:
            data.update(form_values(form))
    return data


def form_values(form):
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        name = form[name].html_name
        if value is None or value == "" or isinstance(field, forms.FileField):
            continue
        if name == "tags":
            data[name] = value if isinstance(value, str) else edit_string_for_tags(value)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(getattr(item, "pk", item)) for item in value]
        elif hasattr(field.widget, "widgets"):  # split date and time
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else str(part)
        else:
            data[name] = str(value)
    return data


def changelist_versions(response):
    """The version inputs of a change list page, as the browser would send them with an action."""
    import re

    return dict(re.findall(r'name="(_version_\d+)" value="(\d+)"', response.content.decode()))


def run_tasks():
    """Run the queued background tasks (imports) as the worker beside gunicorn does, inside the test's transaction.

    The worker's own loop (`db_worker --batch`) would close the test's connection between tasks; this takes the
    tasks one by one from the same queue and runs each with the worker's own run_task.
    """
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    while (task := DBTaskResult.objects.ready().get_locked()) is not None:
        task.claim(worker.worker_id)
        worker.run_task(task)
