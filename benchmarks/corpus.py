"""Write a benchmark corpus: plain-text scrapes and HTML pages of generated articles.

    python -m benchmarks.corpus output/bench/corpus-10k --articles 10k [--gzip] [--seed 7]

Articles come from ``stories.py`` (deterministic for a seed); about half are written as
scrapes (``text/``), half as pages (``html/``), in shards of 1,000 files, a few scrapes in
Windows-1252, with a byte-order mark or with CRLF line ends. ``manifest.json`` records what
was written (files, bytes, entries per kind and per shard), and a folder whose manifest
matches the request is reused rather than written again.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .pages import render_page
from .scrapes import render_scrape
from .stories import DEFAULT_SEED, Story, make_story

#: Bump when the generator's output changes, so that old corpora are written again.
GENERATOR_VERSION = 2
SHARD = 1_000
DEFAULT_ROOT = Path("output/bench")
KINDS = ("text", "html")


@dataclass(slots=True)
class Tally:
    """What one kind of file (text or html) holds: files, bytes as text, image entries."""

    files: int = 0
    bytes: int = 0
    entries: int = 0
    credited: int = 0

    def add(self, other: Tally) -> None:
        self.files += other.files
        self.bytes += other.bytes
        self.entries += other.entries
        self.credited += other.credited


@dataclass(slots=True)
class Manifest:
    """A corpus folder's description; ``shards`` holds per-shard tallies by kind."""

    generator: int
    seed: int
    articles: int
    gzip: bool
    kinds: dict[str, Tally] = field(default_factory=lambda: {kind: Tally() for kind in KINDS})
    shards: list[dict[str, Tally]] = field(default_factory=list)

    @property
    def entries(self) -> int:
        """Image entries in the whole corpus."""
        return sum(tally.entries for tally in self.kinds.values())

    def matches(self, other: Manifest) -> bool:
        """Same request: generator version, seed, size and compression."""
        return (self.generator, self.seed, self.articles, self.gzip) == (
            other.generator,
            other.seed,
            other.articles,
            other.gzip,
        )

    def save(self, folder: Path) -> None:
        (folder / "manifest.json").write_text(json.dumps(asdict(self), indent=1) + "\n")

    @classmethod
    def load(cls, folder: Path) -> Manifest | None:
        """The folder's manifest, or None when it has none (or an unreadable one)."""
        try:
            data = json.loads((folder / "manifest.json").read_text())
            kinds = {kind: Tally(**tally) for kind, tally in data.pop("kinds").items()}
            shards = [
                {kind: Tally(**tally) for kind, tally in shard.items()}
                for shard in data.pop("shards")
            ]
            return cls(**data, kinds=kinds, shards=shards)
        except (OSError, ValueError, TypeError, KeyError):
            return None


def parse_count(text: str) -> int:
    """``"10k"`` → 10000, ``"1M"`` → 1000000, ``"250"`` → 250."""
    text = text.strip()
    scale = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if scale > 1 else text
    try:
        value = int(float(number) * scale)
    except ValueError:
        raise ValueError(f"not a count: {text!r} (use e.g. 500, 10k, 1M)") from None
    if value <= 0:
        raise ValueError(f"not a positive count: {text!r}")
    return value


def label(count: int) -> str:
    """10000 → ``"10k"``, the inverse of ``parse_count`` for round numbers."""
    for scale, suffix in ((1_000_000, "M"), (1_000, "k")):
        if count >= scale and count % scale == 0:
            return f"{count // scale}{suffix}"
    return str(count)


def ensure_corpus(
    folder: Path, articles: int, *, seed: int = DEFAULT_SEED, compress: bool = False, jobs: int = 1
) -> Manifest:
    """The corpus in ``folder``, written unless a matching one is already there."""
    wanted = Manifest(GENERATOR_VERSION, seed, articles, compress)
    found = Manifest.load(folder)
    if found is not None and found.matches(wanted):
        return found
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    starts = range(0, articles, SHARD)
    tasks = [(folder, start, min(SHARD, articles - start), seed, compress) for start in starts]
    with ProcessPoolExecutor(max(1, jobs)) as pool:
        for shard in pool.map(_write_shard, tasks):
            wanted.shards.append(shard)
            for kind, tally in shard.items():
                wanted.kinds[kind].add(tally)
    wanted.save(folder)
    return wanted


def _write_shard(task: tuple[Path, int, int, int, bool]) -> dict[str, Tally]:
    folder, start, count, seed, compress = task
    tallies = {kind: Tally() for kind in KINDS}
    shard = f"{start // SHARD:03d}"
    for kind in KINDS:
        (folder / kind / shard).mkdir(parents=True, exist_ok=True)
    for index in range(start, start + count):
        story = make_story(index, seed)
        kind, name, data, size = _document(story)
        path = folder / kind / shard / name
        if compress:
            path = path.with_name(path.name + ".gz")
            data = gzip.compress(data, mtime=0)
        path.write_bytes(data)
        pictures = story.pictures
        tally = tallies[kind]
        tally.files += 1
        tally.bytes += size
        tally.entries += len(pictures)
        tally.credited += sum(picture.credit is not None for picture in pictures)
    return tallies


def _document(story: Story) -> tuple[str, str, bytes, int]:
    """Kind, file name, bytes and size in bytes of UTF-8 text; a few scrapes in the other
    encodings and line ends the readers must handle."""
    name = f"{story.index:06d}-{story.slug[:60]}"
    if not story.as_text:
        text = render_page(story)
        return "html", f"{name}.html", text.encode(), len(text.encode())
    text = render_scrape(story)
    size = len(text.encode())
    variant = story.index % 100
    if variant < 3 and story.publisher.language == "de":
        return "text", f"{name}.txt", text.encode("cp1252", errors="replace"), size
    if variant < 6:
        return "text", f"{name}.txt", b"\xef\xbb\xbf" + text.encode(), size
    if variant < 9:
        return "text", f"{name}.txt", text.replace("\n", "\r\n").encode(), size
    return "text", f"{name}.txt", text.encode(), size


def files(folder: Path, kind: str, shards: int | None = None) -> Iterator[Path]:
    """The corpus's files of one kind, in order; only the first ``shards`` shards if given."""
    for number, shard in enumerate(sorted((folder / kind).iterdir())):
        if shards is not None and number >= shards:
            return
        yield from sorted(shard.iterdir())


def main(argv: list[str] | None = None) -> None:
    """Command line: write a corpus folder."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__)
    parser.add_argument("folder", type=Path, nargs="?", help="default: output/bench/corpus-N")
    parser.add_argument("--articles", type=parse_count, default=1_000, help="e.g. 1k, 10k, 100k")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--gzip", action="store_true", help="write .txt.gz and .html.gz")
    parser.add_argument("--jobs", type=int, default=1, help="processes writing shards")
    args = parser.parse_args(argv)
    folder = args.folder or DEFAULT_ROOT / f"corpus-{label(args.articles)}"
    manifest = ensure_corpus(
        folder, args.articles, seed=args.seed, compress=args.gzip, jobs=args.jobs
    )
    for kind, tally in manifest.kinds.items():
        print(
            f"{kind}: {tally.files} files, {tally.bytes / 1e6:.1f} MB, {tally.entries} entries "
            f"({tally.credited} credited)"
        )
    print(f"{folder}: {manifest.articles} articles, {manifest.entries} entries")


if __name__ == "__main__":
    main()
