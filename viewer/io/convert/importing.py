"""Importing an article: read it and its actors file, convert, check; for the command line and the window."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from viewer.io.briefing.loader import check_briefing_bytes, load_briefing_bytes
from viewer.io.briefing.safexml import DEFAULT_MAX_BYTES, read_capped
from viewer.io.convert.actors_file import ActorsFile, read_actors_file
from viewer.io.convert.article import Conversion, convert_article, read_article, slug
from viewer.io.errors import BriefingError
from viewer.model.briefing import Briefing


@dataclass(frozen=True, slots=True)
class ArticleSource:
    """An article's text and its actors (None without an actors file), read and checked."""

    path: Path
    text: str
    actors: ActorsFile | None

    @property
    def default_id(self) -> str:
        """The briefing id made from the article's file name."""
        return slug(self.path.stem, "briefing")


@dataclass(frozen=True, slots=True)
class ImportedArticle:
    """The briefing made of an article: its XML (to save) and the briefing it loads as."""

    conversion: Conversion
    briefing: Briefing
    actors: ActorsFile | None

    @property
    def xml(self) -> bytes:
        """The briefing file's bytes."""
        return self.conversion.xml

    @property
    def mentions(self) -> int:
        """How many mentions of actors were marked."""
        return sum(self.conversion.mentions.values())


def read_source(article: str | Path, actors: str | Path | ActorsFile | None = None) -> ArticleSource:
    """Read the actors file (if any: a path, or actors already read), then the article.

    A BriefingError, located, says what is wrong.
    """
    path = Path(article)
    actor_list = actors if isinstance(actors, ActorsFile) else read_actors_file(actors) if actors else None
    try:
        text = read_article(read_capped(path, DEFAULT_MAX_BYTES), str(path))
    except UnicodeDecodeError as error:
        raise BriefingError.single(str(path), f"the article is not UTF-8 text (byte {error.start})") from None
    return ArticleSource(path, text, actor_list)


def build_briefing(
    source: ArticleSource, briefing_id: str | None = None, lang: str | None = None, check_as: str | None = None
) -> ImportedArticle:
    """Convert a read article, and load the result as any briefing file is loaded.

    What is made must pass ``briefing check``: a problem is reported at ``check_as`` (the file it
    is to be written to; the article by default).
    """
    conversion = convert_article(source.text, source.actors, briefing_id or source.default_id, lang)
    _openable(conversion, check_as or str(source.path))
    briefing = load_briefing_bytes(conversion.xml, check_as or str(source.path))
    return ImportedArticle(conversion, briefing, source.actors)


def convert_source(
    source: ArticleSource, briefing_id: str | None = None, lang: str | None = None, check_as: str | None = None
) -> Conversion:
    """Convert a read article, and check the result as ``briefing check`` checks a file: the command line.

    Refuses exactly what :func:`build_briefing` refuses, with the same problems, but builds no
    model of the briefing (2 MB of "# a" headings, 500,000 sections: 901 MiB peak with the model, 546 without).
    """
    conversion = convert_article(source.text, source.actors, briefing_id or source.default_id, lang)
    _openable(conversion, check_as or str(source.path))
    check_briefing_bytes(conversion.xml, check_as or str(source.path))
    return conversion


def _openable(conversion: Conversion, name: str) -> None:
    """Refuse a result that ``briefing check`` and the window would refuse for its size once written.

    Markup per line can make a briefing many times its article (10 MB of one-letter headings: 168 MiB).
    """
    size = len(conversion.xml)
    if size > DEFAULT_MAX_BYTES:
        raise BriefingError.single(
            name,
            f"the briefing would be {size / 2**20:.1f} MiB, over the limit of "
            f"{DEFAULT_MAX_BYTES / 2**20:.0f} MiB that `briefing check` and the window open",
        )


def import_article(article: str | Path, actors: str | Path | ActorsFile | None = None) -> ImportedArticle:
    """Read, convert and check an article (and its actors file): :func:`read_source`, then :func:`build_briefing`."""
    return build_briefing(read_source(article, actors))
