# The four legally required pages with their first text. Editors change them in the back office
# (Seiten); this migration only creates pages that do not exist yet.

from django.db import migrations

MINISTRY = "Ministerium für Arbeit, Soziales, Transformation und Digitalisierung Rheinland-Pfalz"
ADDRESS = f"{MINISTRY}<br>Bauhofstraße 9<br>55116 Mainz"

IMPRESSUM = f"""<h2>Herausgeber</h2>
<p>{ADDRESS}</p>
<p>Telefon: [Telefonnummer wird von der Redaktion ergänzt]<br>
E-Mail: [E-Mail-Adresse wird von der Redaktion ergänzt]</p>
<p>Das Ministerium ist eine oberste Landesbehörde des Landes Rheinland-Pfalz. Es wird vertreten durch die Ministerin oder den Minister: [Name wird von der Redaktion ergänzt].</p>

<h2>Verantwortlich für den Inhalt</h2>
<p>Verantwortlich im Sinne von § 18 Absatz 2 Medienstaatsvertrag: [Name, Referat und Anschrift werden von der Redaktion ergänzt].</p>

<h2>Redaktion</h2>
<p>Die Einträge im Werkzeugkoffer pflegt die Redaktion im Ministerium. Praxisbeispiele, Förderprogramme und Beratungsstellen beruhen auf Angaben der Träger, Fördergeber und Stellen selbst; die Quelle und der Stand sind bei jedem Eintrag angegeben. Hinweise auf veraltete oder fehlerhafte Angaben nehmen wir gern entgegen.</p>

<h2>Haftung für Inhalte und Links</h2>
<p>Wir stellen die Inhalte mit großer Sorgfalt zusammen. Für Vollständigkeit, Richtigkeit und Aktualität, insbesondere von Antragsfristen und Förderbedingungen, können wir keine Gewähr übernehmen. Verbindlich sind allein die Förderrichtlinien und Bescheide der jeweiligen Fördergeber.</p>
<p>Links auf Angebote anderer Anbieter haben wir bei der Aufnahme geprüft. Für deren Inhalte sind allein die jeweiligen Anbieter verantwortlich. Werden uns rechtswidrige Inhalte bekannt, entfernen wir den Link.</p>

<h2>Urheberrecht</h2>
<p>Die Texte des Werkzeugkoffers sind urheberrechtlich geschützt. Sie dürfen sie für nichtkommerzielle Zwecke, etwa für eine Ratssitzung, unter Angabe der Quelle weitergeben.</p>

<h2>Gestaltung und Technik</h2>
<p>Die Gestaltung beruht auf KERN, dem offenen UX-Standard für die deutsche Verwaltung (Lizenz EUPL-1.2), mit der Schrift Fira Sans (SIL Open Font License). Alle Dateien liegen auf dem Server dieses Angebots. Technischer Betrieb: [Dienstleister wird von der Redaktion ergänzt].</p>
"""

DATENSCHUTZ = f"""<h2>Das Wichtigste in Kürze</h2>
<ul>
<li>Wir verfolgen nicht, wie Sie den Werkzeugkoffer nutzen: keine Analyse-Werkzeuge, keine Werbung, keine Profile.</li>
<li>Die öffentlichen Seiten setzen keine Cookies und legen nichts im Speicher Ihres Browsers ab.</li>
<li>Alle Seiten, Schriften und Bilder kommen von unserem eigenen Server. Ihr Browser stellt keine Verbindung zu anderen Anbietern her, solange Sie keinem Link zu einem anderen Angebot folgen.</li>
<li>Wie jeder Webserver protokolliert unser Server die Aufrufe, um das Angebot sicher zu betreiben.</li>
</ul>

<h2>Verantwortliche Stelle</h2>
<p>{ADDRESS}</p>
<p>Die oder den behördlichen Datenschutzbeauftragten des Ministeriums erreichen Sie unter: [Kontaktdaten werden von der Redaktion ergänzt].</p>

<h2>Was beim Besuch der Seiten verarbeitet wird</h2>
<p>Bei jedem Aufruf einer Seite übermittelt Ihr Browser Daten an unseren Server. Der Server speichert davon in einer Protokolldatei:</p>
<ul>
<li>die IP-Adresse Ihres Geräts,</li>
<li>Datum und Uhrzeit des Aufrufs,</li>
<li>die aufgerufene Adresse und den Statuscode der Antwort,</li>
<li>die übertragene Datenmenge,</li>
<li>die Seite, von der Sie kamen (Referrer), soweit Ihr Browser sie mitteilt,</li>
<li>die Angabe Ihres Browsers zu seinem Typ und Ihrem Betriebssystem.</li>
</ul>
<p>Wir brauchen diese Daten, um die Seiten auszuliefern, Angriffe zu erkennen und abzuwehren und Fehler zu finden. Rechtsgrundlage ist Artikel 6 Absatz 1 Buchstabe e der Datenschutz-Grundverordnung (DSGVO) in Verbindung mit § 3 des Landesdatenschutzgesetzes Rheinland-Pfalz. Die Protokolldaten werden nicht mit anderen Daten zusammengeführt und nach [Speicherdauer wird vom Betrieb ergänzt] Tagen gelöscht. Nur wenn ein Angriff aufgeklärt werden muss, bewahren wir die betroffenen Einträge so lange auf, wie es dafür nötig ist.</p>

<h2>Cookies</h2>
<p>Die öffentlichen Seiten des Werkzeugkoffers setzen keine Cookies.</p>
<p>Nur die Redaktionsoberfläche unter /admin/, die allein Beschäftigte der Redaktion nutzen, setzt zwei technisch notwendige Cookies: „csrftoken“ schützt Formulare vor dem Missbrauch durch fremde Seiten und gilt höchstens ein Jahr; „sessionid“ hält die Anmeldung fest und wird bei der Abmeldung, spätestens nach zwei Wochen, ungültig. Rechtsgrundlage für das Speichern ist § 25 Absatz 2 Nummer 2 des Telekommunikation-Digitale-Dienste-Datenschutz-Gesetzes (TDDDG).</p>

<h2>Keine Inhalte anderer Anbieter</h2>
<p>Wir binden keine Inhalte anderer Anbieter ein: keine Karten, Videos, Schriften oder Schaltflächen sozialer Netzwerke von fremden Servern. Links zu anderen Angeboten, etwa zu Förderrichtlinien, öffnen die Seite des anderen Anbieters erst, wenn Sie sie anklicken. Dort gilt dessen Datenschutzerklärung.</p>

<h2>Wenn Sie uns oder eine Beratungsstelle schreiben</h2>
<p>Schreiben Sie uns eine E-Mail, verarbeiten wir Ihre Angaben nur, um Ihre Anfrage zu beantworten. Die Beratungsstellen im Werkzeugkoffer sind für die Daten, die Sie ihnen schicken, selbst verantwortlich.</p>

<h2>Ihre Rechte</h2>
<p>Sie haben das Recht auf Auskunft über die Daten, die wir über Sie verarbeiten (Artikel 15 DSGVO), auf Berichtigung (Artikel 16), Löschung (Artikel 17) und Einschränkung der Verarbeitung (Artikel 18) sowie das Recht, der Verarbeitung zu widersprechen (Artikel 21). Wenden Sie sich dafür an die verantwortliche Stelle oder an die Datenschutzbeauftragte oder den Datenschutzbeauftragten.</p>
<p>Sie können sich außerdem bei der Aufsichtsbehörde beschweren (Artikel 77 DSGVO): Der Landesbeauftragte für den Datenschutz und die Informationsfreiheit Rheinland-Pfalz, Hintere Bleiche 34, 55116 Mainz, <a href="https://www.datenschutz.rlp.de">www.datenschutz.rlp.de</a>.</p>
"""

BARRIEREFREIHEIT = f"""<p>Das {MINISTRY} möchte, dass alle Menschen den Werkzeugkoffer nutzen können – auch mit einer Behinderung, im Alter und auf dem Smartphone. Diese Erklärung gilt für alle Seiten des Werkzeugkoffers. Die Anforderungen ergeben sich aus der Richtlinie (EU) 2016/2102, dem Landesinklusionsgesetz Rheinland-Pfalz und der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0), die auf die europäische Norm EN 301 549 und damit auf die Web Content Accessibility Guidelines (WCAG) 2.1 in den Stufen A und AA verweist.</p>

<h2>Stand der Vereinbarkeit mit den Anforderungen</h2>
<p>Der Werkzeugkoffer ist mit den Anforderungen der BITV 2.0 <strong>teilweise vereinbar</strong>. Die öffentlichen Seiten erfüllen nach unserer Prüfung die Anforderungen der WCAG 2.1 in den Stufen A und AA. Die unten genannten Inhalte sind noch nicht barrierefrei.</p>

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
<li><strong>Gebärdensprache:</strong> Die nach § 4 BITV 2.0 vorgesehenen Erläuterungen in Deutscher Gebärdensprache fehlen noch. Ein Video ist in Planung.</li>
<li><strong>Dokumente anderer Anbieter:</strong> Viele Einträge verlinken Förderrichtlinien, Antragsformulare und Broschüren, meist als PDF, auf den Seiten der Fördergeber und Träger. Diese Dokumente liegen nicht in unserer Verantwortung und sind oft nicht barrierefrei. Auf Wunsch helfen wir Ihnen, die Informationen in anderer Form zu bekommen.</li>
<li><strong>Redaktionsoberfläche:</strong> Die Oberfläche, mit der die Redaktion die Einträge pflegt, wurde bisher nur automatisiert geprüft.</li>
</ul>

<h2>Erstellung dieser Erklärung</h2>
<p>Diese Erklärung wurde am 23. November 2026 erstellt. Sie beruht auf einer Selbstbewertung: Jede Seitenart wird bei jeder Änderung der Software automatisch mit dem Prüfwerkzeug axe-core auf die Anforderungen der WCAG 2.1 in den Stufen A und AA geprüft, in der Breite eines Computerbildschirms und eines Smartphones; dazu prüfen Tests die Bedienung mit der Tastatur und die Gültigkeit des HTML-Codes. Eine Prüfung durch eine unabhängige Prüfstelle steht noch aus.</p>
<p>Die Erklärung wurde zuletzt am 23. November 2026 überprüft.</p>

<h2>Barrieren melden: Kontakt zur Feedback-Stelle</h2>
<p>Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Brauchen Sie Informationen aus einem Eintrag in einer anderen Form? Dann schreiben Sie uns:</p>
<p>{ADDRESS}<br>
E-Mail: [E-Mail-Adresse wird von der Redaktion ergänzt]<br>
Telefon: [Telefonnummer wird von der Redaktion ergänzt]</p>
<p>Bitte beschreiben Sie das Problem und nennen Sie die Adresse der Seite. Wir prüfen Ihre Meldung und antworten Ihnen so schnell wie möglich.</p>

<h2>Schlichtungsverfahren</h2>
<p>Wenn Sie auf Ihre Meldung keine zufriedenstellende Antwort bekommen haben, können Sie sich an die Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz (BGG) wenden. Die Schlichtungsstelle hilft, Konflikte zwischen Menschen mit Behinderungen und öffentlichen Stellen außergerichtlich zu lösen. Das Verfahren ist kostenlos, und Sie brauchen keinen Rechtsbeistand.</p>
<p>Schlichtungsstelle nach dem Behindertengleichstellungsgesetz<br>
bei dem Beauftragten der Bundesregierung für die Belange von Menschen mit Behinderungen<br>
Mauerstraße 53<br>
10117 Berlin<br>
Telefon: 030 18 527-2805<br>
E-Mail: info@schlichtungsstelle-bgg.de<br>
Internet: <a href="https://www.schlichtungsstelle-bgg.de">www.schlichtungsstelle-bgg.de</a></p>
"""

LEICHTE_SPRACHE = """<h2>Was ist der Werkzeug·koffer?</h2>
<p>Der Werkzeug·koffer ist eine Seite im Internet.</p>
<p>Viele Menschen wollen in ihrer Wohnung bleiben.<br>
Auch wenn sie alt sind.<br>
Auch wenn sie Hilfe brauchen.<br>
Oder Pflege.</p>
<p>Dafür braucht es ein gutes Quartier.<br>
Quartier bedeutet: die Gegend, in der Sie wohnen.<br>
Zum Beispiel: Ihr Dorf.<br>
Oder Ihr Stadt·teil.</p>
<p>In einem guten Quartier gibt es Hilfe in der Nähe.<br>
Und die Menschen kennen sich.</p>
<p>Auf dieser Seite stehen Ideen und Hilfen für gute Quartiere.<br>
Die Ideen sind für alle Menschen.<br>
Zum Beispiel für Menschen mit Behinderung.<br>
Und für ältere Menschen.</p>

<h2>Was finden Sie auf der Seite?</h2>
<p>Die Seite hat 3 Teile.</p>

<h3>1. Praxis·beispiele</h3>
<p>Praxis·beispiele sind Projekte aus vielen Orten.<br>
Die Projekte gibt es schon.<br>
Und sie klappen gut.</p>
<p>Zum Beispiel:<br>
Ein Café für alle Menschen im Dorf.<br>
Oder eine Wohnung für Menschen mit Pflege·bedarf.<br>
Dort wohnen mehrere Menschen zusammen.<br>
Und bekommen Hilfe.</p>
<p>Bei jedem Projekt steht:<br>
Wer macht das Projekt?<br>
Wer bezahlt das Projekt?<br>
Wen können Sie fragen?</p>
<p><a href="/praxisbeispiele/">Hier kommen Sie zu den Praxis·beispielen.</a></p>

<h3>2. Förder·programme</h3>
<p>Ein Projekt kostet Geld.<br>
Manchmal gibt es Geld für ein Projekt.<br>
Zum Beispiel vom Land Rheinland-Pfalz.<br>
Oder von einer Stiftung.<br>
Das Geld heißt: Förderung.</p>
<p>Bei jedem Förder·programm steht:<br>
Wofür gibt es das Geld?<br>
Wer kann das Geld bekommen?<br>
Bis wann muss man das Geld beantragen?</p>
<p><a href="/foerderprogramme/">Hier kommen Sie zu den Förder·programmen.</a></p>

<h3>3. Beratung</h3>
<p>Hier finden Sie Stellen für eine Beratung.<br>
Die Menschen dort beantworten Ihre Fragen.<br>
Zum Beispiel:<br>
Wie kann ich meine Wohnung umbauen?<br>
Wer hilft bei der Pflege?</p>
<p>Bei jeder Stelle steht:<br>
Wo ist die Stelle?<br>
Wie können Sie die Stelle erreichen?</p>
<p><a href="/beratung/">Hier kommen Sie zur Beratung.</a></p>

<h2>So benutzen Sie die Seite</h2>
<ul>
<li>Oben auf jeder Seite sind 3 Links.<br>
Die Links führen zu den 3 Teilen.<br>
Klicken Sie auf einen Link.</li>
<li>Oben ist auch ein Feld für die Suche.<br>
Schreiben Sie ein Wort in das Feld.<br>
Zum Beispiel: Pflege.<br>
Klicken Sie dann auf: Suchen.</li>
<li>Sie sehen dann eine Liste.<br>
Klicken Sie auf einen Namen in der Liste.<br>
Dann sehen Sie mehr zu diesem Eintrag.</li>
<li>Sie können die Seite auch mit der Tastatur benutzen.<br>
Drücken Sie die Taste Tab.<br>
Dann kommen Sie zum nächsten Link.</li>
<li>Sie können die Schrift größer machen.<br>
Drücken Sie dafür die Taste Strg.<br>
Und gleichzeitig die Taste Plus.</li>
</ul>

<h2>Wer hat die Seite gemacht?</h2>
<p>Die Seite ist vom Sozial·ministerium in Rheinland-Pfalz.<br>
Das Sozial·ministerium ist ein Teil von der Regierung.<br>
Der lange Name ist:<br>
Ministerium für Arbeit, Soziales, Transformation und Digitalisierung Rheinland-Pfalz.</p>

<h2>Haben Sie Fragen?</h2>
<p>Oder klappt etwas auf der Seite nicht?<br>
Dann schreiben Sie uns.<br>
Die Adresse steht im <a href="/impressum/">Impressum</a>.</p>
"""

PAGES = [
    ("impressum", "Impressum", IMPRESSUM),
    ("datenschutz", "Datenschutzerklärung", DATENSCHUTZ),
    ("barrierefreiheit", "Erklärung zur Barrierefreiheit", BARRIEREFREIHEIT),
    ("leichte-sprache", "Leichte Sprache", LEICHTE_SPRACHE),
]


def create_pages(apps, schema_editor):
    Page = apps.get_model("werkzeugkoffer", "Page")
    for slug, title, body in PAGES:
        Page.objects.get_or_create(slug=slug, defaults={"title": title, "body": body})


def remove_pages(apps, schema_editor):
    Page = apps.get_model("werkzeugkoffer", "Page")
    Page.objects.filter(slug__in=[slug for slug, _, _ in PAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("werkzeugkoffer", "0002_page"),
    ]

    operations = [
        migrations.RunPython(create_pages, remove_pages),
    ]
