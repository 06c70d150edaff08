from django import forms

from alerts.models import Catalogue, Frequency


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="Ihre E-Mail-Adresse", max_length=254)
    frequency = forms.ChoiceField(
        label="Wie oft?", choices=Frequency.choices, initial=Frequency.WEEKLY, widget=forms.RadioSelect
    )
    liste = forms.ChoiceField(choices=Catalogue.choices, widget=forms.HiddenInput)
    suche = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label="Wie oft?", choices=Frequency.choices, widget=forms.RadioSelect)
