<?php

/**
 * PHP contenders, each for SECONDS: our binding with the client kept, with a
 * new client per token (the php-fpm pattern), the official SDK's way
 * (firebase/php-jwt style: json_encode, base64url, openssl_sign with the PEM
 * string, re-parsed on every call), and openssl_sign with the key parsed once;
 * and the ext-openssl fallback (OpensslBackend, the code EngagespotClient runs
 * where FFI cannot be used) with the client kept, and per request as php-fpm
 * runs it: its per-process key cache is emptied before each token, as the end
 * of a request empties PHP's statics, so each token costs a key parse and a
 * signature, like the official way.
 * Prints "RESULT name tokens/s" lines for scripts/bench.
 *
 * Usage: php bench.php KEY_FILE SECONDS
 */

declare(strict_types=1);

require __DIR__ . '/../../bindings/php/tests/bootstrap.php';

use Engagespot\EngagespotClient;

[$keyFile, $seconds] = [$argv[1], (float) ($argv[2] ?? 2)];
$pem = file_get_contents($keyFile);
$apiKey = 'bench-api-key';

/**
 * Tokens/s of each contender, measured in interleaved slices of 0.1 s (all
 * forward, then all backward, until each has run SECONDS), so that every
 * contender sees the same machine.
 *
 * @param array<string, callable> $contenders
 * @return array<string, float>
 */
function rates(array $contenders, float $seconds): array
{
    $counts = $times = array_fill_keys(array_keys($contenders), 0);
    foreach ($contenders as $mint) {
        for ($end = microtime(true) + 0.1; microtime(true) < $end;) {
            $mint();
        }
    }
    $order = array_keys($contenders);
    for ($spent = 0.0; $spent < $seconds; $spent += 0.1, $order = array_reverse($order)) {
        foreach ($order as $name) {
            $start = microtime(true);
            do {
                $contenders[$name]();
                $counts[$name]++;
            } while (($elapsed = microtime(true) - $start) < 0.1);
            $times[$name] += $elapsed;
        }
    }
    return array_map(fn ($name) => $counts[$name] / $times[$name], array_combine($order, $order));
}

function base64url(string $data): string
{
    return rtrim(strtr(base64_encode($data), '+/', '-_'), '=');
}

/** What firebase/php-jwt's JWT::encode($payload, $pem, 'RS256') does. */
function official(array $payload, string|OpenSSLAsymmetricKey $key): string
{
    $segments = [base64url(json_encode(['typ' => 'JWT', 'alg' => 'RS256'])), base64url(json_encode($payload))];
    $input = implode('.', $segments);
    openssl_sign($input, $signature, $key, 'SHA256') || throw new RuntimeException('openssl_sign failed');
    return $input . '.' . base64url($signature);
}

$claims = fn () => ['sub' => 'user:user@example.com', 'apiKey' => $apiKey, 'iat' => time(), 'exp' => time() + 3600];
$kept = new EngagespotClient(['apiKey' => $apiKey, 'apiSecret' => 's', 'signingKey' => $pem]);
$parsed = openssl_pkey_get_private($pem);

$fallbackKept = new Engagespot\OpensslBackend($apiKey, 's', $pem);
/** What the end of a php-fpm request does to the fallback: its statics (the key cache) are gone. */
$endOfRequest = (static function (): void {
    self::$keys = [];
})->bindTo(null, Engagespot\OpensslBackend::class);

$contenders = [
    'php_binding_kept' => fn () => $kept->generateUserToken('user@example.com'),
    'php_binding_new_client' => fn () => (new EngagespotClient(['apiKey' => $apiKey, 'apiSecret' => 's', 'signingKey' => $pem]))->generateUserToken('user@example.com'),
    'php_official_pem_each_call' => fn () => official($claims(), $pem),
    'php_openssl_parsed_once' => fn () => official($claims(), $parsed),
    'php_fallback_kept' => fn () => $fallbackKept->mint('user@example.com', []),
    'php_fallback_per_request' => function () use ($endOfRequest, $apiKey, $pem) {
        $endOfRequest();
        return (new Engagespot\OpensslBackend($apiKey, 's', $pem))->mint('user@example.com', []);
    },
];
foreach (rates($contenders, $seconds) as $name => $rate) {
    printf("RESULT %s %.1f tokens/s\n", $name, $rate);
}
