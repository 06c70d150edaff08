"""Synthetic German demo content for load tests and trials — never part of the seed content.

Every demo entry has a slug starting with ``demo-`` and the source
„Demo-Daten (automatisch erzeugt, keine echten Angaben)“, so it is easy to see and
to delete again with ``--delete``. The same ``--seed`` gives the same content.
"""

import datetime
import random
import time

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from contacts.models import Accessibility, Contact, ContactKind
from funding.models import Applicant, DeadlineState, FundingProgramme, FundingType, Level
from guidance.models import Audience, GuidanceKind, Phase, Recommendation
from places.models import Gemeinde, LocationSource
from projects.models import AreaType, Continuation, PracticeExample
from werkzeugkoffer.models import FieldOfAction, PublicationStatus, Region, RegionKind, TargetGroup

DEMO_PREFIX = "demo-"
DEMO_SOURCE = "Demo-Daten (automatisch erzeugt, keine echten Angaben)"
BATCH = 5000

PLACE_HEADS = [
    "Ober",
    "Unter",
    "Nieder",
    "Groß",
    "Klein",
    "Alt",
    "Neu",
    "Bad ",
    "Sankt ",
    "Hohen",
    "Kirch",
    "Wald",
    "Berg",
    "Stein",
    "Linden",
    "Eichen",
    "Birken",
    "Rosen",
    "Mühl",
    "Burg",
    "Hof",
    "Sonnen",
    "Wiesen",
    "Buch",
]
PLACE_TAILS = [
    "dorf",
    "heim",
    "hausen",
    "bach",
    "feld",
    "berg",
    "stadt",
    "weiler",
    "hofen",
    "ingen",
    "au",
    "rode",
    "brück",
    "stetten",
    "kirchen",
    "tal",
    "burg",
    "horst",
    "walde",
    "roth",
]
QUARTERS = [
    "Nord",
    "Süd",
    "Ost",
    "West",
    "Mitte",
    "Altstadt",
    "Neustadt",
    "am Markt",
    "an der Kirche",
    "Bahnhofsviertel",
]
# Kind of project, its Handlungsfelder (ids as in the seed) and what such projects do. An entry's
# text is mostly about its own kind, so that a specific word (e.g. „Dorfladen“) occurs in a few
# percent of the entries, as in real collections, and general words (Quartier, Nachbarschaft) in most.
PROJECT_KINDS = [
    ("Wohncafé", [1, 2], ["betreibt ein Wohncafé", "lädt zum Erzählcafé ein", "veranstaltet Spieleabende"]),
    ("Pflege-WG", [1, 3], ["gründet eine Pflege-WG", "begleitet pflegende Angehörige", "vermittelt Alltagsbegleiter"]),
    (
        "Nachbarschaftshilfe",
        [2, 8],
        ["koordiniert eine Nachbarschaftshilfe", "koordiniert Einkaufshilfen", "organisiert Telefonketten"],
    ),
    ("Quartierstreff", [2, 6], ["eröffnet eine Begegnungsstätte", "betreibt eine Tauschbörse"]),
    (
        "Mehrgenerationenhaus",
        [2, 6],
        ["organisiert ein Generationenfest", "baut ein Repair-Café auf", "bietet Sprachcafés an"],
    ),
    (
        "Bürgerbus",
        [5, 8],
        ["fährt einen Bürgerbus", "organisiert Fahrten zum Arzt", "stellt Leihfahrräder mit Elektromotor bereit"],
    ),
    ("Seniorenbüro", [4, 6], ["berät zu Hilfsmitteln im Alltag", "bietet Sturzprävention und Bewegungskurse an"]),
    ("Demenz-Netzwerk", [3, 7], ["unterstützt Menschen mit Demenz", "schult Demenzlotsen"]),
    ("Dorfladen mit Begegnungsraum", [2, 5], ["betreut einen Dorfladen", "richtet einen Mittagstreff ein"]),
    ("Quartiersmanagement", [7, 9], ["führt eine Sozialraumanalyse durch", "sammelt Ideen in einer Bürgerwerkstatt"]),
    ("Tagespflege im Quartier", [3], ["richtet eine Tagespflege ein", "bietet Kurzzeitpflege im Ort an"]),
    ("Digitale Sprechstunde", [10, 4], ["hilft bei digitalen Fragen", "unterhält eine Fahrradwerkstatt"]),
    ("Gemeinschaftsgarten", [2, 6], ["pflegt einen Gemeinschaftsgarten", "lädt zu Quartiersspaziergängen ein"]),
    (
        "Wohnberatung",
        [1, 4],
        ["bietet eine Wohnberatung an", "bildet Ehrenamtliche als Wohnberater aus", "plant barrierefreie Wohnungen"],
    ),
    ("Besuchsdienst", [2, 8], ["vermittelt Besuchspatenschaften", "knüpft ein Netzwerk gegen Einsamkeit"]),
    (
        "Inklusives Wohnprojekt",
        [1, 6],
        ["begleitet Menschen mit Behinderung bei der Arbeit", "vermietet Gästewohnungen für Angehörige"],
    ),
    ("Mittagstisch", [2], ["organisiert einen offenen Mittagstisch", "übersetzt für Familien aus aller Welt"]),
    ("Sorgende Gemeinschaft", [7, 3], ["knüpft ein Netzwerk gegen Einsamkeit", "begleitet pflegende Angehörige"]),
]
OPERATORS = [
    "Caritasverband",
    "Diakonisches Werk",
    "Arbeiterwohlfahrt Ortsverein",
    "Deutsches Rotes Kreuz Kreisverband",
    "Paritätischer Wohlfahrtsverband",
    "Bürgerverein",
    "Wohnungsbaugenossenschaft",
    "Gemeinde",
    "Verbandsgemeinde",
    "Seniorenbeirat",
    "Sozialstation",
    "Stiftung Zusammenleben",
    "Nachbarschaftsverein",
]
TAGS = [
    "Wohncafé",
    "Pflege-WG",
    "Quartiersmanagement",
    "Nachbarschaftshilfe",
    "Demenz",
    "Ehrenamt",
    "Bürgerbeteiligung",
    "Mehrgenerationenhaus",
    "Barrierefreiheit",
    "Mobilität",
    "Digitalisierung",
    "Einsamkeit",
    "Tagespflege",
    "Ländlicher Raum",
    "Wohnberatung",
    "Inklusion",
    "Migration",
    "Sozialraumanalyse",
    "Genossenschaft",
    "Begegnung",
    "Pflegestützpunkt",
    "Sorgende Gemeinschaft",
    "Dorfladen",
    "Mittagstisch",
    "Gemeinschaftsgarten",
    "Besuchsdienst",
    "Seniorennetzwerk",
    "Assistenz",
    "Teilhabe",
    "Kurzzeitpflege",
]
# Sentences are put together from parts, so that the vocabulary has a long tail like real
# entries: a specific word (e.g. „Mittagstisch“) occurs in a few percent of the entries, not in all.
ACTORS = [
    "Der Seniorenbeirat",
    "Eine Gruppe Ehrenamtlicher",
    "Die Gemeindeverwaltung",
    "Der Wohlfahrtsverband",
    "Die Wohnungsgenossenschaft",
    "Das Quartiersbüro",
    "Der Nachbarschaftsverein",
    "Die Kirchengemeinde",
    "Der ambulante Pflegedienst",
    "Die Bürgerstiftung",
    "Das Familienzentrum",
    "Der Sportverein",
    "Die Volkshochschule",
    "Das Mehrgenerationenhaus",
    "Die Sozialstation",
    "Der Inklusionsbeirat",
    "Eine Initiative junger Familien",
    "Die Stadtteilkonferenz",
    "Der Landfrauenverein",
    "Die Hausgemeinschaft",
]
# What any project does; these sentences carry the general vocabulary.
GENERAL_ACTIVITIES = [
    "trifft sich regelmäßig mit den Beteiligten",
    "stimmt sich eng mit der Kommune ab",
    "gewinnt neue Ehrenamtliche",
    "stellt das Vorhaben im Quartier vor",
    "lädt Nachbarinnen und Nachbarn ein",
    "sucht weitere Kooperationspartner",
    "wertet die Erfahrungen jedes Jahr aus",
    "hält Kontakt zu älteren Menschen im Quartier",
    "teilt Räume mit anderen Gruppen",
    "informiert über Angebote in der Nachbarschaft",
    "bringt Menschen aus dem Quartier zusammen",
    "plant die nächsten Schritte gemeinsam mit den Bewohnern",
    "wirbt mit Aushängen und im Gemeindeblatt",
    "arbeitet mit dem Seniorenbeirat zusammen",
    "fragt die Bewohnerschaft nach ihren Wünschen",
    "sorgt für einen festen Ansprechpartner",
]
# Every specific activity, for the occasional mention of another kind of project.
ACTIVITIES = sorted({activity for _kind, _fields, activities in PROJECT_KINDS for activity in activities})
SUBJECTS = ["Das Team", "Die Projektgruppe", "Der Träger", "Die Koordinatorin", "Eine Steuerungsgruppe", "Das Projekt"]
PLACES_IN = [
    "im Ortskern",
    "in der Nachbarschaft",
    "im Stadtteilzentrum",
    "im Gemeindehaus",
    "in der alten Schule",
    "im ehemaligen Bahnhof",
    "im Erdgeschoss eines Neubaus",
    "in einer umgebauten Scheune",
    "im Pfarrheim",
    "in den Räumen der Genossenschaft",
    "am Marktplatz",
    "im Rathaus",
    "in der Grundschule",
    "im Seniorenzentrum",
]
OUTCOMES = [
    "Inzwischen kommen jede Woche viele Nachbarinnen und Nachbarn.",
    "Die Finanzierung ruht auf Fördermitteln, Eigenmitteln und Spenden.",
    "Nach der Förderphase führt ein Verein das Angebot weiter.",
    "Eine Befragung zu Beginn zeigte, was vor Ort fehlte.",
    "Die Kommune stellt die Räume kostenlos zur Verfügung.",
    "Hauptamtliche Kräfte koordinieren, Ehrenamtliche tragen viele Angebote.",
    "Das Angebot ist barrierefrei erreichbar.",
    "Mehrere Träger teilen sich Kosten und Verantwortung.",
]
PROGRAMME_KINDS = [
    "Förderprogramm Quartiersentwicklung",
    "Zuschuss für Nachbarschaftsprojekte",
    "Investitionsprogramm barrierefreies Wohnen",
    "Modellprogramm Pflege im Quartier",
    "Wettbewerb Gutes Altern vor Ort",
    "Darlehen für gemeinschaftliches Wohnen",
    "Anschubfinanzierung Quartiersmanagement",
    "Förderfonds Ehrenamt und Teilhabe",
    "Beratungsprogramm Wohnen im Alter",
]
CONTACT_KINDS = [
    ("Pflegestützpunkt", ContactKind.CARE_SUPPORT),
    ("Seniorenbüro", ContactKind.MUNICIPAL),
    ("Wohnberatungsstelle", ContactKind.MUNICIPAL),
    ("Beratungsstelle Quartiersarbeit", ContactKind.WELFARE),
    ("Servicestelle Ehrenamt", ContactKind.MUNICIPAL),
    ("Fachstelle Inklusion", ContactKind.WELFARE),
]


# (title beginning, kind) of demo Handlungsempfehlungen; the topic words come from the project kinds.
GUIDANCE_KINDS = [
    ("Leitfaden", GuidanceKind.RECOMMENDATION),
    ("Schritt für Schritt:", GuidanceKind.METHOD),
    ("Checkliste", GuidanceKind.CHECKLIST),
    ("Grundlagen", GuidanceKind.BASICS),
]
GUIDANCE_STEPS = ["Bestandsaufnahme", "Beteiligung", "Planung", "Umsetzung", "Auswertung", "Verstetigung"]


class Command(BaseCommand):
    help = "Create synthetic German demo content (slugs demo-…) for load tests; --delete removes it."

    def add_arguments(self, parser):
        parser.add_argument("--practice-examples", type=int, default=1000)
        parser.add_argument("--funding", type=int, default=None, help="Default: a tenth of the practice examples.")
        parser.add_argument("--contacts", type=int, default=None, help="Default: a tenth of the practice examples.")
        parser.add_argument(
            "--recommendations", type=int, default=None, help="Default: a tenth of the practice examples."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same content.")
        parser.add_argument("--delete", action="store_true", help="Delete all demo content and create nothing.")

    def handle(self, *args, practice_examples, funding, contacts, recommendations, seed, delete, **options):
        started = time.monotonic()
        if delete:
            self.delete_demo()
            self.stdout.write(f"Demo-Daten gelöscht ({time.monotonic() - started:.1f} s).")
            return
        if min(practice_examples, funding or 0, contacts or 0, recommendations or 0) < 0:
            raise CommandError("Die Anzahlen dürfen nicht negativ sein.")
        funding = practice_examples // 10 if funding is None else funding
        contacts = practice_examples // 10 if contacts is None else contacts
        recommendations = practice_examples // 10 if recommendations is None else recommendations
        states = list(Region.objects.filter(kind=RegionKind.STATE))
        if not states:
            raise CommandError("Es gibt noch keine Regionen. Bitte zuerst `python manage.py load_seed` ausführen.")
        self.random = random.Random(seed)
        self.states = states
        self.districts = {}
        for district in Region.objects.exclude(kind=RegionKind.STATE):
            self.districts.setdefault(district.parent_id, []).append(district)
        # Points for the demo entries: the centre of a Gemeinde of their Kreis or Land, where places are loaded
        # (`manage.py load_places`), so that the place field has distances to measure.
        self.gemeinden = {}
        for ags, latitude, longitude in Gemeinde.objects.values_list("ags", "latitude", "longitude"):
            for key in (ags[:2], ags[:5]):
                self.gemeinden.setdefault(key, []).append((ags, latitude, longitude))
        self.fields = list(FieldOfAction.objects.values_list("id", flat=True))
        self.groups = list(TargetGroup.objects.values_list("id", flat=True))
        offset = self.next_number()

        with transaction.atomic(), connection.cursor() as cursor:
            # Bulk loading with per-row triggers would rewrite every row once per link; where the
            # database role may, switch the triggers off for the load and refresh the denormalised
            # columns once at the end.
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
            examples = self.create_examples(practice_examples, offset)
            programmes = self.create_programmes(funding, offset)
            contact_ids = self.create_contacts(contacts, offset)
            guidance = self.create_recommendations(recommendations, offset)
            self.link(examples, programmes, contact_ids)
            self.link_guidance(guidance, examples, programmes, contact_ids)
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            for table, ids in (
                ("projects_practiceexample", examples),
                ("funding_fundingprogramme", programmes),
                ("contacts_contact", contact_ids),
                ("guidance_recommendation", guidance),
            ):
                if ids:
                    cursor.execute(f"UPDATE {table} SET id = id WHERE id BETWEEN %s AND %s", [min(ids), max(ids)])
        for table in (
            "projects_practiceexample",
            "funding_fundingprogramme",
            "contacts_contact",
            "guidance_recommendation",
        ):
            with connection.cursor() as cursor:
                # The refresh above rewrote every new row once; compact the table again
                # (VACUUM cannot run inside a transaction, e.g. in a test).
                cursor.execute(f"ANALYZE {table}" if connection.in_atomic_block else f"VACUUM (FULL, ANALYZE) {table}")
        self.stdout.write(
            f"{len(examples)} Praxisbeispiele, {len(programmes)} Förderprogramme, {len(contact_ids)} "
            f"Beratungsstellen und {len(guidance)} Handlungsempfehlungen als Demo-Daten angelegt "
            f"({time.monotonic() - started:.1f} s)."
        )

    def next_number(self):
        """Demo slugs continue after existing ones, so that runs can add content step by step."""
        return (
            PracticeExample.objects.filter(slug__startswith=DEMO_PREFIX).count()
            + FundingProgramme.objects.filter(slug__startswith=DEMO_PREFIX).count()
        )

    def place(self):
        state = self.random.choice(self.states)
        districts = self.districts.get(state.pk)
        district = self.random.choice(districts) if districts else None
        town = self.random.choice(PLACE_HEADS) + self.random.choice(PLACE_TAILS)
        return state, district, town.strip().title() if " " not in town else town

    def point(self, state, district):
        """A Gemeinde's centre within the district (or the state) as point fields, or none without place data."""
        within = self.gemeinden.get((district or state).official_key) or self.gemeinden.get(state.official_key)
        if not within:
            return {}
        ags, latitude, longitude = self.random.choice(within)
        return {"latitude": latitude, "longitude": longitude, "ags": ags, "location_source": LocationSource.POSTCODE}

    def text(self, count, topic=ACTIVITIES, voice=None):
        """count sentences: a third about the topic, a few about other projects, the rest general.

        voice is the entry's own (actor, place): an entry keeps talking about the same
        organisation and place, as a real description does.
        """
        actor, place = voice or self.voice()
        sentences = []
        for _ in range(count):
            chance = self.random.random()
            activities = topic if chance < 0.35 else ACTIVITIES if chance < 0.45 else GENERAL_ACTIVITIES
            subject = actor if self.random.random() < 0.5 else self.random.choice(SUBJECTS)
            where = f" {place}" if self.random.random() < 0.4 else ""
            sentences.append(f"{subject} {self.random.choice(activities)}{where}.")
        if self.random.random() < 0.5:
            sentences.append(self.random.choice(OUTCOMES))
        return " ".join(sentences)

    def voice(self):
        return self.random.choice(ACTORS), self.random.choice(PLACES_IN)

    def create_examples(self, count, offset):
        now = timezone.now()
        objects = []
        for number in range(count):
            state, district, town = self.place()
            kind, kind_fields, topic = self.random.choice(PROJECT_KINDS)
            voice = self.voice()
            quarter = self.random.choice(QUARTERS)
            since = self.random.randint(1995, 2026)
            running = self.random.random() < 0.8
            objects.append(
                PracticeExample(
                    title=f"{kind} {town} {quarter}",
                    slug=f"{DEMO_PREFIX}praxis-{offset + number}",
                    status=PublicationStatus.PUBLISHED if self.random.random() < 0.95 else PublicationStatus.DRAFT,
                    teaser=f"{kind} in {town}: " + self.text(2, topic, voice),
                    goals=self.text(2, topic, voice),
                    implementation=self.text(3, topic, voice),
                    special_feature=self.text(1, topic, voice),
                    financing=self.text(1, topic, voice),
                    results=self.text(2, topic, voice),
                    operator_name=f"{self.random.choice(OPERATORS)} {town}",
                    operator_postcode=f"{self.random.randint(1067, 99998):05d}",
                    operator_town=town,
                    place=f"{town}, Quartier {quarter}",
                    state=state,
                    district=district,
                    **self.point(state, district),
                    area_type=self.random.choice(AreaType.values),
                    inhabitants=self.random.randint(300, 30000),
                    running_since=since,
                    running_until=None if running else self.random.randint(since, 2026),
                    is_running=running,
                    partners="\n".join(self.random.sample(OPERATORS, 2)),
                    staffing=f"{self.random.choice([20, 30, 50, 75, 100])} Prozent einer Stelle",
                    continuation=self.random.choice([*Continuation.values, "", ""]),
                    source=DEMO_SOURCE,
                    created_at=now - datetime.timedelta(minutes=number),
                    updated_at=now,
                )
            )
            # Mostly the Handlungsfelder of its kind, sometimes one more.
            extra = 1 if self.random.random() < 0.4 else 0
            objects[-1]._demo_fields = kind_fields + self.random.sample(self.fields, extra)
        for item in objects:
            item.refresh_search_parts()  # bulk_create does not call save()
        created = PracticeExample.objects.bulk_create(objects, batch_size=BATCH)
        through = PracticeExample.fields_of_action.through
        through.objects.bulk_create(
            [through(practiceexample_id=o.pk, fieldofaction_id=f) for o in created for f in set(o._demo_fields)],
            batch_size=BATCH,
        )
        groups = PracticeExample.target_groups.through
        groups.objects.bulk_create(
            [
                groups(practiceexample_id=o.pk, targetgroup_id=g)
                for o in created
                for g in self.random.sample(self.groups, self.random.randint(1, 2))
            ],
            batch_size=BATCH,
        )
        self.tag(PracticeExample, [o.pk for o in created])
        return [o.pk for o in created]

    def create_programmes(self, count, offset):
        today = timezone.localdate()
        now = timezone.now()
        objects = []
        for number in range(count):
            state = self.random.choice(self.states)
            level = self.random.choice(Level.values)
            start = today + datetime.timedelta(days=self.random.randint(-400, 60))
            end = None if self.random.random() < 0.3 else start + datetime.timedelta(days=self.random.randint(30, 500))
            # As in the sources: some programmes name no dates at all, a few have ended.
            deadline_state = self.random.choices(list(DeadlineState), weights=[85, 10, 5])[0]
            if deadline_state == DeadlineState.UNKNOWN:
                start = end = None
            objects.append(
                FundingProgramme(
                    title=f"{self.random.choice(PROGRAMME_KINDS)} {state.name} {offset + number}",
                    slug=f"{DEMO_PREFIX}foerderung-{offset + number}",
                    status=PublicationStatus.PUBLISHED,
                    summary=self.text(2),
                    funded_activities=self.text(3),
                    funder=f"Demo-Fördergeber {state.name}",
                    level=level,
                    funding_type=self.random.choice(FundingType.values),
                    applicants=self.random.sample(Applicant.values, self.random.randint(1, 3)),
                    nationwide=level in (Level.FEDERAL, Level.LOTTERY, Level.SOCIAL_INSURANCE),
                    amount_text=f"bis zu {self.random.choice([5, 10, 25, 50, 100])}.000 Euro",
                    application_start=start,
                    application_end=end,
                    deadline_state=deadline_state,
                    how_to_apply=self.text(2),
                    source=DEMO_SOURCE,
                    created_at=now - datetime.timedelta(minutes=number),
                    updated_at=now,
                )
            )
            objects[-1]._demo_land = state
        for item in objects:
            item.refresh_search_parts()  # bulk_create does not call save()
        created = FundingProgramme.objects.bulk_create(objects, batch_size=BATCH)
        regions = FundingProgramme.regions.through
        regions.objects.bulk_create(
            [regions(fundingprogramme_id=o.pk, region_id=o._demo_land.pk) for o in created if not o.nationwide],
            batch_size=BATCH,
        )
        fields = FundingProgramme.fields_of_action.through
        fields.objects.bulk_create(
            [
                fields(fundingprogramme_id=o.pk, fieldofaction_id=f)
                for o in created
                for f in self.random.sample(self.fields, 3)
            ],
            batch_size=BATCH,
        )
        self.tag(FundingProgramme, [o.pk for o in created])
        return [o.pk for o in created]

    def create_contacts(self, count, offset):
        now = timezone.now()
        objects = []
        for number in range(count):
            state, district, town = self.place()
            label, kind = self.random.choice(CONTACT_KINDS)
            objects.append(
                Contact(
                    name=f"{label} {town}",
                    slug=f"{DEMO_PREFIX}beratung-{offset + number}",
                    status=PublicationStatus.PUBLISHED,
                    organisation=f"{self.random.choice(OPERATORS)} {town}",
                    kind=kind,
                    description=self.text(2),
                    town=town,
                    postcode=f"{self.random.randint(1067, 99998):05d}",
                    phone=f"0{self.random.randint(200, 9999)} {self.random.randint(10000, 999999)}",
                    accessibility=self.random.choice(Accessibility.values),
                    **self.point(state, district),
                    source=DEMO_SOURCE,
                    created_at=now - datetime.timedelta(minutes=number),
                    updated_at=now,
                )
            )
            objects[-1]._demo_region = district or state
        for item in objects:
            item.refresh_search_parts()  # bulk_create does not call save()
        created = Contact.objects.bulk_create(objects, batch_size=BATCH)
        regions = Contact.regions.through
        regions.objects.bulk_create(
            [regions(contact_id=o.pk, region_id=o._demo_region.pk) for o in created], batch_size=BATCH
        )
        topics = Contact.topics.through
        topics.objects.bulk_create(
            [topics(contact_id=o.pk, fieldofaction_id=f) for o in created for f in self.random.sample(self.fields, 2)],
            batch_size=BATCH,
        )
        return [o.pk for o in created]

    def create_recommendations(self, count, offset):
        now = timezone.now()
        objects = []
        for number in range(count):
            label, kind = self.random.choice(GUIDANCE_KINDS)
            project, kind_fields, topic = self.random.choice(PROJECT_KINDS)
            voice = self.voice()
            steps = ""
            if kind in (GuidanceKind.METHOD, GuidanceKind.CHECKLIST):
                steps = "\n".join(f"{step}: {self.text(1, topic, voice)}" for step in GUIDANCE_STEPS)
            objects.append(
                Recommendation(
                    title=f"{label} {project} {self.random.choice(QUARTERS)}",
                    slug=f"{DEMO_PREFIX}empfehlung-{offset + number}",
                    status=PublicationStatus.PUBLISHED if self.random.random() < 0.95 else PublicationStatus.DRAFT,
                    kind=kind,
                    teaser=self.text(2, topic, voice),
                    body="".join(f"<p>{self.text(3, topic, voice)}</p>" for _ in range(3)),
                    steps=steps,
                    # About a fifth leave audience or phase open, as sources often do.
                    audiences=self.random.sample(Audience.values, self.random.randint(0, 3)),
                    phases=self.random.sample(Phase.values, self.random.randint(0, 2)),
                    source=DEMO_SOURCE,
                    created_at=now - datetime.timedelta(minutes=number),
                    updated_at=now,
                )
            )
            objects[-1]._demo_fields = kind_fields
        for item in objects:
            item.refresh_search_parts()  # bulk_create does not call save()
        created = Recommendation.objects.bulk_create(objects, batch_size=BATCH)
        through = Recommendation.fields_of_action.through
        through.objects.bulk_create(
            [through(recommendation_id=o.pk, fieldofaction_id=f) for o in created for f in set(o._demo_fields)],
            batch_size=BATCH,
        )
        groups = Recommendation.target_groups.through
        groups.objects.bulk_create(
            [
                groups(recommendation_id=o.pk, targetgroup_id=g)
                for o in created
                for g in self.random.sample(self.groups, self.random.randint(0, 2))
            ],
            batch_size=BATCH,
        )
        self.tag(Recommendation, [o.pk for o in created])
        return [o.pk for o in created]

    def link_guidance(self, recommendations, examples, programmes, contacts):
        """Each demo recommendation names a few examples, a programme and a contact, as the seeded ones do."""
        for field, targets, column in (
            ("practice_examples", examples, "practiceexample_id"),
            ("funding_programmes", programmes, "fundingprogramme_id"),
            ("contacts", contacts, "contact_id"),
        ):
            if not targets:
                continue
            through = getattr(Recommendation, field).through
            through.objects.bulk_create(
                [
                    through(recommendation_id=r, **{column: target})
                    for r in recommendations
                    for target in self.random.sample(targets, min(len(targets), 2))
                ],
                batch_size=BATCH,
                ignore_conflicts=True,
            )

    def link(self, examples, programmes, contacts):
        if programmes:
            through = PracticeExample.funding_programmes.through
            through.objects.bulk_create(
                [through(practiceexample_id=e, fundingprogramme_id=self.random.choice(programmes)) for e in examples],
                batch_size=BATCH,
                ignore_conflicts=True,
            )
        if contacts:
            through = PracticeExample.contacts.through
            through.objects.bulk_create(
                [through(practiceexample_id=e, contact_id=self.random.choice(contacts)) for e in examples],
                batch_size=BATCH,
                ignore_conflicts=True,
            )

    def tag(self, model, ids):
        tags = {tag.name: tag for tag in Tag.objects.filter(name__in=TAGS)}
        missing = [Tag(name=name, slug=Tag().slugify(name)) for name in TAGS if name not in tags]
        for tag in Tag.objects.bulk_create(missing):
            tags[tag.name] = tag
        content_type = ContentType.objects.get_for_model(model)
        names = list(tags)
        TaggedItem.objects.bulk_create(
            [
                TaggedItem(content_type=content_type, object_id=pk, tag=tags[name])
                for pk in ids
                for name in self.random.sample(names, self.random.randint(1, 3))
            ],
            batch_size=BATCH,
        )

    def delete_demo(self):
        with transaction.atomic():
            for model in (Recommendation, PracticeExample, FundingProgramme, Contact):
                demo = model.objects.filter(slug__startswith=DEMO_PREFIX)
                content_type = ContentType.objects.get_for_model(model)
                TaggedItem.objects.filter(content_type=content_type, object_id__in=demo.values("pk")).delete()
                demo.delete()
