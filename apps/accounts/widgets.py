from django import forms


class DatalistTextInput(forms.TextInput):
    """A text input offering existing values (HTML <datalist>) while accepting a new one."""

    template_name = "accounts/widgets/datalist.html"

    def __init__(self, *args, options_callable=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.options_callable = options_callable

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id', name)}-options"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"]["list_id"] = list_id
        context["widget"]["options"] = (
            list(self.options_callable()) if self.options_callable else []
        )
        return context
