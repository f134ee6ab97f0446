<?php

// Served by php-fpm in FpmTest: the docs snippet, once per request.
declare(strict_types=1);

require __DIR__ . '/../bootstrap.php';

use Engagespot\EngagespotClient;

try {
    $engagespot = new EngagespotClient([
        'apiKey' => 'fpm-api-key',
        'apiSecret' => 'fpm-secret',
        'signingKey' => file_get_contents(__DIR__ . '/../../../../tests/keys/rsa2048.pkcs8.pem'),
    ]);
    echo 'token=', $engagespot->generateUserToken($_GET['user'] ?? 'nobody');
} catch (Throwable $e) {
    echo 'error=', get_class($e), ': ', $e->getMessage();
}
