"""RGAA: the self-audit and its rate, the statement, the site map, and what every page does for
errors and action results (error summary, « Erreur : » title, messages region)."""

import csv
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape

from apps.accessibility.audit import AuditError, current_audit, load_audit, load_criteria
from apps.core.templatetags.typography import french_spacing

AUDIT = Path(settings.BASE_DIR) / "docs" / "rgaa"


def _write(directory: Path, pages: dict[str, dict[str, str]]) -> None:
    """An audit of `pages` (id -> {criterion: status}); unlisted criteria are NA."""
    numbers = [c.number for c in load_criteria(AUDIT / "criteres.csv")]
    (directory / "pages").mkdir(parents=True)
    (directory / "audit.toml").write_text("date = 2026-11-30\n", encoding="utf-8")
    with (directory / "echantillon.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "titre", "adresse"])
        writer.writerows([page, page.title(), "/"] for page in pages)
    for page, statuses in pages.items():
        with (directory / "pages" / f"{page}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter=";")
            writer.writerow(["critere", "statut", "remarque"])
            writer.writerows([n, statuses.get(n, "NA"), ""] for n in numbers)


class TestRate:
    def test_a_criterion_failing_on_one_page_fails_for_the_sample(self, tmp_path):
        _write(
            tmp_path,
            {
                "a": {"3.2": "C", "10.7": "C", "11.1": "C", "8.5": "C"},
                "b": {"3.2": "C", "10.7": "NC", "8.5": "C"},
            },
        )
        audit = load_audit(tmp_path)
        assert audit.overall["10.7"] == "NC"  # C on a, NC on b
        assert audit.overall["11.1"] == "C"  # applies to a only
        assert audit.overall["1.1"] == "NA"
        assert (audit.compliant, audit.non_compliant, audit.not_applicable) == (3, 1, 102)
        assert str(audit.rate) == "75.00"  # 3 / (3 + 1), not the mean of the pages
        assert str(audit.mean_rate) == "83.33"  # (100 + 66.67) / 2
        assert audit.status == "partial"
        assert [c.number for c, _ in audit.failures()] == ["10.7"]

    def test_statuses(self, tmp_path):
        _write(tmp_path, {"a": {"3.2": "NC", "8.5": "NC", "9.1": "C"}})
        assert load_audit(tmp_path).status == "none"  # 33 %

    def test_an_incomplete_page_is_refused(self, tmp_path):
        _write(tmp_path, {"a": {}})
        lines = (tmp_path / "pages" / "a.csv").read_text(encoding="utf-8").splitlines()
        (tmp_path / "pages" / "a.csv").write_text("\n".join(lines[:-1]), encoding="utf-8")
        with pytest.raises(AuditError):
            load_audit(tmp_path)

    def test_an_unknown_status_is_refused(self, tmp_path):
        _write(tmp_path, {"a": {"3.2": "OK"}})
        with pytest.raises(AuditError):
            load_audit(tmp_path)

    def test_the_repository_audits(self):
        initial = load_audit(AUDIT / "initial")
        assert len(initial.criteria) == 106
        assert (initial.compliant, initial.non_compliant) == (49, 13)
        assert str(initial.rate) == "79.03"
        audit = current_audit()
        assert {page.id for page in audit.pages} >= {
            "accueil", "connexion", "inscription", "plan-du-site", "confidentialite",
            "accessibilite", "ateliers", "atelier", "emargement", "copil-seance",
            "copil-formulaire", "compte-rendu", "salle-de-lecture", "strategie", "action",
            "profil", "calendrier", "document-pdf",
        }  # fmt: skip
        assert audit.non_compliant == 0 and str(audit.rate) == "100.00"


@pytest.mark.django_db
class TestStatement:
    def test_statement_shows_rate_date_sample_contact_and_recourse(self, client):
        audit = current_audit()
        body = client.get(reverse("accessibility")).content.decode()
        assert (
            "<title>Déclaration d’accessibilité" in body
            or "<title>Déclaration d'accessibilité" in body
        )
        assert "totalement conforme" in body
        assert (
            french_spacing(f"{localize(audit.rate)} % des critères du RGAA 4.1 applicables") in body
        )
        assert "30 novembre 2026" in body
        for page in audit.pages:
            assert escape(page.address) in body
        assert f"mailto:{settings.PRIVACY_CONTACT_EMAIL}" in body
        assert "Défenseur des droits" in body and "Libre réponse 71120" in body

    def test_every_page_links_the_statement_and_the_site_map(self, client):
        body = client.get("/").content.decode()
        assert f'href="{reverse("accessibility")}">Accessibilité : totalement conforme' in body
        assert f'href="{reverse("sitemap")}"' in body
        assert '<option value="en" lang="en">English</option>' in body
        sitemap = client.get(reverse("sitemap")).content.decode()
        for name in ("strategy:overview", "workshops:programme", "calendars:calendar"):
            assert f'href="{reverse(name)}"' in sitemap


@pytest.mark.django_db
class TestErrorsAndResults:
    def test_signup_errors_summary_title_and_no_browser_bubble(self, client):
        page = client.get(reverse("account_signup")).content.decode()
        assert re.search(r'<form method="post" action="/accounts/signup/"[^>]* novalidate>', page)
        assert "data-error-summary" not in page and "<title>Erreur" not in page
        body = client.post(reverse("account_signup"), {"email": "pas-une-adresse"}).content
        body = body.decode()
        assert "<title>Erreur : Créer un compte" in body
        summary = body.split("data-error-summary", 1)[1].split("</ul>", 1)[0]
        assert 'href="#id_email"' in summary and 'href="#id_first_name"' in summary
        assert re.search(r"Le formulaire contient \d+ erreurs", body)
        assert 'src="/static/js/focus.js"' in body

    def test_walk_in_search_error_is_summarised(self, client):
        from tests.accounts.factories import UserFactory
        from tests.workshops.factories import WorkshopFactory

        facilitator = UserFactory(role="facilitateur")
        workshop = WorkshopFactory(facilitators=[facilitator])
        client.force_login(facilitator)
        # A walk-in without an account, with no name: the form comes back with its errors.
        url = reverse("workshops:checkin_guest", kwargs={"slug": workshop.meeting.slug})
        body = client.post(url, {"name": "", "organisation": "CCI"}).content.decode()
        assert "<title>Erreur :" in body
        assert "error-summary" in body and 'data-field="name"' in body

    def test_an_action_result_is_a_focusable_messages_region(self, client, stakeholder):
        client.force_login(stakeholder)
        response = client.post(reverse("accounts:regenerate_calendar_token"), follow=True)
        body = response.content.decode()
        # static/js/focus.js focuses this region on load: the result is read out (RGAA 7.5).
        assert 'role="status" aria-live="polite" id="messages" tabindex="-1"' in body


@pytest.mark.django_db
def test_a_label_holding_a_link_reads_as_plain_text_in_the_summary(client):
    body = client.post(reverse("account_signup"), {}).content.decode()
    summary = body.split("data-error-summary", 1)[1].split("</ul>", 1)[0]
    assert "J&#x27;accepte que mes données" in summary and "&amp;#x27;" not in summary
    assert summary.count("<a ") == summary.count("</a>")  # no link nested in a link


def test_page_errors_gathers_forms_and_formsets_in_field_order():
    from django import forms
    from django.template import Context, Template

    class Item(forms.Form):
        title = forms.CharField(label="Intitulé")
        minutes = forms.IntegerField(required=False)

    class Session(forms.Form):
        place = forms.CharField(label="Lieu <em>exact</em>")
        note = forms.CharField(required=False, widget=forms.HiddenInput)

        def clean(self):
            raise forms.ValidationError("Date déjà prise.")

    items = forms.formset_factory(Item, extra=0)(
        {
            "agenda-TOTAL_FORMS": "1",
            "agenda-INITIAL_FORMS": "0",
            "agenda-0-title": "",
            "agenda-0-minutes": "5",
        },
        prefix="agenda",
    )
    form = Session({"place": ""})
    template = Template(
        "{% load a11y %}{% page_errors as errors %}"
        "{% for e in errors %}[{{ e.target }}|{{ e.label }}|{{ e.message }}]{% endfor %}"
    )
    out = template.render(Context({"form": form, "formset": items, "again": form}))
    assert out.count("Date déjà prise.") == 1  # one form listed once, whatever its names
    assert "[id_place|Lieu exact|Ce champ est obligatoire.]" in out
    assert "[id_agenda-0-title|Intitulé|Ce champ est obligatoire.]" in out
    assert (
        Template("{% load a11y %}{% page_errors as e %}{{ e|length }}").render(
            Context({"form": Session()})
        )
        == "0"
    )  # an unbound form has no errors
