"""What each endpoint shows: public fields only, never a person (no name, address, account)."""

from django.conf import settings
from rest_framework import serializers

from apps.governance.models import Body, Meeting
from apps.minutes.models import MinutesVersion
from apps.strategy.models import Challenge, Objective, PriorityAction


class BodySerializer(serializers.ModelSerializer):
    class Meta:
        model = Body
        fields = ["slug", "kind", "name", "description", "year", "is_active"]


class MeetingSerializer(serializers.ModelSerializer):
    body = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    online = serializers.SerializerMethodField(help_text="Se tient (aussi) en visioconférence.")
    url = serializers.SerializerMethodField(help_text="La page de la réunion sur le site.")

    class Meta:
        model = Meeting
        fields = [
            "slug", "kind", "title", "description", "start", "end", "status", "place", "online",
            "capacity", "body", "url",
        ]  # fmt: skip

    def get_online(self, meeting) -> bool:
        return bool(meeting.online_url)

    def get_url(self, meeting) -> str:
        return settings.SITE_URL + meeting.get_absolute_url()


class MinutesSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="minutes_id", read_only=True)
    meeting = serializers.CharField(source="minutes.meeting.slug", read_only=True)
    meeting_title = serializers.CharField(source="minutes.meeting.title", read_only=True)
    meeting_kind = serializers.CharField(source="minutes.meeting.kind", read_only=True)
    meeting_start = serializers.DateTimeField(source="minutes.meeting.start", read_only=True)
    body = serializers.SerializerMethodField()
    version = serializers.IntegerField(source="number", read_only=True)
    url = serializers.SerializerMethodField(help_text="Le compte rendu complet sur le site.")

    class Meta:
        model = MinutesVersion
        fields = [
            "id", "meeting", "meeting_title", "meeting_kind", "meeting_start", "body", "version",
            "published_at", "summary", "url",
        ]  # fmt: skip

    def get_body(self, version) -> str | None:
        body = version.minutes.meeting.body
        return body.slug if body else None

    def get_url(self, version) -> str:
        return settings.SITE_URL + version.minutes.get_absolute_url()


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objective
        fields = ["slug", "position", "title", "description"]


class ChallengeSerializer(serializers.ModelSerializer):
    objective = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Challenge
        fields = ["slug", "objective", "position", "title", "description"]


class ActionSerializer(serializers.ModelSerializer):
    objective = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    challenge = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    filiere = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    contributions_count = serializers.IntegerField(
        read_only=True, help_text="Contributions d'ateliers dont l'action est issue."
    )
    origin_meetings_count = serializers.IntegerField(
        read_only=True, help_text="Réunions où ces contributions ont été recueillies."
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = PriorityAction
        fields = [
            "slug", "title", "description", "objective", "challenge", "filiere", "status",
            "progress", "due_date", "contributions_count", "origin_meetings_count", "url",
        ]  # fmt: skip

    def get_url(self, action) -> str:
        return settings.SITE_URL + action.get_absolute_url()


class ParticipationFigureSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices)
    meetings = serializers.IntegerField(help_text="Réunions publiques ayant au moins un inscrit.")
    registrations = serializers.IntegerField(
        help_text="Inscriptions confirmées et réponses « présent »."
    )
    attendances = serializers.IntegerField(help_text="Présences constatées.")
    unique_participants = serializers.IntegerField(
        help_text="Personnes différentes présentes (une par compte, une par venue sans compte)."
    )
