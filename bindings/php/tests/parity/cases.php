<?php

declare(strict_types=1);

/**
 * Inputs that both backends must treat alike, for BackendParityTest: every
 * test key, the forms the core normalises, each way of rejecting a key, and
 * identifiers, options and types. Each case is [config, identifier, options].
 * Times are fixed, so a token is the same bytes on both backends (RS256
 * signatures are deterministic).
 *
 * @return array<string, array{0: mixed, 1: mixed, 2: mixed}>
 */
return (static function (): array {
    $keys = dirname(__DIR__, 4) . '/tests/keys';
    $pem = static fn (string $name): string => file_get_contents("$keys/$name");
    $key = $pem('rsa2048.pkcs8.pem');
    $body = static fn (string $text): string => implode('', array_filter(explode("\n", $text), static fn ($l) => !str_starts_with($l, '-----')));
    $der = base64_decode($body($pem('rsa2048.pkcs1.pem')));
    $flipped = $der;
    $flipped[400] = chr(ord($flipped[400]) ^ 0x01); // a bit of d: the structure holds, the numbers do not
    $inconsistent = "-----BEGIN RSA PRIVATE KEY-----\n" . chunk_split(base64_encode($flipped), 64, "\n") . "-----END RSA PRIVATE KEY-----\n";
    $times = ['issuedAt' => 1700000000];

    $signingKeys = [];
    foreach (glob("$keys/*.pem") as $file) {
        $signingKeys['file ' . basename($file)] = file_get_contents($file);
    }
    foreach (glob("$keys/numbers/*.pem") as $file) { // one number changed: aws-lc's checks of the numbers
        $signingKeys['numbers ' . basename($file)] = file_get_contents($file);
    }
    $signingKeys += [
        'literal \n' => str_replace("\n", '\n', trim($key)),
        'literal \r\n' => str_replace("\n", '\r\n', trim($key)),
        'CRLF' => str_replace("\n", "\r\n", $key),
        'CR only' => str_replace("\n", "\r", $key),
        'line breaks as spaces' => str_replace("\n", ' ', trim($key)),
        'line breaks lost' => str_replace("\n", '', $key),
        'base64 PEM' => base64_encode($key),
        'base64 PEM, wrapped' => chunk_split(base64_encode($key), 76, "\n"),
        'BOM' => "\u{feff}$key",
        'two BOMs' => "\u{feff}\u{feff}$key",
        'BOM, then a file URI' => "\u{feff}file://$keys/rsa2048.pkcs8.pem",
        'two BOMs, then a file URI' => "\u{feff}\u{feff}file://$keys/rsa2048.pkcs8.pem",
        'double quotes' => "\"$key\"",
        'single quotes' => "'  $key  '",
        'mismatched quotes' => "\"$key'",
        'indented' => preg_replace('/^/m', '    ', $key),
        'unicode spaces around' => "\u{a0}\u{2003}$key\u{3000}",
        'file URI' => "file://$keys/rsa2048.pkcs8.pem",
        'file URI, quoted' => "\"file://$keys/rsa2048.pkcs1.pem\"",
        'file URI of a public key' => "file://$keys/rsa2048.pub.pem",
        'file URI, relative' => 'file://tests/keys/rsa2048.pkcs8.pem',
        'file URI, missing' => 'file:///nonexistent/engagespot/key.pem',
        'file URI, a directory' => "file://$keys",
        'blank' => " \n\t ",
        'NUL' => "$key\0",
        'path' => '/etc/keys/private.pem',
        'relative path' => './private.pem',
        'home path' => '~/keys/k',
        'windows path' => 'C:\\keys\\private.pem',
        'key file name' => 'private.key',
        'garbage' => 'not a key at all',
        'cert then key' => $pem('rsa2048.cert.pem') . $key,
        'key then cert' => $key . $pem('rsa2048.cert.pem'),
        'key twice' => $key . $key,
        'two keys' => $key . $pem('rsa3072.pkcs8.pem'),
        'public key beside' => $key . $pem('rsa2048.pub.pem'),
        'text before' => "my key:\n$key",
        'text after' => "{$key}x",
        'text between' => $pem('rsa2048.cert.pem') . "x\n" . $key,
        'PKCS#8 labelled PKCS#1' => str_replace('PRIVATE KEY', 'RSA PRIVATE KEY', $key),
        'PKCS#1 labelled PKCS#8' => str_replace('RSA PRIVATE KEY', 'PRIVATE KEY', $pem('rsa2048.pkcs1.pem')),
        'public key labelled private' => str_replace('PUBLIC KEY', 'PRIVATE KEY', $pem('rsa2048.pub.pem')),
        'PKCS#1 public labelled private' => str_replace('RSA PUBLIC KEY', 'RSA PRIVATE KEY', $pem('rsa2048.pkcs1-pub.pem')),
        'unarmoured PKCS#8' => $body($key),
        'unarmoured PKCS#1' => $body($pem('rsa2048.pkcs1.pem')),
        'unarmoured EC' => $body($pem('ec-p256.pkcs8.pem')),
        'unarmoured public' => $body($pem('rsa2048.pub.pem')),
        'unarmoured garbage' => 'MIIBogus+/==',
        'unarmoured, bad base64' => 'MIIBogus',
        'truncated' => substr($key, 0, 600),
        'truncated body' => substr($key, 0, 900) . "\n-----END PRIVATE KEY-----\n",
        'corrupt base64' => substr_replace($key, '*', 200, 1),
        'extra bytes' => "-----BEGIN RSA PRIVATE KEY-----\n" . chunk_split(base64_encode($der . "\x05\x00"), 64, "\n") . "-----END RSA PRIVATE KEY-----\n",
        'inconsistent numbers' => $inconsistent,
        'empty body' => "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
        'no END line' => "-----BEGIN PRIVATE KEY-----\nAAAA\n",
        'END cut off' => "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIV",
        'END label differs' => str_replace('END PRIVATE', 'END RSA PRIVATE', $key),
        'END label unknown' => str_replace('END PRIVATE KEY', 'END MIIEVQIBADANBG', $key),
        'lower-case label' => "-----BEGIN private-----\nAAAA\n-----END private-----",
        'EC PRIVATE KEY label' => $pem('ec-p256.sec1.pem'),
        'DSA label' => "-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----\n",
        'OpenSSH private key' => "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
        'unknown block' => "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n",
        'certificate alone' => $pem('rsa2048.cert.pem'),
        'encrypted header in PKCS#1' => $pem('rsa2048.encrypted-pkcs1.pem'),
        'OpenSSH public key' => 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ user@host',
        'ssh-ed25519 public key' => 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI user@host',
        'JWK, RSA private' => '{"kty":"RSA","n":"x","e":"AQAB","d":"x"}',
        'JWK, RSA public' => '{"kty" : "RSA", "n":"x","e":"AQAB"}',
        'JWK, EC' => '{"kty":"EC","crv":"P-256"}',
        'JWK, OKP' => '{"kty":"OKP"}',
        'JWK, oct' => '{"kty":"oct","k":"x"}',
        'JWK, other' => '{"kty":"XYZ"}',
        'JSON, not a JWK' => '{"hello":"world"}',
        'base64 of garbage' => base64_encode('-----not pem'),
        'base64 that does not decode' => 'LS0tLS1CRUdJTi*',
        'base64 of non-text' => 'LS0tLS' . base64_encode("\xff\xfe"),
    ];

    // PKCS#8 structures by the rules of RustCrypto's pkcs8, spki, const-oid
    // and der (the core's parsers): version, public key, algorithm OID and
    // parameters, the [0], [1] and [n] fields after the key. Built around the
    // 2048-bit key's own RSAPrivateKey; the core's verdict is the reference.
    $tlv = static function (int|string $tag, string $contents): string {
        $length = strlen($contents);
        $length = $length < 0x80 ? chr($length) : ($length < 0x100 ? "\x81" . chr($length) : "\x82" . pack('n', $length));
        return (is_int($tag) ? chr($tag) : $tag) . $length . $contents;
    };
    $rsaPrivateKey = base64_decode($body($pem('rsa2048.pkcs1.pem')));
    $rsaEncryption = "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01";
    $pkcs8 = static fn (int $version = 0, string $oid = "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01", string $parameters = "\x05\x00", string $after = ''): string =>
        "-----BEGIN PRIVATE KEY-----\n" . chunk_split(base64_encode($tlv(0x30, $tlv(0x02, chr($version))
            . $tlv(0x30, $tlv(0x06, $oid) . $parameters) . $tlv(0x04, $rsaPrivateKey) . $after)), 64, "\n") . "-----END PRIVATE KEY-----\n";
    $publicKey = $tlv(0x81, "\x00\x01\x02");
    $structures = [
        'version 1 without its public key' => $pkcs8(1),
        'version 1 with its public key' => $pkcs8(1, after: $publicKey),
        'version 1, public key constructed' => $pkcs8(1, after: $tlv(0xa1, $tlv(0x03, "\x00\x01"))),
        'version 0 with a public key' => $pkcs8(0, after: $publicKey),
        'version 2' => $pkcs8(2),
        'attributes' => $pkcs8(0, after: $tlv(0xa0, "\x01\x02\x03")),
        'attributes primitive' => $pkcs8(0, after: $tlv(0x80, '')),
        'attributes twice' => $pkcs8(0, after: $tlv(0xa0, '') . $tlv(0xa0, '')),
        'version 1, attributes, public key' => $pkcs8(1, after: $tlv(0xa0, '') . $publicKey),
        'version 1, public key, attributes' => $pkcs8(1, after: $publicKey . $tlv(0xa0, '')),
        'public key, no bits' => $pkcs8(1, after: $tlv(0x81, '')),
        'public key, 8 unused bits' => $pkcs8(1, after: $tlv(0x81, "\x08\xff")),
        'public key, 1 unused bit of none' => $pkcs8(1, after: $tlv(0x81, "\x01")),
        'public key, unused bits set' => $pkcs8(1, after: $tlv(0x81, "\x03\xff")),
        'field [2] explicit' => $pkcs8(0, after: $tlv(0xa2, "\x05\x00")),
        'field [2] of two values' => $pkcs8(0, after: $tlv(0xa2, "\x05\x00\x05\x00")),
        'field [2] primitive' => $pkcs8(0, after: $tlv(0x82, '')),
        'field [2] of an unknown tag' => $pkcs8(0, after: $tlv(0xa2, "\x29\x00")),
        'field [2], [3] after the public key' => $pkcs8(1, after: $publicKey . $tlv(0xa2, "\x05\x00") . $tlv(0xa3, "\x05\x00")),
        'a universal field after the key' => $pkcs8(0, after: "\x05\x00"),
        'parameters absent' => $pkcs8(parameters: ''),
        'parameters an OCTET STRING' => $pkcs8(parameters: "\x04\x00"),
        'parameters a NULL with contents' => $pkcs8(parameters: "\x05\x01\x00"),
        'parameters twice' => $pkcs8(parameters: "\x05\x00\x05\x00"),
        'parameters constructed REAL' => $pkcs8(parameters: "\x29\x00"),
        'parameters universal tag 14' => $pkcs8(parameters: "\x0e\x00"),
        'parameters universal tag in long form' => $pkcs8(parameters: "\x1f\x22\x00"),
        'parameters context tag 31' => $pkcs8(parameters: "\x9f\x1f\x00"),
        'parameters context tag 128' => $pkcs8(parameters: "\x9f\x81\x00\x00"),
        'parameters tag number 0 in long form' => $pkcs8(parameters: "\xff\x00"),
        'parameters private tag' => $pkcs8(parameters: "\xc0\x00"),
        'OID cut off' => $pkcs8(oid: "\x2a\x86\x48\x86\xf7\x0d\x01\x02\x81"),
        'OID of 1.2.840.113549.1.1' => $pkcs8(oid: "\x2a\x86\x48\x86\xf7\x0d\x01\x01"),
        'OID empty' => $pkcs8(oid: ''),
        'OID with a padded arc' => $pkcs8(oid: $rsaEncryption . "\x80\x01"),
        'OID first byte 119' => $pkcs8(oid: "\x77"),
        'OID first byte 120' => $pkcs8(oid: "\x78"),
        'OID first byte with bit 8' => $pkcs8(oid: "\x81\x00"),
        'OID of 39 bytes' => $pkcs8(oid: "\x2a" . str_repeat("\x01", 38)),
        'OID of 40 bytes' => $pkcs8(oid: "\x2a" . str_repeat("\x01", 39)),
        'OID arc of 32 bits' => $pkcs8(oid: "\x2a\x8f\xff\xff\xff\x7f"),
        'OID arc over 32 bits' => $pkcs8(oid: "\x2a\x90\x80\x80\x80\x7f"),
    ];
    foreach ($structures as $name => $structure) {
        $signingKeys["PKCS#8 structure: $name"] = $structure;
    }

    $cases = [];
    foreach ($signingKeys as $name => $signingKey) {
        $cases["key: $name"] = [['apiKey' => 'pk', 'signingKey' => $signingKey], 'alice', $times];
    }
    $identifiers = ['alice@example.com', 'a"b', 'back\\slash', '</script>', "\x01\x1f\x7f", "\n\r\t\x08\x0c", 'é', '😀',
        "x\u{2028}y\u{2029}", ' spaced ', 'a/b', str_repeat('z', 1024), str_repeat('é', 512), 42, 0, -7, PHP_INT_MAX, '0',
        '', str_repeat('z', 1025), str_repeat('é', 513), "a\0b", "\xff", 1.5, null, true, ['x']];
    foreach ($identifiers as $i => $identifier) {
        $cases["identifier #$i"] = [['apiKey' => 'pk', 'signingKey' => $key], $identifier, $times];
    }
    $optionSets = [
        'defaults with iat' => $times,
        'expiresIn 600' => $times + ['expiresIn' => 600],
        'no exp' => $times + ['expiresIn' => null],
        'no iat' => $times + ['includeIat' => false],
        'official PHP SDK claims' => ['includeIat' => false, 'expiresIn' => null],
        'iat 0' => ['issuedAt' => 0],
        'largest exp' => ['issuedAt' => 0, 'expiresIn' => 9007199254740991],
        'exp past the limit' => ['issuedAt' => 1, 'expiresIn' => 9007199254740991],
        'zero expiry' => $times + ['expiresIn' => 0],
        'negative expiry' => $times + ['expiresIn' => -5],
        'negative iat' => ['issuedAt' => -1],
        'iat past the limit' => ['issuedAt' => 9007199254740992],
        'null jti and includeIat' => $times + ['jti' => null, 'includeIat' => null, 'issuedAt' => 1700000000],
        'jti false' => $times + ['jti' => false],
        'unknown option' => ['expiresin' => 5],
        'snake case' => ['expires_in' => 5],
        'long unknown option' => [str_repeat('x', 50) => 1],
        'unknown option with quotes' => ["a\"b\\c\n\t" => 1],
        'integer option name' => [5 => 1],
        'expiresIn as string' => ['expiresIn' => '600'],
        'expiresIn as float' => ['expiresIn' => 600.0],
        'expiresIn as bool' => ['expiresIn' => true],
        'issuedAt as float' => ['issuedAt' => 1.5],
        'jti as int' => ['jti' => 1],
        'includeIat as string' => ['includeIat' => 'no'],
        'options not an array' => 'soon',
        'bad option before bad identifier' => ['expiresIn' => 'x'],
    ];
    foreach ($optionSets as $name => $options) {
        $cases["options: $name"] = [['apiKey' => 'pk', 'signingKey' => $key], $name === 'bad option before bad identifier' ? '' : 'bob', $options];
    }
    $cases += [
        'config: positional' => [['positional' => ['pk', 'secret', 'https://api.engagespot.co', $key]], 'p', $times],
        'config: positional, null secret' => [['positional' => ['pk', null, null, $key]], 'p', $times],
        'config: API key missing' => [['signingKey' => $key], 'x', $times],
        'config: API key empty' => [['apiKey' => '', 'signingKey' => $key], 'x', $times],
        'config: API key with NUL' => [['apiKey' => "a\0b", 'signingKey' => $key], 'x', $times],
        'config: API key not UTF-8' => [['apiKey' => "\xff", 'signingKey' => $key], 'x', $times],
        'config: API key escaped in JSON' => [['apiKey' => "k\"/\u{2028}é", 'signingKey' => $key], 'x', $times],
        'config: API key an int' => [['apiKey' => 42, 'signingKey' => $key], 'x', $times],
        'config: secret an int' => [['positional' => ['pk', 7, null, $key]], 'x', $times],
        'config: secret not UTF-8' => [['apiKey' => 'pk', 'apiSecret' => "\xff", 'signingKey' => $key], 'x', $times],
        'config: signing key an array' => [['apiKey' => 'pk', 'signingKey' => ['x']], 'x', $times],
        'config: signing key not UTF-8' => [['apiKey' => 'pk', 'signingKey' => "\xff$key"], 'x', $times],
        'config: bad API key before bad key' => [['apiKey' => '', 'signingKey' => 'garbage'], 'x', $times],
        'config: API key holds the signing key' => [['apiKey' => $key, 'signingKey' => $key], 'x', $times],
        'config: API key holds base64 PEM' => [['apiKey' => base64_encode($key), 'signingKey' => $key], 'x', $times],
        'config: API key with a newline' => [['apiKey' => "pk\n", 'signingKey' => $key], 'x', $times],
        'config: API key with a tab' => [['apiKey' => "p\tk", 'signingKey' => $key], 'x', $times],
        'config: API key with a C1 control' => [['apiKey' => "p\u{85}k", 'signingKey' => $key], 'x', $times],
        'config: API key of 256 bytes' => [['apiKey' => str_repeat('k', 256), 'signingKey' => $key], 'x', $times],
        'config: API key of 257 bytes' => [['apiKey' => str_repeat('k', 257), 'signingKey' => $key], 'x', $times],
        'key: file URI with a NUL' => [['apiKey' => 'pk', 'signingKey' => "file:///etc/k\0/../x"], 'x', $times],
        'key: file URI after a BOM' => [['apiKey' => 'pk', 'signingKey' => "\u{feff}file://" . dirname(__DIR__, 4) . '/tests/keys/rsa2048.pkcs8.pem'], 'x', $times],
    ];
    return $cases;
})();
