"""The questions of the Förder-Check, one form per page, and what each answer means for the lists.

Every answer is a query parameter. Those that are filters of the lists keep the lists' names (antragsberechtigte,
ort, handlungsfeld, zielgruppe), so that the result is the funding list with the same values; „egal“ stands for an
answer that narrows nothing.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django import forms

from funding.filters import SOON
from funding.models import Applicant, ApplicationStatus
from places import resolver
from werkzeugkoffer.catalogue import nearby
from werkzeugkoffer.models import FieldOfAction, TargetGroup

ANY = "egal"
NOT_SURE = "Wählen Sie eine der Antworten aus."


class Option(NamedTuple):
    value: str
    label: str
    hint: str = ""


APPLICANT_OPTIONS = [
    Option(Applicant.MUNICIPALITIES, "Eine Kommune", "Gemeinde, Stadt, Verbandsgemeinde oder Landkreis"),
    Option(Applicant.ASSOCIATIONS, "Ein Verein oder eine Initiative", "auch eine Nachbarschaftshilfe"),
    Option(Applicant.PROVIDERS, "Ein freier Träger oder Wohlfahrtsverband", "z. B. Caritas, Diakonie, AWO, DRK"),
    Option(Applicant.HOUSING, "Ein Wohnungsunternehmen", "auch eine Wohnungsbaugenossenschaft"),
    Option(Applicant.CARE_FACILITIES, "Eine Pflegeeinrichtung", "ein Pflegeheim, Pflegedienst oder eine Tagespflege"),
    Option(Applicant.INDIVIDUALS, "Ich als Privatperson", ""),
    Option(ANY, "Das steht noch nicht fest", "Sie sehen Programme für alle Antragsberechtigten."),
]

# The Handlungsfelder in everyday words; a field the editors add later is offered with its own name and description.
EVERYDAY_FIELDS = {
    "wohnen": ("Wohnen", "z. B. barrierefreie Wohnungen, eine Pflege-WG oder gemeinschaftliches Wohnen"),
    "soziales-nachbarschaft-und-begegnung": (
        "Nachbarschaft und Begegnung",
        "z. B. ein Treffpunkt, ein Wohncafé, Nachbarschaftshilfe oder gemeinsame Ausflüge",
    ),
    "gesundheit-hilfe-und-pflege": (
        "Gesundheit, Hilfe und Pflege",
        "z. B. Pflege zu Hause, Tagespflege, Hilfe beim Einkaufen oder im Haushalt",
    ),
    "beratung": ("Beratung", "z. B. eine Anlaufstelle für Fragen zu Wohnen, Pflege und Hilfen im Alter"),
    "mobilitaet": ("Unterwegs sein", "z. B. ein Fahrdienst, ein Bürgerbus oder Wege ohne Stufen"),
    "teilhabe-und-partizipation": (
        "Mitreden und dabei sein",
        "z. B. Menschen an der Planung beteiligen, Angebote, bei denen alle mitmachen können",
    ),
    "kooperation-und-vernetzung": (
        "Zusammenarbeit vor Ort",
        "z. B. ein Netzwerk aus Gemeinde, Vereinen, Pflegediensten und Wohnungsunternehmen",
    ),
    "qualifizierung-und-engagement": (
        "Ehrenamt und Weiterbildung",
        "z. B. Ehrenamtliche gewinnen und begleiten, Schulungen für Helferinnen und Helfer",
    ),
    "finanzierung": ("Geld auf Dauer", "z. B. eine Quartiersmanagerin oder einen Treffpunkt dauerhaft bezahlen"),
    "technik-digitales": ("Technik und Digitales", "z. B. Hausnotruf, Tablet-Kurse oder eine Nachbarschafts-App"),
}

TIMING_OPTIONS = [
    Option("jetzt", "Jetzt", "Programme, bei denen Sie heute einen Antrag stellen können"),
    Option(
        "3-monate",
        "In den nächsten drei Monaten",
        "Programme, die jetzt offen sind oder in den nächsten drei Monaten Anträge annehmen",
    ),
    Option(ANY, "Egal", "Alle aktuellen Programme, auch solche, deren Antragsfrist nicht bekannt ist"),
]
# The list's Antragsstatus for each answer; programmes whose deadline is not known are offered beside the result.
TIMING_STATUS = {
    "jetzt": [ApplicationStatus.OPEN],
    "3-monate": [ApplicationStatus.OPEN, SOON.value],
    ANY: [],
}

HERE, ANYWHERE = "ort", "ueberall"


def field_options():
    options = []
    for field in FieldOfAction.objects.only("slug", "name", "description"):
        label, hint = EVERYDAY_FIELDS.get(field.slug, (field.name, field.description))
        options.append(Option(field.slug, label, hint))
    return options + [Option(ANY, "Das ist noch offen", "Sie sehen Programme für alle Themen.")]


def group_options():
    options = [
        Option(group.slug, group.name[:1].upper() + group.name[1:], group.description)
        for group in TargetGroup.objects.only("slug", "name", "description")
    ]
    return options + [Option(ANY, "Für alle", "Sie sehen Programme für alle Zielgruppen.")]


def choice_errors(required):
    # Never the rejected value itself: a tampered link may carry anything.
    return {"required": required, "invalid_choice": f"Diese Antwort gibt es nicht. {NOT_SURE}"}


class Question(forms.Form):
    """One question page: its options, what its answer says, and the list filters it stands for."""

    name = ""  # the query parameter of its answer
    multiple = False

    def options(self):
        raise NotImplementedError

    def values(self):
        value = self.cleaned_data[self.name]
        return list(dict.fromkeys(value)) if self.multiple else [value]

    def answer(self):
        labels = {option.value: option.label for option in self.options()}
        return ", ".join(labels[value] for value in self.values())

    def filters(self):
        """The list parameters of the answer: {name: [values]}; „egal“ narrows nothing."""
        values = [value for value in self.values() if value != ANY]
        return {self.name: values} if values else {}

    def canonical(self):
        """The answer as the next page's URL keeps it."""
        return {self.name: self.values()}

    def clean(self):
        cleaned = super().clean()
        if self.multiple and ANY in cleaned.get(self.name, []) and len(set(cleaned[self.name])) > 1:
            # Without JavaScript nothing unticks the other boxes; the page asks instead of guessing.
            labels = {option.value: option.label for option in self.options()}
            self.add_error(self.name, f"Wählen Sie einzelne Antworten oder „{labels[ANY]}“, nicht beides.")
        return cleaned


class ApplicantForm(Question):
    name = "antragsberechtigte"
    antragsberechtigte = forms.ChoiceField(
        choices=[(option.value, option.label) for option in APPLICANT_OPTIONS],
        error_messages=choice_errors("Wählen Sie aus, wer den Antrag stellt."),
    )

    def options(self):
        return APPLICANT_OPTIONS


class PlaceForm(Question):
    """Where: a place typed as on the lists („PLZ oder Ort“), or anywhere in Germany."""

    name = "wo"
    wo = forms.ChoiceField(
        choices=[(HERE, "An einem bestimmten Ort"), (ANYWHERE, "Egal – in ganz Deutschland")],
        required=False,
        error_messages=choice_errors(""),
    )
    ort = forms.CharField(
        required=False,
        max_length=resolver.MAX_LENGTH,
        error_messages={
            "max_length": f"Der Ort ist zu lang. Geben Sie höchstens {resolver.MAX_LENGTH} Zeichen ein.",
            "null_characters_not_allowed": "Der Ort enthält ungültige Zeichen.",
        },
    )

    place = None
    place_choices = ()

    def options(self):
        return [
            Option(HERE, "An einem bestimmten Ort", ""),
            Option(ANYWHERE, "Egal – in ganz Deutschland", "Sie sehen Programme aller Fördergebiete."),
        ]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        text = resolver.clean(cleaned.get("ort", ""))
        where = cleaned.get("wo") or (HERE if text else "")
        cleaned["wo"] = where
        if where == ANYWHERE:
            return cleaned
        if not where:
            self.add_error("wo", "Wählen Sie aus, ob Sie Programme für einen bestimmten Ort suchen.")
        elif not text:
            self.add_error("ort", "Geben Sie eine Postleitzahl oder den Namen eines Ortes ein.")
        else:
            resolution = resolver.choose(text, prefer_land=nearby.HOME_LAND)
            if resolution.place is None:
                self.place_choices = resolution.choices
                self.add_error("ort", resolution.notice)
            else:
                self.place = resolution.place
        return cleaned

    def values(self):
        return [self.cleaned_data["wo"]]

    def answer(self):
        return self.place.label if self.place else "Egal – in ganz Deutschland"

    def filters(self):
        return {"ort": [self.place.label]} if self.place else {}

    def canonical(self):
        # The place's label resolves to exactly this place again, on the next pages and on the lists.
        return {"wo": self.values(), "ort": [self.place.label] if self.place else []}


class FieldForm(Question):
    name = "handlungsfeld"
    multiple = True
    handlungsfeld = forms.MultipleChoiceField(
        choices=lambda: [(option.value, option.label) for option in field_options()],
        error_messages=choice_errors("Wählen Sie mindestens ein Thema aus oder „Das ist noch offen“."),
    )

    def options(self):
        return field_options()


class GroupForm(Question):
    name = "zielgruppe"
    multiple = True
    zielgruppe = forms.MultipleChoiceField(
        choices=lambda: [(option.value, option.label) for option in group_options()],
        error_messages=choice_errors("Wählen Sie mindestens eine Gruppe aus oder „Für alle“."),
    )

    def options(self):
        return group_options()


class TimingForm(Question):
    name = "wann"
    wann = forms.ChoiceField(
        choices=[(option.value, option.label) for option in TIMING_OPTIONS],
        error_messages=choice_errors("Wählen Sie aus, wann Sie den Antrag stellen möchten."),
    )

    def options(self):
        return TIMING_OPTIONS

    def filters(self):
        statuses = TIMING_STATUS[self.cleaned_data["wann"]]
        return {"status": [str(status) for status in statuses]} if statuses else {}


@dataclass(frozen=True)
class Step:
    slug: str  # the page's path under /foerder-check/
    question: str  # the page's heading
    hint: str
    form_class: type
    names: tuple  # the query parameters it answers

    def is_answered(self, data):
        return any(name in data for name in self.names)


STEPS = [
    Step("wer", "Wer stellt den Antrag?", "", ApplicantForm, ("antragsberechtigte",)),
    Step(
        "wo",
        "Wo soll Ihr Vorhaben stattfinden?",
        "Für einen Ort zeigen wir Programme, die dort fördern: für den Kreis, das Land und ganz Deutschland.",
        PlaceForm,
        ("wo", "ort"),
    ),
    Step("wofuer", "Wofür suchen Sie Geld?", "Sie können mehrere Themen ankreuzen.", FieldForm, ("handlungsfeld",)),
    Step("fuer-wen", "Für wen ist Ihr Vorhaben?", "Sie können mehrere Gruppen ankreuzen.", GroupForm, ("zielgruppe",)),
    Step("wann", "Wann möchten Sie den Antrag stellen?", "", TimingForm, ("wann",)),
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}
ANSWER_NAMES = [name for step in STEPS for name in step.names]
