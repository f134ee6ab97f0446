<?php

/**
 * Cold start in this new PHP CLI process: the time to load the package
 * (autoload of EngagespotClient and, for the FFI backend, FFI::cdef of the
 * library), to build the first client, and to mint the first and the second
 * token. Prints one line for benches/cold-start/run.py:
 *   COLD {"load": ms, "client": ms, "first": ms, "second": ms, "cpu_load": ms, ...}
 * (wall-clock time, and as cpu_* the process's CPU time, from getrusage())
 *
 * Usage: ENGAGESPOT_TOKEN_BACKEND=ffi|openssl php php.php ours KEY_FILE
 *        php php.php official KEY_FILE
 *
 * "official" is the official PHP SDK's way (firebase/php-jwt style, as in
 * benches/php/bench.php and loadtest/php/token_official.php; Packagist is out
 * of reach here): json_encode, base64url and openssl_sign given the PEM, so
 * OpenSSL parses the key on every call. It has no package to load and no
 * client: the SDK's own autoload (Guzzle, php-jwt) is not counted, which
 * favours the reference.
 */

declare(strict_types=1);

[, $mode, $keyFile] = $argv;
$pem = file_get_contents($keyFile);
/** @return array{float, float} now: wall clock and this process's CPU time, in ms */
function mark(): array
{
    $usage = getrusage();
    return [hrtime(true) / 1e6, ($usage['ru_utime.tv_sec'] + $usage['ru_stime.tv_sec']) * 1e3
        + ($usage['ru_utime.tv_usec'] + $usage['ru_stime.tv_usec']) / 1e3];
}

$start = mark();
if ($mode === 'official') {
    $base64url = static fn (string $bytes): string => rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    $mint = static function (string $user) use ($pem, $base64url): string {
        $now = time();
        $input = $base64url(json_encode(['typ' => 'JWT', 'alg' => 'RS256'])) . '.'
            . $base64url(json_encode(['sub' => "user:$user", 'apiKey' => 'cold-start-api-key', 'iat' => $now, 'exp' => $now + 3600]));
        if (!openssl_sign($input, $signature, $pem, OPENSSL_ALGO_SHA256)) {
            throw new RuntimeException('openssl_sign failed');
        }
        return $input . '.' . $base64url($signature);
    };
    $loaded = $created = mark();
} else {
    require __DIR__ . '/../../bindings/php/tests/bootstrap.php';
    // Loading is what the first use of the class does: the autoloader, then the backend (FFI::cdef or ext-openssl).
    $backend = Engagespot\EngagespotClient::backend();
    $loaded = mark();
    $client = new Engagespot\EngagespotClient(['apiKey' => 'cold-start-api-key', 'apiSecret' => 'cold-start-secret', 'signingKey' => $pem]);
    $created = mark();
    $mint = static fn (string $user): string => $client->generateUserToken($user);
}
$token = $mint('first@example.com');
$first = mark();
$again = $mint('second@example.com');
$second = mark();
if (count(explode('.', $token)) !== 3 || count(explode('.', $again)) !== 3) {
    throw new RuntimeException("cold-start: no token from $mode");
}
if ($mode !== 'official' && $backend !== getenv('ENGAGESPOT_TOKEN_BACKEND')) {
    throw new RuntimeException("cold-start: measured the $backend backend, not " . getenv('ENGAGESPOT_TOKEN_BACKEND'));
}
$phases = [];
foreach (['load' => [$start, $loaded], 'client' => [$loaded, $created], 'first' => [$created, $first], 'second' => [$first, $second]] as $name => [$from, $to]) {
    $phases[$name] = round($to[0] - $from[0], 3);
    $phases["cpu_$name"] = round($to[1] - $from[1], 3);
}
echo 'COLD ', json_encode($phases), "\n";
