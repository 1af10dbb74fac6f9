"""credits: catalogue media credits and image captions in news articles.

The front doors::

    >>> from credits import parse_credit
    >>> parse_credit("© Petras Malukas/AFP").agencies
    ('AFP',)
"""

from .catalogue import Catalogue
from .check import check
from .credit_line import parse_credit, read_credit, split_caption
from .errors import (
    CatalogueError,
    ConfigError,
    CreditsError,
    ExportError,
    ReadError,
    RegistryError,
)
from .models import FLAGS, Article, Credit, Entry, Finding
from .readers import read_article, read_articles
from .registry import Organisation, Registry, load_registry

__version__ = "0.1.0"

__all__ = [
    "FLAGS",
    "Article",
    "Catalogue",
    "CatalogueError",
    "ConfigError",
    "Credit",
    "CreditsError",
    "Entry",
    "ExportError",
    "Finding",
    "Organisation",
    "ReadError",
    "Registry",
    "RegistryError",
    "__version__",
    "check",
    "load_registry",
    "parse_credit",
    "read_article",
    "read_articles",
    "read_credit",
    "split_caption",
]
