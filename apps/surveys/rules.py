"""Who builds surveys, reads raw answers, reads results (django-rules predicates)."""

import rules

from apps.accounts.rules import is_elected_official, is_project_team, is_technical_committee


@rules.predicate
def results_are_public(user, survey):
    return survey is not None and survey.results_public and not survey.is_draft


@rules.predicate
def survey_is_published(user, survey):
    return survey is not None and not survey.is_draft


reads_results = is_project_team | is_elected_official | is_technical_committee

rules.add_perm("surveys.manage_survey", is_project_team)
rules.add_perm("surveys.preview_survey", is_project_team)
rules.add_perm("surveys.view_raw_answers", is_project_team)
rules.add_perm("surveys.moderate_answer", is_project_team)
rules.add_perm("surveys.view_results", (reads_results & survey_is_published) | results_are_public)
# Free-text answers are personal speech: only those who read the detailed results see them.
rules.add_perm("surveys.view_free_text", reads_results & survey_is_published)
# Across surveys (the offer / expectations matrix shows a few free-text answers as evidence).
rules.add_perm("surveys.view_any_free_text", reads_results)
# Aggregates across surveys, including those whose results are not public (the matrix).
rules.add_perm("surveys.view_any_results", reads_results)
