<?php

/**
 * GET /token?user=<id> signed the way the official PHP SDK does it through
 * firebase/php-jwt: JSON header and claims, base64url, and openssl_sign given
 * the PEM text, so OpenSSL parses the key on every call. Written for this test
 * (no SDK code); the claims are ours ({sub, apiKey, iat, exp}) so both PHP
 * endpoints mint the same token shape.
 */

declare(strict_types=1);

$user = $_GET['user'] ?? '';
if (!is_string($user) || $user === '') {
    http_response_code(400);
    exit;
}
$base64url = static fn (string $bytes): string => rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
$now = time();
$header = ['typ' => 'JWT', 'alg' => 'RS256'];
$claims = ['sub' => "user:$user", 'apiKey' => getenv('LOADTEST_API_KEY'), 'iat' => $now, 'exp' => $now + 3600];
$input = $base64url(json_encode($header)) . '.' . $base64url(json_encode($claims));
$signature = '';
if (!openssl_sign($input, $signature, file_get_contents(getenv('LOADTEST_KEY_FILE')), OPENSSL_ALGO_SHA256)) {
    http_response_code(500);
    exit;
}
header('Content-Type: application/json');
echo json_encode(['token' => $input . '.' . $base64url($signature)]);
