#!/usr/bin/env bash
# Regenerates the test keys in this folder with the openssl CLI. They are
# PUBLIC, NOT SECRET: throwaway keys for tests only. Encrypted ones use the
# passphrase "test".
set -euo pipefail
cd "$(dirname "$0")"
for bits in 2048 3072 4096; do
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:$bits -out rsa$bits.pkcs8.pem
  openssl pkey -in rsa$bits.pkcs8.pem -traditional -out rsa$bits.pkcs1.pem
  openssl pkey -in rsa$bits.pkcs8.pem -pubout -out rsa$bits.pub.pem
done
openssl rsa -in rsa2048.pkcs8.pem -RSAPublicKey_out -out rsa2048.pkcs1-pub.pem
openssl req -new -x509 -key rsa2048.pkcs8.pem -subj /CN=test -days 3650 -out rsa2048.cert.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024.pkcs8.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:8200 -out rsa8200.pkcs8.pem
# The differential test's base keys (tests/differential): the largest size,
# the sizes either side of the smallest, and a sound key with e = 3.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:8192 -out rsa8192.pkcs8.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2047 -out rsa2047.pkcs8.pem
# openssl genpkey makes 2048 bits when asked for 2049: primes of 1025 and 1024
# bits from `openssl prime`, written by the differential test's DER writer.
python3 - <<'PY'
import math, subprocess, sys
sys.path.insert(0, "../differential")
import generator as g
prime = lambda bits: int(subprocess.run(["openssl", "prime", "-generate", "-bits", str(bits)], capture_output=True, check=True).stdout)
while True:
    p, q = prime(1025), prime(1024)
    if (p * q).bit_length() == 2049 and math.gcd(65537, (p - 1) * (q - 1)) == 1:
        break
d = pow(65537, -1, (p - 1) * (q - 1) // math.gcd(p - 1, q - 1))
numbers = {"n": p * q, "e": 65537, "d": d, "p": p, "q": q, "dP": d % (p - 1), "dQ": d % (q - 1), "qInv": pow(q, -1, p)}
open("rsa2049.pkcs8.pem", "w").write(g.pem("PRIVATE KEY", g.pkcs8(g.pkcs1(numbers))))
PY
for name in rsa8192 rsa2049 rsa2048.e3; do openssl pkey -in $name.pkcs8.pem -pubout -out $name.pub.pem; done
# The keys of the conformance cases the differential test found, made from the keys above.
python3 - <<'PY'
import sys
sys.path.insert(0, "../differential")
import generator as g
for name, text in g.derived_keys({base.name: base for base in g.shipped_bases()}).items():
    open(name, "w").write(text)
PY
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_keygen_pubexp:3 -out rsa2048.e3.pkcs8.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec-p256.pkcs8.pem
openssl pkey -in ec-p256.pkcs8.pem -traditional -out ec-p256.sec1.pem
openssl genpkey -algorithm ED25519 -out ed25519.pkcs8.pem
openssl pkcs8 -topk8 -in rsa2048.pkcs8.pem -passout pass:test -v2 aes-256-cbc -out rsa2048.encrypted-pkcs8.pem
openssl rsa -in rsa2048.pkcs8.pem -traditional -aes256 -passout pass:test -out rsa2048.encrypted-pkcs1.pem
# Valid keys that aws-lc cannot sign with: three primes, and e = 2^64 + 1.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_keygen_primes:3 -out rsa2048.3prime.pkcs8.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_keygen_pubexp:18446744073709551617 \
  -out rsa2048.e65bit.pkcs8.pem
# Sound DER whose numbers disagree (one byte of the modulus changed): aws-lc's
# check refuses it natively; the WebAssembly backend finds it by verifying the
# host's first signature.
openssl rsa -in rsa2048.pkcs1.pem -traditional -outform DER | python3 -c '
import base64, sys
der = bytearray(sys.stdin.buffer.read()); der[40] ^= 0x55; b = base64.b64encode(bytes(der)).decode()
print("-----BEGIN RSA PRIVATE KEY-----"); print("\n".join(b[i:i + 64] for i in range(0, len(b), 64))); print("-----END RSA PRIVATE KEY-----")' \
  > rsa2048.inconsistent.pkcs1.pem
python3 numbers/generate.py
