"""Topic-page blocks: the how-cancer-spreads diagram and a video that loads nothing before Play."""

import json

import pytest
from django.test import Client
from wagtail.blocks import StructBlockValidationError

from cancerhelp.core.csp import content_security_policy
from cancerhelp.topics.blocks import VideoBlock
from cancerhelp.topics.models import TopicPage

pytestmark = pytest.mark.django_db

VIDEO = {
    "title": "Living with cancer",
    "url": "https://www.youtube.com/watch?v=abc123",
    "embed_url": "https://www.youtube-nocookie.com/embed/abc123",
    "length": "5 minutes",
    "captions": "yes",
}


def test_spread_diagram_is_an_image_named_by_its_text_alternative(topic_page):
    html = Client().get("/what-is-metastatic-cancer/").content.decode()
    assert '<figure class="spread-diagram">' in html
    svg_start = html.index("<svg viewBox")
    svg = html[svg_start : html.index("</svg>", svg_start)]
    assert 'role="img"' in svg and "aria-labelledby=" in svg
    assert ">Breast</text>" in svg and ">Blood or lymph</text>" in svg and ">Liver</text>" in svg
    assert "A drawing in three steps." in html
    spanish = Client().get("/es/que-es-el-cancer-metastasico/").content.decode()
    assert (
        ">Seno</text>" in spanish and ">Hígado</text>" in spanish and "1. Dónde empezó el cáncer" in spanish
    )


def test_video_shows_a_link_and_loads_nothing_before_play(home_page):
    page = TopicPage(
        title="Video", slug="video", summary="A video.", body=json.dumps([{"type": "video", "value": VIDEO}])
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    html = Client().get("/video/").content.decode()
    assert "<iframe" not in html
    assert 'href="https://www.youtube.com/watch?v=abc123"' in html
    assert 'data-video-src="https://www.youtube-nocookie.com/embed/abc123"' in html
    assert "Length: 5 minutes." in html and "Has captions." in html
    assert "frame-src https://www.youtube-nocookie.com https://player.vimeo.com" in content_security_policy()


def test_video_refuses_a_player_from_another_site():
    with pytest.raises(StructBlockValidationError):
        VideoBlock().clean(VideoBlock().to_python({**VIDEO, "embed_url": "https://evil.example/embed/1"}))
    VideoBlock().clean(VideoBlock().to_python(VIDEO))


def test_in_short_is_held_to_grade_6(topic_page):
    from django.core.exceptions import ValidationError

    topic_page.in_short = json.dumps(
        [
            {
                "type": "point",
                "value": "Metastatic malignancies necessitate comprehensive multidisciplinary evaluation.",
            }
        ]
    )
    with pytest.raises(ValidationError) as error:
        topic_page.full_clean()
    assert "in_short" in error.value.message_dict
    topic_page.in_short = json.dumps(
        [{"type": "point", "value": "The cancer has spread to a new part of the body."}]
    )
    topic_page.full_clean()


def test_shipped_in_short_boxes_pass_the_check(topic_page):
    from cancerhelp.quality.readability import in_short_problem

    spanish = TopicPage.objects.get(locale__language_code="es", slug="que-es-el-cancer-metastasico")
    assert len(topic_page.in_short) == 3 and len(spanish.in_short) == 3
    assert in_short_problem([p.value for p in topic_page.in_short], "en") is None
    assert in_short_problem([p.value for p in spanish.in_short], "es") is None
