<?php

declare(strict_types=1);

/**
 * Plays tests/parity/cases.php through EngagespotClient on the backend this
 * process chose; prints {"backend": ..., "outcomes": {case: outcome}} as JSON.
 * An outcome is ["token", token] or ["error", class, code, name, message].
 */

require dirname(__DIR__) . '/bootstrap.php';

use Engagespot\EngagespotClient;
use Engagespot\Exception\EngagespotTokenException;

putenv('ENGAGESPOT_PRIVATE_SIGNING_KEY'); // no case may fall back to the environment
$outcomes = [];
foreach (require __DIR__ . '/cases.php' as $name => [$config, $identifier, $options]) {
    try {
        $client = isset($config['positional']) ? new EngagespotClient(...$config['positional']) : new EngagespotClient($config);
        $outcomes[$name] = ['token', $client->generateUserToken($identifier, $options)];
    } catch (EngagespotTokenException $e) {
        $outcomes[$name] = ['error', get_class($e), $e->getCode(), $e->getErrorName(), $e->getMessage()];
    }
}
echo json_encode(['backend' => EngagespotClient::backend(), 'outcomes' => $outcomes], JSON_THROW_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE);
