"""StreamField blocks shared by page types."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading (h2)")), ("h3", _("Sub-heading (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "core/blocks/heading.html"


class ListBlock(blocks.StructBlock):
    """A lead-in sentence and its bullets (kept together so the bullets keep their context)."""

    intro = blocks.CharBlock(label=_("Lead-in sentence"), required=False, max_length=255)
    items = blocks.ListBlock(blocks.TextBlock(label=_("Bullet")), label=_("Bullets"))

    class Meta:
        icon = "list-ul"
        label = _("Bulleted list")
        template = "core/blocks/list.html"


class AskCareTeamBlock(blocks.StructBlock):
    """A prompt that encourages readers to ask their care team a question."""

    text = blocks.TextBlock(label=_("What to ask"))
    question = blocks.CharBlock(
        label=_("The question, as the reader would ask it"),
        required=False,
        default="",
        max_length=255,
        help_text=_(
            "Added to the reader's list of questions when they tick it, e.g. “Is curing the "
            "cancer the goal?”. Leave empty to use the prompt itself."
        ),
    )

    class Meta:
        icon = "help"
        label = _("Ask your care team")
        template = "core/blocks/ask_care_team.html"


class QuestionsBlock(blocks.StructBlock):
    """Questions a reader may want to ask, each one they can add to their list."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, default="", max_length=120)
    intro = blocks.CharBlock(label=_("Lead-in sentence"), required=False, default="", max_length=255)
    questions = blocks.ListBlock(blocks.CharBlock(label=_("Question"), max_length=255), label=_("Questions"))

    class Meta:
        icon = "help"
        label = _("Questions to ask")
        template = "core/blocks/questions.html"


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "pick"
        label = _("Callout")
        template = "core/blocks/callout.html"


class ImageBlock(blocks.StructBlock):
    """A picture from Wagtail's images, with alt text (or marked decorative) and a caption.

    With a caption it is a captioned figure. Served as AVIF/WebP/JPEG renditions sized for
    phones and desktops, with width and height so the page does not jump while loading.
    """

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alt text"),
        required=False,
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it. Required unless decorative."),
    )
    decorative = blocks.BooleanBlock(
        label=_("Decorative only"),
        required=False,
        help_text=_("Tick only if the image adds nothing to the text: screen readers then skip it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "core/blocks/image.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(
                {"alt_text": ValidationError(_("Describe the image, or tick 'Decorative only'."))}
            )
        return value


RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "link", "ol", "ul"]


def body_blocks():
    """The blocks every content page body can use (resource lists are added by topics)."""
    return [
        ("heading", HeadingBlock()),
        (
            "paragraph",
            blocks.RichTextBlock(
                label=_("Paragraph"),
                features=RICH_TEXT_FEATURES,
                template="core/blocks/paragraph.html",
            ),
        ),
        ("list", ListBlock()),
        ("ask_care_team", AskCareTeamBlock()),
        ("questions", QuestionsBlock()),
        ("callout", CalloutBlock()),
        ("image", ImageBlock()),
    ]
