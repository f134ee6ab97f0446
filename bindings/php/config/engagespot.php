<?php

// Engagespot secure mode, for the Laravel integration of engagespot/engagespot-token.
// Publish with `php artisan vendor:publish --tag=engagespot-config`. The client is
// built from these when the application boots, so a missing or rejected key fails
// there, with the library's own error, not at the first token request. The
// variables' names are the library's (Engagespot\Catalogue, generated from the core).

use Engagespot\Catalogue;

return [
    // The API key shown in the Engagespot console ($ENGAGESPOT_API_KEY); it goes into every token.
    'api_key' => env(Catalogue::API_KEY_VARIABLE),

    // Accepted for parity with the official SDK ($ENGAGESPOT_API_SECRET); never put in a token.
    'api_secret' => env(Catalogue::API_SECRET_VARIABLE),

    // The RSA private key from the console ($ENGAGESPOT_PRIVATE_SIGNING_KEY): PEM text, or
    // file:///absolute/path.pem.
    'signing_key' => env(Catalogue::SIGNING_KEY_VARIABLE),
];
