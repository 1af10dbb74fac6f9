"""``credits check``: rules that find missing, incomplete and malformed credits.

Each rule is one small unit: a code, a name, a default severity, a one-line rationale and a
function that looks at one entry and returns a message (None when the entry is fine).
CR005 compares the uses of one image across articles, so it is a catalogue rule: a function
from all uses of one image to the uses it finds fault with. A check keeps the uses on disk,
by image, so that its memory does not grow with the number of articles.

Rules of severity ``info`` are opt-in (``--select``); the others run by default. Each
message says what is wrong and, where it can, what a fix looks like.

>>> from credits import Article, Entry, parse_credit
>>> entry = Entry(1, "gallery", None, None, "Helsinki.", parse_credit("© Mikhail Klimentyev"), 7)
>>> for finding in check(Article("a", "a.txt", None, None, None, None, (entry,))):
...     print(finding)
a.txt:7: CR002 photographer-only: "© Mikhail Klimentyev" names a photographer but no agency \
or source: add the agency, e.g. "Mikhail Klimentyev/<agency>"
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import sys
import zlib
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cache
from itertools import count, islice, pairwise
from operator import itemgetter
from pathlib import Path
from tempfile import SpooledTemporaryFile
from typing import IO, Literal, TypeVar

import regex

from .catalogue import Catalogue
from .columns import image_key
from .credit_line import or_pattern, parse_credit, parser_for, use_registry
from .errors import ReadError
from .models import Article, Credit, Entry, Finding, Severity
from .normalize import printable
from .readers import expand_paths, read_article
from .registry import Registry
from .vocabulary import vocabulary

# --- vocabulary ---------------------------------------------------------------------------------

#: Flags that name the source even without an agency: a private picture, a handout, a pool
#: picture, a screenshot. "Foto: Jana Pfeiffer/privat" is complete; CR002 stays silent.
SOURCED_FLAGS = frozenset({"own", "handout", "pool", "screenshot"})
#: Flags that say where a picture comes from without an agency (CR003 stays silent on the
#: organisation then: "Foto: Lufthansa/PR" is the company's own picture).
SELF_SOURCED_FLAGS = frozenset({"own", "handout", "screenshot"})
#: How a message names an entry's kind.
KIND_WORDS = {"gallery": "gallery image", "figure": "image", "teaser": "teaser image"}
#: Longest quotation of a caption or credit in a message.
MAX_QUOTE = 80

T = TypeVar("T")

# A separator with nothing on one side: "Name/", "/dpa", "Name//dpa", "Name | | dpa".
_DANGLING = regex.compile(r"^\s*[/|]|[/|]\s*$|[/|]\s*[/|]")
_SEPARATOR_RUN = regex.compile(r"(?:(?<!\s)\s++)?([/|])(?:\s*+[/|])++\s*+")


@cache
def _creator_label() -> regex.Pattern[str]:
    """A label for a creator's own work at the start of a credit: "Grafik:", "Illustration:"."""
    return regex.compile(
        rf"^\W*(?:{or_pattern(vocabulary().creator_labels)})\s?:", regex.IGNORECASE
    )


# --- the rule units -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """What every rule has: a code, a name, a default severity and why it exists."""

    code: str
    name: str
    severity: Severity
    rationale: str

    @property
    def is_default(self) -> bool:
        """True when the rule runs without ``--select``: every rule but the ``info`` ones."""
        return self.severity != "info"


@dataclass(frozen=True, slots=True)
class EntryRule(Rule):
    """A rule about one entry: ``find(entry)`` is a message, or None when all is well."""

    find: Callable[[Entry], str | None] = field(repr=False)


@dataclass(frozen=True, slots=True)
class ImageUse:
    """One credited use of an image, as catalogue rules compare them."""

    image: str  # columns.image_key
    article: str  # Article.id: uses in one article are not compared with each other
    source: str
    line: int
    credit: Credit
    reported: bool = True  # False for uses from the catalogue: compared, never reported


@dataclass(frozen=True, slots=True)
class CatalogueRule(Rule):
    """A rule across articles: ``find(uses of one image)`` gives (use, message) pairs.

    It is given only the images credited in more than one way: one credit cannot contradict
    itself, and so a check keeps per image its first credit, not all of its uses.
    """

    find: Callable[[Sequence[ImageUse]], Iterator[tuple[ImageUse, str]]] = field(repr=False)


# --- CR001 missing-credit -----------------------------------------------------------------------


def find_missing_credit(entry: Entry) -> str | None:
    """A captioned entry without any credit: the picture is published uncredited.

    An image with neither caption nor title nor credit is page furniture far more often than
    an article picture (thumbnails of other articles, icons, author photos): not reported.
    """
    if entry.credit is not None or not (entry.caption.strip() or entry.title):
        return None
    return f'{_describe(entry)} has no credit: add one, e.g. "© <photographer>/<agency>"'


# --- CR002 photographer-only --------------------------------------------------------------------


def find_photographer_only(entry: Entry) -> str | None:
    """A person but no agency or source, unless the credit is a private, handout, pool or
    screenshot picture, a graphic or illustration, a chain whose second "name" is likely
    the source, or malformed (CR004 reports that)."""
    credit = entry.credit
    if (
        credit is None
        or not credit.is_photographer_only
        or credit.flags & SOURCED_FLAGS
        or credit.is_suspicious
        or _creator_label().match(credit.raw)
        or _is_chained(credit.photographers, credit.raw)
    ):
        return None
    return (
        f"{_quote(credit.raw)} names a photographer but no agency or source: "
        f'add the agency, e.g. "{credit.photographers[0]}/<agency>"'
    )


# --- CR003 unknown-agency -----------------------------------------------------------------------


def find_unknown_agency(entry: Entry) -> str | None:
    """Organisations the registry does not know: a typo, or an agency to add to the registry.

    Silent on private, handout and screenshot pictures (the organisation is their own
    source) and on malformed credits (CR004 reports those)."""
    credit = entry.credit
    if (
        credit is None
        or "unknown_agency" not in credit.flags
        or credit.flags & SELF_SOURCED_FLAGS
        or credit.is_suspicious
    ):
        return None
    registry = parser_for().registry
    names = [n for n in (*credit.agencies, credit.distributor) if n and registry.get(n) is None]
    if not names:
        return None
    listed = ", ".join(_quote(name) for name in names)
    verb = "is" if len(names) == 1 else "are"
    return (
        f"{listed} in {_quote(credit.raw)} {verb} not in the agency registry: "
        "check the spelling, or add it with --agencies"
    )


# --- CR004 suspicious-credit --------------------------------------------------------------------


def find_suspicious_credit(entry: Entry) -> str | None:
    """A credit flagged ``suspicious``: say which malformation it is and how to fix it."""
    credit = entry.credit
    if credit is None or not credit.is_suspicious:
        return None
    for malformation in MALFORMATIONS:
        message = malformation(credit)
        if message is not None:
            return message
    return None


def empty_credit(credit: Credit) -> str | None:
    """ "©" or "Foto:" with nothing after it."""
    if credit.is_attributed or credit.flags - {"suspicious"}:
        return None
    marker = credit.raw.strip() or "©"
    return (
        f"empty credit {_quote(marker)}: name the photographer and agency, "
        f'e.g. "{marker} <photographer>/<agency>"'
    )


def run_together(credit: Credit) -> str | None:
    """Two names without a separator: "Joonas SaloIlta-Sanomat" → "Joonas Salo/Ilta-Sanomat".

    Inside a photographer's name every join counts (but "McDonald", "DiCaprio"…); inside an
    organisation's name only a join next to a registry name ("Ilta-SanomatImago"), because
    organisations are often written in camel case ("HalloMünchen").
    """
    registry = parser_for().registry
    for name in credit.photographers:
        fixed = _split_person(name)
        if fixed != name:
            return _run_together_message(credit, name, fixed)
    for name in (*credit.agencies, credit.distributor):
        if name is None or registry.get(name) is not None:
            continue
        for position in _joins(name):
            if registry.get(name[:position]) or registry.get(name[position:]):
                return _run_together_message(credit, name, f"{name[:position]}/{name[position:]}")
    return None


def unbalanced_brackets(credit: Credit) -> str | None:
    """ "(AP Photo/Alex Brandon" → "(AP Photo/Alex Brandon)"."""
    balanced = _balance(credit.raw)
    if balanced == credit.raw:
        return None
    return f"unbalanced brackets in {_quote(credit.raw)}: did you mean {_quote(balanced)}?"


def dangling_separator(credit: Credit) -> str | None:
    """ "Kay Nietfeld/" → "Kay Nietfeld/<agency>", "Name//dpa" → "Name/dpa"."""
    body = _body(credit.raw)
    if not _DANGLING.search(body):
        return None
    fixed = _SEPARATOR_RUN.sub(r"\1", body).strip(" /|")
    if credit.is_photographer_only:
        fixed += "/<agency>"
    return f"dangling separator in {_quote(credit.raw)}: did you mean {_quote(fixed)}?"


def glued_to_caption(credit: Credit) -> str | None:
    """ "…in Berlin.Foto: dpa": well-formed on its own, so the suspicion came from its
    context, which is the credit glued to the caption."""
    alone = parse_credit(credit.raw)
    if alone is None or alone.is_suspicious:
        return None
    return f"credit glued to the caption without a space: put a space before {_quote(credit.raw)}"


#: What makes a credit suspicious, in the order they are tried; the first that fits is told.
MALFORMATIONS: tuple[Callable[[Credit], str | None], ...] = (
    empty_credit,
    run_together,
    unbalanced_brackets,
    dangling_separator,
    glued_to_caption,
)


# --- CR005 inconsistent-credit ------------------------------------------------------------------


def find_inconsistent_credits(uses: Sequence[ImageUse]) -> Iterator[tuple[ImageUse, str]]:
    """Uses of one image whose credit contradicts the most common credit of that image.

    Two credits contradict when both name organisations and share none, or both name people
    and share none: "Name/AFP" vs "Name/Reuters". A credit that only leaves something out
    ("dpa" vs "Kay Nietfeld/dpa") does not: that is incomplete, not inconsistent.
    """
    if len({use.article for use in uses}) < 2:
        return
    counts = Counter(use.credit for use in uses)
    reference = max(counts, key=lambda credit: counts[credit])  # ties: the first seen
    elsewhere = [use for use in uses if use.credit == reference]
    for use in uses:
        if not use.reported or not _contradicts(use.credit, reference):
            continue
        others = [other for other in elsewhere if other.article != use.article]
        if not others:
            continue
        example = others[0]
        articles = len({other.article for other in others})
        where = f"{example.source}:{example.line}" + (
            f" and {articles - 1} more" if articles > 1 else ""
        )
        yield (
            use,
            f"this image is credited {_quote(use.credit.raw)} here but "
            f"{_quote(example.credit.raw)} in {where}: check which is right",
        )


# --- the rule table -----------------------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    EntryRule(
        "CR001",
        "missing-credit",
        "error",
        "An uncredited picture breaks the licence and invites the agency's claim.",
        find_missing_credit,
    ),
    EntryRule(
        "CR002",
        "photographer-only",
        "warning",
        "Agencies require their name next to the photographer's; a bare name hides the source.",
        find_photographer_only,
    ),
    EntryRule(
        "CR003",
        "unknown-agency",
        "info",
        "An organisation the registry does not know is a typo or an agency to add; opt-in, "
        "since authorities, companies and papers are legitimate sources.",
        find_unknown_agency,
    ),
    EntryRule(
        "CR004",
        "suspicious-credit",
        "warning",
        "A malformed credit is printed wrong and cannot be attributed reliably.",
        find_suspicious_credit,
    ),
    CatalogueRule(
        "CR005",
        "inconsistent-credit",
        "warning",
        "One picture credited to different sources in different articles: one of them is wrong.",
        find_inconsistent_credits,
    ),
)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
DEFAULT_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.is_default)


def select_rules(
    select: Iterable[str] | None = None, ignore: Iterable[str] = ()
) -> tuple[Rule, ...]:
    """The rules ``select`` names (default: every rule but the ``info`` ones), minus ``ignore``.

    Codes may be comma-separated and in any case; an unknown code raises ValueError.

    >>> [rule.code for rule in select_rules(["cr001,CR003"], ignore=["CR001"])]
    ['CR003']
    """
    chosen = DEFAULT_RULES if select is None else _rules_named(select)
    ignored = set(_rules_named(ignore))
    return tuple(rule for rule in chosen if rule not in ignored)


def _rules_named(codes: Iterable[str]) -> tuple[Rule, ...]:
    wanted = [code.strip().upper() for item in codes for code in item.split(",") if code.strip()]
    unknown = [code for code in wanted if code not in RULES_BY_CODE]
    if unknown:
        raise ValueError(
            f"unknown rule code {unknown[0]!r}; the codes are {', '.join(RULES_BY_CODE)}"
        )
    return tuple(rule for rule in RULES if rule.code in wanted)


# --- running the rules --------------------------------------------------------------------------


def check(article: Article, *, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """The findings of the entry rules on one article, in entry order.

    A finding repeated word for word at the same line (several pictures of one gallery
    element with the same credit) is reported once. Catalogue rules (CR005) need several
    articles: see :func:`check_articles`.
    """
    chosen = DEFAULT_RULES if rules is None else rules
    entry_rules = [rule for rule in chosen if isinstance(rule, EntryRule)]
    findings: dict[Finding, None] = {}
    for entry in article.entries:
        for rule in entry_rules:
            message = rule.find(entry)
            if message is not None:
                findings[_finding(rule, article.source, entry.line, message)] = None
    return list(findings)


@dataclass(slots=True)
class CheckReport:
    """The result of checking many articles: findings sorted by source, line and code."""

    findings: list[Finding] = field(default_factory=list)
    articles: int = 0
    entries: int = 0
    unreadable: list[ReadError] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Findings per code, in code order."""
        counted = Counter(finding.code for finding in self.findings)
        return {code: counted[code] for code in sorted(counted)}


def check_articles(
    articles: Iterable[Article],
    *,
    rules: Iterable[Rule] | None = None,
    reference: Iterable[ImageUse] = (),
) -> CheckReport:
    """Check every article; catalogue rules compare images across them and ``reference``
    (uses from a catalogue, with ``reported=False``: compared, never reported)."""
    chosen = tuple(DEFAULT_RULES if rules is None else rules)
    chunks = (
        _chunk(number, [_checked(article, chosen) for article in batch])
        for number, batch in enumerate(_batches(articles, CHUNK_FILES))
    )
    return _report(chunks, chosen, reference)


def check_paths(
    paths: Iterable[str | Path],
    *,
    rules: Iterable[Rule] | None = None,
    reference: Iterable[ImageUse] = (),
    on_error: Callable[[ReadError], None] | None = None,
    jobs: int | None = None,
) -> CheckReport:
    """Read and check articles from files, folders and globs, in ``jobs`` worker processes
    (default: one per CPU; none for a few files). A file that cannot be read, for whatever
    reason, is kept in the report's ``unreadable`` (and passed to ``on_error``) and the rest
    are still checked."""
    chosen = tuple(DEFAULT_RULES if rules is None else rules)
    unreadable: list[ReadError] = []

    def note(error: ReadError) -> None:
        unreadable.append(error)
        if on_error is not None:
            on_error(error)

    files = [str(path) for path in expand_paths(paths, on_error=note)]
    jobs = min(jobs or _cpu_count(), len(files) // MIN_FILES_PER_JOB)
    if jobs <= 1:
        chunks: Iterable[_Chunk] = (
            _check_files(number, batch, chosen)
            for number, batch in enumerate(_batches(files, CHUNK_FILES))
        )
    else:
        chunks = _in_workers(files, chosen, jobs)
    report = _report(chunks, chosen, reference, on_error=note)
    report.unreadable = unreadable
    return report


#: Files a worker process reads per task, and the fewest files worth a worker of their own.
CHUNK_FILES = 32
MIN_FILES_PER_JOB = 64
#: Tasks in flight per worker: keeps workers busy while bounding the results that wait.
TASKS_IN_FLIGHT = 4
#: The buckets image uses are spread over by image: comparing them needs one bucket in memory.
BUCKETS = 64
#: Bytes of uses a bucket holds in memory before it moves to a temporary file.
BUCKET_MEMORY = 64 * 1024
#: Catalogue uses packed at a time, and the chunk number they are placed in: after all.
PACK_USES = 1024
AFTER_CHUNKS = sys.maxsize

#: A use's place in the check: (chunk, use within the chunk).
_Place = tuple[int, int]
#: What credits are compared by (Credit equality): people, organisations, distributor, flags.
_Signature = tuple[tuple[str, ...], tuple[str, ...], str | None, tuple[str, ...]]
#: An image use as it is stored: place, image, article, source, line, raw credit, signature,
#: reported. Plain tuples pickle small and fast.
_Record = tuple[_Place, str, str, str, int, str, _Signature, bool]


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What checking one file gave: small, so worker processes send it back cheaply."""

    source: str
    entries: int = 0
    findings: tuple[Finding, ...] = ()
    article: str | None = None  # Article.id; None when the file could not be read
    reason: str = ""  # why it could not be read


@dataclass(frozen=True, slots=True)
class _Chunk:
    """What checking a chunk of files gave: each file's outcome, and the image uses already
    pickled per bucket, so the main process only appends them to their files."""

    outcomes: tuple[_Outcome, ...]
    uses: dict[int, bytes]


def _checked(article: Article, rules: Sequence[Rule]) -> tuple[_Outcome, tuple[ImageUse, ...]]:
    """An article's outcome and, when a catalogue rule runs, its image uses."""
    wants_uses = any(isinstance(rule, CatalogueRule) for rule in rules)
    findings = tuple(check(article, rules=rules))
    outcome = _Outcome(article.source, len(article.entries), findings, article.id)
    return outcome, tuple(image_uses(article)) if wants_uses else ()


def _read_and_check(path: str, rules: Sequence[Rule]) -> tuple[_Outcome, tuple[ImageUse, ...]]:
    """One file's outcome and uses; any failure is its reason, so one bad file (or a reader
    bug) never stops a check of thousands."""
    try:
        return _checked(read_article(path), rules)
    except ReadError as error:
        return _Outcome(path, reason=error.reason), ()
    except Exception as error:  # reported per file, see above
        return _Outcome(path, reason=f"unexpected error: {type(error).__name__}: {error}"), ()


def _check_files(number: int, files: Sequence[str], rules: Sequence[Rule]) -> _Chunk:
    """Chunk ``number`` of the files, read and checked (in a worker process)."""
    return _chunk(number, [_read_and_check(file, rules) for file in files])


def _chunk(number: int, checked: Iterable[tuple[_Outcome, tuple[ImageUse, ...]]]) -> _Chunk:
    """The outcomes, and the image uses placed in the check and packed by bucket."""
    outcomes: list[_Outcome] = []
    records: list[_Record] = []
    place = count()
    for outcome, uses in checked:
        outcomes.append(outcome)
        records += [_record((number, next(place)), use) for use in uses]
    return _Chunk(tuple(outcomes), _pack(records))


def _in_workers(files: Sequence[str], rules: Sequence[Rule], jobs: int) -> Iterator[_Chunk]:
    """The chunks of ``files`` checked by ``jobs`` worker processes, in order. At most ``jobs *
    TASKS_IN_FLIGHT`` chunks are submitted and not yet taken, so results never pile up."""
    pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(parser_for().registry,))
    pending: deque[Future[_Chunk]] = deque()
    try:
        for number, batch in enumerate(_batches(files, CHUNK_FILES)):
            pending.append(pool.submit(_check_files, number, batch, rules))
            if len(pending) >= jobs * TASKS_IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(registry: Registry) -> None:
    """Worker set-up: Ctrl-C is the main process's to handle; parse with its registry."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    use_registry(registry)


def _report(
    chunks: Iterable[_Chunk],
    rules: Sequence[Rule],
    reference: Iterable[ImageUse],
    *,
    on_error: Callable[[ReadError], None] | None = None,
) -> CheckReport:
    """Add up the chunks as they come, with their image uses on disk; then run the catalogue
    rules over the uses of each image."""
    report = CheckReport()
    catalogue_rules = [rule for rule in rules if isinstance(rule, CatalogueRule)]
    checked: set[str] = set()  # article ids: a catalogue's copy of one is not compared
    with _ImageUses() as uses:
        for chunk in chunks:
            for outcome in chunk.outcomes:
                if outcome.article is None:
                    if on_error is not None:
                        on_error(ReadError(outcome.source, outcome.reason))
                    continue
                report.articles += 1
                report.entries += outcome.entries
                report.findings.extend(outcome.findings)
                if catalogue_rules:
                    checked.add(outcome.article)
            uses.write(chunk.uses)
        if catalogue_rules:
            uses.add(use for use in reference if use.article not in checked)
            report.findings.extend(_compare(uses, catalogue_rules))
    report.findings = sorted(
        dict.fromkeys(report.findings), key=lambda f: (f.source, f.line, f.code)
    )
    return report


def _compare(uses: _ImageUses, rules: Sequence[CatalogueRule]) -> list[Finding]:
    """The catalogue rules' findings in the order a check meets them: by rule, by image (in the
    order of their first use), by use; findings at one line keep this order in the report."""
    found: list[tuple[tuple[int, _Place, _Place], Finding]] = []
    for group in uses.groups():
        place = {id(use): where for where, use in group}
        first = group[0][0]
        image = [use for _, use in group]
        for number, rule in enumerate(rules):
            for use, message in rule.find(image):
                finding = _finding(rule, use.source, use.line, message)
                found.append(((number, first, place[id(use)]), finding))
    found.sort(key=itemgetter(0))
    return [finding for _, finding in found]


class _ImageUses:
    """The credited image uses of a check, kept in BUCKETS temporary files by image.

    Comparing the uses of each image then needs one bucket at a time, and of it only each
    image's first credit and the uses of the images credited in more than one way (few:
    one credit cannot contradict itself, so the others are never gathered).
    """

    def __init__(self) -> None:
        self._files = ExitStack()
        self._buckets = [
            self._files.enter_context(
                SpooledTemporaryFile(BUCKET_MEMORY)  # noqa: SIM115 - closed by the ExitStack
            )
            for _ in range(BUCKETS)
        ]

    def __enter__(self) -> _ImageUses:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._files.close()

    def write(self, packed: dict[int, bytes]) -> None:
        """Add uses packed by :func:`_pack`."""
        for bucket, data in packed.items():
            self._buckets[bucket].write(data)

    def add(self, uses: Iterable[ImageUse]) -> None:
        """Add uses in order, placed after those of every chunk (a catalogue's)."""
        place = count()
        for batch in _batches(uses, PACK_USES):
            self.write(_pack([_record((AFTER_CHUNKS, next(place)), use) for use in batch]))

    def groups(self) -> Iterator[list[tuple[_Place, ImageUse]]]:
        """The uses of each image credited in more than one way, in order, with their places."""
        for bucket in self._buckets:
            several = _credited_twice(_records(bucket))
            if not several:
                continue
            groups: defaultdict[str, list[tuple[_Place, ImageUse]]] = defaultdict(list)
            for place, image, article, source, line, raw, signature, reported in _records(bucket):
                if image in several:
                    people, orgs, distributor, flags = signature
                    credit = Credit(raw, people, orgs, distributor, frozenset(flags))
                    use = ImageUse(image, article, source, line, credit, reported)
                    groups[image].append((place, use))
            yield from groups.values()


def _credited_twice(records: Iterable[_Record]) -> set[str]:
    """The images of ``records`` credited in more than one way. Memory: each image's first
    credit, however many uses it has."""
    first: dict[str, _Signature] = {}
    twice: set[str] = set()
    for record in records:
        image, signature = record[1], record[6]
        if first.setdefault(image, signature) != signature:
            twice.add(image)
    return twice


def _record(place: _Place, use: ImageUse) -> _Record:
    credit = use.credit
    signature = (
        credit.photographers,
        credit.agencies,
        credit.distributor,
        tuple(sorted(credit.flags)),
    )
    return (
        place,
        use.image,
        use.article,
        use.source,
        use.line,
        credit.raw,
        signature,
        use.reported,
    )


def _pack(records: Iterable[_Record]) -> dict[int, bytes]:
    """Records pickled per bucket; the bucket is a CRC of the image, the same in every process."""
    buckets: defaultdict[int, list[_Record]] = defaultdict(list)
    for record in records:
        buckets[zlib.crc32(record[1].encode("utf-8", "surrogatepass")) % BUCKETS].append(record)
    return {
        bucket: pickle.dumps(group, pickle.HIGHEST_PROTOCOL) for bucket, group in buckets.items()
    }


def _records(file: IO[bytes]) -> Iterator[_Record]:
    """The records written to a bucket, in order."""
    file.seek(0)
    while True:
        try:
            records = pickle.load(file)
        except EOFError:
            return
        yield from records


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def catalogue_uses(path: str | Path) -> Iterator[ImageUse]:
    """The credited entries stored in a catalogue, as reference uses (compared by catalogue
    rules, never reported). Raises CatalogueError when the catalogue cannot be read."""
    names = ("article_id", "source", "line", "credit", "photographers", "agencies")
    with Catalogue(path) as catalogue:
        rows = catalogue.iter_rows(columns=(*names, "distributor", "flags"), with_image_key=True)
        for article, source, line, raw, people, orgs, distributor, flags, image in rows:
            if raw is None:
                continue
            credit = Credit(raw, tuple(people), tuple(orgs), distributor, frozenset(flags))
            yield ImageUse(image, article, source, line, credit, reported=False)


def image_uses(article: Article) -> Iterator[ImageUse]:
    """The credited entries of an article as image uses."""
    for entry in article.entries:
        if entry.credit is not None:
            yield ImageUse(image_key(entry), article.id, article.source, entry.line, entry.credit)


# --- output -------------------------------------------------------------------------------------

OutputStyle = Literal["text", "json", "github"]
#: The version of the JSON document ``render_json`` writes; raised when a key changes.
JSON_VERSION = 1
_GITHUB_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render(report: CheckReport, style: OutputStyle) -> str:
    """The report as ``text``, ``json`` or ``github`` annotations."""
    return {"text": render_text, "json": render_json, "github": render_github}[style](report)


def render_text(report: CheckReport) -> str:
    """``path:line: CODE name: message`` lines, then a count per code."""
    lines = [printable(str(finding)) for finding in report.findings]
    return "\n".join([*lines, *_summary(report)])


def render_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands: ``::warning file=…,line=…,title=…::message``."""
    lines = [
        f"::{_GITHUB_COMMANDS[f.severity]} file={_github_property(f.source)},line={f.line},"
        f"title={_github_property(f'{f.code} {f.name}')}::{_github_data(f.message)}"
        for f in report.findings
    ]
    return "\n".join([*lines, *_summary(report)])


def render_json(report: CheckReport) -> str:
    """The report as one JSON document (schema in README, "Checking captions")."""
    document = {
        "version": JSON_VERSION,
        "summary": {
            "articles": report.articles,
            "entries": report.entries,
            "findings": len(report.findings),
            "by_code": report.counts(),
        },
        "findings": [
            {
                "source": f.source,
                "line": f.line,
                "code": f.code,
                "name": f.name,
                "severity": f.severity,
                "message": f.message,
            }
            for f in report.findings
        ],
        "unreadable": [{"source": e.path, "reason": e.reason} for e in report.unreadable],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _summary(report: CheckReport) -> list[str]:
    articles = f"{report.articles} article{'' if report.articles == 1 else 's'}"
    if not report.findings:
        return [f"No findings in {articles} ({report.entries} entries)."]
    total = len(report.findings)
    lines = [f"Found {total} finding{'' if total == 1 else 's'} in {articles}:"]
    for code, number in report.counts().items():
        lines.append(f"  {code} {RULES_BY_CODE[code].name:<20} {number:>6}")
    return lines


def _github_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


# --- small helpers ------------------------------------------------------------------------------


def _finding(rule: Rule, source: str, line: int, message: str) -> Finding:
    return Finding(source, line, rule.code, rule.name, message, rule.severity)


def _quote(text: str) -> str:
    """Text in double quotes, on one line, shortened to MAX_QUOTE characters."""
    text = " ".join(text.split())
    if len(text) > MAX_QUOTE:
        text = text[: MAX_QUOTE - 1].rstrip() + "…"
    return f'"{text}"'


def _describe(entry: Entry) -> str:
    """'the gallery image "Caption…"', naming the entry by its caption or title."""
    kind = KIND_WORDS.get(entry.kind, "image")
    return f"the {kind} {_quote(entry.caption.strip() or entry.title or '')}"


def _body(raw: str) -> str:
    """A credit without its leading markers: "© Foto: Name/dpa" → "Name/dpa"."""
    return parser_for().strip_markers(raw)


def _joins(name: str) -> list[int]:
    """Where two words run together in a name (see CreditParser.joins)."""
    return parser_for().joins(name)


def _split_person(name: str) -> str:
    """Undo run-together names: a join in the first word was a missing space ("SvenHoppe"),
    one before the last word a missing slash ("Joonas SaloIlta-Sanomat"), one before more
    words a second person ("Kay NietfeldMichael Kappeler")."""
    pieces = []
    last = 0
    for position in _joins(name):
        if " " not in name[:position]:
            glue = " "
        elif " " in name[position:]:
            glue = ", "
        else:
            glue = "/"
        pieces += [name[last:position], glue]
        last = position
    return "".join([*pieces, name[last:]])


def _run_together_message(credit: Credit, name: str, fixed: str) -> str:
    body = _body(credit.raw)
    suggestion = body.replace(name, fixed, 1) if name in body else fixed
    return f"names run together in {_quote(credit.raw)}: did you mean {_quote(suggestion)}?"


def _balance(text: str) -> str:
    """``text`` with stray closing brackets dropped and open ones closed at the end."""
    pairs = {")": "(", "]": "["}
    closing = {"(": ")", "[": "]"}
    kept: list[str] = []
    stack: list[str] = []
    for ch in text:
        if ch in closing:
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack[-1] != pairs[ch]:
                continue
            stack.pop()
        kept.append(ch)
    return "".join(kept).rstrip() + "".join(closing[ch] for ch in reversed(stack))


def _is_chained(names: Sequence[str], raw: str) -> bool:
    """True when a name follows another after "/" or "|": "Nick Wilkinson/Birmingham Live".

    Credits put the photographer first and the source after the slash; two photographers
    are joined by "," or "und". So the second "name" of a chain is a source that merely
    looks like a name (a paper, a company, an event).
    """
    return any(
        regex.search(rf"{regex.escape(first)}\s*[/|]\s*{regex.escape(second)}", raw)
        for first, second in pairwise(names)
    )


def _contradicts(one: Credit, other: Credit) -> bool:
    """True when two credits name different organisations, or different people."""
    orgs = [{*c.agencies, *([c.distributor] if c.distributor else [])} for c in (one, other)]
    people = [{" ".join(p.casefold().split()) for p in c.photographers} for c in (one, other)]
    return any(a and b and not a & b for a, b in (orgs, people))


__all__ = [
    "DEFAULT_RULES",
    "RULES",
    "CatalogueRule",
    "CheckReport",
    "EntryRule",
    "ImageUse",
    "Rule",
    "catalogue_uses",
    "check",
    "check_articles",
    "check_paths",
    "image_uses",
    "render",
    "select_rules",
]
