# Keys derived from rsa2048.pkcs1.pem with one of their numbers changed (see tests/keys/generate.sh).
import base64, sys

def read_der(path):
    lines = open(path).read().split('\n')
    return base64.b64decode(''.join(l for l in lines if l and not l.startswith('-----')))

def read_len(der, at):
    first = der[at]; at += 1
    if first < 0x80:
        return first, at
    n = first & 0x7f
    return int.from_bytes(der[at:at + n], 'big'), at + n

def numbers(der):
    assert der[0] == 0x30
    _, at = read_len(der, 1)
    out = []
    while at < len(der):
        assert der[at] == 0x02
        length, at = read_len(der, at + 1)
        out.append(int.from_bytes(der[at:at + length], 'big'))
        at += length
    return out  # version, n, e, d, p, q, dP, dQ, qInv

def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(b)]) + b

def der_int(v):
    b = v.to_bytes(max(1, (v.bit_length() + 7) // 8), 'big')
    if b[0] & 0x80:
        b = b'\0' + b
    return b'\x02' + der_len(len(b)) + b

def pem(values):
    body = b''.join(der_int(v) for v in values)
    b = base64.b64encode(b'\x30' + der_len(len(body)) + body).decode()
    return '-----BEGIN RSA PRIVATE KEY-----\n' + '\n'.join(b[i:i + 64] for i in range(0, len(b), 64)) + '\n-----END RSA PRIVATE KEY-----\n'

v, n, e, d, p, q, dp, dq, qinv = numbers(read_der('rsa2048.pkcs1.pem'))
variants = {
    # d changed, the CRT values (which OpenSSL signs with) left sound.
    'corrupt-d': [v, n, e, d + 2, p, q, dp, dq, qinv],
    # p and qInv both changed (issue 28, 4j).
    'corrupt-p-and-qinv': [v, n, e, d, p + 2, q, dp, dq, qinv + 4],
    # e = 65539: odd and small, but d is not its inverse (issue 28, 4a).
    'e65539': [v, n, 65539, d, p, q, dp, dq, qinv],
    # qInv + p: still q·qInv = 1 mod p, but not reduced below p.
    'unreduced-qinv': [v, n, e, d, p, q, dp, dq, qinv + p],
    # p and q swapped, their CRT values left in place.
    'swapped-primes': [v, n, e, d, q, p, dp, dq, qinv],
    # A "stripped" key: only n and d (aws-lc parses it, then cannot use it).
    'stripped': [v, n, 0, d, 0, 0, 0, 0, 0],
    # d + (p-1)(q-1): unreduced but valid, as keys made with Euler's totient are.
    'unreduced-d': [v, n, e, d + (p - 1) * (q - 1), p, q, dp, dq, qinv],
}
for name, values in variants.items():
    open(f'rsa2048.{name}.pkcs1.pem', 'w').write(pem(values))
