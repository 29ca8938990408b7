from django import template

from apps.strategy.markdown import plain_text, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """{{ contribution.text|markdown }} — rendered and sanitised (nh3)."""
    return render_markdown(text)


@register.filter(name="plain")
def plain_filter(text):
    """{{ contribution.text|plain|truncatechars:120 }} — the words without the Markdown marks."""
    return plain_text(text)
