"""Reading the docs as data: the fenced code blocks of README.md and docs/*.md,
their info strings, and the links between pages. Shared by the snippet test
(test_snippets.py) and the registry README generator (readmes.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pages() -> list[Path]:
    """Every page whose snippets are run: the README and docs/*.md."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@dataclass(frozen=True)
class Block:
    """One fenced code block: where it is, its info string, and its text."""

    page: Path
    line: int  # 1-based line of the opening fence
    language: str  # first word of the info string ('' when there is none)
    attributes: tuple[str, ...]  # the other words: norun, check, continue
    code: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """The fenced (```) blocks of a page, in order. A fence is three or more
    backticks at the start of a line; the block ends at the next fence."""
    found: list[Block] = []
    lines = page.read_text().split("\n")
    opening: tuple[int, str] | None = None
    body: list[str] = []
    for number, line in enumerate(lines, 1):
        if not line.startswith("```"):
            if opening:
                body.append(line)
            continue
        if opening is None:
            opening = (number, line.strip("`").strip())
            body = []
        else:
            words = opening[1].split()
            found.append(Block(page, opening[0], words[0] if words else "", tuple(words[1:]), "\n".join(body) + "\n"))
            opening = None
    assert opening is None, f"{page.relative_to(ROOT)}:{opening[0]}: unclosed code block"
    return found


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped (but `-`
    and `_`), spaces to dashes."""
    text = re.sub(r"[`*]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The anchors of a page's headings (outside code blocks)."""
    found: set[str] = set()
    fenced = False
    for line in page.read_text().split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := re.match(r"#{1,6} (.*)", line)):
            found.add(slug(match.group(1)))
    return found


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def links(page: Path) -> list[str]:
    """Every Markdown link target of a page, outside code blocks."""
    found: list[str] = []
    fenced = False
    for line in page.read_text().split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            found.extend(LINK.findall(line))
    return found
