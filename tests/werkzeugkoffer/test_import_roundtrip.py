"""An export imported unchanged writes nothing: no new versions, no history rows, no conflicts for colleagues."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contacts.models import Contact
from funding.models import FundingProgramme
from projects.models import PracticeExample
from werkzeugkoffer.backoffice.formats import SafeXLSX, SpreadsheetCSV

from .test_import_export import CSV, XLSX, changed_rows, confirm, preview

CATALOGUES = [FundingProgramme, PracticeExample, Contact]


def exported(model, file_format):
    from django.contrib import admin

    resource = admin.site._registry[model].get_export_resource_classes(None)[0]()
    return file_format().export_data(resource.export(model.objects.order_by("pk")))


@pytest.mark.parametrize("model", CATALOGUES, ids=lambda model: model._meta.model_name)
@pytest.mark.parametrize(
    ("file_format", "choice", "name"), [(SafeXLSX, XLSX, "x.xlsx"), (SpreadsheetCSV, CSV, "x.csv")], ids=["xlsx", "csv"]
)
def test_an_unchanged_export_imports_as_unchanged(reviewer, model, file_format, choice, name):
    content = exported(model, file_format)
    if isinstance(content, str):
        content = content.encode()
    versions = dict(model.objects.values_list("pk", "version"))
    history = model.history.count()

    response = preview(reviewer, SimpleUploadedFile(name, content), choice, model)

    totals = response.context["job"].summary["totals"]
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, model.objects.count()), changed_rows(response)[
        :5
    ]
    assert "Die Datei enthält keine Änderungen" in response.content.decode()
    assert 'name="confirm"' not in response.content.decode()
    confirm(reviewer, response)
    assert dict(model.objects.values_list("pk", "version")) == versions
    assert model.history.count() == history
