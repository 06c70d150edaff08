"""An export imported unchanged writes nothing: no new versions, no history rows, no conflicts for colleagues."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contacts.models import Contact
from funding.models import FundingProgramme
from projects.models import PracticeExample
from tests.admin_forms import admin_url
from werkzeugkoffer.backoffice.formats import SafeXLSX, SpreadsheetCSV

from .test_import_export import CSV, XLSX

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

    response = reviewer.post(
        admin_url(model, "import"),
        {"resource": "0", "format": choice, "import_file": SimpleUploadedFile(name, content)},
    )

    result = response.context["result"]
    kinds = {row.import_type for row in result.rows}
    problems = [(row.number, row.import_type) for row in result.rows if row.import_type != "skip"]
    assert kinds == {"skip"}, problems[:5]
    confirm = response.context["confirm_form"]
    reviewer.post(admin_url(model, "process_import"), confirm.initial)
    assert dict(model.objects.values_list("pk", "version")) == versions
    assert model.history.count() == history
