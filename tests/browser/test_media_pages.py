"""A topic page with an image, a captioned figure and a video: no axe violation, light."""

import pytest

from .conftest import site_manage
from .test_accessibility import run_axe

TOTAL_BUDGET = 50 * 1024  # bench/page_weight.py: the topic page, everything it loads

MAKE_PAGE = """
import io
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from cancerhelp.topics.models import TopicPage
buffer = io.BytesIO()
PILImage.new('RGB', (1600, 900), (90, 140, 110)).save(buffer, 'JPEG', quality=85)
image = Image.objects.create(title='Garden', file=ImageFile(buffer, name='garden.jpg'))
page = TopicPage.objects.get(slug='what-is-metastatic-cancer', locale__language_code='en')
media = page.copy(update_attrs={'slug': 'media-blocks-test', 'title': 'Pictures and video'},
                  keep_live=True, copy_revisions=False, log_action=None)
media.body.append(('image', {'image': image, 'alt_text': 'A garden path', 'decorative': False,
                             'caption': 'A quiet place to rest'}))
media.body.append(('image', {'image': image, 'alt_text': '', 'decorative': True, 'caption': ''}))
media.body.append(('video', {'title': 'Living with metastatic cancer', 'url': 'https://example.org/v',
                             'captions_url': 'https://example.org/v.vtt', 'length': '4 min'}))
media.save_revision().publish()
print(media.url_path)
"""


@pytest.fixture(scope="module")
def media_page(site_env, site_url):
    site_manage(site_env, "shell", "--no-imports", "-c", MAKE_PAGE)
    return "/media-blocks-test/"


def test_page_with_image_and_video_has_no_axe_violations_and_stays_light(page, media_page, axe_source):
    sizes = []
    page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
    response = page.goto(media_page)
    assert response.status == 200
    page.mouse.wheel(0, 20000)  # load the lazy images too
    page.wait_for_load_state("networkidle")
    img = page.locator("figure img")
    assert img.get_attribute("width") and img.get_attribute("height")
    assert page.evaluate("document.querySelector('figure img').currentSrc").endswith((".avif", ".webp"))
    assert page.locator("figure:has(img) figcaption").inner_text() == "A quiet place to rest"
    watch = "Watch “Living with metastatic cancer” on the video site"
    assert page.get_by_role("link", name=watch).count() == 1
    assert run_axe(page, axe_source) == []
    assert sum(sizes) < TOTAL_BUDGET, sizes
    assert page.console_errors == []
