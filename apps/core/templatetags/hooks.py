"""`{% load hooks %}{% hook "minutes.version" version=version %}`: see apps/core/hooks.py."""

from django import template

from apps.core import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def hook(context, name, **kwargs):
    return hooks.render(name, context, **kwargs)
