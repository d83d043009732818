"""Forms readers send: the list of questions for their care team (nothing is stored)."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUESTIONS = 40
MAX_QUESTION_LENGTH = 500


class QuestionsForm(forms.Form):
    """The questions a reader ticked on a page, plus one they typed. Validated, then shown."""

    own = forms.CharField(
        label=_("Or write your own question"),
        required=False,
        max_length=MAX_QUESTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.ticked = data.getlist("q") if data is not None else []

    def clean(self):
        cleaned = super().clean()
        questions = []
        for text in [*self.ticked, cleaned.get("own", "")]:
            text = " ".join(str(text).split())
            if not text:
                continue
            if len(text) > MAX_QUESTION_LENGTH:
                raise forms.ValidationError(
                    _("A question can be at most %(limit)d characters long."),
                    params={"limit": MAX_QUESTION_LENGTH},
                    code="too_long",
                )
            if text not in questions:
                questions.append(text)
        if len(questions) > MAX_QUESTIONS:
            raise forms.ValidationError(
                _("A list can hold at most %(limit)d questions."),
                params={"limit": MAX_QUESTIONS},
                code="too_many",
            )
        cleaned["questions"] = questions
        return cleaned
