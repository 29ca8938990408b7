from django import template

from apps.strategy.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """{{ contribution.text|markdown }} — rendered and sanitised (nh3)."""
    return render_markdown(text)
