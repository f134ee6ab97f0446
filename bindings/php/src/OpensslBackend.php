<?php

/*
 * The ext-openssl fallback: EngagespotClient's backend where FFI cannot be
 * used (ext-ffi missing, as in the official Docker images, Heroku, Vercel and
 * static builds; ffi.enable=preload under php-fpm without the preload recipe;
 * or no bundled library for this platform). It exists so that
 * `composer require` followed by the first request works wherever the
 * official SDK does, as sodium_compat does for ext-sodium.
 *
 * It repeats part of the Rust core in PHP, and so it is kept to this one file.
 * Its contract is tests/conformance/cases.json: every case must give the same
 * token bytes, or the same error name, code and exception class, on both
 * backends (the PHP suite runs with FFI and without it). Error names, codes,
 * categories, limits and message templates come from Catalogue.php, generated
 * from the core by tests/php_catalogue.rs; the details inserted into the
 * templates are written here, and tests/BackendParityTest.php checks every one
 * against the core's message.
 *
 * A key's numbers are checked as aws-lc checks them natively (numbersHold():
 * n = p·q, d against e, the CRT values), with ext-gmp where it is loaded and
 * PHP integers otherwise, so every key gets the native verdict; and every
 * signature is checked with the key's public half before it is returned, as
 * aws-lc checks its own (a key whose p or q is not prime passes every check
 * of its numbers, natively too, and signs wrongly: no token on either).
 * docs/php-fallback.md says why, and what each costs.
 *
 * Residual differences (openssl cannot tell these apart as the core does):
 * - DER is read by the small reader below, which checks what the core's
 *   messages distinguish (structure, trailing bytes, sizes, primes, exponent)
 *   but not every DER canonical-form rule of RustCrypto's parsers: a key whose
 *   encoding breaks only such a rule may be accepted here (openssl accepts it
 *   too) where the core says ES_KEY_MALFORMED;
 * - an unknown option's name is quoted as Rust's `{:?}` quotes ASCII; other
 *   non-printable characters in it are quoted as they are;
 * - for an unreadable `file://` key the reason names ENOENT, EACCES or
 *   EAGAIN as Linux words them; the core quotes the operating system's own text;
 * - ES_SIGNING_FAILED names the library that could not sign (openssl here);
 * - a key whose p or q is composite but whose numbers all agree: the core
 *   refuses it when the client is created (ES_KEY_MALFORMED: it signs and
 *   verifies a probe once per key), here at the first mint, with the same
 *   error, since the first signature is the probe. A probe per client would
 *   cost a signature per php-fpm request, and a primality test more (the
 *   fallback would fall below the official SDK's speed); never a wrong token
 *   either way (docs/php-fallback.md).
 * And unlike the core, PHP cannot wipe the copies of key text, DER and numbers
 * made here: they are freed unwiped at the end of the request, as the official
 * SDK's are (docs/SECURITY.md).
 */

declare(strict_types=1);

namespace Engagespot;

use Engagespot\Exception\EngagespotTokenException;
use Engagespot\Exception\InvalidArgumentException;
use Engagespot\Exception\InvalidSigningKeyException;
use Engagespot\Exception\LibraryException;
use Engagespot\Exception\TypeError;

/**
 * Mints the core's tokens with openssl_sign. Used by EngagespotClient, which
 * checks argument types first; not part of the public API.
 *
 * @internal
 */
final class OpensslBackend
{
    /** base64url of {"alg":"RS256","typ":"JWT"}, the same for every token. */
    private const HEADER_B64 = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9';
    /** As JSON.stringify (and serde_json) write strings: only '"', '\' and controls escaped. */
    private const JSON_FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_LINE_TERMINATORS
        | JSON_THROW_ON_ERROR;
    /** Keys held per process, as the core's cache (src/cache.rs) holds. */
    private const CACHE_CAPACITY = 16;
    /** Rust's char::is_whitespace, for trim(). */
    private const WHITESPACE = '[\x{9}-\x{d}\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]';
    /** DER object identifiers (hex of the OID's contents) the key messages name. */
    /** The universal tags the der crate knows (Tag::decode); any other universal tag byte does not decode. */
    private const UNIVERSAL_TAGS = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x09, 0x0a, 0x0c, 0x0d, 0x12, 0x13, 0x14,
        0x15, 0x16, 0x17, 0x18, 0x1a, 0x1b, 0x1e, 0x30, 0x31];

    private const OIDS = [
        '2a864886f70d010101' => null, // rsaEncryption
        '2a864886f70d01010a' => 'an RSA-PSS key (restricted to PSS signatures)',
        '2a8648ce3d0201' => 'an EC key',
        '2b6570' => 'an Ed25519 key',
        '2b6571' => 'an Ed448 or X25519/X448 key',
        '2b656e' => 'an Ed448 or X25519/X448 key',
        '2b656f' => 'an Ed448 or X25519/X448 key',
        '2a8648ce380401' => 'a DSA key',
    ];
    /** Labels that messages may quote; any other is described, since a mangled line could hold key material. */
    private const KNOWN_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'EC PRIVATE KEY',
        'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'PUBLIC KEY', 'RSA PUBLIC KEY', 'CERTIFICATE',
        'TRUSTED CERTIFICATE', 'CERTIFICATE REQUEST', 'X509 CRL', 'EC PARAMETERS'];

    /** @var array<string, array{\OpenSSLAsymmetricKey, string, string}> sha256 of the key text => parse(), least recently used first */
    private static array $keys = [];

    /** DER of the DigestInfo that precedes a SHA-256 hash in an RS256 signature block (RFC 8017, 9.2). */
    private const SHA256_DIGEST_INFO = "\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x00\x04\x20";

    /** `,"apiKey":"…"`, the claim after `sub`, built once. */
    private string $claimsAfterSub;
    private string $fingerprint;
    private \OpenSSLAsymmetricKey $key;
    /** The public half, big-endian, which checks every signature. */
    private string $modulus;
    private string $exponent;
    /**
     * Whether a signature of this key has verified: until one has, a
     * signature that does not verify is the key's fault (ES_KEY_MALFORMED,
     * the core's verdict on its probe), after that openssl's (ES_SIGNING_FAILED).
     */
    private bool $proven = false;

    /** Checks the API key and parses the signing key (or reuses the one this process parsed from the same text). */
    public function __construct(#[\SensitiveParameter] ?string $apiKey, #[\SensitiveParameter] ?string $apiSecret, #[\SensitiveParameter] ?string $signingKey)
    {
        self::utf8($apiKey, 'api_key');
        self::utf8($apiSecret, 'api_secret');
        self::utf8($signingKey, 'signing_key');
        if ($apiKey === null || $apiKey === '') {
            throw self::error('ES_API_KEY_MISSING', 'api_key_missing');
        }
        // The core's bound on any text (src/bounds.rs): longer is refused by its length alone, before anything
        // else is read of it, so that a bad input never costs more than the bound.
        if (strlen($apiKey) > Catalogue::MAX_TEXT_BYTES) {
            throw self::error('ES_API_KEY_INVALID', 'api_key_over_bound');
        }
        // Every token carries the API key: no key material, nothing that cannot be one (src/client.rs).
        if (str_contains($apiKey, '-----BEGIN') || str_contains($apiKey, 'LS0tLS1CRUdJT')) {
            throw self::error('ES_API_KEY_HOLDS_PEM', 'api_key_holds_pem');
        }
        [$invalid, $values] = match (true) {
            str_contains($apiKey, "\0") => ['api_key_invalid', []],
            strpbrk($apiKey, "\r\n") !== false => ['api_key_line_break', []],
            (bool) preg_match('/[\x{0}-\x{1f}\x{7f}-\x{9f}]/u', $apiKey) => ['api_key_control', []],
            strlen($apiKey) > Catalogue::MAX_API_KEY_BYTES => ['api_key_too_long', ['{bytes}' => strlen($apiKey)]],
            default => [null, []],
        };
        if ($invalid !== null) {
            throw self::error('ES_API_KEY_INVALID', $invalid, $values);
        }
        [$text, $path] = self::resolve($signingKey ?? '');
        $this->fingerprint = hash('sha256', $text, true);
        if (!isset(self::$keys[$this->fingerprint])) {
            try {
                $key = self::parse($text);
            } catch (InvalidSigningKeyException $e) {
                throw $path === null ? $e : self::inFile($path, $e);
            }
            if (count(self::$keys) >= self::CACHE_CAPACITY) {
                array_shift(self::$keys); // the least recently used: hits move to the end
            }
            self::$keys[$this->fingerprint] = $key;
        } else {
            $key = self::$keys[$this->fingerprint];
            unset(self::$keys[$this->fingerprint]);
            self::$keys[$this->fingerprint] = $key;
        }
        [$this->key, $this->modulus, $this->exponent] = $key;
        $this->claimsAfterSub = ',"apiKey":' . json_encode($apiKey, self::JSON_FLAGS);
    }

    /**
     * The token, after the core's checks in the core's order: the options as
     * given (each already type-checked by name), then the identifier, then the times.
     *
     * @param string|null $identifier null is the core's ES_NULL_ARGUMENT, after the options are checked
     * @param array<int|string, mixed>|null $options null: none
     */
    public function mint(?string $identifier, ?array $options): string
    {
        [$expiresIn, $issuedAt, $jti, $includeIat] = [Catalogue::DEFAULT_EXPIRES_IN, null, false, true];
        foreach ($options ?? [] as $name => $value) {
            $name = (string) $name;
            $wrongType = fn () => self::error('ES_WRONG_TYPE', "option_wrong_type.$name");
            match ($name) {
                'expiresIn' => $expiresIn = $value === null || is_int($value) ? $value : throw $wrongType(),
                'issuedAt' => $issuedAt = $value === null || is_int($value) ? $value : throw $wrongType(),
                'jti' => $jti = $value === null ? false : (is_bool($value) ? $value : throw $wrongType()),
                'includeIat' => $includeIat = $value === null ? true : (is_bool($value) ? $value : throw $wrongType()),
                default => throw self::error('ES_UNKNOWN_OPTION', 'unknown_option', ['{quoted}' => self::quoted($name)]),
            };
        }
        if ($identifier === null) {
            throw self::error('ES_NULL_ARGUMENT', 'null_argument.user_identifier');
        }
        self::utf8($identifier, 'user_identifier');
        if (strlen($identifier) > Catalogue::MAX_TEXT_BYTES) { // the core's bound, checked first (src/token.rs)
            throw self::error('ES_IDENTIFIER_TOO_LONG', 'identifier_over_bound');
        }
        if ($identifier === '') {
            throw self::error('ES_IDENTIFIER_EMPTY', 'identifier_empty');
        }
        if (strlen($identifier) > Catalogue::MAX_IDENTIFIER_BYTES) {
            throw self::error('ES_IDENTIFIER_TOO_LONG', 'identifier_too_long', ['{bytes}' => strlen($identifier)]);
        }
        if (str_contains($identifier, "\0")) {
            throw self::error('ES_IDENTIFIER_INVALID', 'identifier_invalid');
        }
        $iat = $issuedAt ?? time();
        if ($iat < 0 || $iat > Catalogue::MAX_TIMESTAMP) {
            throw self::error('ES_INVALID_ISSUED_AT', 'issued_at_range');
        }
        if ($expiresIn !== null && ($expiresIn < 1 || $expiresIn > Catalogue::MAX_TIMESTAMP - $iat)) {
            throw self::error('ES_INVALID_EXPIRY', 'expiry_range', ['{max}' => Catalogue::MAX_TIMESTAMP - $iat]);
        }
        $payload = '{"sub":' . json_encode("user:$identifier", self::JSON_FLAGS) . $this->claimsAfterSub
            . ($includeIat ? ",\"iat\":$iat" : '')
            . ($expiresIn !== null ? ',"exp":' . ($iat + $expiresIn) : '')
            . ($jti ? ',"jti":"' . self::base64url(random_bytes(16)) . '"' : '') . '}';
        $input = self::HEADER_B64 . '.' . self::base64url($payload);
        // Every signature is checked with the key's public half, as aws-lc checks its own: a key whose numbers
        // pass every check but whose p or q is not prime signs wrongly, and openssl would return that signature.
        // The first signature that verifies proves the key, as the core's probe does when it parses it; one
        // that does not, before that, is the core's verdict on such a key (ES_KEY_MALFORMED), given at the
        // first mint instead of at construction (docs/php-fallback.md says why).
        $signed = openssl_sign($input, $signature, $this->key, OPENSSL_ALGO_SHA256);
        if ($signed && $this->verifies($input, $signature)) {
            $this->proven = true;
            return $input . '.' . self::base64url($signature);
        }
        self::drainErrors();
        if ($signed && !$this->proven) {
            throw self::inconsistent();
        }
        throw self::error('ES_SIGNING_FAILED', null, [], 'signing failed: openssl could not sign; this is not caused by '
            . 'the arguments, please report it');
    }

    /** Whether signature^e mod n is the RS256 block of `$input`: 0x00 0x01, 0xff…, 0x00, DigestInfo, SHA-256 (RFC 8017, 9.2). */
    private function verifies(string $input, string $signature): bool
    {
        $padding = strlen($this->modulus) - 3 - strlen(self::SHA256_DIGEST_INFO) - 32;
        $block = "\1" . str_repeat("\xff", $padding) . "\0" . self::SHA256_DIGEST_INFO . hash('sha256', $input, true);
        return hash_equals($block, self::publicPower($signature, $this->exponent, $this->modulus));
    }

    /**
     * `$base`^`$exponent` mod `$modulus` (public numbers only, `$modulus`
     * odd), big-endian without leading zeros: with ext-gmp; else with
     * openssl, through the one modular power PHP exposes for numbers of its
     * choosing (a Diffie-Hellman shared secret: the peer's public value raised
     * to the private value, modulo p; about a third of a signature's cost);
     * else, where openssl refuses that, with PHP integers (slowly).
     *
     * @internal public so that the tests run it with each $arithmetic (gmp, openssl, php)
     */
    public static function publicPower(string $base, string $exponent, string $modulus, ?string $arithmetic = null): string
    {
        $arithmetic ??= extension_loaded('gmp') ? 'gmp' : 'openssl';
        if ($arithmetic === 'gmp') {
            return gmp_export(gmp_powm(gmp_import($base), gmp_import($exponent), gmp_import($modulus)));
        }
        if ($arithmetic === 'openssl') {
            $dh = openssl_pkey_new(['dh' => ['p' => $modulus, 'g' => "\2", 'priv_key' => $exponent, 'pub_key' => "\2"]]);
            $power = $dh === false ? false : openssl_dh_compute_key($base, $dh);
            self::drainErrors();
            if ($power !== false) {
                return ltrim($power, "\0");
            }
        }
        [$power, $m] = [[1], self::limbsOf($modulus)];
        $base = self::limbsMod(self::limbsOf($base), $m);
        foreach (str_split($exponent) as $byte) {
            for ($bit = 7; $bit >= 0; $bit--) {
                $power = self::limbsMod(self::limbsMul($power, $power), $m);
                $power = (ord($byte) >> $bit) & 1 ? self::limbsMod(self::limbsMul($power, $base), $m) : $power;
            }
        }
        return self::limbsBytes($power);
    }

    /** The exception the core raises for error `$name`, its message from template `$template`. */
    public static function error(string $name, ?string $template, array $values = [], ?string $message = null): EngagespotTokenException
    {
        [$code, $category] = Catalogue::ERRORS[$name];
        $message ??= strtr(Catalogue::MESSAGES[$template], array_map('strval', $values));
        $class = Catalogue::CATEGORY_CLASSES[$category];
        return new $class($message, $code, $name);
    }

    private static function base64url(string $bytes): string
    {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }

    private static function utf8(?string $text, string $argument): void
    {
        if ($text !== null && !preg_match('//u', $text)) {
            throw self::error('ES_INVALID_UTF8', "invalid_utf8.$argument");
        }
    }

    /** An option name as Rust's `{:?}` quotes it, cut to 40 characters. */
    private static function quoted(string $name): string
    {
        $chars = preg_split('//u', $name, -1, PREG_SPLIT_NO_EMPTY) ?: [];
        $escaped = preg_replace_callback('/[\x00-\x1f\x7f"\\\\]/', static fn (array $m): string => match ($m[0]) {
            '"' => '\\"', '\\' => '\\\\', "\t" => '\\t', "\r" => '\\r', "\n" => '\\n', "\0" => '\\0',
            default => sprintf('\\u{%x}', ord($m[0])),
        }, implode('', array_slice($chars, 0, 40)));
        return '"' . $escaped . '"' . (count($chars) > 40 ? '…' : '');
    }

    private static function trim(#[\SensitiveParameter] string $text): string
    {
        return preg_replace('/^' . self::WHITESPACE . '+|' . self::WHITESPACE . '+$/u', '', $text);
    }

    /** The text without one leading byte-order mark, its surrounding whitespace and matching quotes (src/key/text.rs). */
    private static function unquoted(#[\SensitiveParameter] string $text): string
    {
        return self::withoutQuotes(self::trim(self::withoutBom($text)));
    }

    /** Windows editors may start a saved file with one byte-order mark; a second is text, as in the core. */
    private static function withoutBom(#[\SensitiveParameter] string $text): string
    {
        return str_starts_with($text, "\u{feff}") ? substr($text, 3) : $text;
    }

    private static function withoutQuotes(#[\SensitiveParameter] string $text): string
    {
        foreach (['"', "'"] as $quote) {
            if (strlen($text) >= 2 && $text[0] === $quote && $text[-1] === $quote) {
                return self::trim(substr($text, 1, -1));
            }
        }
        return $text;
    }

    /** The key text, and the file it came from for a `file://` key. @return array{string, ?string} */
    private static function resolve(#[\SensitiveParameter] string $input): array
    {
        if (strlen($input) > Catalogue::MAX_TEXT_BYTES) { // the core's bound, checked first (src/key/source.rs)
            throw self::error('ES_KEY_MALFORMED', 'key_over_bound');
        }
        $unquoted = self::unquoted($input);
        if (!str_starts_with($unquoted, 'file://')) {
            return [$input, null];
        }
        $path = substr($unquoted, 7);
        if (str_contains($path, "\0")) {
            throw self::error('ES_KEY_FILE_UNREADABLE', 'key_file_nul', ['{path}' => str_replace("\0", '\0', $path)]);
        }
        if (!str_starts_with($path, '/')) {
            throw self::error('ES_KEY_IS_PATH', 'key_file_relative', ['{path}' => $path]);
        }
        $unreadable = fn (string $reason) => self::error('ES_KEY_FILE_UNREADABLE', 'key_file_unreadable',
            ['{path}' => $path, '{reason}' => $reason]);
        // As the core reads it (src/key/source.rs): opened without waiting ('n' is O_NONBLOCK), so that a FIFO
        // opens at once and /proc/kmsg answers "would block", then checked on the opened handle, so that nothing
        // swapped in after a check is read.
        $file = @fopen($path, 'rbn');
        if ($file === false) {
            throw $unreadable(file_exists($path) || is_link($path) ? 'Permission denied (os error 13)' : 'No such file or directory (os error 2)');
        }
        try {
            if ((fstat($file)['mode'] & 0170000) !== 0100000) {
                throw $unreadable('it is not a regular file');
            }
            $text = (string) @stream_get_contents($file, Catalogue::MAX_KEY_FILE_BYTES + 1);
            if (strlen($text) > Catalogue::MAX_KEY_FILE_BYTES) {
                throw $unreadable('it is over ' . Catalogue::MAX_KEY_FILE_BYTES . ' bytes, too large for a key file');
            }
            if (!feof($file)) { // a read that would block (PHP reports EAGAIN as no data, not as the end)
                throw $unreadable('Resource temporarily unavailable (os error 11)');
            }
        } finally {
            fclose($file);
        }
        if (!preg_match('//u', $text)) {
            throw self::inFile($path, self::malformed(($text[0] ?? '') === "\x30"
                ? 'is binary DER, not PEM text; convert it once with `openssl pkey -inform DER -in key.der -out key.pem`'
                : 'is not text (not UTF-8)'));
        }
        return [$text, $path];
    }

    private static function inFile(string $path, InvalidSigningKeyException $error): InvalidSigningKeyException
    {
        $detail = str_starts_with($error->getMessage(), 'signing key ') ? substr($error->getMessage(), 12) : $error->getMessage();
        return self::error($error->getErrorName(), 'key_in_file', ['{path}' => $path, '{detail}' => $detail]);
    }

    // The core's key intake (src/key): normalise the text, frame the PEM, check the DER, then let openssl parse it.

    /**
     * The key, after the core's checks of its text, structure and sizes and
     * aws-lc's checks of its numbers: [openssl's key, n, e] (n and e, the
     * public half, check every signature).
     *
     * @return array{\OpenSSLAsymmetricKey, string, string}
     */
    private static function parse(#[\SensitiveParameter] string $input): array
    {
        [$label, $contents] = self::privateKeyBlock(self::normalise($input));
        $der = self::decodeBody($contents);
        $numbers = self::rsaPrivateKey($der, $label === 'RSA PRIVATE KEY' ? 'pkcs1' : 'pkcs8');
        if (!self::numbersHold($numbers)) {
            throw self::inconsistent();
        }
        // From its numbers, not from PEM: openssl's PEM decoders cost more than a signature, this a few µs.
        $key = openssl_pkey_new(['rsa' => $numbers]);
        self::drainErrors();
        return $key ? [$key, ltrim($numbers['n'], "\0"), ltrim($numbers['e'], "\0")] : throw self::inconsistent();
    }

    // The key's numbers, checked as aws-lc checks them when the native core
    // parses the key: RsaKeyPair::from_der calls RSA_parse_private_key, which
    // calls RSA_check_key (aws-lc crypto/fipsmodule/rsa/rsa.c). Every verdict
    // on a key's numbers is made here, in numbersHold(), and nowhere else. The
    // core's own checks (two primes, e of at most 33 bits, n of 2048 to 8192
    // bits) ran before, in checked(). aws-lc does not test p and q for
    // primality, nor does this: a key whose p or q is composite passes both,
    // and then its signatures do not verify, which the core's probe signature
    // catches when the key is parsed (ES_KEY_MALFORMED) and mint() at every
    // token (ES_KEY_MALFORMED too), so no backend returns such a token.

    /**
     * The arithmetic numbersHold() uses in this process: ext-gmp where it is
     * loaded, else PHP integers. Not bcmath: its division of numbers of this
     * size is ten times slower than PHP integers (docs/php-fallback.md).
     */
    public static function arithmetic(): string
    {
        return extension_loaded('gmp') ? 'gmp' : 'php';
    }

    /**
     * Whether a two-prime key's numbers (big-endian, as DER holds them) fit
     * together as aws-lc's RSA_check_key requires: n and e odd, e > 1,
     * p < n, q < n, p·q = n, d·e ≡ 1 mod (p−1) and mod (q−1),
     * dP = d mod (p−1), dQ = d mod (q−1), qInv < p and q·qInv ≡ 1 mod p.
     * (With dP = d mod (p−1), d·e ≡ dP·e mod (p−1): that product is the one
     * reduced, a few limbs longer than p, where d·e would be twice as long.)
     *
     * @internal public so that the tests run it with each $arithmetic (gmp, php)
     * @param array<string, string> $numbers n, e, d, p, q, dmp1, dmq1, iqmp
     */
    public static function numbersHold(#[\SensitiveParameter] array $numbers, ?string $arithmetic = null): bool
    {
        $x = array_map(static fn (#[\SensitiveParameter] string $bytes): string => ltrim($bytes, "\0"), $numbers);
        $odd = static fn (#[\SensitiveParameter] string $bytes): bool => $bytes !== '' && (ord($bytes[-1]) & 1) === 1;
        $less = static fn (#[\SensitiveParameter] string $a, #[\SensitiveParameter] string $b): bool =>
            strlen($a) < strlen($b) || (strlen($a) === strlen($b) && strcmp($a, $b) < 0);
        if (!$odd($x['n']) || !$odd($x['e']) || $x['e'] === "\1" || !$less($x['p'], $x['n']) || !$less($x['q'], $x['n'])
            || !$odd($x['p']) || !$less($x['iqmp'], $x['p'])) {
            return false; // (an even p cannot divide the odd n: refused here so that p − 1 is never 0 below)
        }
        [$import, $mul, $mod, $same] = self::ARITHMETIC[$arithmetic ?? self::arithmetic()];
        [$n, $e, $d, $p, $q, $dp, $dq, $qi] = array_map(self::class . "::$import",
            [$x['n'], $x['e'], $x['d'], $x['p'], $x['q'], $x['dmp1'], $x['dmq1'], $x['iqmp']]);
        if (!self::$same(self::$mul($p, $q), $n)) {
            return false;
        }
        // p and q are odd now (their product n is), and more than 1 (each is less than n).
        [$one, $pm1, $qm1] = [self::$import("\1"), self::$import(self::minusOne($x['p'])), self::$import(self::minusOne($x['q']))];
        return self::$same(self::$mod($d, $pm1), $dp) && self::$same(self::$mod($d, $qm1), $dq)
            && self::$same(self::$mod(self::$mul($dp, $e), $pm1), $one)
            && self::$same(self::$mod(self::$mul($dq, $e), $qm1), $one)
            && self::$same(self::$mod(self::$mul($q, $qi), $p), $one);
    }

    /** Each arithmetic's import, multiply, remainder and equality, by method name. */
    private const ARITHMETIC = [
        'gmp' => ['gmpOf', 'gmpMul', 'gmpMod', 'gmpSame'],
        'php' => ['limbsOf', 'limbsMul', 'limbsMod', 'limbsSame'],
    ];

    /** An odd number less one, big-endian without leading zeros (only its last byte changes). */
    private static function minusOne(#[\SensitiveParameter] string $odd): string
    {
        return ltrim(substr($odd, 0, -1) . chr(ord($odd[-1]) - 1), "\0");
    }

    private static function gmpOf(#[\SensitiveParameter] string $bytes): \GMP
    {
        return $bytes === '' ? gmp_init(0) : gmp_import($bytes);
    }

    private static function gmpMul(#[\SensitiveParameter] \GMP $a, #[\SensitiveParameter] \GMP $b): \GMP
    {
        return gmp_mul($a, $b);
    }

    private static function gmpMod(#[\SensitiveParameter] \GMP $a, #[\SensitiveParameter] \GMP $m): \GMP
    {
        return gmp_mod($a, $m);
    }

    private static function gmpSame(#[\SensitiveParameter] \GMP $a, #[\SensitiveParameter] \GMP $b): bool
    {
        return gmp_cmp($a, $b) === 0;
    }

    // PHP integers: little-endian limbs of 28 bits (7 hex digits, so that
    // bin2hex and hexdec convert them), whose products (56 bits) are summed
    // 64 at a time before their carries are propagated, within 2^63. The
    // remainder is Knuth's algorithm D (TAOCP 4.3.1).

    /** @return list<int> */
    private static function limbsOf(#[\SensitiveParameter] string $bytes): array
    {
        $hex = bin2hex($bytes);
        $digits = str_split(str_pad($hex, (int) ceil(strlen($hex) / 7) * 7, '0', STR_PAD_LEFT), 7);
        return self::limbsTrimmed(array_reverse(array_map('hexdec', $digits)));
    }

    /** The number as big-endian bytes without leading zeros. */
    private static function limbsBytes(#[\SensitiveParameter] array $limbs): string
    {
        $hex = ltrim(implode('', array_map(static fn (int $limb): string => sprintf('%07x', $limb), array_reverse($limbs))), '0');
        return hex2bin(strlen($hex) % 2 === 1 ? "0$hex" : $hex);
    }

    /** @return list<int> */
    private static function limbsTrimmed(#[\SensitiveParameter] array $limbs): array
    {
        while ($limbs !== [] && end($limbs) === 0) {
            array_pop($limbs);
        }
        return $limbs;
    }

    /** @return list<int> */
    private static function limbsMul(#[\SensitiveParameter] array $a, #[\SensitiveParameter] array $b): array
    {
        $product = array_fill(0, count($a) + count($b), 0);
        foreach ($a as $i => $x) {
            $k = $i;
            foreach ($b as $y) {
                $product[$k++] += $x * $y;
            }
            if (($i & 63) === 63) {
                $product = self::limbsCarried($product);
            }
        }
        return self::limbsTrimmed(self::limbsCarried($product));
    }

    /** Limbs of up to 63 bits brought back to 28, each carrying into the next. @return list<int> */
    private static function limbsCarried(#[\SensitiveParameter] array $limbs): array
    {
        $carry = 0;
        foreach ($limbs as $k => $limb) {
            $t = $limb + $carry;
            $limbs[$k] = $t & 0xfffffff;
            $carry = $t >> 28;
        }
        return $limbs;
    }

    /** `$u` mod `$v` (`$v` not zero). @return list<int> */
    private static function limbsMod(#[\SensitiveParameter] array $u, #[\SensitiveParameter] array $v): array
    {
        $n = count($v);
        if (count($u) < $n) {
            return $u;
        }
        if ($n === 1) {
            $r = 0;
            for ($i = count($u) - 1; $i >= 0; $i--) {
                $r = (($r << 28) | $u[$i]) % $v[0];
            }
            return $r === 0 ? [] : [$r];
        }
        // Both shifted so that the divisor's top limb has its top bit set: each quotient limb guessed is then at most 2 too large.
        $shift = 28 - strlen(decbin($v[$n - 1]));
        $vn = array_slice(self::limbsShifted($v, $shift), 0, $n);
        $un = self::limbsShifted($u, $shift);
        [$top, $next] = [$vn[$n - 1], $vn[$n - 2]];
        for ($j = count($un) - 1 - $n; $j >= 0; $j--) {
            $num = ($un[$j + $n] << 28) | $un[$j + $n - 1];
            $q = intdiv($num, $top);
            $rest = $num - $q * $top;
            while ($q > 0xfffffff || $q * $next > (($rest << 28) | $un[$j + $n - 2])) {
                $q--;
                $rest += $top;
                if ($rest > 0xfffffff) {
                    break;
                }
            }
            if ($q === 0) {
                continue;
            }
            [$carry, $k] = [0, $j]; // signed: >> floors, so a borrow is a carry of -1
            foreach ($vn as $limb) {
                $t = $un[$k] - $q * $limb + $carry;
                $un[$k++] = $t & 0xfffffff;
                $carry = $t >> 28;
            }
            $t = $un[$k] + $carry;
            if ($t < 0) { // $q was one too large: add the divisor back
                [$carry, $k] = [0, $j];
                foreach ($vn as $limb) {
                    $s = $un[$k] + $limb + $carry;
                    $un[$k++] = $s & 0xfffffff;
                    $carry = $s >> 28;
                }
                $t += $carry;
            }
            $un[$k] = $t;
        }
        $remainder = [];
        for ($i = 0; $i < $n; $i++) {
            $remainder[] = ($un[$i] >> $shift) | (($un[$i + 1] << (28 - $shift)) & 0xfffffff);
        }
        return self::limbsTrimmed($remainder);
    }

    /** The limbs shifted left by `$shift` bits (0 to 27), one limb longer. @return list<int> */
    private static function limbsShifted(#[\SensitiveParameter] array $limbs, int $shift): array
    {
        [$out, $carry] = [[], 0];
        foreach ($limbs as $limb) {
            $t = ($limb << $shift) | $carry;
            $out[] = $t & 0xfffffff;
            $carry = $t >> 28;
        }
        $out[] = $carry;
        return $out;
    }

    private static function limbsSame(#[\SensitiveParameter] array $a, #[\SensitiveParameter] array $b): bool
    {
        return $a === $b;
    }

    /** Empties openssl's error queue, whose entries would otherwise show in the caller's later openssl_error_string(). */
    private static function drainErrors(): void
    {
        while (openssl_error_string() !== false) {
        }
    }

    private static function normalise(#[\SensitiveParameter] string $input): string
    {
        if (str_contains($input, "\0")) {
            throw self::malformed('contains a NUL byte, which PEM text never does (was binary data passed?)');
        }
        $unquoted = self::unquoted($input);
        if ($unquoted === '') {
            throw self::error('ES_KEY_MISSING', 'key_missing');
        }
        if (str_contains($unquoted, '-----BEGIN ')) {
            return self::pemLines($unquoted);
        }
        if (str_starts_with($unquoted, 'LS0tLS')) {
            $text = self::base64(self::compact($unquoted)) ?? throw self::malformed('looks base64-encoded but does not decode');
            if (!preg_match('//u', $text) || !str_starts_with(preg_replace('/^' . self::WHITESPACE . '+/u', '', $text), '-----BEGIN ')) {
                throw self::malformed('is base64 that does not decode to PEM text');
            }
            return self::pemLines(self::trim($text));
        }
        throw self::notPem($unquoted);
    }

    /** Names what a text without a `-----BEGIN` line is. */
    private static function notPem(#[\SensitiveParameter] string $text): InvalidSigningKeyException
    {
        if (str_starts_with($text, '{')) {
            $member = static function (string $name) use ($text): ?string {
                for ($rest = $text; ($at = strpos($rest, "\"$name\"")) !== false;) {
                    $rest = preg_replace('/^' . self::WHITESPACE . '+/u', '', substr($rest, $at + strlen($name) + 2));
                    if (str_starts_with($rest, ':')) {
                        return preg_replace('/^' . self::WHITESPACE . '+/u', '', substr($rest, 1));
                    }
                }
                return null;
            };
            $kty = preg_match('/^"([^"]*)"/', $member('kty') ?? '', $m) ? $m[1] : null;
            return match ($kty) {
                'RSA' => $member('d') !== null ? self::error('ES_KEY_MALFORMED', 'key_jwk_private') : self::publicKey('a public JSON Web Key (JWK)'),
                'EC' => self::notRsa('an EC JSON Web Key (JWK)'),
                'OKP' => self::notRsa('an Ed25519 or X25519 JSON Web Key (JWK)'),
                'oct' => self::notRsa('a symmetric (oct) JSON Web Key (JWK)'),
                null => self::malformed('is JSON, not a key'),
                default => self::notRsa('a JSON Web Key (JWK) of another type'),
            };
        }
        if (str_starts_with($text, 'ssh-rsa ') || str_starts_with($text, 'ssh-ed25519 ') || str_starts_with($text, 'ecdsa-sha2-')) {
            return self::publicKey('an OpenSSH public key');
        }
        if (str_starts_with($text, 'MI') && preg_match('~^[A-Za-z0-9+/=\t\n\f\r ]*$~', $text)) {
            $der = self::base64(self::compact($text));
            return $der === null ? self::malformed('looks like base64 without PEM armour, but does not decode') : self::unarmoured($der);
        }
        $lower = strtolower($text);
        $path = !str_contains($text, "\n") && strlen($text) <= 4096 && (
            preg_match('#^(/|\./|\.\./|~/|file:|[A-Za-z]:[\\\\/])#', $text)
            || preg_match('/\.(pem|key|der|p8|txt)$/', $lower));
        return $path ? self::error('ES_KEY_IS_PATH', 'key_is_path') : self::malformed('is not PEM text (no -----BEGIN line was found)');
    }

    /** Undoes `\n` escapes and CR or CRLF line ends; one trimmed line per "\n", no blank lines. */
    private static function pemLines(#[\SensitiveParameter] string $text): string
    {
        if (str_contains($text, '\n')) {
            $text = str_replace(['\r\n', '\n'], "\n", $text);
        }
        $pem = '';
        foreach (preg_split('/[\r\n]/', $text) as $line) {
            $line = self::trim($line);
            $pem .= $line === '' ? '' : "$line\n";
        }
        return $pem;
    }

    /** The one private-key block's label and contents (RFC 7468 framing, as src/key/pem.rs). @return array{string, string} */
    private static function privateKeyBlock(#[\SensitiveParameter] string $pem): array
    {
        $blocks = [];
        for ($rest = $pem; ($start = strpos($rest, '-----BEGIN ')) !== false;) {
            if (self::trim(substr($rest, 0, $start)) !== '') {
                throw self::ambiguous($blocks === [] ? 'has text before its -----BEGIN line' : 'has text between its PEM blocks');
            }
            $afterBegin = substr($rest, $start + 11);
            $dashes = strpos($afterBegin, '-----');
            $label = $dashes === false ? null : substr($afterBegin, 0, $dashes);
            if ($label === null || !preg_match('/^[A-Z0-9 ]*$/', $label)) {
                throw self::malformed('has a truncated or invalid -----BEGIN line');
            }
            $body = substr($afterBegin, $dashes + 5);
            $end = strpos($body, '-----END ');
            if ($end === false || str_contains(substr($body, 0, $end), '-----BEGIN ')) {
                throw self::malformed('is truncated (a -----BEGIN line has no -----END line)');
            }
            $afterEnd = substr($body, $end + 9);
            $at = strpos($afterEnd, '-----');
            if ($at === false) {
                throw self::malformed('is truncated (its -----END line is cut off)');
            }
            $endLabel = substr($afterEnd, 0, $at);
            if ($endLabel !== $label) {
                throw self::malformed('has an -----END line labelled ' . self::shown($endLabel)
                    . ' that does not match its -----BEGIN line, labelled ' . self::shown($label));
            }
            $blocks[] = [$label, substr($body, 0, $end)];
            $rest = substr($afterEnd, $at + 5);
        }
        if (self::trim($rest) !== '') {
            throw self::ambiguous('has text after an -----END line');
        }
        $keys = array_values(array_filter($blocks, static fn (#[\SensitiveParameter] array $b): bool => str_ends_with($b[0], 'PRIVATE KEY')));
        if (count($keys) === 1) {
            foreach ($blocks as [$other]) {
                if (!str_ends_with($other, 'PRIVATE KEY') && $other !== 'CERTIFICATE') {
                    throw self::ambiguous('holds a PEM block labelled ' . self::shown($other)
                        . ' beside the private key, and only certificates may accompany it');
                }
            }
            [$label, $contents] = $keys[0];
            $encrypted = $label === 'ENCRYPTED PRIVATE KEY' || ($label === 'RSA PRIVATE KEY'
                && array_filter(self::headers($contents), static fn (#[\SensitiveParameter] string $h): bool => str_starts_with($h, 'Proc-Type:') && str_contains($h, 'ENCRYPTED')));
            return match (true) {
                $encrypted => throw self::error('ES_KEY_ENCRYPTED', 'key_encrypted'),
                $label === 'RSA PRIVATE KEY', $label === 'PRIVATE KEY' => $keys[0],
                $label === 'EC PRIVATE KEY' => throw self::notRsa('an EC key'),
                $label === 'DSA PRIVATE KEY' => throw self::notRsa('a DSA key'),
                $label === 'OPENSSH PRIVATE KEY' => throw self::malformed('is in OpenSSH format, which is not supported; '
                    . 'convert a copy with `ssh-keygen -p -m PKCS8 -f copy_of_key` (RSA keys only)'),
                default => throw self::malformed('is a PEM block of an unsupported type'),
            };
        }
        if (count($keys) === 2 && $keys[0][1] === $keys[1][1]) {
            throw self::ambiguous('holds the same private key twice');
        }
        if ($keys !== []) {
            throw self::ambiguous('holds ' . count($keys) . ' private keys');
        }
        throw match ($blocks[0][0] ?? null) {
            'PUBLIC KEY', 'RSA PUBLIC KEY' => self::publicKey('a public key'),
            'CERTIFICATE' => self::publicKey('a certificate (which holds a public key)'),
            default => self::malformed('is a PEM block of an unsupported type'),
        };
    }

    private static function shown(string $label): string
    {
        return in_array($label, self::KNOWN_LABELS, true) ? "`$label`" : 'an unrecognised label';
    }

    /** The RFC 1421 "Name: value" lines at the top of a block. @return list<string> */
    private static function headers(#[\SensitiveParameter] string $contents): array
    {
        $headers = [];
        foreach (explode("\n", $contents) as $line) {
            $line = self::trim($line);
            if ($line === '') {
                continue;
            }
            if (!str_contains($line, ':')) {
                break;
            }
            $headers[] = $line;
        }
        return $headers;
    }

    private static function decodeBody(#[\SensitiveParameter] string $contents): string
    {
        $lines = array_filter(array_map([self::class, 'trim'], explode("\n", $contents)), static fn (#[\SensitiveParameter] string $l): bool => $l !== '');
        $body = self::compact(implode('', array_slice($lines, count(self::headers($contents)))));
        if ($body === '') {
            throw self::malformed('has an empty PEM body');
        }
        return self::base64($body) ?? throw self::malformed('is truncated or corrupt (its PEM body is not base64)');
    }

    /** Text without ASCII whitespace (Rust's is_ascii_whitespace: no vertical tab). */
    private static function compact(#[\SensitiveParameter] string $text): string
    {
        return str_replace([' ', "\t", "\n", "\f", "\r"], '', $text);
    }

    /** Strict padded standard base64, as base64ct decodes it, or null. */
    private static function base64(#[\SensitiveParameter] string $text): ?string
    {
        if (strlen($text) % 4 !== 0 || !preg_match('~^[A-Za-z0-9+/]*={0,2}$~', $text)) {
            return null;
        }
        $bytes = base64_decode($text, true);
        return $bytes !== false && base64_encode($bytes) === $text ? $bytes : null;
    }

    // DER, as src/key/der.rs checks it with RustCrypto's pkcs1 and pkcs8.

    /**
     * The TLV at `$offset`: [tag, contents, end offset], or null if it does not
     * decode as DER. The tag is its first byte (class, constructed bit, and the
     * number, or 0x1f where the number follows in more bytes); a tag the der
     * crate refuses (Tag::decode: an unknown universal tag, a long-form number
     * not in its shortest form, below 31 or over 25 bits) is null, as there.
     */
    private static function tlv(#[\SensitiveParameter] string $der, int $offset): ?array
    {
        if ($offset + 2 > strlen($der)) {
            return null;
        }
        $tag = ord($der[$offset++]);
        if ($tag < 0x40 && !in_array($tag, self::UNIVERSAL_TAGS, true)) {
            return null;
        }
        if (($tag & 0x1f) === 0x1f) {
            for ($number = 0, $i = 0; ; $i++) {
                if ($i === 5 || $offset >= strlen($der)) {
                    return null;
                }
                $byte = ord($der[$offset++]);
                $number |= $byte & 0x7f;
                if (($byte & 0x80) === 0) {
                    if ($number < 0x1f) {
                        return null;
                    }
                    break;
                }
                if (($i === 0 && $number === 0) || $number >= 1 << 25) {
                    return null;
                }
                $number <<= 7;
            }
            if ($offset + 1 > strlen($der)) {
                return null;
            }
        }
        [$length, $offset] = [ord($der[$offset]), $offset + 1];
        if ($length > 0x80 && $length <= 0x84) {
            $bytes = $length - 0x80;
            if ($offset + $bytes > strlen($der) || $der[$offset] === "\0") {
                return null;
            }
            $length = (int) hexdec(bin2hex(substr($der, $offset, $bytes)));
            $offset += $bytes;
            if ($length < 0x80) {
                return null; // not the shortest form
            }
        } elseif ($length >= 0x80) {
            return null;
        }
        return $offset + $length > strlen($der) ? null : [$tag, substr($der, $offset, $length), $offset + $length];
    }

    /** Every TLV in `$der`, as [tag, contents], or null if one does not decode. @return list<array{int, string}>|null */
    private static function tlvs(#[\SensitiveParameter] string $der): ?array
    {
        $items = [];
        for ($offset = 0; $offset < strlen($der); $offset = $item[2]) {
            $item = self::tlv($der, $offset);
            if ($item === null) {
                return null;
            }
            $items[] = [$item[0], $item[1]];
        }
        return $items;
    }

    /**
     * The first TLVs in `$der`, at most `$count`, and whether bytes follow them
     * (the der crate reads the fields it expects, then finds TrailingData
     * without reading on), or null if one of them does not decode.
     *
     * @return array{list<array{int, string}>, bool}|null
     */
    private static function leading(#[\SensitiveParameter] string $der, int $count): ?array
    {
        $items = [];
        for ($offset = 0; $offset < strlen($der) && count($items) < $count; $offset = $item[2]) {
            $item = self::tlv($der, $offset);
            if ($item === null) {
                return null;
            }
            $items[] = [$item[0], $item[1]];
        }
        return [$items, $offset < strlen($der)];
    }

    /**
     * The items of the SEQUENCE that `$der` holds, 'trailing' if bytes follow
     * it, or null; in the der crate's order: the contents first, then what follows.
     *
     * @return list<array{int, string}>|string|null
     */
    private static function sequence(#[\SensitiveParameter] string $der): array|string|null
    {
        $outer = self::tlv($der, 0);
        if ($outer === null || $outer[0] !== 0x30) {
            return null;
        }
        $items = self::tlvs($outer[1]);
        return $items === null ? null : ($outer[2] === strlen($der) ? $items : 'trailing');
    }

    /** A positive INTEGER's minimal big-endian bytes, as RustCrypto's UintRef takes them, or null. */
    private static function uint(#[\SensitiveParameter] array $item): ?string
    {
        [$tag, $bytes] = $item;
        if ($tag !== 0x02 || $bytes === '' || ord($bytes[0]) >= 0x80) {
            return null;
        }
        if ($bytes[0] === "\0" && strlen($bytes) > 1) {
            return ord($bytes[1]) >= 0x80 ? substr($bytes, 1) : null;
        }
        return $bytes;
    }

    /** PKCS#1 RSAPrivateKey: [its numbers by openssl's names, how many primes], 'trailing', or null. */
    private static function pkcs1(#[\SensitiveParameter] string $der): array|string|null
    {
        $items = self::sequence($der);
        if (!is_array($items) || count($items) < 9 || count($items) > 10) {
            return $items === 'trailing' ? 'trailing' : null;
        }
        $numbers = array_map([self::class, 'uint'], array_slice($items, 0, 9));
        $others = isset($items[9]) && $items[9][0] === 0x30 ? self::tlvs($items[9][1]) : [];
        if (in_array(null, $numbers, true) || $others === null || (isset($items[9]) && $items[9][0] !== 0x30)
            || ($numbers[0] === "\0") !== ($others === [])) {
            return null;
        }
        return [array_combine(['n', 'e', 'd', 'p', 'q', 'dmp1', 'dmq1', 'iqmp'], array_slice($numbers, 1)), 2 + count($others)];
    }

    /**
     * PKCS#8 PrivateKeyInfo (RFC 5208) or OneAsymmetricKey (RFC 5958), by the
     * rules of RustCrypto's pkcs8 (PrivateKeyInfo::decode_value), spki
     * (AlgorithmIdentifier) and const-oid, which the core reads it with; every
     * PKCS#8 structure rule is here. [algorithm OID as hex, private key bytes],
     * 'trailing', or null. Structure only: the key's size is judged after, in checked().
     *
     *   SEQUENCE {
     *     version     INTEGER 0 or 1, and 1 exactly when publicKey is present,
     *     algorithm   SEQUENCE { OID (validOid()), parameters: one TLV of any valid tag, optional },
     *     privateKey  OCTET STRING,
     *     attributes  [0] IMPLICIT, constructed, optional (its contents unread),
     *     publicKey   [1] IMPLICIT BIT STRING, primitive, optional,
     *     then any number of [n] EXPLICIT fields (constructed, one TLV inside), ignored }
     */
    private static function pkcs8(#[\SensitiveParameter] string $der): array|string|null
    {
        $items = self::sequence($der);
        if (!is_array($items) || count($items) < 3 || !in_array($items[0], [[0x02, "\0"], [0x02, "\1"]], true)) {
            return $items === 'trailing' ? 'trailing' : null;
        }
        $algorithm = $items[1][0] === 0x30 ? self::leading($items[1][1], 2) : null;
        if ($algorithm === null || $algorithm[0] === [] || $algorithm[0][0][0] !== 0x06 || !self::validOid($algorithm[0][0][1])) {
            return null;
        }
        if ($algorithm[1]) {
            return 'trailing'; // the der crate's TrailingData, as after the key
        }
        if ($items[2][0] !== 0x04) {
            return null;
        }
        // [0] and [1] are read IMPLICIT: a [0] must be constructed, a [1] primitive.
        $rest = array_slice($items, 3);
        if ($rest !== [] && ($rest[0][0] & 0xdf) === 0x80) {
            if ($rest[0][0] !== 0xa0) {
                return null;
            }
            array_shift($rest); // attributes, unread
        }
        $publicKey = null;
        if ($rest !== [] && ($rest[0][0] & 0xdf) === 0x81) {
            $publicKey = array_shift($rest);
            if ($publicKey[0] !== 0x81 || !self::validBitString($publicKey[1])) {
                return null;
            }
        }
        if (($publicKey !== null) !== ($items[0][1] === "\1")) {
            return null; // version 1 (OneAsymmetricKey) exactly when the public key is there
        }
        foreach ($rest as [$tag, $contents]) {
            $inner = ($tag & 0xe0) === 0xa0 ? self::leading($contents, 1) : null;
            if ($inner === null || $inner[0] === []) {
                return null;
            }
            if ($inner[1]) {
                return 'trailing';
            }
        }
        return [bin2hex($algorithm[0][0][1]), $items[2][1]];
    }

    /**
     * Whether an OBJECT IDENTIFIER's contents are one const-oid reads
     * (ObjectIdentifier::from_bytes): at most 39 bytes, a first byte under 120
     * (first arc 0 to 2), then arcs of base-128 digits that end and fit in 32 bits.
     */
    private static function validOid(string $oid): bool
    {
        if ($oid === '' || strlen($oid) > 39 || ord($oid[0]) >= 120) {
            return false;
        }
        for ($arc = 0, $i = 1; $i < strlen($oid); $i++) {
            $arc = $arc * 0x80 + (ord($oid[$i]) & 0x7f);
            if ($arc > 0xffffffff) {
                return false;
            }
            if ((ord($oid[$i]) & 0x80) === 0) {
                $arc = 0;
            }
        }
        return (ord($oid[-1]) & 0x80) === 0;
    }

    /** Whether a BIT STRING's contents are ones the der crate reads: a count of unused bits (0 to 7, and 0 if no bits follow), then the bits. */
    private static function validBitString(string $contents): bool
    {
        return $contents !== '' && ord($contents[0]) <= 7 && (strlen($contents) > 1 || $contents === "\0");
    }

    private static function isPublicKey(#[\SensitiveParameter] string $der): bool
    {
        $items = self::sequence($der);
        return is_array($items) && count($items) === 2 && (
            (self::uint($items[0]) !== null && self::uint($items[1]) !== null)
            || ($items[0][0] === 0x30 && $items[1][0] === 0x03));
    }

    /** The RSA key's numbers, after the core's checks of its structure. @return array<string, string> */
    private static function rsaPrivateKey(#[\SensitiveParameter] string $der, string $format): array
    {
        if ($format === 'pkcs1') {
            $key = self::pkcs1($der);
            return match (true) {
                is_array($key) => self::checked($key),
                $key === 'trailing' => throw self::extraBytes(),
                is_array(self::pkcs8($der)) => throw self::labelMismatch('PKCS#8', 'PRIVATE KEY'),
                self::isPublicKey($der) => throw self::publicKey('a public key (labelled as a private key)'),
                default => throw self::malformed('is truncated or corrupt (its PKCS#1 structure does not decode)'),
            };
        }
        $info = self::pkcs8($der);
        if (is_array($info)) {
            self::rsaAlgorithm($info[0]);
            $key = self::pkcs1($info[1]);
            return match (true) {
                is_array($key) => self::checked($key),
                $key === 'trailing' => throw self::extraBytes(),
                default => throw self::malformed('is truncated or corrupt (the RSA key inside its PKCS#8 does not decode)'),
            };
        }
        return match (true) {
            $info === 'trailing' => throw self::extraBytes(),
            is_array(self::pkcs1($der)) => throw self::labelMismatch('PKCS#1', 'RSA PRIVATE KEY'),
            self::isPublicKey($der) => throw self::publicKey('a public key (labelled as a private key)'),
            default => throw self::malformed('is truncated or corrupt (its PKCS#8 structure does not decode)'),
        };
    }

    /** @return array<string, string> the key's numbers, after the core's checks of their count and sizes */
    private static function checked(#[\SensitiveParameter] array $key): array
    {
        [$numbers, $primes] = $key;
        [$modulus, $exponent] = [$numbers['n'], $numbers['e']];
        if ($primes > 2) {
            throw self::error('ES_KEY_UNSUPPORTED', 'key_unsupported',
                ['{detail}' => "is a multi-prime RSA key ($primes primes); multi-prime keys are not supported"]);
        }
        $exponentBits = self::bits($exponent);
        if ($exponentBits > Catalogue::MAX_PUBLIC_EXPONENT_BITS) {
            throw self::error('ES_KEY_UNSUPPORTED', 'key_unsupported', ['{detail}' => "has an unsupported public exponent "
                . "($exponentBits bits; at most " . Catalogue::MAX_PUBLIC_EXPONENT_BITS . ' are supported)']);
        }
        $bits = self::bits($modulus);
        if ($bits < Catalogue::MIN_KEY_BITS) {
            throw self::error('ES_KEY_TOO_SMALL', 'key_too_small', ['{bits}' => $bits]);
        }
        if ($bits > Catalogue::MAX_KEY_BITS) {
            throw self::error('ES_KEY_TOO_LARGE', 'key_too_large', ['{bits}' => $bits]);
        }
        return $numbers;
    }

    private static function bits(#[\SensitiveParameter] string $bytes): int
    {
        $bytes = ltrim($bytes, "\0");
        return $bytes === '' ? 0 : strlen($bytes) * 8 - 8 + strlen(decbin(ord($bytes[0])));
    }

    private static function rsaAlgorithm(string $oid): void
    {
        if (!array_key_exists($oid, self::OIDS)) {
            throw self::notRsa('a key of an unknown algorithm');
        }
        if (self::OIDS[$oid] !== null) {
            throw self::notRsa(self::OIDS[$oid]);
        }
    }

    /** Names what base64 DER without PEM armour holds. */
    private static function unarmoured(#[\SensitiveParameter] string $der): InvalidSigningKeyException
    {
        $info = self::pkcs8($der);
        if (is_array($info)) {
            try {
                self::rsaAlgorithm($info[0]);
            } catch (InvalidSigningKeyException $e) {
                return $e;
            }
            [$form, $label] = ['PKCS#8', 'PRIVATE KEY'];
        } elseif (is_array(self::pkcs1($der))) {
            [$form, $label] = ['PKCS#1', 'RSA PRIVATE KEY'];
        } elseif (self::isPublicKey($der)) {
            return self::publicKey('a public key (base64 DER without PEM armour)');
        } else {
            return self::malformed('looks like base64 without PEM armour, but is not a key');
        }
        return self::error('ES_KEY_MALFORMED', 'key_unarmoured', ['{form}' => $form, '{label}' => $label]);
    }

    private static function malformed(string $detail): InvalidSigningKeyException
    {
        return self::error('ES_KEY_MALFORMED', 'key_malformed', ['{detail}' => $detail]);
    }

    private static function ambiguous(string $detail): InvalidSigningKeyException
    {
        return self::error('ES_KEY_AMBIGUOUS', 'key_ambiguous', ['{detail}' => $detail]);
    }

    private static function publicKey(string $what): InvalidSigningKeyException
    {
        return self::error('ES_KEY_IS_PUBLIC', 'key_is_public', ['{what}' => $what]);
    }

    private static function notRsa(string $what): InvalidSigningKeyException
    {
        return self::error('ES_KEY_NOT_RSA', 'key_not_rsa', ['{what}' => $what]);
    }

    private static function extraBytes(): InvalidSigningKeyException
    {
        return self::malformed("has extra bytes after the end of the key's DER structure (two keys run together, or corruption)");
    }

    private static function labelMismatch(string $holds, string $label): InvalidSigningKeyException
    {
        return self::error('ES_KEY_MALFORMED', 'key_label_mismatch', ['{holds}' => $holds, '{label}' => $label]);
    }

    private static function inconsistent(): InvalidSigningKeyException
    {
        return self::error('ES_KEY_MALFORMED', null, [], 'signing key is not a valid RSA private key (its numbers are '
            . 'inconsistent or corrupt): download the key again from the Engagespot console');
    }
}
