"""Render a story as an HTML article page, in markup modelled on real publishers' pages.

The layouts copy the structures the real pages in ``../shared/corpus/fundus`` use: Ippen
figcaptions with the credit appended, Funke ``<picture>`` figures with a credit ``<span>`` and
PhotoSwipe copies, WordPress ``wp-block-image`` with ``span.copyright``, BEM
``c-content-image__caption-source``, the ARD ``img@title="caption | credit"`` convention,
Guardian figcaptions with an icon and ``Photograph:``, AP lazy images with ``(AP Photo/…)``.
Around them: ``og:`` metadata, JSON-LD ``NewsArticle`` with ``ImageObject``s, a logo,
navigation, an author portrait, ad slots, related-article teasers with credits of their own, a
footer, and script and style weight.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape

from .stories import Picture, Story, printed

# Script weight per page: between these many characters (real pages carry 100-500 KB of it).
SCRIPT_MIN, SCRIPT_SPREAD = 20_000, 100_000
PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
STYLE = "".join(
    f".c{n}{{margin:{n % 7}px;padding:{n % 5}px;font-size:{12 + n % 6}px;"
    f"color:#{n * 4099 % 0xFFFFFF:06x}}}"
    for n in range(60)
)


def render_page(story: Story) -> str:
    """The story as a publisher's HTML page."""
    layout = LAYOUTS[story.publisher.html]
    body: list[str] = []
    paragraphs = 0
    for block in story.body:
        if isinstance(block, Picture):
            body.append(layout.figure(block, story))
            continue
        body.append(f"<p>{escape(block)}</p>")
        paragraphs += 1
        if paragraphs == 2:
            body.append(_ad(story.index))
        if paragraphs == story.gallery_at and story.gallery:
            body.append(layout.gallery(story))
    hero = layout.figure(story.teaser, story) if story.teaser else ""
    return "".join(
        (
            '<!DOCTYPE html>\n<html lang="',
            story.publisher.language,
            '">',
            _head(story, layout),
            "<body>",
            _site_header(story),
            '<main class="content"><article class="article">',
            '<header class="article-header">',
            f'<span class="kicker">{escape(story.kicker)}</span>',
            f"<h1>{escape(story.headline)}</h1>",
            f'<p class="standfirst">{escape(story.standfirst)}</p>',
            _byline(story),
            hero,
            "</header>",
            '<div class="article-body">',
            "\n".join(body),
            "</div></article>",
            _related(story),
            "</main>",
            _site_footer(story),
            f"<script>window.__STATE__={_script(story.index)}</script>",
            "</body></html>\n",
        )
    )


@dataclass(frozen=True, slots=True)
class Layout:
    """How one CMS marks up a figure and a gallery; ``linked`` says whether its JSON-LD lists
    the inline figures as well as the lead image."""

    figure: Callable[[Picture, Story], str]
    gallery: Callable[[Story], str]
    linked: bool


def _credit(picture: Picture, story: Story) -> str:
    return escape(printed(picture.credit, story.publisher.marker)) if picture.credit else ""


def _srcset(url: str, widths: Sequence[int] = (400, 800, 1200)) -> str:
    return ", ".join(f"{url}?w={width} {width}w" for width in widths)


def _img(picture: Picture, *, lazy: bool = False, extra: str = "") -> str:
    alt = escape(picture.caption)
    if lazy:
        return (
            f'<img src="{PLACEHOLDER}" data-src="{picture.url}" '
            f'data-srcset="{_srcset(picture.url)}" alt="{alt}"{extra}>'
        )
    return (
        f'<img src="{picture.url}?w=800" srcset="{_srcset(picture.url)}" sizes="100vw" '
        f'width="1200" height="675" loading="lazy" alt="{alt}"{extra}>'
    )


def _picture(picture: Picture, *, extra: str = "") -> str:
    sources = "".join(
        f'<source srcset="{_srcset(picture.url.replace(".jpg", kind))}" type="image/{name}">'
        for kind, name in ((".webp", "webp"), (".jpg", "jpeg"))
    )
    image = _img(picture, extra=extra)
    return f'<picture class="block object-cover relative">{sources}{image}</picture>'


# --- Ippen: "caption © credit" in the figcaption ---------------------------------------------


def _ippen_figure(picture: Picture, story: Story) -> str:
    return (
        '<figure class="id-StoryElement-image"><div class="id-StoryElement-image-wrapper">'
        f"{_img(picture, lazy=True)}</div>"
        f'<figcaption class="id-StoryElement-image-caption">{escape(picture.caption)} '
        f"{_credit(picture, story)}</figcaption></figure>"
    )


def _ippen_gallery(story: Story) -> str:
    slides = "".join(
        '<li class="swiper-slide"><figure class="id-Gallery-item">'
        f"{_img(picture, lazy=True)}<figcaption>"
        f'<strong class="id-Gallery-title">{escape(picture.title or "")}</strong> '
        f'<span class="id-Gallery-text">{escape(picture.caption)}</span> '
        f'<span class="id-Gallery-credit">{_credit(picture, story)}</span>'
        "</figcaption></figure></li>"
        for picture in story.gallery
    )
    return (
        '<section class="id-Gallery">'
        f'<h2 class="id-Gallery-headline">{escape(story.gallery_name or "")}</h2>'
        f'<div class="id-Gallery-slider swiper"><ul class="swiper-wrapper">{slides}</ul></div>'
        "</section>"
    )


# --- Funke: <picture>, caption span + credit span, PhotoSwipe copies in galleries ------------


def _funke_figure(picture: Picture, story: Story, *, lightbox: bool = False) -> str:
    copy = (
        f'<div class="pswp-caption-content" hidden>{escape(picture.caption)} '
        f"{_credit(picture, story)}</div>"
        if lightbox
        else ""
    )
    return (
        f'<figure class="not-prose flex w-full flex-col">{_picture(picture)}'
        '<figcaption class="cXenseParse"><div class="text-caption">'
        f'<span class="w-full mb-3 block">{escape(picture.caption)}</span>'
        f"<span>{_credit(picture, story)}</span></div></figcaption>{copy}</figure>"
    )


def _funke_gallery(story: Story) -> str:
    slides = "".join(
        f'<div class="swiper-slide">{_funke_figure(picture, story, lightbox=True)}</div>'
        for picture in story.gallery
    )
    return (
        f'<div class="gallery swiper" data-gallery="{story.index}">'
        f'<p class="gallery-title">{escape(story.gallery_name or "")}</p>'
        f'<div class="swiper-wrapper">{slides}</div></div>'
    )


# --- WordPress: wp-block-image, span.copyright; wp-block-gallery ----------------------------


WP_CLASS = ' class="wp-image"'


def _wordpress_figure(picture: Picture, story: Story) -> str:
    credit = f' <span class="copyright">{_credit(picture, story)}</span>' if picture.credit else ""
    return (
        f'<figure class="wp-block-image size-large">{_img(picture, extra=WP_CLASS)}'
        f'<figcaption class="wp-element-caption">{escape(picture.caption)}{credit}</figcaption>'
        "</figure>"
    )


def _wordpress_gallery(story: Story) -> str:
    items = "".join(_wordpress_figure(picture, story) for picture in story.gallery)
    return (
        '<figure class="wp-block-gallery has-nested-images columns-3 is-cropped">'
        f'{items}<figcaption class="blocks-gallery-caption">{escape(story.gallery_name or "")}'
        "</figcaption></figure>"
    )


# --- BEM: c-content-image__caption-alt + __caption-source -----------------------------------


def _bem_figure(picture: Picture, story: Story) -> str:
    source = (
        f'<span class="c-content-image__caption-source">{_credit(picture, story)}</span>'
        if picture.credit
        else ""
    )
    return (
        '<figure class="c-content-image c-content-image--default">'
        f'<div class="c-content-image__image">{_img(picture)}</div>'
        '<figcaption class="c-content-image__caption">'
        f'<span class="c-content-image__caption-alt">{escape(picture.caption)}</span>{source}'
        "</figcaption></figure>"
    )


def _bem_gallery(story: Story) -> str:
    slides = "".join(
        f'<div class="c-gallery__slide">{_bem_figure(picture, story)}</div>'
        for picture in story.gallery
    )
    return (
        '<section class="c-gallery"><header class="c-gallery__header">'
        f"<h2>{escape(story.gallery_name or '')}</h2>"
        f'<span class="c-gallery__count">{len(story.gallery)}</span></header>'
        f'<div class="c-gallery__track">{slides}</div></section>'
    )


# --- ARD: the credit only in img@title "caption | credit" -----------------------------------


def _ard_figure(picture: Picture, story: Story) -> str:
    title = escape(picture.caption) + (f" | {_credit(picture, story)}" if picture.credit else "")
    image = _picture(picture, extra=f' title="{title}"')
    return (
        '<div class="absatzbild"><div class="ts-picture__wrapper">'
        f"{image}</div>"
        f'<div class="absatzbild__info"><p class="absatzbild__info__text">{escape(picture.caption)}'
        "</p></div></div>"
    )


def _ard_gallery(story: Story) -> str:
    items = "".join(
        f'<li class="slider__item">{_ard_figure(picture, story)}</li>' for picture in story.gallery
    )
    return (
        '<div class="slider gallery-slider">'
        f'<h2 class="slider__title">{escape(story.gallery_name or "")}</h2>'
        f'<ul class="slider__list">{items}</ul></div>'
    )


# --- Guardian: hashed classes, icon, "caption Photograph: credit" ---------------------------


def _guardian_figure(picture: Picture, story: Story) -> str:
    return (
        f'<figure class="dcr-142siv7"><div class="dcr-picture">{_picture(picture)}</div>'
        '<figcaption class="dcr-18o4zko"><span class="dcr-icon"><svg width="11" height="10">'
        '<path d="M3 0h5l1 2h2v8H0V2h2z"></path></svg></span>'
        f'<span class="dcr-1qvd3m6">{escape(picture.caption)}</span> {_credit(picture, story)}'
        "</figcaption></figure>"
    )


def _guardian_gallery(story: Story) -> str:
    items = "".join(_guardian_figure(picture, story) for picture in story.gallery)
    return f'<section class="gallery"><h2>{escape(story.gallery_name or "")}</h2>{items}</section>'


# --- AP: lazy placeholder images, "(AP Photo/Name)" at the end of the caption ----------------


def _ap_figure(picture: Picture, story: Story) -> str:
    return (
        f'<figure class="Figure"><div class="Figure-media">{_img(picture, lazy=True)}</div>'
        '<figcaption class="Figure-caption"><div class="CarouselSlide-infoDescription">'
        f"<p>{escape(picture.caption)} {_credit(picture, story)}</p></div></figcaption></figure>"
    )


def _ap_gallery(story: Story) -> str:
    slides = "".join(
        f'<div class="CarouselSlide">{_ap_figure(picture, story)}</div>'
        for picture in story.gallery
    )
    return f'<div class="Carousel"><div class="Carousel-slides">{slides}</div></div>'


LAYOUTS: dict[str, Layout] = {
    "ippen": Layout(_ippen_figure, _ippen_gallery, linked=False),
    "funke": Layout(_funke_figure, _funke_gallery, linked=False),
    "wordpress": Layout(_wordpress_figure, _wordpress_gallery, linked=True),
    "bem": Layout(_bem_figure, _bem_gallery, linked=True),
    "title_attribute": Layout(_ard_figure, _ard_gallery, linked=True),
    "guardian": Layout(_guardian_figure, _guardian_gallery, linked=False),
    "ap": Layout(_ap_figure, _ap_gallery, linked=False),
}


# --- the page around the article ------------------------------------------------------------


def _head(story: Story, layout: Layout) -> str:
    publisher = story.publisher
    images = [story.teaser] if story.teaser else []
    if layout.linked:
        images += [block for block in story.body if isinstance(block, Picture)]
    linked = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.headline,
        "datePublished": story.published.isoformat(),
        "author": {"@type": "Person", "name": story.author},
        "publisher": {
            "@type": "Organization",
            "name": publisher.name,
            "logo": {"@type": "ImageObject", "url": f"https://www.{publisher.domain}/logo.png"},
        },
        "image": [
            {
                "@type": "ImageObject",
                "url": picture.url,
                "caption": picture.caption,
                **({"creditText": picture.credit} if picture.credit else {}),
            }
            for picture in images
        ],
    }
    og_image = (
        f'<meta property="og:image" content="{story.teaser.url}?w=1200">' if story.teaser else ""
    )
    return (
        f'<head><meta charset="utf-8"><title>{escape(story.headline)} | {escape(publisher.name)}'
        f'</title><link rel="canonical" href="{story.url}">'
        f'<meta property="og:title" content="{escape(story.headline)}">'
        f'<meta property="og:url" content="{story.url}">'
        f'<meta property="og:site_name" content="{escape(publisher.name)}">{og_image}'
        f'<meta property="article:published_time" content="{story.published.isoformat()}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{STYLE}</style>"
        f'<script type="application/ld+json">{_json(linked)}</script></head>'
    )


def _json(data: object) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _site_header(story: Story) -> str:
    domain = story.publisher.domain
    links = "".join(
        f'<li><a href="https://www.{domain}/{section}">{section.title()}</a></li>'
        for section in ("politik", "wirtschaft", "sport", "kultur", "panorama", "region", "wissen")
    )
    return (
        f'<header class="site-header"><a class="site-logo" href="https://www.{domain}/">'
        f'<img src="https://www.{domain}/assets/logo.svg" alt="{escape(story.publisher.name)}">'
        f'</a><nav class="main-nav"><ul>{links}</ul></nav>'
        '<div class="newsletter-box"><img src="https://www.'
        f'{domain}/assets/newsletter-icon.png" width="48" height="48" alt=""></div></header>'
    )


def _byline(story: Story) -> str:
    return (
        f'<div class="author-box"><img class="author__avatar" src="https://www.{story.publisher.domain}'
        f'/authors/{story.index % 50}.jpg" width="64" height="64" alt="{escape(story.author)}">'
        f'<span class="byline">{escape(story.author)}</span>'
        f'<time datetime="{story.published.isoformat()}">{story.published:%d.%m.%Y}</time></div>'
    )


def _ad(index: int) -> str:
    return (
        f'<div class="ad-slot" id="ad-{index % 9}"><span class="ad-label">Anzeige</span>'
        '<img src="https://ads.example/pixel.gif" width="1" height="1" alt=""></div>'
    )


def _related(story: Story) -> str:
    """Teasers of other articles, with credited pictures the reader must not take."""
    domain = story.publisher.domain
    teasers = "".join(
        f'<article class="teaser"><a href="https://www.{domain}/related/{story.index}-{n}">'
        f'<figure class="teaser__image"><img src="https://img.{domain}/related/{story.index}-{n}.jpg"'
        ' width="320" height="180" alt="">'
        f'<figcaption><span class="credit">© dpa</span></figcaption></figure>'
        f"<h3>{escape(title)}</h3></a></article>"
        for n, title in enumerate(story.related)
    )
    return f'<aside class="related-articles"><h2>Mehr zum Thema</h2>{teasers}</aside>'


def _site_footer(story: Story) -> str:
    publisher = story.publisher
    links = "".join(
        f'<a href="https://www.{publisher.domain}/{page}">{page}</a>'
        for page in ("impressum", "datenschutz", "kontakt", "agb", "abo")
    )
    return (
        f'<footer class="site-footer">{links}<img src="https://www.{publisher.domain}/assets/'
        f'logo-footer.svg" alt=""><p>© {story.published.year} {escape(publisher.name)}</p></footer>'
    )


def _script(index: int) -> str:
    """A slice of script state: the weight real pages carry, without markup in it."""
    blob = _script_blob()
    return blob[: SCRIPT_MIN + (index * 7919) % SCRIPT_SPREAD]


@cache
def _script_blob() -> str:
    state = [
        {
            "id": n,
            "type": "teaser",
            "href": f"/article/{n * 7919 % 1_000_003}",
            "tracking": {"pos": n % 12, "list": f"rail-{n % 7}", "ab": n % 2 == 0},
            "title": f"Story number {n} of the front page rail",
        }
        for n in range(1_500)
    ]
    return json.dumps(state)
