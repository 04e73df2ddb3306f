from django.core.exceptions import ValidationError

from wagtail import blocks

import pytest

from tests.factories import ImageFactory
from website.blocks import (
    AccordionBlock,
    BaseStreamBlock,
    CallToActionBlock,
    HeadingBlock,
    LinkBlock,
    MythsFactsBlock,
    QuoteBlock,
    StepsBlock,
    VideoBlock,
    video_embed_url,
)
from website.models.checker import CheckerQuestionsBlock


def test_every_block_declares_icon_template_description_and_preview():
    for name, block in BaseStreamBlock().child_blocks.items():
        assert block.meta.icon not in (None, "placeholder"), name
        assert block.meta.template, name
        assert block.meta.description, name
        if name != "image":  # an image preview needs an image in the library
            assert block.meta.preview_value, name


@pytest.mark.django_db
def test_every_block_preview_renders():
    for name, block in BaseStreamBlock().child_blocks.items():
        if name == "image":
            continue
        value = block.to_python(block.get_prep_value(block.normalize(block.meta.preview_value)))
        assert block.render(value).strip(), name


def test_heading_renders_its_level():
    block = HeadingBlock()
    assert block.render(block.to_python({"text": "Hello", "level": "h3"})).strip() == (
        '<h3 class="block-heading">Hello</h3>'
    )


def test_quote_escapes_text():
    block = QuoteBlock()
    html = block.render(block.to_python({"quote": "<b>hi</b>", "attribution": "Sam"}))
    assert "&lt;b&gt;hi&lt;/b&gt;" in html
    assert "<figcaption>Sam</figcaption>" in html


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"label": "Go", "page": None, "url": ""}, "page"),
        ({"label": "", "page": None, "url": "/events/"}, "label"),
    ],
)
def test_link_needs_a_target_and_a_label(value, field):
    block = LinkBlock()
    with pytest.raises(blocks.StructBlockValidationError) as error:
        block.clean(block.to_python(value))
    assert field in error.value.block_errors


@pytest.mark.django_db
def test_link_to_a_page_uses_its_url_and_title(home_page):
    block = LinkBlock()
    value = block.clean(block.to_python({"label": "", "page": home_page.pk, "url": ""}))
    assert value.href() == "/"
    assert value.text() == "Home"


def test_call_to_action_renders_a_button():
    block = CallToActionBlock()
    value = block.to_python(
        {
            "heading": "Come along",
            "text": "",
            "link": {"label": "Find an event", "page": None, "url": "/events/"},
        }
    )
    html = block.render(value)
    assert '<a class="btn btn-accent btn-lg" href="/events/">Find an event</a>' in html


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=abc123XYZ_-", "https://www.youtube-nocookie.com/embed/abc123XYZ_-"),
        ("https://youtu.be/abc123XYZ_-", "https://www.youtube-nocookie.com/embed/abc123XYZ_-"),
        ("https://m.youtube.com/shorts/abc123XYZ_-", "https://www.youtube-nocookie.com/embed/abc123XYZ_-"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://vimeo.com/channels/staff", ""),
        ("https://example.com/video.mp4", ""),
        ("https://www.youtube.com/@someone", ""),
    ],
)
def test_video_links_become_privacy_enhanced_players(url, embed):
    assert video_embed_url(url) == embed


def test_video_block_rejects_links_it_cannot_play():
    block = VideoBlock()
    value = block.to_python(
        {"title": "T", "url": "https://example.com/x", "caption": "", "transcript": "<p>Words</p>"}
    )
    with pytest.raises(blocks.StructBlockValidationError) as error:
        block.clean(value)
    assert "url" in error.value.block_errors


def test_video_block_loads_nothing_from_the_video_site_until_asked():
    block = VideoBlock()
    value = block.to_python(
        {
            "title": "Our year",
            "url": "https://www.youtube.com/watch?v=abc123XYZ_-",
            "caption": "",
            "transcript": "<p>Hello there</p>",
        }
    )
    html = block.render(value)
    assert "<iframe" not in html
    assert 'data-video-embed="https://www.youtube-nocookie.com/embed/abc123XYZ_-"' in html
    assert "Read the transcript" in html
    assert "Hello there" in html


@pytest.mark.django_db
def test_image_figure_uses_picture_with_modern_formats_and_lazy_loading():
    image = ImageFactory()
    block = BaseStreamBlock().child_blocks["image"]
    value = block.to_python(
        {"image": {"image": image.pk, "decorative": False, "alt_text": "A kite"}, "caption": "Up"}
    )
    html = block.render(value)
    assert "<picture>" in html
    assert 'type="image/avif"' in html
    assert 'type="image/webp"' in html
    assert 'alt="A kite"' in html
    assert 'loading="lazy"' in html
    assert "srcset=" in html
    assert "<figcaption>Up</figcaption>" in html


def test_steps_render_as_an_ordered_list_with_icons():
    block = StepsBlock()
    html = block.render(block.to_python(block.meta.preview_value))
    assert '<ol class="steps">' in html
    assert html.count('<li class="step">') == 2
    assert "#chat" in html


def test_steps_without_a_section_heading_use_h2_for_each_step():
    block = StepsBlock()
    value = block.to_python({**block.meta.preview_value, "heading": ""})
    assert '<h2 class="step__title h3">' in block.render(value)


def test_accordion_and_myths_render_their_items():
    accordion = AccordionBlock()
    assert accordion.render(accordion.to_python(accordion.meta.preview_value)).count("<details") == 2
    myths = MythsFactsBlock()
    assert "Many adopters rent." in myths.render(myths.to_python(myths.meta.preview_value))


def test_checker_questions_need_unique_keys():
    block = CheckerQuestionsBlock()
    option = {"label": "Yes", "outcome": "fine", "feedback": "Good"}
    question = {"key": "age", "question": "Q?", "help_text": "", "options": [option, option]}
    value = block.to_python(
        [{"type": "question", "value": question}, {"type": "question", "value": question}]
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "Used more than once: age" in str(error.value.as_json_data())
