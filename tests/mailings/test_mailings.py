"""Segments, mailings, unsubscribe, preferences, bounces (in-process tasks; the real worker is
in test_worker.py)."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from apps.core.models import OutboxMessage
from apps.mailings import emails, selectors, services
from apps.mailings.models import Delivery, FiliereInterest, Mailing, Segment, SubscriptionEvent
from apps.stakeholders.models import ActorCategory, Territory
from apps.strategy.models import Filiere
from tests.accounts.factories import UserFactory
from tests.governance.factories import MembershipFactory, register
from tests.minutes.factories import held_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the request left for after its commit (tasks, outbox), as a real one would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def territory(slug):
    return Territory.objects.get(slug=slug)


@pytest.fixture
def people(db):
    bigouden = territory("haut-pays-bigouden")
    tourism = ActorCategory.objects.get(slug="professionnel-tourisme")
    return {
        "match": UserFactory(newsletter=True, territory=bigouden, actor_category=tourism),
        "no_consent": UserFactory(newsletter=False, territory=bigouden, actor_category=tourism),
        "other_place": UserFactory(newsletter=True, actor_category=tourism),
        "other_category": UserFactory(newsletter=True, territory=bigouden),
        "outside": UserFactory(newsletter=True, territory=None, actor_category=tourism),
        "inactive": UserFactory(
            newsletter=True, territory=bigouden, actor_category=tourism, is_active=False
        ),
    }


def segment_with(lead, **data):
    return services.segment_save(by=lead, data={"name": "Segment", **data})


def test_segment_criteria_and_consent_always_required(people, project_lead):
    bigouden = territory("haut-pays-bigouden")
    tourism = ActorCategory.objects.get(slug="professionnel-tourisme")
    segment = segment_with(project_lead, territories=[bigouden], categories=[tourism])
    assert list(selectors.segment_recipients(segment)) == [people["match"]]
    segment = segment_with(
        project_lead, territories=[bigouden], outside_cornouaille=True, categories=[tourism]
    )
    assert set(selectors.segment_recipients(segment)) == {people["match"], people["outside"]}
    everyone = segment_with(project_lead)
    recipients = set(selectors.segment_recipients(everyone))
    assert people["no_consent"] not in recipients and people["inactive"] not in recipients


def test_segment_by_body_attendance_and_filiere(people, project_lead):
    member = MembershipFactory(user=UserFactory(newsletter=True)).user
    meeting = held_meeting()
    came = register(meeting, UserFactory(newsletter=True), attended=True).user
    register(meeting, UserFactory(newsletter=True), attended=False)
    mer = Filiere.objects.get(slug="mer")
    fan = UserFactory(newsletter=True)
    FiliereInterest.objects.create(user=fan, filiere=mer)
    assert list(
        selectors.segment_recipients(
            segment_with(project_lead, bodies=[member.memberships.get().body])
        )
    ) == [member]
    assert list(
        selectors.segment_recipients(segment_with(project_lead, attended_meetings=[meeting]))
    ) == [came]
    assert list(selectors.segment_recipients(segment_with(project_lead, filieres=[mer]))) == [fan]


def test_segment_page_previews_count_and_recipients(client, people, project_lead):
    client.force_login(project_lead)
    bigouden = territory("haut-pays-bigouden")
    response = client.post(
        reverse("mailings:segment_create"),
        {"name": "Bigoudens", "territories": [bigouden.pk], "preview": "1"},
    )
    assert response.status_code == 200
    assert not Segment.objects.exists()  # a preview saves nothing
    html = response.content.decode()
    assert "2 destinataires" in html
    assert people["match"].email in html and people["other_category"].email in html
    assert people["no_consent"].email not in html
    response = client.post(
        reverse("mailings:segment_create"), {"name": "Bigoudens", "territories": [bigouden.pk]}
    )
    assert response.status_code == 302
    assert Segment.objects.get().territories.get() == bigouden


@pytest.mark.parametrize("who", ["anonymous", "stakeholder", "facilitator", "elected"])
def test_team_pages_refused_to_others(client, who, project_lead):
    segment = segment_with(project_lead)
    mailing = services.mailing_save(by=project_lead, subject="S", body="B", segment=segment)
    if who != "anonymous":
        role = {"stakeholder": None, "facilitator": "facilitateur", "elected": "elu"}[who]
        client.force_login(UserFactory(role=role))
    urls = [
        reverse("mailings:manage"),
        reverse("mailings:segment_create"),
        reverse("mailings:segment", args=[segment.pk]),
        reverse("mailings:mailing", args=[mailing.pk]),
        reverse("mailings:mailing_create"),
        reverse("exports:index"),
        reverse("exports:download", args=["participants", "csv"]),
        reverse("mailings:archive_detail", args=[mailing.pk]),  # a draft
    ]
    for url in urls:
        response = client.get(url)
        expected = (302, 403) if who == "anonymous" else (403,)
        if f"lettres/{mailing.pk}/" in url:
            expected = (403,)
        assert response.status_code in expected, url
    for url in [reverse("mailings:mailing_schedule", args=[mailing.pk]),
                reverse("mailings:mailing_test", args=[mailing.pk])]:  # fmt: skip
        assert client.post(url).status_code in ((302, 403) if who == "anonymous" else (403,))
    assert Mailing.objects.get().status == Mailing.Status.DRAFT
    assert not OutboxMessage.objects.exists()


def test_body_is_sanitised(project_lead, client):
    segment = segment_with(project_lead)
    mailing = services.mailing_save(
        by=project_lead,
        subject="Lettre",
        body="**Bonjour** <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=y>",
        segment=segment,
    )
    html = str(emails.rendered_body(mailing))
    assert "<strong>Bonjour</strong>" in html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html


def test_test_send_goes_to_oneself_with_headers(project_lead, people, client, committed):
    segment = segment_with(project_lead)
    mailing = services.mailing_save(
        by=project_lead, subject="Lettre", body="Texte", segment=segment
    )
    client.force_login(project_lead)
    with committed():
        response = client.post(reverse("mailings:mailing_test", args=[mailing.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[project_lead.email]]
    message = mail.outbox[0]
    assert message.subject == "[TEST] Lettre"
    assert Mailing.objects.get().status == Mailing.Status.DRAFT
    assert not Delivery.objects.exists()
    assert "List-Unsubscribe" in message.extra_headers


def test_send_reaches_consenting_people_once_with_rfc8058_headers(
    project_lead, people, client, settings, committed
):
    settings.MAILINGS_BATCH_SIZE = 2
    segment = segment_with(project_lead)
    mailing = services.mailing_save(
        by=project_lead,
        subject="Lettre n° 1",
        body="**Bonjour** [le calendrier](/calendrier/)",
        segment=segment,
    )
    client.force_login(project_lead)
    with committed():
        response = client.post(
            reverse("mailings:mailing_schedule", args=[mailing.pk]), {"when": ""}
        )
    assert response.status_code == 302
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    expected = {p.email for p in selectors.segment_recipients(segment)}
    assert people["no_consent"].email not in expected
    sent = [m for m in mail.outbox if m.subject == "Lettre n° 1"]
    assert sorted(m.to[0] for m in sent) == sorted(expected)
    assert mailing.recipients_count == len(expected) == Delivery.objects.count()
    message = sent[0]
    headers = message.extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = [part.strip(" <>") for part in headers["List-Unsubscribe"].split(",")]
    assert https.startswith(settings.SITE_URL + "/lettres/desabonnement/")
    assert mailto.startswith("mailto:")
    assert "Bonjour" in message.body and "<strong>" not in message.body  # the plain-text part
    assert message.alternatives[0][1] == "text/html"
    assert "<strong>Bonjour</strong>" in message.alternatives[0][0]  # sanitised, not escaped
    assert f'href="{settings.SITE_URL}/calendrier/"' in message.alternatives[0][0]
    # Running a batch again promises nobody twice.
    mailing.status = Mailing.Status.SENDING
    mailing.save()
    services.mailing_send_batch(mailing_id=mailing.pk)
    assert Delivery.objects.count() == len(expected)
    assert OutboxMessage.objects.filter(
        key__startswith=f"mailings.mailing:{mailing.pk}:"
    ).count() == len(expected)


def test_transactional_emails_carry_no_list_unsubscribe(client, committed):
    with committed():
        response = client.post(
        reverse("account_signup"),
            {
                "email": "nouvelle@example.org", "first_name": "A", "last_name": "B",
                "password1": "Pointe-du-Raz-2026!", "password2": "Pointe-du-Raz-2026!",
                "actor_category": ActorCategory.objects.get(slug="citoyen").pk,
                "territory": territory("pays-fouesnantais").pk, "consent": "on",
            },
        )  # fmt: skip
    assert response.status_code == 302
    assert mail.outbox
    assert all("List-Unsubscribe" not in m.extra_headers for m in mail.outbox)


def test_schedule_refuses_empty_segment_and_past_date(project_lead, client):
    segment = segment_with(project_lead, territories=[territory("pays-fouesnantais")])
    mailing = services.mailing_save(by=project_lead, subject="S", body="B", segment=segment)
    client.force_login(project_lead)
    response = client.post(
        reverse("mailings:mailing_schedule", args=[mailing.pk]), {"when": ""}, follow=True
    )
    assert "aucun destinataire" in response.content.decode()
    response = client.post(
        reverse("mailings:mailing_schedule", args=[mailing.pk]), {"when": "pas une date"},
        follow=True,
    )  # fmt: skip
    assert "Date d&#x27;envoi invalide" in response.content.decode()
    assert Mailing.objects.get().status == Mailing.Status.DRAFT


def test_scheduled_later_is_sent_by_the_beat_job_when_due(project_lead, people, committed):
    from datetime import timedelta

    from django.utils import timezone

    from apps.mailings.tasks import send_due

    segment = segment_with(project_lead)
    mailing = services.mailing_save(by=project_lead, subject="Plus tard", body="B", segment=segment)
    services.mailing_schedule(
        mailing=mailing, by=project_lead, when=timezone.now() + timedelta(hours=1)
    )
    assert send_due() == 0
    Mailing.objects.filter(pk=mailing.pk).update(
        scheduled_for=timezone.now() - timedelta(seconds=1)
    )
    with committed():
        assert send_due() == 1
    assert Mailing.objects.get(pk=mailing.pk).status == Mailing.Status.SENT


def test_one_click_unsubscribe(client, people):
    person = people["match"]
    token = emails.unsubscribe_token(person)
    url = reverse("mailings:unsubscribe", args=[token])
    page = client.get(url)  # a link scanner's GET changes nothing
    assert page.status_code == 200 and "Me désabonner" in page.content.decode()
    person.refresh_from_db()
    assert person.newsletter
    # RFC 8058: the mail client POSTs without session or CSRF token.
    client = client.__class__(enforce_csrf_checks=True)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    person.refresh_from_db()
    assert not person.newsletter
    event = SubscriptionEvent.objects.get()
    assert event.kind == "unsubscribed" and event.source == "one_click"
    assert client.post(url).status_code == 200  # twice: still fine, one event
    assert SubscriptionEvent.objects.count() == 1
    bad = client.post(reverse("mailings:unsubscribe", args=[token[:-2] + "xx"]))
    assert bad.status_code == 404


def test_preferences_on_profile(client, stakeholder):
    client.force_login(stakeholder)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'id="titre-lettres"' in page
    mer = Filiere.objects.get(slug="mer")
    response = client.post(
        reverse("mailings:preferences"), {"newsletter": "on", "filieres": [mer.pk]}
    )
    assert response.status_code == 302
    stakeholder.refresh_from_db()
    assert stakeholder.newsletter
    assert list(
        FiliereInterest.objects.filter(user=stakeholder).values_list("filiere", flat=True)
    ) == [mer.pk]
    client.post(reverse("mailings:preferences"), {"filieres": []})
    stakeholder.refresh_from_db()
    assert not stakeholder.newsletter and not FiliereInterest.objects.exists()
    assert list(SubscriptionEvent.objects.order_by("pk").values_list("kind", flat=True)) == [
        "subscribed", "unsubscribed",
    ]  # fmt: skip
    assert client.post(reverse("mailings:preferences"), {"filieres": ["999"]}).status_code == 302


def test_bounce_command(people, capsys):
    call_command(
        "mailings_bounce", people["match"].email.upper(), "inconnu@example.org", detail="550"
    )
    people["match"].refresh_from_db()
    assert not people["match"].newsletter
    event = SubscriptionEvent.objects.get()
    assert event.kind == "bounced" and event.detail == "550"
    assert "1 adresse(s)" in capsys.readouterr().out


def test_archive_lists_sent_mailings_only(
    client, project_lead, people, django_assert_max_num_queries, committed
):
    segment = segment_with(project_lead)
    sent = services.mailing_save(
        by=project_lead, subject="Envoyée", body="Le *texte*", segment=segment
    )
    with committed():
        services.mailing_schedule(mailing=sent, by=project_lead)
    services.mailing_save(by=project_lead, subject="Brouillon secret", body="B", segment=segment)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("mailings:archive")).content.decode()
    assert "Envoyée" in page and "Brouillon secret" not in page
    detail = client.get(reverse("mailings:archive_detail", args=[sent.pk])).content.decode()
    assert "<em>texte</em>" in detail


def test_unsubscribe_link_in_plain_text_works(project_lead, people, client, committed, settings):
    segment = segment_with(project_lead)
    mailing = services.mailing_save(by=project_lead, subject="Lettre", body="B", segment=segment)
    with committed():
        services.mailing_schedule(mailing=mailing, by=project_lead)
    message = next(m for m in mail.outbox if m.to == [people["match"].email])
    link = re.search(r"https?://\S+/lettres/desabonnement/\S+/", message.body).group(0)
    client.post(link.replace(settings.SITE_URL, ""))
    people["match"].refresh_from_db()
    assert not people["match"].newsletter


def test_erasure_forgets_addresses_keeps_counts(project_lead, people, committed):
    from apps.accounts.services import user_erase

    segment = segment_with(project_lead)
    mailing = services.mailing_save(by=project_lead, subject="L", body="B", segment=segment)
    with committed():
        services.mailing_schedule(mailing=mailing, by=project_lead)
    person = people["match"]
    services.unsubscribe(user=person, source=SubscriptionEvent.Source.ONE_CLICK)
    FiliereInterest.objects.create(user=person, filiere=Filiere.objects.first())
    user_erase(user=person)
    assert Delivery.objects.get(user=person).email == ""
    assert SubscriptionEvent.objects.get(user=person).email == ""
    assert not FiliereInterest.objects.filter(user=person).exists()
    assert Mailing.objects.get().recipients_count == Delivery.objects.count()


def test_team_pages_constant_queries(client, project_lead, committed):
    bigouden = territory("haut-pays-bigouden")
    for _ in range(25):
        UserFactory(newsletter=True, territory=bigouden)
    segment = segment_with(project_lead, territories=[bigouden])
    for n in range(25):
        mailing = services.mailing_save(by=project_lead, subject=f"L{n}", body="B", segment=segment)
    with committed():
        services.mailing_schedule(mailing=mailing, by=project_lead)
    client.force_login(project_lead)
    pages = [
        reverse("mailings:manage"),
        reverse("mailings:segment", args=[segment.pk]),
        reverse("mailings:mailing", args=[mailing.pk]),
        reverse("mailings:mailing", args=[mailing.pk - 1]),
        reverse("exports:index"),
        reverse("mailings:archive"),
        reverse("accounts:profile"),
    ]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    print(counts)
    assert max(counts.values()) <= 25, counts


def test_technical_committee_cannot_manage_or_export(client, project_lead):
    client.force_login(UserFactory(role="comite-technique"))
    assert client.get(reverse("mailings:manage")).status_code == 403
    assert client.get(reverse("exports:download", args=["participants", "xlsx"])).status_code == 403


def test_live_count_endpoint(client, people, project_lead, stakeholder):
    url = reverse("mailings:segment_count")
    bigouden = territory("haut-pays-bigouden")
    client.force_login(stakeholder)
    assert client.get(url, {"territories": bigouden.pk}).status_code == 403
    client.force_login(project_lead)
    data = client.get(url, {"territories": bigouden.pk}).json()
    assert data["count"] == 2 and "2 destinataires" in data["label"]
    assert client.get(url, {"territories": "x"}).json()["count"] >= 0  # bad input: no 500
