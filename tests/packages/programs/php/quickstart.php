<?php
// The README's PHP snippet, with require 'vendor/autoload.php': prints the
// token for 'identifier' and, on a second line, the library that was loaded.
require 'vendor/autoload.php';

use Engagespot\EngagespotClient;

$apiKey = 'demo-api-key';
$apiSecret = 'demo-secret';
$signingKey = getenv('ENGAGESPOT_PRIVATE_SIGNING_KEY');
$userIdentifier = 'identifier';

$engagespot = new EngagespotClient([
    'apiKey' => $apiKey,
    'apiSecret' => $apiSecret,
    'signingKey' => $signingKey,
]);
$token = $engagespot->generateUserToken($userIdentifier);

echo $token, "\n", Engagespot\Library::findLibrary(), "\n";
