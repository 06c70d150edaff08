# The legal pages without placeholders: the public text stands complete without the details the Redaktion still has
# to supply, and those details are listed per page („Fehlende Pflichtangaben“) for the editors' start page.
#
# Only a text still unchanged since 0003_legal_pages is replaced. A text an editor has changed stays as it is; its
# page gets the same list of details to check. The ministry is named as in the sources (Sozialministerium
# Rheinland-Pfalz, mastd.rlp.de); no address, telephone number or name is made up. The privacy statement says
# what the settings do (werkzeugkoffer/settings.py): cookie names with the __Host- prefix over HTTPS, sessions
# that end after 60 minutes without activity and at most 10 hours after signing in, a request log without IP
# addresses, rate-limit counters only in memory.

import importlib

from django.db import migrations

FIRST_TEXTS = importlib.import_module("werkzeugkoffer.migrations.0003_legal_pages")

MINISTRY = "Sozialministerium Rheinland-Pfalz"
WEBSITE = '<a href="https://mastd.rlp.de">mastd.rlp.de</a>'

IMPRESSUM = f"""<h2>Herausgeber</h2>
<p>Den Werkzeugkoffer gibt das {MINISTRY} heraus. Er ist ein Ergebnis des Strategieprozesses „Sozialräume stärken“ des Ministeriums. Das Ministerium wird von der Ministerin oder dem Minister vertreten.</p>
<p>Anschrift, Telefonnummer und E-Mail-Adresse des Ministeriums finden Sie auf seiner Internetseite {WEBSITE}.</p>

<h2>Redaktion</h2>
<p>Die Einträge im Werkzeugkoffer pflegt die Redaktion im Ministerium. Praxisbeispiele, Förderprogramme und Beratungsstellen beruhen auf veröffentlichten Quellen, etwa Dokumentationen, Fachartikeln und Internetseiten der Träger. Bei jedem Eintrag stehen die Quelle und der Stand ihrer Angaben; sobald die Redaktion einen Eintrag geprüft hat, steht dort auch, wann. Hinweise auf veraltete oder fehlerhafte Angaben nehmen wir gern entgegen.</p>

<h2>Haftung für Inhalte und Links</h2>
<p>Wir stellen die Inhalte mit großer Sorgfalt zusammen. Für Vollständigkeit, Richtigkeit und Aktualität, insbesondere von Antragsfristen und Förderbedingungen, können wir keine Gewähr übernehmen. Verbindlich sind allein die Förderrichtlinien und Bescheide der jeweiligen Fördergeber.</p>
<p>Für die Inhalte verlinkter Angebote anderer Anbieter sind allein diese Anbieter verantwortlich. Werden uns rechtswidrige Inhalte bekannt, entfernen wir den Link.</p>

<h2>Urheberrecht</h2>
<p>Die Texte des Werkzeugkoffers sind urheberrechtlich geschützt. Sie dürfen sie für nichtkommerzielle Zwecke, etwa für eine Ratssitzung, unter Angabe der Quelle weitergeben.</p>

<h2>Gestaltung und Technik</h2>
<p>Die Gestaltung beruht auf KERN, dem offenen UX-Standard für die deutsche Verwaltung (Lizenz EUPL-1.2), mit der Schrift Fira Sans (SIL Open Font License). Alle Dateien liegen auf dem Server dieses Angebots.</p>
"""

IMPRESSUM_MISSING = """Amtliche Bezeichnung und Anschrift des Ministeriums (Herausgeber)
Name der vertretungsberechtigten Person (Ministerin oder Minister)
Telefonnummer und E-Mail-Adresse für eine schnelle Kontaktaufnahme
Verantwortliche Person nach § 18 Absatz 2 Medienstaatsvertrag mit Anschrift"""

DATENSCHUTZ = f"""<h2>Das Wichtigste in Kürze</h2>
<ul>
<li>Wir verfolgen nicht, wie Sie den Werkzeugkoffer nutzen: keine Analyse-Werkzeuge, keine Werbung, keine Profile.</li>
<li>Die öffentlichen Seiten setzen keine Cookies und legen nichts im Speicher Ihres Browsers ab.</li>
<li>Alle Seiten, Schriften und Bilder kommen von unserem eigenen Server. Ihr Browser stellt keine Verbindung zu anderen Anbietern her, solange Sie keinem Link zu einem anderen Angebot folgen.</li>
<li>Das Protokoll, das der Werkzeugkoffer über die Aufrufe führt, enthält keine IP-Adressen und keine Suchbegriffe.</li>
</ul>

<h2>Verantwortliche Stelle</h2>
<p>Verantwortlich für die Verarbeitung personenbezogener Daten im Werkzeugkoffer ist das {MINISTRY}. Anschrift und Kontaktdaten finden Sie auf der Internetseite des Ministeriums, {WEBSITE}. Sie können sich auch an die behördliche Datenschutzbeauftragte oder den behördlichen Datenschutzbeauftragten des Ministeriums wenden.</p>

<h2>Was beim Besuch der Seiten verarbeitet wird</h2>
<p>Damit eine Seite angezeigt werden kann, übermittelt Ihr Browser bei jedem Aufruf technisch notwendige Daten an unseren Server, darunter die IP-Adresse Ihres Geräts. Der Werkzeugkoffer schreibt zu jedem Aufruf eine Zeile in sein Protokoll, und zwar nur:</p>
<ul>
<li>Datum und Uhrzeit des Aufrufs,</li>
<li>die Art der Anfrage und die aufgerufene Adresse – von Such- und Filterangaben nur deren Namen, nicht, wonach Sie gesucht haben,</li>
<li>den Statuscode der Antwort und wie lange die Antwort gedauert hat,</li>
<li>eine Nummer der Anfrage, unter der sich Fehler wiederfinden lassen.</li>
</ul>
<p>Die IP-Adresse, Angaben zu Ihrem Browser und Gerät und die Seite, von der Sie kamen, stehen nicht in diesem Protokoll. Wir brauchen es, um die Seiten sicher zu betreiben, Angriffe zu erkennen und Fehler zu finden.</p>
<p>Damit einzelne Absender das Angebot nicht überlasten, zählt der Server bei Suchanfragen und bei Abfragen der Programmierschnittstelle unter /api/, wie oft von derselben IP-Adresse aus angefragt wird. Diese Zähler liegen nur im Arbeitsspeicher und verfallen spätestens nach einer Stunde.</p>
<p>Rechtsgrundlage ist Artikel 6 Absatz 1 Buchstabe e der Datenschutz-Grundverordnung (DSGVO) in Verbindung mit § 3 des Landesdatenschutzgesetzes Rheinland-Pfalz.</p>

<h2>Cookies</h2>
<p>Die öffentlichen Seiten des Werkzeugkoffers setzen keine Cookies.</p>
<p>Nur die Redaktionsoberfläche unter /admin/, die allein Beschäftigte der Redaktion nutzen, setzt technisch notwendige Cookies:</p>
<ul>
<li>„__Host-csrftoken“ schützt Formulare vor dem Missbrauch durch fremde Seiten; es gilt höchstens ein Jahr.</li>
<li>„__Host-sessionid“ hält die Anmeldung fest. Es wird gelöscht, wenn Sie den Browser schließen. Die Anmeldung endet mit der Abmeldung, nach 60 Minuten ohne Aktivität und spätestens 10 Stunden nach der Anmeldung.</li>
<li>„messages“ überbringt eine Rückmeldung wie „gespeichert“ an die nächste Seite und wird gleich danach wieder gelöscht.</li>
</ul>
<p>Die Vorsilbe „__Host-“ sorgt dafür, dass Ihr Browser diese Cookies nur über eine verschlüsselte Verbindung und nur von dieser Adresse annimmt. Rechtsgrundlage für das Speichern ist § 25 Absatz 2 Nummer 2 des Telekommunikation-Digitale-Dienste-Datenschutz-Gesetzes (TDDDG).</p>

<h2>Anmeldung der Redaktion</h2>
<p>Bei der Anmeldung unter /admin/ speichert der Server die IP-Adresse und die Angabe des Browsers: bei einer erfolgreichen Anmeldung in einem Anmeldeprotokoll, bei einer fehlgeschlagenen, um das Ausprobieren von Passwörtern abzuwehren. Nach fünf Fehlversuchen mit demselben Benutzernamen von derselben Adresse ist die Anmeldung für eine Stunde gesperrt. Fehlversuche werden gelöscht, sobald die Anmeldung gelingt oder die Sperre aufgehoben wird.</p>

<h2>Keine Inhalte anderer Anbieter</h2>
<p>Wir binden keine Inhalte anderer Anbieter ein: keine Karten, Videos, Schriften oder Schaltflächen sozialer Netzwerke von fremden Servern. Links zu anderen Angeboten, etwa zu Förderrichtlinien, öffnen die Seite des anderen Anbieters erst, wenn Sie sie anklicken. Dort gilt dessen Datenschutzerklärung.</p>

<h2>Wenn Sie uns oder eine Beratungsstelle schreiben</h2>
<p>Schreiben Sie uns eine E-Mail, verarbeiten wir Ihre Angaben nur, um Ihre Anfrage zu beantworten. Die Beratungsstellen im Werkzeugkoffer sind für die Daten, die Sie ihnen schicken, selbst verantwortlich.</p>

<h2>Ihre Rechte</h2>
<p>Sie haben das Recht auf Auskunft über die Daten, die wir über Sie verarbeiten (Artikel 15 DSGVO), auf Berichtigung (Artikel 16), Löschung (Artikel 17) und Einschränkung der Verarbeitung (Artikel 18) sowie das Recht, der Verarbeitung zu widersprechen (Artikel 21). Wenden Sie sich dafür an die verantwortliche Stelle oder an die Datenschutzbeauftragte oder den Datenschutzbeauftragten.</p>
<p>Sie können sich außerdem bei einer Datenschutz-Aufsichtsbehörde beschweren (Artikel 77 DSGVO), in Rheinland-Pfalz beim Landesbeauftragten für den Datenschutz und die Informationsfreiheit Rheinland-Pfalz, <a href="https://www.datenschutz.rlp.de">www.datenschutz.rlp.de</a>.</p>
"""

DATENSCHUTZ_MISSING = """Kontaktdaten der oder des behördlichen Datenschutzbeauftragten
Speicherdauer des Protokolls der Aufrufe (beim Betrieb erfragen)
Protokolle des vorgeschalteten Webservers oder Rechenzentrums: was sie enthalten und wie lange sie aufbewahrt werden
Speicherdauer des Anmeldeprotokolls der Redaktion (erfolgreiche Anmeldungen mit IP-Adresse)"""

BARRIEREFREIHEIT = f"""<p>Das {MINISTRY} möchte, dass alle Menschen den Werkzeugkoffer nutzen können – auch mit einer Behinderung, im Alter und auf dem Smartphone. Diese Erklärung gilt für alle Seiten des Werkzeugkoffers. Die Anforderungen ergeben sich aus der Richtlinie (EU) 2016/2102, dem Landesrecht Rheinland-Pfalz und der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0), die auf die europäische Norm EN 301 549 und damit auf die Web Content Accessibility Guidelines (WCAG) 2.1 in den Stufen A und AA verweist.</p>

<h2>Stand der Vereinbarkeit mit den Anforderungen</h2>
<p>Der Werkzeugkoffer ist mit den Anforderungen der BITV 2.0 <strong>teilweise vereinbar</strong>. Die unten genannten Inhalte sind noch nicht barrierefrei.</p>

<h2>Was bereits umgesetzt ist</h2>
<ul>
<li>Alle Seiten lassen sich mit der Tastatur bedienen; der Fokus ist deutlich sichtbar, und ein Link am Seitenanfang springt direkt zum Inhalt.</li>
<li>Überschriften, Navigationsbereiche und Listen sind so ausgezeichnet, dass Screenreader sie erkennen.</li>
<li>Texte und Bedienelemente haben ausreichende Kontraste; die Schrift lässt sich auf 200 Prozent vergrößern, ohne dass Inhalte verloren gehen.</li>
<li>Die Seiten passen sich an Bildschirme ab 320 Pixel Breite an und lassen sich als Steckbrief ausdrucken.</li>
<li>Ein Text in <a href="/leichte-sprache/">Leichter Sprache</a> erklärt, was der Werkzeugkoffer ist und wie man ihn benutzt.</li>
</ul>

<h2>Welche Inhalte nicht barrierefrei sind</h2>
<ul>
<li><strong>Gebärdensprache:</strong> Die nach § 4 BITV 2.0 vorgesehenen Erläuterungen in Deutscher Gebärdensprache fehlen noch.</li>
<li><strong>Dokumente anderer Anbieter:</strong> Viele Einträge verlinken Förderrichtlinien, Antragsformulare und Broschüren, meist als PDF, auf den Seiten der Fördergeber und Träger. Diese Dokumente liegen nicht in unserer Verantwortung und sind oft nicht barrierefrei. Auf Wunsch helfen wir Ihnen, die Informationen in anderer Form zu bekommen.</li>
<li><strong>Redaktionsoberfläche:</strong> Die Oberfläche, mit der die Redaktion die Einträge pflegt, wurde bisher nur automatisiert geprüft.</li>
</ul>

<h2>Erstellung dieser Erklärung</h2>
<p>Die Erklärung beruht auf einer Selbstbewertung: Jede Seitenart wird bei jeder Änderung der Software automatisch mit dem Prüfwerkzeug axe-core auf die Anforderungen der WCAG 2.1 in den Stufen A und AA geprüft, in der Breite eines Computerbildschirms und eines Smartphones; dazu prüfen Tests die Bedienung mit der Tastatur und die Gültigkeit des HTML-Codes. Automatische Prüfungen finden nicht jede Barriere. Eine Prüfung durch eine unabhängige Prüfstelle steht noch aus.</p>

<h2>Barrieren melden</h2>
<p>Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Brauchen Sie Informationen aus einem Eintrag in einer anderen Form? Dann wenden Sie sich an das {MINISTRY}; die Kontaktdaten finden Sie auf {WEBSITE}. Bitte beschreiben Sie das Problem und nennen Sie die Adresse der Seite. Wir prüfen Ihre Meldung und antworten Ihnen so schnell wie möglich.</p>
"""

BARRIEREFREIHEIT_MISSING = """Datum der Erstellung dieser Erklärung und Datum ihrer letzten Überprüfung
Kontakt für Meldungen zu Barrieren (Feedback-Stelle mit E-Mail-Adresse und Telefonnummer)
Schlichtungsstelle nach Landesrecht Rheinland-Pfalz (Durchsetzungsverfahren) mit Anschrift"""

LEICHTE_SPRACHE_BEFORE = """<h2>Wer hat die Seite gemacht?</h2>
<p>Die Seite ist vom Sozial·ministerium in Rheinland-Pfalz.<br>
Das Sozial·ministerium ist ein Teil von der Regierung.<br>
Der lange Name ist:<br>
Ministerium für Arbeit, Soziales, Transformation und Digitalisierung Rheinland-Pfalz.</p>

<h2>Haben Sie Fragen?</h2>
<p>Oder klappt etwas auf der Seite nicht?<br>
Dann schreiben Sie uns.<br>
Die Adresse steht im <a href="/impressum/">Impressum</a>.</p>
"""

LEICHTE_SPRACHE_AFTER = """<h2>Wer hat die Seite gemacht?</h2>
<p>Die Seite ist vom Sozial·ministerium in Rheinland-Pfalz.<br>
Das Sozial·ministerium ist ein Teil von der Regierung.</p>

<h2>Haben Sie Fragen?</h2>
<p>Oder klappt etwas auf der Seite nicht?<br>
Dann schreiben Sie uns.<br>
Im <a href="/impressum/">Impressum</a> steht, wo Sie unsere Adresse finden.</p>
"""

LEICHTE_SPRACHE = FIRST_TEXTS.LEICHTE_SPRACHE.replace(LEICHTE_SPRACHE_BEFORE, LEICHTE_SPRACHE_AFTER)

# slug: (text of 0003_legal_pages, new text, details still missing)
PAGES = {
    "impressum": (FIRST_TEXTS.IMPRESSUM, IMPRESSUM, IMPRESSUM_MISSING),
    "datenschutz": (FIRST_TEXTS.DATENSCHUTZ, DATENSCHUTZ, DATENSCHUTZ_MISSING),
    "barrierefreiheit": (FIRST_TEXTS.BARRIEREFREIHEIT, BARRIEREFREIHEIT, BARRIEREFREIHEIT_MISSING),
    "leichte-sprache": (FIRST_TEXTS.LEICHTE_SPRACHE, LEICHTE_SPRACHE, ""),
}


def replace_placeholders(apps, schema_editor):
    Page = apps.get_model("werkzeugkoffer", "Page")
    for page in Page.objects.filter(slug__in=PAGES):
        first, new, missing = PAGES[page.slug]
        if page.body == first:
            page.body = new
        elif missing:
            missing = "Der Text wurde seit seiner ersten Fassung geändert: bitte prüfen, ob diese Angaben fehlen\n" + missing
        page.missing_details = missing
        page.save()


def restore_placeholders(apps, schema_editor):
    Page = apps.get_model("werkzeugkoffer", "Page")
    for page in Page.objects.filter(slug__in=PAGES):
        first, new, _missing = PAGES[page.slug]
        if page.body == new:
            page.body = first
            page.save()


class Migration(migrations.Migration):
    dependencies = [
        ("werkzeugkoffer", "0013_page_missing_details"),
    ]

    operations = [migrations.RunPython(replace_placeholders, restore_placeholders)]
