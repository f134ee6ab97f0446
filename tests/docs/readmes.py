"""The registry READMEs, generated from the docs pages: each package's README is
its language's page (docs/<language>.md) between a common introduction and a
common closing, with links made plain text (a registry page has no docs/ to
link to) and the test attributes of code blocks (norun, check, continue)
dropped. test_readmes.py fails when a committed README is stale.

    python3 tests/docs/readmes.py     # rewrites every generated README

Each file sits where its package's build picks it up: npm packs
bindings/node/README.md, pyproject.toml's `readme` names
bindings/python/README.md (the wheel's and sdist's long description), the
gemspec lists bindings/ruby/README.md, and scripts/package copies
bindings/php/README.md into the Composer archive and appends
packaging/c/README-docs.md to each C SDK's README.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docpages import LINK, ROOT  # noqa: E402

# package README -> (the docs page it is made of, the package's name as its registry shows it)
PACKAGES: dict[str, tuple[str, str]] = {
    "bindings/node/README.md": ("docs/node.md", "engagespot-token (npm)"),
    "bindings/python/README.md": ("docs/python.md", "engagespot-token (PyPI)"),
    "bindings/ruby/README.md": ("docs/ruby.md", "engagespot-token (RubyGems)"),
    "bindings/php/README.md": ("docs/php.md", "engagespot/engagespot-token (Composer)"),
    "packaging/c/README-docs.md": ("docs/c.md", "the C SDK"),
}

INTRO = """Mints Engagespot **secure mode** user tokens (RS256 JWTs) from one Rust core
shared by C, Node, PHP, Python and Ruby: the signing key is parsed once, when
the client is created, and each token then costs one RSA signature. Every
language accepts the same inputs and fails with the same error codes and
messages."""

CLOSING = """## More documentation

The project's `docs/` folder has the rest: the other languages, the framework
integrations (`docs/frameworks.md`), the token's claims and where it differs
from the official SDKs (`docs/tokens.md`), every error code (`docs/errors.md`),
the platforms and how each was tested (`docs/platforms.md`), security
(`docs/SECURITY.md`) and benchmarks (`docs/BENCHMARKS.md`). License: MIT."""


def unlinked(link: re.Match[str]) -> str:
    """A link as plain text: its text, quoted when it named a section of the
    page, and naming the docs page it pointed to (`docs/errors.md`) when it
    led to another page."""
    text, target = link.group(0)[1:link.group(0).index("](")], link.group(1)
    page = target.partition("#")[0]
    if re.match(r"[a-z]+:", target):
        return text
    if not page:  # a section of the same page
        return f'"{text}"' if text != "below" else "below"
    name = f"docs/{Path(page).name}"
    return f"`{name}`" if text in (page, Path(page).name) else f"{text} (`{name}`)"


def plain(markdown: str) -> str:
    """The page with links as their text and code blocks' info strings cut to
    their language, outside and inside code blocks alike for the fences."""
    out = []
    fenced = False
    for line in markdown.split("\n"):
        if line.startswith("```"):
            if not fenced:
                line = "```" + (line.strip("`").split() or [""])[0]
            fenced = not fenced
        elif not fenced:
            line = LINK.sub(unlinked, line)
        out.append(line)
    return "\n".join(out)


def demoted(markdown: str) -> str:
    """Every heading one level down, outside code blocks."""
    out = []
    fenced = False
    for line in markdown.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#+ ", line):
            line = "#" + line
        out.append(line)
    return "\n".join(out)


def generate(readme: str) -> str:
    """The text of one generated README."""
    page, name = PACKAGES[readme]
    text = (ROOT / page).read_text()
    title, _, body = text.partition("\n")
    assert title.startswith("# "), f"{page} does not start with a title"
    heading = f"# engagespot-token: {title[2:]}" if readme.startswith("packaging/c/") else f"# {name.split(' (')[0]}"
    notice = f"<!-- Generated from {page} by tests/docs/readmes.py: edit the page, then run python3 tests/docs/readmes.py -->"
    parts = [notice, "", heading, "", INTRO, "", plain(body).strip(), "", CLOSING, ""]
    if readme.startswith("packaging/c/"):
        # Appended to the SDK's own README (its title, what it is, its file
        # layout), so without a title or introduction of its own.
        parts[2] = f"## {title[2:]}"
        parts[4] = "The API, from the project's docs/c.md."
        parts[6] = demoted(parts[6])
        parts[8] = demoted(CLOSING)
    return "\n".join(parts)


def main() -> None:
    for readme in PACKAGES:
        (ROOT / readme).write_text(generate(readme))
        print(f"wrote {readme}")


if __name__ == "__main__":
    main()
