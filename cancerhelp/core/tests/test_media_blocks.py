"""Richer page bodies: image (alt text or decorative), captioned figure, video links, rich text."""

import io

import pytest
from django.core.files.images import ImageFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.models import Image

from cancerhelp.core.blocks import RICH_TEXT_FEATURES, ImageBlock
from cancerhelp.topics.blocks import VideoBlock


def make_image(title="A calm garden", size=(1600, 900)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (90, 140, 110)).save(buffer, "JPEG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name="garden.jpg"))


@pytest.fixture
def image(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_image()


def test_alt_text_is_required_unless_decorative(image):
    block = ImageBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"image": image.pk, "alt_text": " ", "decorative": False, "caption": ""}))
    assert block.clean(
        block.to_python({"image": image.pk, "alt_text": "", "decorative": True, "caption": ""})
    )
    assert block.clean(block.to_python({"image": image.pk, "alt_text": "A garden", "decorative": False}))


def test_page_with_image_figure_and_video(image, topic_page):
    topic_page.body.append(
        ("image", {"image": image, "alt_text": "A garden path", "decorative": False, "caption": "Our garden"})
    )
    topic_page.body.append(("image", {"image": image, "alt_text": "", "decorative": True, "caption": ""}))
    topic_page.body.append(
        (
            "video",
            {
                "title": "Living with metastatic cancer",
                "url": "https://example.org/video",
                "captions_url": "https://example.org/video.vtt",
                "length": "4 min",
            },
        )
    )
    topic_page.save_revision().publish()
    html = Client().get(topic_page.url).content.decode()
    assert "<figure" in html and "<figcaption>Our garden</figcaption>" in html
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    assert 'alt="A garden path"' in html and 'alt=""' in html
    assert 'width="' in html and 'height="' in html and 'loading="lazy"' in html
    assert "Watch “Living with metastatic cancer” on the video site" in html
    assert 'href="https://example.org/video.vtt"' in html
    assert "<iframe" not in html  # no player, no third-party request


def test_video_block_needs_a_title_and_an_address():
    block = VideoBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"title": "", "url": "", "captions_url": "", "length": ""}))


def test_rich_text_offers_headings_links_lists_bold_italic():
    assert set(RICH_TEXT_FEATURES) == {"h2", "h3", "h4", "bold", "italic", "link", "ol", "ul"}
