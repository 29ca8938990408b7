"""The survey builder: the project team builds surveys here (sections, questions, choices),
then previews and publishes them from /enquetes/gestion/."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Answer, AnswerContribution, Barometer, Choice, Question, Section, Survey
from .services import survey_prepare_questions


@admin.register(Barometer)
class BarometerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class SectionInline(admin.TabularInline):
    model = Section
    extra = 1
    fields = ["position", "title", "description"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 1
    fields = ["section", "position", "code", "text", "type", "required", "profile", "edit_link"]
    readonly_fields = ["edit_link"]
    show_change_link = True

    @admin.display(description=_("choix et condition"))
    def edit_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:surveys_question_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Modifier les choix"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            survey_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Section.objects.filter(survey_id=survey_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "opens_at", "closes_at", "barometer", "wave_label", "links"]
    list_filter = ["status", "barometer"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "welcome_text", "thanks_text"]}),
        (
            _("Dates et accès"),
            {"fields": ["opens_at", "closes_at", "allow_anonymous", "results_public"]},
        ),
        (_("Données personnelles"), {"fields": ["privacy_notice"]}),
        (_("Baromètre"), {"fields": ["barometer", "wave_label"]}),
        (_("Suivi"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [SectionInline, QuestionInline]

    @admin.display(description=_("liens"))
    def links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("surveys:answer", kwargs={"slug": obj.slug}),
            _("aperçu / lien public"),
            reverse("surveys:results", kwargs={"slug": obj.slug}),
            _("résultats"),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        survey_prepare_questions(survey=form.instance)


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 2
    fields = ["position", "label", "target_public", "territory", "filiere", "age_band"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "survey", "section", "type", "required", "profile"]
    list_filter = ["survey", "type"]
    list_select_related = ["survey", "section"]
    search_fields = ["text", "code"]
    inlines = [ChoiceInline]
    fields = [
        "survey",
        "section",
        "position",
        "code",
        "text",
        "help_text",
        "type",
        "required",
        "max_choices",
        "profile",
        "is_expectation",
        "show_if_choice",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        object_id = request.resolver_match.kwargs.get("object_id")
        if object_id and db_field.name in {"section", "show_if_choice"}:
            question = Question.objects.filter(pk=object_id).first()
            if question is not None and db_field.name == "section":
                kwargs["queryset"] = Section.objects.filter(survey_id=question.survey_id)
            elif question is not None:
                kwargs["queryset"] = (
                    Choice.objects.filter(question__survey_id=question.survey_id)
                    .exclude(question_id=question.pk)
                    .select_related("question")
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    """Read-only: answers are given on the survey page, moderated on the free-text page."""

    list_display = ["pk", "question", "choice", "number", "short_text", "is_hidden"]
    list_filter = ["question__survey", "is_hidden"]
    list_select_related = ["question", "choice"]
    raw_id_fields = ["response", "question", "choice"]

    @admin.display(description=_("texte"))
    def short_text(self, obj):
        return obj.text[:80]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AnswerContribution)
class AnswerContributionAdmin(admin.ModelAdmin):
    list_display = ["answer", "contribution", "created_by", "created_at"]
    raw_id_fields = ["answer", "contribution"]
