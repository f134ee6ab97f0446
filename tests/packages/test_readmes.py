"""Every package carries the README its registry page shows, generated from
the docs (tests/docs/readmes.py; tests/docs/test_readmes.py keeps the
committed copies fresh): the npm main package, the Composer archive, the gem,
each wheel's long description, the sdist's, and every C SDK."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

from conftest import ROOT, VERSION, Dist


def committed(path: str) -> str:
    return (ROOT / path).read_text()


def test_npm_main_package_carries_the_node_readme(dist: Dist) -> None:
    with tarfile.open(dist.npm_main) as archive:
        member = archive.extractfile("package/README.md")
        assert member is not None, "the npm main package has no README.md"
        assert member.read().decode() == committed("bindings/node/README.md")


def test_composer_archive_carries_the_php_readme(dist: Dist) -> None:
    with zipfile.ZipFile(dist.composer_zip) as archive:
        readmes = [name for name in archive.namelist() if name.rsplit("/", 1)[-1] == "README.md" and name.count("/") <= 1]
        assert len(readmes) == 1, f"the Composer archive's READMEs: {readmes}"
        assert archive.read(readmes[0]).decode() == committed("bindings/php/README.md")


def test_gem_carries_the_ruby_readme(dist: Dist) -> None:
    with tarfile.open(dist.gem) as gem:
        data = gem.extractfile("data.tar.gz")
        assert data is not None
        with tarfile.open(fileobj=io.BytesIO(gzip.decompress(data.read()))) as files:
            member = files.extractfile("README.md")
            assert member is not None, "the gem has no README.md"
            assert member.read().decode() == committed("bindings/ruby/README.md")


def long_description(metadata: str) -> tuple[str, str]:
    """(Description-Content-Type, the body) of core metadata."""
    message = Parser().parsestr(metadata)
    body = message.get_payload()
    assert isinstance(body, str)
    return message.get("Description-Content-Type", ""), body


def test_every_wheel_and_the_sdist_describe_themselves_with_the_python_readme(dist: Dist) -> None:
    wheels = dist.wheels()
    assert wheels, "no wheels in dist/"
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
            kind, body = long_description(archive.read(metadata).decode())
        assert kind.startswith("text/markdown"), f"{wheel.name}: Description-Content-Type {kind!r}"
        assert body.strip() == committed("bindings/python/README.md").strip(), f"{wheel.name}: long description"
    (sdist,) = dist.path.glob(f"engagespot_token-{VERSION}.tar.gz")
    with tarfile.open(sdist) as archive:
        member = archive.extractfile(f"engagespot_token-{VERSION}/PKG-INFO")
        assert member is not None
        kind, body = long_description(member.read().decode())
    assert kind.startswith("text/markdown") and body.strip() == committed("bindings/python/README.md").strip()


def c_sdks(dist: Dist) -> list[Path]:
    return sorted(dist.path.glob(f"engagespot-token-{VERSION}-*.tar.gz")) + \
        sorted(dist.path.glob(f"engagespot-token-{VERSION}-*.zip"))


def test_every_c_sdk_readme_ends_with_the_c_page(dist: Dist) -> None:
    sdks = c_sdks(dist)
    assert sdks, "no C SDK in dist/"
    for sdk in sdks:
        if sdk.suffix == ".zip":
            with zipfile.ZipFile(sdk) as archive:
                (name,) = [n for n in archive.namelist() if n.endswith("README.md") and n.count("/") <= 1]
                text = archive.read(name).decode()
        else:
            with tarfile.open(sdk) as archive:
                (name,) = [n for n in archive.getnames() if n.endswith("README.md") and n.count("/") <= 1]
                member = archive.extractfile(name)
                assert member is not None
                text = member.read().decode()
        assert text.endswith(committed("packaging/c/README-docs.md")), f"{sdk.name}: README lacks docs/c.md"
        assert "@VERSION@" not in text, f"{sdk.name}: README has an unsubstituted template field"

