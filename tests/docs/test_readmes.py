"""Each package's registry README is generated from the docs (readmes.py):
this fails when a committed one is stale, or when one would carry a link that
only resolves inside the repository."""

from __future__ import annotations

import pytest
import readmes
from docpages import LINK, ROOT


@pytest.mark.parametrize("readme", list(readmes.PACKAGES))
def test_generated_readme_is_fresh(readme: str) -> None:
    committed = (ROOT / readme).read_text() if (ROOT / readme).exists() else ""
    assert committed == readmes.generate(readme), \
        f"{readme} is stale: run python3 tests/docs/readmes.py and commit it"


@pytest.mark.parametrize("readme", list(readmes.PACKAGES))
def test_generated_readme_has_no_relative_links(readme: str) -> None:
    relative = [target for target in LINK.findall(readmes.generate(readme)) if not target.startswith("https://")]
    assert not relative, f"{readme} links to {relative}: a registry page cannot follow them"


@pytest.mark.parametrize("readme", list(readmes.PACKAGES))
def test_generated_readme_carries_its_pages_quickstart(readme: str) -> None:
    page, _ = readmes.PACKAGES[readme]
    first_block = (ROOT / page).read_text().split("\n```", 2)[1].split("\n", 1)[1]
    assert first_block in readmes.generate(readme), f"{readme} lacks the first code block of {page}"
