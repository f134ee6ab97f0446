<?php

/**
 * Served by php-fpm for benches/cold-start/run.py: one request mints one
 * token and says what that took inside PHP, as JSON:
 *   {"client": ms, "token_ms": ms, "cpu": ms, "pid": worker pid, "backend": ..., "token": "..."}
 * ("cpu": the worker's CPU time for client and token together, from getrusage())
 * "ours" is the docs' php-fpm snippet (a new client per request; the classes
 * and the library preloaded by the README's recipe, or the ext-openssl
 * fallback when the pool sets ENGAGESPOT_TOKEN_BACKEND=openssl); "official"
 * is the official PHP SDK's way, as loadtest/php/token_official.php.
 * FastCGI parameters: COLD_START_MODE (ours|official), COLD_START_KEY_FILE.
 */

declare(strict_types=1);

use Engagespot\EngagespotClient;

$cpu = static function (): float {
    $usage = getrusage();
    return ($usage['ru_utime.tv_sec'] + $usage['ru_stime.tv_sec']) * 1e3 + ($usage['ru_utime.tv_usec'] + $usage['ru_stime.tv_usec']) / 1e3;
};
$start = hrtime(true);
$startCpu = $cpu();
// Composer's autoloader in an application; the preloaded classes need none, the fallback's do.
require_once __DIR__ . '/../../bindings/php/tests/bootstrap.php';
$pem = file_get_contents($_SERVER['COLD_START_KEY_FILE']);
$user = 'fpm-' . getmypid() . '@example.com';
if ($_SERVER['COLD_START_MODE'] === 'official') {
    $base64url = static fn (string $bytes): string => rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    $created = hrtime(true);
    $now = time();
    $input = $base64url(json_encode(['typ' => 'JWT', 'alg' => 'RS256'])) . '.'
        . $base64url(json_encode(['sub' => "user:$user", 'apiKey' => 'cold-start-api-key', 'iat' => $now, 'exp' => $now + 3600]));
    if (!openssl_sign($input, $signature, $pem, OPENSSL_ALGO_SHA256)) {
        http_response_code(500);
        exit;
    }
    $token = $input . '.' . $base64url($signature);
} else {
    $client = new EngagespotClient(['apiKey' => 'cold-start-api-key', 'apiSecret' => 'cold-start-secret', 'signingKey' => $pem]);
    $created = hrtime(true);
    $token = $client->generateUserToken($user);
}
$minted = hrtime(true);
$mintedCpu = $cpu();
header('Content-Type: application/json');
echo json_encode(['client' => round(($created - $start) / 1e6, 3), 'token_ms' => round(($minted - $created) / 1e6, 3),
    'cpu' => round($mintedCpu - $startCpu, 3),
    'pid' => getmypid(), 'backend' => $_SERVER['COLD_START_MODE'] === 'official' ? 'official' : EngagespotClient::backend(),
    'token' => $token]);
