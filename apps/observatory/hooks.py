"""What the observatory adds to the meeting page (governance's `governance.meeting_aside`):
the coverage of an upcoming workshop or plenary against its working group's target."""

from apps.core.hooks import render_template

from .coverage import meeting_coverage


def meeting_coverage_box(context, *, meeting=None, **kwargs) -> str:
    request = context.get("request")
    if meeting is None or request is None or meeting.is_past or meeting.is_cancelled:
        return ""
    if not request.user.has_perm("observatory.view_coverage", meeting):
        return ""
    coverage = meeting_coverage(meeting)
    if coverage is None:
        return ""
    can_invite = request.user.has_perm("observatory.invite") and not meeting.is_draft
    return render_template(
        "observatory/_coverage_box.html", context, coverage=coverage, can_invite=can_invite
    )


def profile_observatory_link(context, **kwargs) -> str:
    """/profil/ (and /mon-espace/ once it exists): the way to the observatory for those who
    read it (project team, technical committee, elected officials)."""
    request = context.get("request")
    if request is None or not request.user.has_perm("observatory.view_observatory"):
        return ""
    return render_template("observatory/_profile_link.html", context)
