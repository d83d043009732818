"""Blocks only topic pages use: the how-cancer-spreads diagram, a video, a source."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class SpreadDiagramBlock(blocks.StructBlock):
    """How cancer spreads: where it started → blood or lymph → another organ (an inline SVG)."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, default="", max_length=120)
    started_in = blocks.CharBlock(label=_("Where it started"), max_length=40, help_text=_("e.g. Breast"))
    travels_by = blocks.CharBlock(
        label=_("How it travels"), max_length=40, help_text=_("e.g. Blood or lymph")
    )
    spread_to = blocks.CharBlock(label=_("Where it spread"), max_length=40, help_text=_("e.g. Liver"))
    description = blocks.TextBlock(
        label=_("Text alternative"),
        help_text=_("What the picture shows, in one or two sentences, for people who cannot see it."),
    )

    class Meta:
        icon = "image"
        label = _("How cancer spreads (diagram)")
        template = "topics/blocks/spread_diagram.html"


def video_embed_allowed(url):
    """An embed address from one of the video sites the CSP allows (settings.VIDEO_EMBED_HOSTS)."""
    parts = urlsplit(url)
    return parts.scheme == "https" and parts.hostname in settings.VIDEO_EMBED_HOSTS


class VideoBlock(blocks.StructBlock):
    """A video on another site: shown as a link; it plays here only after the reader asks."""

    title = blocks.CharBlock(label=_("Title"), max_length=160)
    url = blocks.URLBlock(label=_("Address of the video's page"))
    embed_url = blocks.URLBlock(
        label=_("Player address (optional)"),
        required=False,
        default="",
        help_text=_(
            "To let readers play it on this page, e.g. https://www.youtube-nocookie.com/embed/… "
            "Nothing is loaded from the video site until the reader presses Play."
        ),
    )
    length = blocks.CharBlock(
        label=_("Length"), max_length=40, required=False, default="", help_text=_("e.g. 12 minutes")
    )
    captions = blocks.ChoiceBlock(
        label=_("Captions"),
        choices=[("yes", _("Has captions")), ("no", _("No captions")), ("", _("Not known"))],
        required=False,
        default="",
    )
    captions_url = blocks.URLBlock(
        label=_("Captions or transcript address"),
        required=False,
        default="",
        help_text=_("A captions file or a transcript, for people who cannot hear the video."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "topics/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if value.get("embed_url") and not video_embed_allowed(value["embed_url"]):
            hosts = ", ".join(sorted(settings.VIDEO_EMBED_HOSTS))
            raise blocks.StructBlockValidationError(
                {"embed_url": ValidationError(_("Use a player address from: %(hosts)s.") % {"hosts": hosts})}
            )
        return value


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=255)
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        label = _("Source")
