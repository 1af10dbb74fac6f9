"""Render a story as a plain-text scrape, in the layouts of ``fixtures/articles/*.txt``.

Each publisher has one layout (``words.toml``): how the lead image, inline figures and a
gallery's slides are laid out, and which noise surrounds the article (ad-blocker banners,
"Mehr zum Thema" lists, share bars, site footers).
"""

from __future__ import annotations

from collections.abc import Callable

from .stories import WORDS, Picture, Story, printed

Lines = list[str]


def render_scrape(story: Story) -> str:
    """The story as the text a scraper would save."""
    layout = LAYOUTS[story.publisher.text]
    return "\n".join(layout(story)) + "\n"


def _noise(story: Story, key: str) -> str | list[str]:
    return WORDS["noise"][key][story.publisher.language]


def _credited(picture: Picture, story: Story, glue: str = " ") -> str:
    """Caption with its credit on the same line."""
    if picture.credit is None:
        return picture.caption
    return f"{picture.caption}{glue}{printed(picture.credit, story.publisher.marker)}"


def _credit_line(picture: Picture, story: Story) -> Lines:
    """Caption, then the credit on a line of its own."""
    if picture.credit is None:
        return [picture.caption]
    return [picture.caption, printed(picture.credit, story.publisher.marker)]


def _body(story: Story, figure: Callable[[Picture], Lines], gallery: Lines) -> Lines:
    """Paragraphs separated by blank lines, figures and the gallery in between."""
    lines: Lines = []
    paragraphs = 0
    for block in story.body:
        if isinstance(block, Picture):
            lines += [*figure(block), ""]
            continue
        lines += [block, ""]
        paragraphs += 1
        if paragraphs == story.gallery_at and gallery:
            lines += [*gallery, ""]
    return lines


def _related(story: Story) -> Lines:
    return [str(_noise(story, "related")), "", *story.related, ""]


def _footer(story: Story) -> Lines:
    footer = str(_noise(story, "footer"))
    return [footer.format(year=story.published.year, company=f"{story.publisher.name} GmbH")]


def gallery_lines(story: Story) -> Lines:
    """Ippen style (the seed article): ad-blocker banner, kicker; a gallery heading then title
    and caption lines with the credit at the end; the lead image last, as ``Rubriklistenbild``."""
    gallery: Lines = []
    if story.gallery:
        gallery = [str(story.gallery_name), ""]
        for picture in story.gallery:
            gallery += [picture.title or "", _credited(picture, story)]
    lines = [
        *_noise(story, "banner"),
        "",
        story.kicker,
        "",
        story.headline,
        "",
        story.standfirst,
        "",
    ]
    lines += _body(story, lambda p: [_credited(p, story)], gallery)
    if story.teaser and story.teaser.credit:
        lines += [f"Rubriklistenbild: {printed(story.teaser.credit, '© ')}", ""]
    return [*lines, str(_noise(story, "comments"))]


def inline_credit_lines(story: Story) -> Lines:
    """dpa regional style: navigation, date and byline, the lead caption with ``Foto:`` on the
    next line, inline figures either way, a ``Fotostrecke`` of blocks, a footer."""
    language = story.publisher.language
    gallery: Lines = []
    if story.gallery:
        gallery = [f"Fotostrecke: {story.gallery_name}", ""]
        for picture in story.gallery:
            gallery += [picture.title or "", *_credit_line(picture, story), ""]
    lines = ["Zum Inhalt springen", "Startseite", story.kicker, "", story.headline, ""]
    lines += [f"{story.published:%d.%m.%Y, %H:%M} Uhr", "", f"Von {story.author}", ""]
    if story.teaser:
        lines += [*_credit_line(story.teaser, story), ""]

    def figure(picture: Picture) -> Lines:
        if len(picture.caption) % 2:
            return _credit_line(picture, story)
        return [_credited(picture, story)]

    lines += _body(story, figure, gallery)
    lines += _related(story)
    return [*lines, *WORDS["noise"]["share"][language], "", *_footer(story)]


def numbered_slides(story: Story) -> Lines:
    """Regional slideshow style: ``Bild 3 von 12`` before each slide, some slides without a
    title, the lead image at the end as ``Titelbild:``."""
    gallery: Lines = []
    if story.gallery:
        gallery = [f"Fotostrecke: {story.gallery_name}", ""]
        total = len(story.gallery)
        for number, picture in enumerate(story.gallery, 1):
            title = [picture.title] if picture.title and number % 3 else []
            gallery += [f"Bild {number} von {total}", *title, _credited(picture, story), ""]
    lines = ["Anzeige", "", story.kicker, story.headline, ""]
    lines += [f"Stand: {story.published:%d.%m.%Y, %H:%M} Uhr", "", story.standfirst, ""]
    lines += _body(story, lambda p: [_credited(p, story)], gallery)
    lines += _related(story)
    if story.teaser:
        lines += [f"Titelbild: {_credited(story.teaser, story)}", ""]
    return [*lines, "Zur Startseite"]


def slash_numbered(story: Story) -> Lines:
    """Magazine style: ``1 / 4`` numbering, title, caption, then ``Foto: A / B`` on its own line;
    the lead caption followed by a blank line and its credit."""
    gallery: Lines = []
    if story.gallery:
        gallery = ["Fotostrecke", str(story.gallery_name), ""]
        total = len(story.gallery)
        for number, picture in enumerate(story.gallery, 1):
            gallery += [f"{number} / {total}", picture.title or "", *_credit_line(picture, story)]
            gallery.append("")
    lines = ["SPIEGEL+", story.kicker, "", story.headline, "", story.standfirst, ""]
    lines += [f"Von {story.author}", f"{story.published:%d.%m.%Y, %H.%M} Uhr", ""]
    if story.teaser:
        credit = story.teaser.credit
        lines += [story.teaser.caption, ""]
        lines += [printed(credit, story.publisher.marker), ""] if credit else []
    lines += _body(story, lambda p: _credit_line(p, story), gallery)
    return [*lines, "Artikel verschenken", "Diskutieren Sie mit", "Feedback"]


def english_inline(story: Story) -> Lines:
    """British and US style: the credit at the end of each caption (``Photograph: …``,
    ``(AP Photo/…)``), an ``In pictures`` gallery of caption paragraphs, ``Most viewed``."""
    gallery: Lines = []
    if story.gallery:
        gallery = [str(story.gallery_name), ""]
        for picture in story.gallery:
            gallery += [_credited(picture, story), ""]
    lines = ["Skip to main content", *_noise(story, "banner"), "", story.kicker, "", story.headline]
    lines += [
        "",
        story.standfirst,
        "",
        story.author,
        f"{story.published:%a %d %b %Y %H.%M} GMT",
        "",
    ]
    if story.teaser:
        lines += [_credited(story.teaser, story), ""]
    lines += _body(story, lambda p: [_credited(p, story)], gallery)
    lines += ["Most viewed", "", *story.related, ""]
    return [*lines, *_footer(story)]


def image_source(story: Story) -> Lines:
    """Broadcaster style: ``Image source, X`` then ``Image caption, Y`` for every picture;
    uncredited pictures as ``Pictured: …``."""

    def figure(picture: Picture) -> Lines:
        if picture.credit is None:
            return [f"Pictured: {picture.caption}"]
        return [f"Image source, {picture.credit}", f"Image caption, {picture.caption}"]

    gallery: Lines = []
    if story.gallery:
        gallery = [str(story.gallery_name), ""]
        for picture in story.gallery:
            gallery += [*figure(picture), ""]
    lines = ["Skip to content", "Home", "News", "Sport", "", story.headline, ""]
    lines += [f"{story.published:%d %B %Y}", "Share", "Save", "", story.author, "News", ""]
    if story.teaser:
        lines += [*figure(story.teaser), ""]
    lines += _body(story, figure, gallery)
    return [*lines, "Related topics", story.kicker, "", "More on this story", *story.related]


LAYOUTS: dict[str, Callable[[Story], Lines]] = {
    layout.__name__: layout
    for layout in (
        gallery_lines,
        inline_credit_lines,
        numbered_slides,
        slash_numbered,
        english_inline,
        image_source,
    )
}
