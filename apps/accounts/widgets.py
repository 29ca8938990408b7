from django import forms
from django.urls import reverse_lazy


class DatalistTextInput(forms.TextInput):
    """A text input that accepts any value, with suggestions in an HTML <datalist>.

    The list is not embedded in the page (it grows with the data): it is filled as one types
    from `suggest_url` (a JSON endpoint answering {"results": [...]}, bounded) by a small
    script. Without JavaScript the field is a plain text input, which the form accepts."""

    template_name = "accounts/widgets/datalist.html"

    def __init__(self, *args, suggest_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggest_url = suggest_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id', name)}-options"
        context["widget"]["attrs"]["list"] = list_id
        if self.suggest_url:
            context["widget"]["attrs"]["data-suggest-url"] = str(self.suggest_url)
        context["widget"]["list_id"] = list_id
        return context


ORGANISATION_SUGGESTIONS = reverse_lazy("stakeholders:organisation_search")
