"""Fork safety: tokens minted in forked children (as php-fpm workers are)
verify with PyJWT, and every jti differs across parent and children."""

import subprocess
from pathlib import Path

import jwt

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "tests" / "keys"


def test_children_of_a_fork_mint_valid_distinct_tokens(tmp_path):
    binary = tmp_path / "test_fork"
    lib = ROOT / "target" / "release"
    subprocess.run(
        ["gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", f"-I{ROOT / 'include'}", str(ROOT / "tests/c/test_fork.c"),
         "-o", str(binary), f"-L{lib}", "-lengagespot_token", f"-Wl,-rpath,{lib}"],
        check=True,
    )
    out = subprocess.run([str(binary), str(KEYS / "rsa2048.pkcs8.pem"), "4", "5"], capture_output=True, text=True, check=True)
    tokens = out.stdout.split()
    assert len(tokens) == 2 + 4 * 5
    public = (KEYS / "rsa2048.pub.pem").read_text()
    claims = [jwt.decode(t, public, algorithms=["RS256"]) for t in tokens]
    assert sorted({c["sub"] for c in claims}) == ["user:child-0", "user:child-1", "user:child-2", "user:child-3", "user:parent"]
    jtis = [c["jti"] for c in claims]
    assert len(set(jtis)) == len(jtis), "jti repeated across fork"
