"""The docs' code blocks are run, as rustdoc runs doctests, so that a snippet
that drifts from the library fails here.

Every fenced block of README.md and docs/*.md has a language (a block without
one would be a Rust doctest to rustdoc) and is one of:

- run (no attribute): c (wrapped in `main` when it has none, as rustdoc wraps
  Rust), js (ESM when it has an `import` line, else CommonJS), php, python,
  ruby and sh, against this clone's release build; every token it prints is
  verified by PyJWT with the demo public key, and a block in a language of the
  bindings must print at least one;
- `continue`: run after the previous block of its language on the same page;
- `check`: syntax only (framework code whose framework is not installed here):
  `node --check`, `php -l`, `py_compile`, `ruby -c`, `bash -n`;
- ts: type-checked with `tsc --strict` against the package's `index.d.ts`;
- rust: a doctest; this test checks that `src/lib.rs` includes the page;
- `norun`: shown, not run (installs from registries, deployment config);
- a data language (text, ini, cmake, json, toml): not code.

Anything else, a runnable language with an unknown attribute or without a
runner (jsx), fails. Each block runs in an empty directory holding the demo key
as private.pem and public.pem, with ENGAGESPOT_API_KEY, ENGAGESPOT_API_SECRET
and ENGAGESPOT_PRIVATE_SIGNING_KEY set and target/release on PATH (the
command line). scripts/test-docs builds what they load.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jwt
import pytest

from docpages import ROOT, Block, anchors, blocks, links, pages

DEMO_KEY = ROOT / "examples" / "demo-key"
RELEASE = ROOT / "target" / "release"
PYTHON_STAGE = Path(os.environ.get("ENGAGESPOT_TOKEN_DOCS_PYTHON", ROOT / "target" / "python" / "docs"))
NODE_ADDON = ROOT / "bindings" / "node" / "engagespot_token.node"

RUNNERS = {"c", "js", "php", "python", "ruby", "sh"}
SYNTAX_CHECKERS = {"js", "php", "python", "ruby", "sh"}
BINDING_LANGUAGES = {"c", "js", "php", "python", "ruby"}
RUNNABLE_LANGUAGES = RUNNERS | {"ts", "jsx", "rust"}
DATA_LANGUAGES = {"text", "ini", "cmake", "json", "toml"}
JWT = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+")


def all_blocks() -> list[Block]:
    return [block for page in pages() for block in blocks(page)]


def mode(block: Block) -> str:
    """How a block is tested: run, continue, check, typecheck, doctest, norun
    or data. Fails on a block it cannot classify."""
    language, attributes = block.language, set(block.attributes)
    if not language:
        pytest.fail(f"{block.where}: a code block without a language (rustdoc would run it as Rust)")
    if language in DATA_LANGUAGES and not attributes:
        return "data"
    if language not in RUNNABLE_LANGUAGES:
        pytest.fail(f"{block.where}: unknown language {language!r}: give a runnable one, or text")
    if attributes == {"norun"}:
        return "norun"
    if language == "rust" and not attributes:
        return "doctest"
    if language == "ts" and not attributes:
        return "typecheck"
    if language in RUNNERS and not attributes:
        return "run"
    if language in RUNNERS and attributes == {"continue"}:
        return "continue"
    if language in SYNTAX_CHECKERS and attributes == {"check"}:
        return "check"
    pytest.fail(f"{block.where}: cannot classify ```{language} {' '.join(block.attributes)}```: "
                "mark it norun, check or continue, or give it a runner")


def test_every_block_is_classified() -> None:
    counts: dict[str, int] = {}
    for block in all_blocks():
        counts[mode(block)] = counts.get(mode(block), 0) + 1
    assert counts.get("run", 0) >= 10, counts


def source_of(block: Block) -> str:
    """The block's code, after the blocks it continues."""
    if "continue" not in block.attributes:
        return block.code
    earlier = [b for b in blocks(block.page) if b.language == block.language and b.line < block.line]
    assert earlier, f"{block.where}: `continue` with no earlier {block.language} block on the page"
    return source_of(earlier[-1]) + block.code


def c_program(code: str) -> str:
    """A C block as a program: as is when it has a `main`, else its lines in
    `main` after its #include lines and stdio.h and stdlib.h."""
    if re.search(r"\bmain\s*\(", code):
        return code
    lines = code.splitlines()
    includes = [line for line in lines if line.startswith("#include")]
    body = [line for line in lines if not line.startswith("#include")]
    return "\n".join(["#include <stdio.h>", "#include <stdlib.h>", *includes, "int main(void) {",
                      *body, "    return 0;", "}", ""])


def environment(workdir: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("ENGAGESPOT_")}
    env.update(
        ENGAGESPOT_API_KEY="demo-api-key",
        ENGAGESPOT_API_SECRET="demo-api-secret",
        ENGAGESPOT_PRIVATE_SIGNING_KEY=(DEMO_KEY / "private.pem").read_text(),
        PATH=f"{RELEASE}:{env['PATH']}",
        PYTHONPATH=str(PYTHON_STAGE),
        HOME=str(workdir),
    )
    return env


def need(path: Path, how: str) -> None:
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: {how} (scripts/test-docs does)")


def command_for(block: Block, workdir: Path) -> list[str]:
    """Writes the block into workdir and returns the command that runs it."""
    code, language = source_of(block), block.language
    if language == "c":
        need(RELEASE / "libengagespot_token.so", "cargo build --release --workspace")
        (workdir / "snippet.c").write_text(c_program(code))
        subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", f"-I{ROOT / 'include'}", "snippet.c",
                        f"-L{RELEASE}", "-lengagespot_token", f"-Wl,-rpath,{RELEASE}", "-o", "snippet"],
                       cwd=workdir, check=True)
        return ["./snippet"]
    if language == "js":
        need(NODE_ADDON, "cd bindings/node && npm run build")
        (workdir / "node_modules").mkdir()
        (workdir / "node_modules" / "engagespot-token").symlink_to(ROOT / "bindings" / "node")
        name = "snippet.mjs" if re.search(r"^import\s", code, re.M) else "snippet.cjs"
        (workdir / name).write_text(code)
        return ["node", name]
    if language == "php":
        (workdir / "snippet.php").write_text(code if code.startswith("<?php") else "<?php\n" + code)
        return ["php", "-d", "ffi.enable=1", "-d", f"auto_prepend_file={ROOT / 'bindings/php/tests/bootstrap.php'}",
                "snippet.php"]
    if language == "python":
        need(PYTHON_STAGE / "engagespot_token", "scripts/stage-python target/python/docs")
        (workdir / "snippet.py").write_text(code)
        return [sys.executable, "snippet.py"]
    if language == "ruby":
        (workdir / "snippet.rb").write_text(code)
        return ["ruby", "-w", f"-I{ROOT / 'bindings/ruby/lib'}", "snippet.rb"]
    (workdir / "snippet.sh").write_text(code)
    need(RELEASE / "engagespot-token", "cargo build --release --workspace")
    return ["bash", "-euo", "pipefail", "snippet.sh"]


def verify_tokens(block: Block, output: str) -> list[dict[str, object]]:
    """Every token in the output, verified with the demo public key."""
    public_key = (DEMO_KEY / "public.pem").read_text()
    claims = []
    for token in JWT.findall(output):
        try:
            claims.append(jwt.decode(token, public_key, algorithms=["RS256"], options={"verify_aud": False}))
        except jwt.PyJWTError as error:
            pytest.fail(f"{block.where}: printed a token the demo public key does not verify ({error}): {token}")
    return claims


def blocks_in(*modes: str) -> list[pytest.param]:
    params = []
    for block in all_blocks():
        try:
            block_mode = mode(block)
        except pytest.fail.Exception:
            continue  # test_every_block_is_classified reports it
        if block_mode in modes:
            params.append(pytest.param(block, id=f"{block.where}-{block.language}"))
    return params


@pytest.mark.parametrize("block", blocks_in("run", "continue"))
def test_snippet_runs_and_prints_verified_tokens(block: Block, tmp_path: Path) -> None:
    shutil.copy(DEMO_KEY / "private.pem", tmp_path / "private.pem")
    shutil.copy(DEMO_KEY / "public.pem", tmp_path / "public.pem")
    command = command_for(block, tmp_path)
    done = subprocess.run(command, cwd=tmp_path, env=environment(tmp_path), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, f"{block.where} ({block.language}) failed:\n{done.stdout}{done.stderr}"
    claims = verify_tokens(block, done.stdout)
    if block.language in BINDING_LANGUAGES:
        assert claims, f"{block.where}: printed no token:\n{done.stdout}"
    for claim in claims:
        assert str(claim["sub"]).startswith("user:"), claim


SYNTAX = {
    "js": lambda path: ["node", "--check", str(path)],
    "php": lambda path: ["php", "-l", str(path)],
    "python": lambda path: [sys.executable, "-m", "py_compile", str(path)],
    "ruby": lambda path: ["ruby", "-c", str(path)],
    "sh": lambda path: ["bash", "-n", str(path)],
}


@pytest.mark.parametrize("block", blocks_in("check"))
def test_snippet_parses(block: Block, tmp_path: Path) -> None:
    suffix = {"js": ".mjs" if re.search(r"^(import|export)\s", block.code, re.M) else ".cjs",
              "php": ".php", "python": ".py", "ruby": ".rb", "sh": ".sh"}[block.language]
    code = block.code if block.language != "php" or block.code.startswith("<?php") else "<?php\n" + block.code
    path = tmp_path / f"snippet{suffix}"
    path.write_text(code)
    done = subprocess.run(SYNTAX[block.language](path), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{block.where}: does not parse:\n{done.stdout}{done.stderr}"


@pytest.mark.parametrize("block", blocks_in("typecheck"))
def test_typescript_snippet_typechecks_against_the_package_types(block: Block, tmp_path: Path) -> None:
    node = ROOT / "bindings" / "node"
    tsc = node / "node_modules" / ".bin" / "tsc"
    need(tsc, "cd bindings/node && npm ci")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "engagespot-token").symlink_to(node)
    (tmp_path / "node_modules" / "@types").symlink_to(node / "node_modules" / "@types")
    (tmp_path / "snippet.mts").write_text(block.code)
    done = subprocess.run([str(tsc), "--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext",
                           "--target", "es2022", "--types", "node", "snippet.mts"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{block.where}: tsc --strict:\n{done.stdout}{done.stderr}"


def test_rust_blocks_are_doctests_of_the_crate() -> None:
    lib = (ROOT / "src" / "lib.rs").read_text()
    included = set(re.findall(r'#\[cfg\(doctest\)\]\s*#\[doc = include_str!\("\.\./([^"]+)"\)\]', lib))
    with_rust = {str(b.page.relative_to(ROOT)) for b in all_blocks() if mode(b) == "doctest"}
    assert with_rust, "no Rust blocks found"
    assert with_rust <= included, f"pages with Rust blocks that src/lib.rs does not run: {with_rust - included}"


def test_relative_links_resolve_to_files_and_headings() -> None:
    broken = []
    for page in pages():
        for target in links(page):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            if not file.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such file)")
            elif anchor and file.suffix == ".md" and anchor not in anchors(file):
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not broken, "\n".join(broken)


def test_readme_is_at_most_300_lines() -> None:
    lines = (ROOT / "README.md").read_text().count("\n")
    assert lines <= 300, f"README.md has {lines} lines; move detail to docs/"


def platform_table(text: str) -> str:
    start = text.index("| target | C SDK |")
    return text[start:text.index("\n\n", start)]


def test_readme_platform_table_is_the_platforms_page_table() -> None:
    readme = (ROOT / "README.md").read_text()
    page = (ROOT / "docs" / "platforms.md").read_text()
    assert platform_table(readme) == platform_table(page), \
        "README.md's platform table differs from docs/platforms.md's: keep them the same"
