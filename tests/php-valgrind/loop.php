<?php

// Run under valgrind by scripts/test-sanitizers: a token loop and every error
// path of the PHP binding, with USE_ZEND_ALLOC=0 so that valgrind sees PHP's
// allocations too.
declare(strict_types=1);

require __DIR__ . '/../../bindings/php/tests/bootstrap.php';

use Engagespot\EngagespotClient;
use Engagespot\Exception\EngagespotTokenException;

$keys = __DIR__ . '/../keys/';
$pem = file_get_contents($keys . 'rsa2048.pkcs8.pem');
$client = new EngagespotClient(['apiKey' => 'k', 'apiSecret' => 's', 'signingKey' => $pem]);
$tokens = 0;
$public = openssl_pkey_get_public(file_get_contents($keys . 'rsa2048.pub.pem'));
// A token counts when PHP's own openssl_verify accepts its signature.
$isToken = static function (string $token) use ($public): bool {
    $parts = explode('.', $token);
    $signature = base64_decode(strtr($parts[2] ?? '', '-_', '+/'), true);
    return count($parts) === 3 && openssl_verify("$parts[0].$parts[1]", $signature, $public, OPENSSL_ALGO_SHA256) === 1;
};
for ($i = 0; $i < 20; $i++) {
    $tokens += (int) $isToken($client->generateUserToken("user-$i", ['jti' => true]));
    $tokens += (int) $isToken((new EngagespotClient(['apiKey' => 'k', 'signingKey' => $pem]))->generateUserToken('per-request'));
}
$errors = 0;
$attempts = [
    fn () => $client->generateUserToken(''),
    fn () => $client->generateUserToken(str_repeat('x', 2000)),
    fn () => $client->generateUserToken("a\0b"),
    fn () => $client->generateUserToken("\xff"),
    fn () => $client->generateUserToken('x', ['expiresIn' => 0]),
    fn () => $client->generateUserToken('x', ['issuedAt' => -1]),
    fn () => new EngagespotClient(['signingKey' => $pem]),
];
foreach (['rsa2048.pub.pem', 'rsa2048.encrypted-pkcs8.pem', 'ec-p256.pkcs8.pem', 'ed25519.pkcs8.pem', 'rsa1024.pkcs8.pem', 'rsa8200.pkcs8.pem'] as $file) {
    $attempts[] = fn () => new EngagespotClient(['apiKey' => 'k', 'signingKey' => file_get_contents($keys . $file)]);
}
foreach (['', '/etc/key.pem', 'garbage', substr($pem, 0, 300)] as $text) {
    $attempts[] = fn () => new EngagespotClient(['apiKey' => 'k', 'signingKey' => $text]);
}
foreach ($attempts as $attempt) {
    try {
        $attempt();
    } catch (EngagespotTokenException) {
        $errors++;
    }
}
$ok = $tokens === 40 && $errors === count($attempts);
echo ($ok ? 'ok' : 'FAIL'), ": $tokens of 40 tokens, $errors of ", count($attempts), " errors\n";
exit($ok ? 0 : 1);
