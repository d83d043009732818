from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the code.")},
    )

    def clean_token(self):
        # Authenticator apps show "123 456"; recovery codes are lower-case letters and digits.
        return "".join(self.cleaned_data["token"].split()).lower()
