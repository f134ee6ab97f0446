<?php
// A php-fpm endpoint: token=<token> for ?user=..., or error=<class>: <message>.
require __DIR__ . '/vendor/autoload.php';

use Engagespot\EngagespotClient;

try {
    $engagespot = new EngagespotClient([
        'apiKey' => 'fpm-api-key',
        'apiSecret' => 's',
        'signingKey' => getenv('ENGAGESPOT_PRIVATE_SIGNING_KEY'),
    ]);
    echo 'token=', $engagespot->generateUserToken($_GET['user'] ?? 'nobody');
} catch (Throwable $e) {
    echo 'error=', get_class($e), ': ', $e->getMessage();
}
