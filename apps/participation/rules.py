"""Permissions of online participation (django-rules). What one may SEE is `visibility.py`."""

import rules

from apps.accounts.rules import is_project_team, is_signed_in, is_technical_committee

from . import services, visibility


@rules.predicate
def may_take_part(user, call):
    return call is not None and services.may_take_part(user, call)


@rules.predicate
def may_vote(user, prioritisation):
    return prioritisation is not None and services.may_vote(user, prioritisation)


@rules.predicate
def is_comment_author(user, comment):
    return comment is not None and user.is_authenticated and comment.author_id == user.pk


@rules.predicate
def can_view_comment(user, comment):
    return visibility.can_view_comment(user, comment)


rules.add_perm("participation.manage_calls", is_project_team)
rules.add_perm("participation.contribute_to_call", is_signed_in & may_take_part)
rules.add_perm("participation.comment", is_signed_in)
rules.add_perm("participation.edit_comment", is_comment_author)
rules.add_perm("participation.report_comment", is_signed_in & can_view_comment)
rules.add_perm("participation.moderate_comment", is_project_team)
rules.add_perm("participation.manage_prioritisations", is_project_team)
rules.add_perm("participation.vote", is_signed_in & may_vote)
rules.add_perm("participation.propose_action", is_project_team | is_technical_committee)
