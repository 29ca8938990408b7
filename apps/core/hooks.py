"""Template hooks: a lower floor names a place on its page, higher apps fill it.

The way Indico's event core lets its modules inject into event pages: the profile page (accounts)
asks "which sections do the apps add?", the minutes page asks "which boxes go with this
version?". The lower app renders `{% hook "name" obj=… %}` and never imports who answers; a
higher app connects in its `AppConfig.ready()`:

    hooks.connect("minutes.version", render_pdf_box, related=("documents",), priority=10)

`render(context, **kwargs)` returns HTML (or "") for one object. `related` names the lookups the
receiver reads on that object (a reverse relation its own app declared); the lower app's
selector adds them with `.prefetch_related(*hooks.related("minutes.version"))`, so that a list
of N rows costs a constant number of queries, not N, without the lower app knowing the names.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class _Receiver:
    render: Callable[..., str]
    related: tuple
    priority: int


_receivers: dict[str, list[_Receiver]] = defaultdict(list)


def connect(
    name: str,
    render: Callable[..., str],
    *,
    related: Iterable = (),
    priority: int = 50,
) -> None:
    """Fill the place `name` with `render` (lower priority first). Connecting twice is a no-op."""
    receivers = _receivers[name]
    if any(receiver.render is render for receiver in receivers):
        return
    receivers.append(_Receiver(render, tuple(related), priority))
    receivers.sort(key=lambda receiver: receiver.priority)


def related(*names: str) -> tuple:
    """The `prefetch_related` lookups the receivers of these places need on the hooked objects
    (each once)."""
    lookups = []
    for name in names:
        for receiver in _receivers.get(name, ()):
            lookups += [lookup for lookup in receiver.related if lookup not in lookups]
    return tuple(lookups)


def render(name: str, context, **kwargs) -> SafeString:
    """Every receiver's HTML for the place `name`, in priority order."""
    parts = [receiver.render(context, **kwargs) for receiver in _receivers.get(name, ())]
    return format_html_join("", "{}", ((mark_safe(part),) for part in parts if part))  # noqa: S308


def names() -> list[str]:
    return sorted(_receivers)


def render_template(template_name: str, context, **extra) -> str:
    """A receiver's usual body: render its own template inside the page's context (request,
    user, CSRF token…), with `extra` pushed on top."""
    template = context.template.engine.get_template(template_name)
    with context.push(**extra):
        return template.render(context)
