"""``credits check``: each rule on its bad and good examples, rule selection, the catalogue-wide
rule, the settings file, the output formats and the command line."""

from __future__ import annotations

import importlib
import json
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from credits import Article, Credit, Entry, Finding, ReadError, parse_credit, split_caption
from credits.catalogue import Catalogue
from credits.check import (
    DEFAULT_RULES,
    RULES,
    CheckReport,
    ImageUse,
    check,
    check_articles,
    check_paths,
    render,
    select_rules,
)
from credits.cli import app
from credits.config import Settings, load_settings
from credits.errors import ConfigError
from credits.readers import read_article

checking = importlib.import_module("credits.check")  # the module; `credits.check` is the function
runner = CliRunner()
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "000_e85999b2e4e1f203.txt"


def entry(text: str, line: int = 1, *, image: str | None = None) -> Entry:
    """An entry as a reader makes it from a caption with (or without) its credit."""
    caption, credit = split_caption(text)
    return Entry(line, "gallery", None, None, caption, credit, line, image)


def article(*entries: Entry, source: str = "a.txt", ident: str | None = None) -> Article:
    return Article(ident or source, source, None, None, None, None, tuple(entries))


def codes(findings: Iterable[Finding]) -> list[str]:
    return [finding.code for finding in findings]


# --- each rule: bad example fires, good example is silent ---------------------------------------

RULE_EXAMPLES = [
    # code, bad caption, good caption
    (
        "CR001",
        "Treffen von Wladimir Putin (l.) mit Donald Trump.",
        "Treffen von Wladimir Putin (l.) mit Donald Trump. © Petras Malukas/AFP",
    ),
    ("CR002", "Die Präsidenten in Da Nang. © Mikhail Klimentyev", "Da Nang. © Jorge Silva/AFP"),
    ("CR002", "Fotos: Anna Weber, Max Muster", "Fotos: Anna Weber, Max Muster/dpa"),
    ("CR003", "Foto: Anna Weber/Stadt Düsseldorf", "Foto: Anna Weber/dpa"),
    ("CR004", "Helsinki. © Joonas SaloIlta-Sanomat/Imago", "Helsinki. © Mikko Stig/Imago"),
]


@pytest.mark.parametrize(("code", "bad", "good"), RULE_EXAMPLES)
def test_rule_fires_on_bad_and_not_on_good(code: str, bad: str, good: str) -> None:
    (rule,) = select_rules([code])
    assert codes(check(article(entry(bad)), rules=[rule])) == [code]
    assert check(article(entry(good)), rules=[rule]) == []


def test_every_entry_rule_has_examples() -> None:
    entry_rules = {rule.code for rule in RULES if isinstance(rule, checking.EntryRule)}
    assert entry_rules == {code for code, _, _ in RULE_EXAMPLES}


# Messages say what is wrong and what a fix looks like.
MESSAGES = [
    ("Treffen von Wladimir Putin (l.) mit Donald Trump.", "CR001", 'image "Treffen von Wladimir'),
    ("© Mikhail Klimentyev", "CR002", 'add the agency, e.g. "Mikhail Klimentyev/<agency>"'),
    ("Foto: Anna Weber/Stadt Düsseldorf", "CR003", '"Stadt Düsseldorf" in'),
    ("© Joonas SaloIlta-Sanomat/Imago", "CR004", 'did you mean "Joonas Salo/Ilta-Sanomat/Imago"?'),
    ("© Joonas SaloIlta-Sanomat/Imago", "CR004", 'together in "© Joonas SaloIlta-Sanomat/Imago"'),
    ("Foto: SvenHoppe/dpa", "CR004", 'did you mean "Sven Hoppe/dpa"?'),
    ("© Kay NietfeldMichael Kappeler/dpa", "CR004", '"Kay Nietfeld, Michael Kappeler/dpa"?'),
    ("© Jens BüttnerZentralbild/dpa", "CR004", '"Jens Büttner/Zentralbild/dpa"?'),
    ("Foto: Ilta-SanomatImago", "CR004", 'did you mean "Ilta-Sanomat/Imago"?'),
    ("Berlin. ©", "CR004", 'empty credit "©"'),
    ("Foto:", "CR004", 'e.g. "Foto: <photographer>/<agency>"'),
    ("(AP Photo/Alex Brandon", "CR004", 'did you mean "(AP Photo/Alex Brandon)"?'),
    ("Foto: Oliver Dietze/dpa)", "CR004", 'did you mean "Foto: Oliver Dietze/dpa"?'),
    ("Köln (Foto: Oliver Berg/dpa", "CR004", 'did you mean "(Foto: Oliver Berg/dpa)"?'),
    ("Foto: Kay Nietfeld//dpa", "CR004", 'dangling separator in "Foto: Kay Nietfeld//dpa"'),
    ("Foto: Kay Nietfeld/", "CR004", 'did you mean "Kay Nietfeld/<agency>"?'),
    ("Foto: /dpa", "CR004", 'did you mean "dpa"?'),
    ("Brand in Berlin.Foto: dpa", "CR004", "glued to the caption without a space: put a space"),
    ("Straße ab.© Boris Roessler/dpa", "CR004", 'before "© Boris Roessler/dpa"'),
]


@pytest.mark.parametrize(("text", "code", "fragment"), MESSAGES)
def test_message_says_what_and_how_to_fix(text: str, code: str, fragment: str) -> None:
    findings = check(article(entry(text)), rules=RULES)
    assert codes(findings) == [code]
    assert fragment in findings[0].message


# Credits a legal team would call noise: no finding at all, whichever rules run.
SILENT = [
    "Foto: privat",
    "Foto: Jana Pfeiffer/privat",  # own picture
    "Foto: Thomas Berger (privat)",
    "Foto: Mark Schmidt/Handout",  # handout
    "Foto: Lufthansa/PR",  # a company's own picture: no CR003 either
    "Christian Bruna, Pool",  # pool picture
    "Grafik: Anna Schmidt",  # a graphic is its maker's own work
    "Illustration: Max Muster",
    "Foto: Ronald McDonald/dpa",  # Mc, De, Di … run into a capital legitimately
    "© Leonardo DiCaprio/AP",
    "Foto: HalloMünchen/Max Muster",  # an organisation in camel case is not malformed
    "Brand in Berlin. Foto: dpa",
    "© Imago (Montage)",
    "Foto: picture alliance/dpa | Kay Nietfeld",
]


@pytest.mark.parametrize("text", SILENT)
def test_silent_on_legitimate_credits(text: str) -> None:
    assert check(article(entry(text)), rules=RULES) == []


@pytest.mark.parametrize(
    ("raw", "silent"),
    [
        ("(Image: Nick Wilkinson/Birmingham Live)", True),  # the source follows the slash
        ("Foto: Nick Wilkinson | Birmingham Live", True),
        ("Fotos: Nick Wilkinson, Birmingham Live", False),  # two photographers
    ],
)
def test_photographer_only_spares_name_like_sources_in_a_chain(raw: str, silent: bool) -> None:
    """Whatever the parser makes of the source, a "Name/Name" chain is not reported."""
    people = ("Nick Wilkinson", "Birmingham Live")
    credit = Credit(raw, people, flags=frozenset({"photographer_only", "multiple"}))
    findings = check(article(Entry(1, "figure", None, None, "Floods.", credit, 1)))
    assert codes(findings) == ([] if silent else ["CR002"])


def test_missing_credit_needs_a_caption_or_title() -> None:
    """A bare uncredited image (a thumbnail, an icon) is page furniture, not a caption."""
    bare = Entry(1, "figure", None, None, " ", None, 5, "https://img.example/t.jpg")
    titled = Entry(2, "gallery", "Bilder", "Helsinki-Gipfel", "", None, 9)
    assert codes(check(article(bare, titled))) == ["CR001"]
    assert check(article(titled))[0].message.startswith('the gallery image "Helsinki-Gipfel" has')


def test_a_repeated_finding_at_one_line_is_reported_once() -> None:
    same = [entry("Produkt. Photograph: Scott Gilbertson", 1758) for _ in range(3)]
    other = entry("Produkt. Photograph: Jane Doe", 1758)
    assert len(check(article(*same, other))) == 2


# Hand-labelled articles (the text reader's fixtures): the findings are exactly the captions
# labelled without a credit, plus the seed's photographer-only and run-together credits.
LABELLED = sorted((SEED.parent / "expected").glob("*.toml"))
LABELLED_EXTRAS = {"000_e85999b2e4e1f203.toml": {(63, "CR002"), (71, "CR004")}}


@pytest.mark.parametrize("labels", LABELLED, ids=lambda path: path.stem)
def test_labelled_articles_give_exactly_the_expected_findings(labels: Path) -> None:
    data = tomllib.loads(labels.read_text(encoding="utf-8"))
    entries = [
        Entry(n, e["kind"], e.get("gallery"), e.get("title"), e["caption"], credit, e["line"])
        for n, e in enumerate(data["entries"], start=1)
        for credit in [parse_credit(e["credit"]) if "credit" in e else None]
    ]
    expected = {(e["line"], "CR001") for e in data["entries"] if "credit" not in e}
    expected |= LABELLED_EXTRAS.get(labels.name, set())
    findings = check(article(*entries))
    assert {(f.line, f.code) for f in findings} == expected
    assert len(findings) == len(expected)


def test_photographer_only_is_left_to_cr004_when_malformed() -> None:
    assert codes(check(article(entry("Foto: Kay Nietfeld/")), rules=RULES)) == ["CR004"]


def test_finding_locates_the_entry() -> None:
    (finding,) = check(article(entry("© Mikhail Klimentyev", line=64), source="x/y.txt"))
    assert (finding.source, finding.line, finding.name, finding.severity) == (
        "x/y.txt",
        64,
        "photographer-only",
        "warning",
    )
    assert str(finding).startswith("x/y.txt:64: CR002 photographer-only: ")


# --- rule table and selection -------------------------------------------------------------------


def test_rule_table() -> None:
    assert [rule.code for rule in RULES] == ["CR001", "CR002", "CR003", "CR004", "CR005"]
    names = ["missing-credit", "photographer-only", "unknown-agency"]
    names += ["suspicious-credit", "inconsistent-credit"]
    assert [rule.name for rule in RULES] == names
    assert [rule.severity for rule in RULES] == ["error", "warning", "info", "warning", "warning"]
    assert all(rule.rationale for rule in RULES)
    assert [rule.code for rule in DEFAULT_RULES] == ["CR001", "CR002", "CR004", "CR005"]


SELECTIONS = [
    # select, ignore, expected codes
    (None, (), ["CR001", "CR002", "CR004", "CR005"]),
    (["CR003"], (), ["CR003"]),
    (["cr001, CR002"], (), ["CR001", "CR002"]),
    (["CR001", "CR004"], (), ["CR001", "CR004"]),
    (None, ["CR002,CR005"], ["CR001", "CR004"]),
    (["CR001,CR002"], ["CR002"], ["CR001"]),
    ([], (), []),
]


@pytest.mark.parametrize(("select", "ignore", "expected"), SELECTIONS)
def test_select_rules(select: list[str] | None, ignore: list[str], expected: list[str]) -> None:
    assert [rule.code for rule in select_rules(select, ignore)] == expected


@pytest.mark.parametrize(("select", "ignore"), [(["CR009"], ()), (None, ["missing-credit"])])
def test_select_rules_rejects_unknown_codes(select: list[str] | None, ignore: list[str]) -> None:
    with pytest.raises(ValueError, match="unknown rule code"):
        select_rules(select, ignore)


# --- CR005 inconsistent-credit ------------------------------------------------------------------

PHOTO = "https://img.example/putin.jpg"


def uses_of(*credits_by_article: str) -> list[Article]:
    """One article per credit, each using the same image."""
    return [
        article(entry(f"Putin in Helsinki. {text}", line=10 + n, image=PHOTO), source=f"{n}.html")
        for n, text in enumerate(credits_by_article)
    ]


INCONSISTENT = [
    # credits of the same image in successive articles, the articles with a CR005 finding
    (["© Kay Nietfeld/dpa", "© Kay Nietfeld/dpa", "© Mike Segar/Reuters"], ["2.html"]),
    (["© AFP", "© Reuters", "© AFP"], ["1.html"]),
    (["© Mandel Ngan/AFP", "© Brendan Smialowski/AFP"], ["1.html"]),  # same agency, other person
    (["© dpa", "© Kay Nietfeld/dpa"], []),  # incomplete, not inconsistent
    (["© Kay Nietfeld/dpa", "Foto: picture alliance/dpa | Kay Nietfeld"], []),
    (["© Mandel Ngan/AFP", "Photo by Mandel Ngan/AFP via Getty Images"], []),
    (["© Mandel Ngan/AFP", "Putin."], []),  # a missing credit is CR001's business
    (["© Mandel Ngan/AFP"], []),
]


@pytest.mark.parametrize(("credits_by_article", "expected"), INCONSISTENT)
def test_inconsistent_credit(credits_by_article: list[str], expected: list[str]) -> None:
    (rule,) = select_rules(["CR005"])
    report = check_articles(uses_of(*credits_by_article), rules=[rule])
    assert [finding.source for finding in report.findings] == expected
    assert codes(report.findings) == ["CR005"] * len(expected)


def test_inconsistent_credit_message_points_to_the_other_use() -> None:
    articles = uses_of("© Kay Nietfeld/dpa", "© Kay Nietfeld/dpa", "© Mike Segar/Reuters")
    (finding,) = check_articles(articles, rules=select_rules(["CR005"])).findings
    assert finding.line == 12
    assert finding.message == (
        'this image is credited "© Mike Segar/Reuters" here but "© Kay Nietfeld/dpa" '
        "in 0.html:10 and 1 more: check which is right"
    )


def test_inconsistent_credit_within_one_article_is_not_reported() -> None:
    one = article(
        entry("Putin. © Kay Nietfeld/dpa", 1, image=PHOTO),
        entry("Putin. © Mike Segar/Reuters", 2, image=PHOTO),
    )
    assert check_articles([one], rules=select_rules(["CR005"])).findings == []


def test_catalogue_uses_are_compared_but_not_reported() -> None:
    (stored,) = uses_of("© Kay Nietfeld/dpa")
    reference = [
        ImageUse(PHOTO, f"old{n}", f"old{n}.html", 5, split_caption("© Mike Segar/Reuters")[1])
        for n in range(2)
    ]
    reference = [
        ImageUse(u.image, u.article, u.source, u.line, u.credit, reported=False) for u in reference
    ]
    report = check_articles([stored], rules=select_rules(["CR005"]), reference=reference)
    assert [(f.source, f.code) for f in report.findings] == [("0.html", "CR005")]
    assert '"© Mike Segar/Reuters" in old0.html:5 and 1 more' in report.findings[0].message


def test_check_ignores_catalogue_rules() -> None:
    assert check(uses_of("© AFP")[0], rules=RULES) == []


# --- output formats -----------------------------------------------------------------------------


def sample_report() -> CheckReport:
    findings = check(
        article(entry("Treffen in Anchorage.", 33), entry("Da Nang. © Mikhail Klimentyev", 64))
    )
    return CheckReport(findings=findings, articles=1, entries=2)


def test_text_output() -> None:
    lines = render(sample_report(), "text").splitlines()
    assert lines[0].startswith('a.txt:33: CR001 missing-credit: the gallery image "Treffen in')
    assert lines[1].startswith('a.txt:64: CR002 photographer-only: "© Mikhail Klimentyev" names')
    assert lines[2:] == [
        "Found 2 findings in 1 article:",
        "  CR001 missing-credit            1",
        "  CR002 photographer-only         1",
    ]


def test_text_output_when_clean() -> None:
    assert (
        render(CheckReport(articles=2, entries=5), "text")
        == "No findings in 2 articles (5 entries)."
    )


def test_json_schema_is_stable() -> None:
    document = json.loads(render(sample_report(), "json"))
    assert list(document) == ["version", "summary", "findings", "unreadable"]
    assert document["version"] == 1
    assert document["summary"] == {
        "articles": 1,
        "entries": 2,
        "findings": 2,
        "by_code": {"CR001": 1, "CR002": 1},
    }
    assert [list(finding) for finding in document["findings"]] == [
        ["source", "line", "code", "name", "severity", "message"]
    ] * 2
    assert document["findings"][0] | {"message": ""} == {
        "source": "a.txt",
        "line": 33,
        "code": "CR001",
        "name": "missing-credit",
        "severity": "error",
        "message": "",
    }
    assert document["unreadable"] == []


def test_github_annotations() -> None:
    report = CheckReport(
        findings=[Finding("a,b:c.txt", 3, "CR004", "suspicious-credit", "50% off\nnext", "warning")]
    )
    report.findings.append(Finding("a.txt", 4, "CR001", "missing-credit", "none", "error"))
    report.findings.append(Finding("a.txt", 5, "CR003", "unknown-agency", "x", "info"))
    lines = render(report, "github").splitlines()
    assert lines[:3] == [
        "::warning file=a%2Cb%3Ac.txt,line=3,title=CR004 suspicious-credit::50%25 off%0Anext",
        "::error file=a.txt,line=4,title=CR001 missing-credit::none",
        "::notice file=a.txt,line=5,title=CR003 unknown-agency::x",
    ]


# --- settings from pyproject.toml ---------------------------------------------------------------


def write_pyproject(directory: Path, table: str) -> None:
    (directory / "pyproject.toml").write_text(f"[tool.credits]\n{table}\n", encoding="utf-8")


def test_settings_from_pyproject(tmp_path: Path) -> None:
    write_pyproject(tmp_path, 'select = ["CR001", "CR003"]\nignore = "CR003"\nagencies = "a.toml"')
    assert load_settings(tmp_path) == Settings(("CR001", "CR003"), ("CR003",), tmp_path / "a.toml")


def test_settings_without_pyproject_or_table(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert load_settings(tmp_path) == Settings()


@pytest.mark.parametrize(
    ("table", "error"),
    [
        ("selekt = []", "unknown key 'selekt'"),
        ("select = 5", "key 'select' must be a list of rule codes"),
        ("ignore = [1]", "key 'ignore' must be a list of rule codes"),
        ("agencies = 3", "key 'agencies' must be a file name"),
        ("select = [", "cannot read"),
    ],
)
def test_bad_settings_name_the_key(tmp_path: Path, table: str, error: str) -> None:
    write_pyproject(tmp_path, table)
    with pytest.raises(ConfigError, match=error):
        load_settings(tmp_path)


def test_command_line_wins_over_settings() -> None:
    settings = Settings(("CR001",), ("CR002",), Path("a.toml"))
    assert settings.overridden(select=["CR004"]) == Settings(("CR004",), ("CR002",), Path("a.toml"))
    assert settings.overridden(ignore=[], agencies=Path("b.toml")) == Settings(
        ("CR001",), (), Path("b.toml")
    )


# --- the command line (articles from a stand-in reader; the seed below uses the real one) -----

ARTICLES = {
    "clean.txt": article(
        entry("Anchorage. © Andrew Caballero-Reynolds/AFP", 3), source="clean.txt"
    ),
    "dirty.txt": article(
        entry("Treffen in Anchorage.", 33),
        entry("Da Nang. © Mikhail Klimentyev", 64),
        entry("Düsseldorf. Foto: Anna Weber/Stadt Düsseldorf", 70),
        source="dirty.txt",
    ),
}


@pytest.fixture
def stand_in_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles by name from ARTICLES; any other name does not exist."""

    def expand_paths(
        paths: Iterable[str], *, on_error: Callable[[ReadError], None]
    ) -> Iterator[str]:
        for path in paths:
            if path in ARTICLES:
                yield path
            else:
                on_error(ReadError(path, "no such file or folder"))

    monkeypatch.setattr(checking, "expand_paths", expand_paths)
    monkeypatch.setattr(checking, "read_article", ARTICLES.__getitem__)


def run(*args: str) -> Result:
    return runner.invoke(app, ["check", *args])


@pytest.mark.usefixtures("stand_in_reader")
def test_cli_clean_exits_0() -> None:
    result = run("clean.txt")
    assert result.exit_code == 0
    assert result.stdout == "No findings in 1 article (1 entries).\n"


@pytest.mark.usefixtures("stand_in_reader")
def test_cli_findings_exit_1() -> None:
    result = run("dirty.txt", "clean.txt")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(" ", 2)[:2] for line in lines[:2]] == [
        ["dirty.txt:33:", "CR001"],
        ["dirty.txt:64:", "CR002"],
    ]
    assert lines[2:] == [
        "Found 2 findings in 2 articles:",
        "  CR001 missing-credit            1",
        "  CR002 photographer-only         1",
    ]


@pytest.mark.usefixtures("stand_in_reader")
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--select", "CR003"], ["CR003"]),
        (["--select", "CR001", "--select", "CR003"], ["CR001", "CR003"]),
        (["--select", "CR001,CR002,CR003", "--ignore", "cr001"], ["CR002", "CR003"]),
        (["--ignore", "CR001,CR002"], []),
    ],
)
def test_cli_select_and_ignore(options: list[str], expected: list[str]) -> None:
    result = run("dirty.txt", "--format", "json", *options)
    assert result.exit_code == (1 if expected else 0)
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == expected


@pytest.mark.usefixtures("stand_in_reader")
def test_cli_json_and_github() -> None:
    document = json.loads(run("dirty.txt", "nowhere.txt", "--format", "json").stdout)
    assert document["summary"]["by_code"] == {"CR001": 1, "CR002": 1}
    assert document["unreadable"] == [{"source": "nowhere.txt", "reason": "no such file or folder"}]
    github = run("dirty.txt", "--format", "github").stdout.splitlines()
    assert github[0].startswith("::error file=dirty.txt,line=33,title=CR001 missing-credit::")
    assert github[1].startswith("::warning file=dirty.txt,line=64,title=CR002 photographer-only::")


@pytest.mark.usefixtures("stand_in_reader")
def test_cli_reports_unreadable_files_and_checks_the_rest() -> None:
    result = run("nowhere.txt", "clean.txt")
    assert result.exit_code == 0
    assert result.stderr == "credits: error: nowhere.txt: no such file or folder\n"
    assert result.stdout.startswith("No findings in 1 article")


@pytest.mark.usefixtures("stand_in_reader")
@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["nowhere.txt"], "nothing could be read"),
        (["clean.txt", "--select", "CR009"], "unknown rule code 'CR009'"),
        (["clean.txt", "--ignore", "CR001,X"], "unknown rule code 'X'"),
        (["clean.txt", "--format", "xml"], "xml"),
        (["clean.txt", "--agencies", "no-such-agencies.toml"], "no-such-agencies.toml"),
        (["clean.txt", "--db", "no-such-catalogue.sqlite"], "no-such-catalogue.sqlite"),
    ],
)
def test_cli_usage_errors_exit_2(args: list[str], error: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert error in result.stderr
    assert result.stdout == ""


AGENCIES = """
[[organisation]]
name = "Stadt Düsseldorf"
kind = "organisation"
country = "DE"
tier = 0
aliases = []
"""


@pytest.mark.usefixtures("stand_in_reader")
def test_cli_settings_from_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_pyproject(tmp_path, 'select = ["CR002", "CR003"]')
    assert [
        f["code"] for f in json.loads(run("dirty.txt", "--format", "json").stdout)["findings"]
    ] == [
        "CR002",
        "CR003",
    ]
    # The command line wins.
    result = run("dirty.txt", "--format", "json", "--select", "CR001")
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["CR001"]
    # An agencies file named in the settings, relative to pyproject.toml.
    (tmp_path / "ours.toml").write_text(AGENCIES, encoding="utf-8")
    write_pyproject(tmp_path, 'select = "CR003"\nagencies = "ours.toml"')
    assert run("dirty.txt").exit_code == 0


@pytest.mark.usefixtures("stand_in_reader")
def test_cli_bad_settings_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_pyproject(tmp_path, 'select = ["CR042"]')
    result = run("clean.txt")
    assert result.exit_code == 2
    assert "unknown rule code 'CR042'" in result.stderr
    write_pyproject(tmp_path, "agencys = 'x.toml'")
    assert "unknown key 'agencys'" in run("clean.txt").stderr


def test_cli_compares_with_a_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stored = uses_of("© Mike Segar/Reuters", "© Mike Segar/Reuters", "© Mike Segar/Reuters")
    with Catalogue(tmp_path / "c.sqlite") as catalogue:
        for old in stored:
            catalogue.add(old)
    (new,) = uses_of("© Kay Nietfeld/dpa")
    new = replace(new, id="new.html", source="new.html")
    monkeypatch.setattr(checking, "expand_paths", lambda paths, on_error: iter(paths))
    monkeypatch.setattr(checking, "read_article", {"new.html": new}.__getitem__)
    result = run("new.html", "--db", str(tmp_path / "c.sqlite"))
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "new.html:10: CR005 inconsistent-credit: this image is credited"
    )
    assert run("new.html").exit_code == 0  # without the catalogue nothing to compare with


def test_cli_help_lists_every_option() -> None:
    result = runner.invoke(app, ["check", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--format", "--select", "--ignore", "--agencies"):
        assert option in result.stdout


# --- the seed article through the real reader ---------------------------------------------------


def test_seed_gives_exactly_the_three_known_findings() -> None:
    findings = check(read_article(SEED))
    assert [(f.line, f.code) for f in findings] == [(33, "CR001"), (63, "CR002"), (71, "CR004")]
    missing, photographer_only, suspicious = (f.message for f in findings)
    assert '"Treffen von Wladimir Putin (l.) mit Donald Trump' in missing
    assert photographer_only.startswith('"© Mikhail Klimentyev" names a photographer')
    assert suspicious == (
        'names run together in "© Joonas SaloIlta-Sanomat/Imago": '
        'did you mean "Joonas Salo/Ilta-Sanomat/Imago"?'
    )


def test_seed_from_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SEED.parents[2])
    source = "fixtures/articles/000_e85999b2e4e1f203.txt"
    result = run(source)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(": ", 2)[:2] for line in lines[:3]] == [
        [f"{source}:33", "CR001 missing-credit"],
        [f"{source}:63", "CR002 photographer-only"],
        [f"{source}:71", "CR004 suspicious-credit"],
    ]
    assert lines[3] == "Found 3 findings in 1 article:"


@pytest.mark.parametrize(
    ("options", "exit_code", "expected"),
    [
        ([], 1, {"CR001": 1, "CR002": 1, "CR004": 1}),
        (["--select", "CR001,CR002,CR003,CR004,CR005"], 1, {"CR001": 1, "CR002": 1, "CR004": 1}),
        (["--select", "CR004"], 1, {"CR004": 1}),
        (["--ignore", "CR001", "--ignore", "CR002,CR004"], 0, {}),
    ],
)
def test_seed_selections(options: list[str], exit_code: int, expected: dict[str, int]) -> None:
    result = run(str(SEED), "--format", "json", *options)
    assert result.exit_code == exit_code
    assert json.loads(result.stdout)["summary"]["by_code"] == expected


def test_unreadable_file_beside_the_seed(tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(b"\x1f\x8bnot gzip at all")
    result = run(str(SEED), str(broken), "--format", "json")
    assert result.exit_code == 1
    assert "broken.txt.gz" in result.stderr
    (unreadable,) = json.loads(result.stdout)["unreadable"]
    assert unreadable["source"].endswith("broken.txt.gz")
    assert unreadable["reason"]
    alone = run(str(broken))
    assert alone.exit_code == 2
    assert "nothing could be read" in alone.stderr


def test_worker_processes_give_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(4):
        (tmp_path / f"{n}.txt").write_bytes(SEED.read_bytes())
    monkeypatch.setattr(checking, "MIN_FILES_PER_JOB", 1)
    alone, together = (check_paths([tmp_path], jobs=jobs) for jobs in (1, 2))
    assert together.findings == alone.findings
    assert (together.articles, together.entries, len(together.findings)) == (4, 112, 12)


@pytest.mark.usefixtures("stand_in_reader")
def test_a_reader_failure_is_one_unreadable_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def read_article(path: str) -> Article:
        if path == "dirty.txt":
            raise RuntimeError("reader bug")
        return ARTICLES[path]

    monkeypatch.setattr(checking, "read_article", read_article)
    errors: list[ReadError] = []
    report = check_paths(["dirty.txt", "clean.txt"], on_error=errors.append)
    assert report.articles == 1
    assert [(e.path, e.reason) for e in report.unreadable] == [
        ("dirty.txt", "unexpected error: RuntimeError: reader bug")
    ]
    assert errors == report.unreadable
