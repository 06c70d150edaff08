from projects.models import PracticeExample


def test_detail_pages_render_sanitised_markup_not_escaped_tags(client, db):
    example = PracticeExample.objects.published().first()
    example.goals = "<p>Erstens <strong>wichtig</strong></p><ul><li>Punkt</li></ul><script>alert(1)</script>"
    example.full_clean()
    example.save()
    content = client.get(example.get_absolute_url()).content.decode()
    assert "<strong>wichtig</strong>" in content
    assert "<li>Punkt</li>" in content
    assert "&lt;strong&gt;" not in content
    assert "<script>alert(1)</script>" not in content


def test_plain_text_keeps_its_paragraphs(client, db):
    example = PracticeExample.objects.published().first()
    example.results = "Erster Absatz.\n\nZweiter Absatz."
    example.save()
    content = client.get(example.get_absolute_url()).content.decode()
    assert "<p>Erster Absatz.</p>" in content
