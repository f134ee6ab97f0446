<?php
// The README's snippet on whichever backend loads: prints the token for
// 'fallback', then the backend that minted it ('ffi' or 'openssl').
require 'vendor/autoload.php';

use Engagespot\EngagespotClient;

$engagespot = new EngagespotClient([
    'apiKey' => 'demo-api-key',
    'apiSecret' => 's',
    'signingKey' => getenv('ENGAGESPOT_PRIVATE_SIGNING_KEY'),
]);
echo $engagespot->generateUserToken('fallback'), "\n", EngagespotClient::backend(), "\n";
