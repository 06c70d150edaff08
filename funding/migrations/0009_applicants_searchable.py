"""The Antragsberechtigte become part of the search document: „Fördermittel für Kommunen“ finds the programmes
for which Kommunen may apply, though their texts do not say so."""

from django.db import migrations

from werkzeugkoffer.catalogue import search

RELATIONS = [
    (
        "funding_fundingprogramme_fields_of_action",
        "fundingprogramme_id",
        "fieldofaction_id",
        "werkzeugkoffer_fieldofaction",
        "facet_fields",
    ),
    (
        "funding_fundingprogramme_target_groups",
        "fundingprogramme_id",
        "targetgroup_id",
        "werkzeugkoffer_targetgroup",
        "facet_groups",
    ),
]
AREA = {
    "facet_area": "wk_region_closure((SELECT array_agg(region_id) FROM funding_fundingprogramme_regions "
    "WHERE fundingprogramme_id = NEW.id), NEW.nationwide)",
}
REGION_NAMES = search.related_names_sql(
    "funding_fundingprogramme_regions", "fundingprogramme_id", "region_id", "werkzeugkoffer_region", "NEW.id"
)
# The labels as of this migration (funding.models.Applicant), with the words people use for them.
APPLICANTS = {
    "kommunen": "Kommunen Kommune Gemeinden Städte Landkreise",
    "freie-traeger": "freie Träger Wohlfahrtsverbände",
    "vereine": "Vereine und Initiativen",
    "wohnungsunternehmen": "Wohnungsunternehmen Wohnungswirtschaft",
    "pflegeeinrichtungen": "Pflegeeinrichtungen",
    "privatpersonen": "Privatpersonen",
}


def refresh(extra_names):
    assignments = search.catalogue_assignments("funding", "fundingprogramme", RELATIONS, AREA, extra_names)
    return search.refresh_function_sql("funding_fundingprogramme", assignments) + (
        "UPDATE funding_fundingprogramme SET id = id;"
    )


class Migration(migrations.Migration):
    dependencies = [("funding", "0008_source_date")]

    operations = [
        migrations.RunSQL(
            refresh([REGION_NAMES, search.choice_labels_sql("NEW.applicants", APPLICANTS)]),
            refresh([REGION_NAMES]),
        ),
    ]
