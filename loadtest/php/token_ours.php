<?php

/**
 * GET /token?user=<id> with this package: the docs' snippet, a new client per
 * request. The classes and the library come from the README's php-fpm preload
 * recipe; the key file is named by the pool's env (scripts/loadtest rotates it).
 */

declare(strict_types=1);

use Engagespot\EngagespotClient;

$user = $_GET['user'] ?? '';
if (!is_string($user) || $user === '') {
    http_response_code(400);
    exit;
}
$engagespot = new EngagespotClient([
    'apiKey' => getenv('LOADTEST_API_KEY'),
    'apiSecret' => getenv('LOADTEST_API_SECRET'),
    'signingKey' => file_get_contents(getenv('LOADTEST_KEY_FILE')),
]);
header('Content-Type: application/json');
echo json_encode(['token' => $engagespot->generateUserToken($user)]);
