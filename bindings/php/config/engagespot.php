<?php

// Engagespot secure mode, for the Laravel integration of engagespot/engagespot-token.
// Publish with `php artisan vendor:publish --tag=engagespot-config`. The client is
// built from these when the application boots, so a missing or rejected key fails
// there, with the library's own error, not at the first token request.

return [
    // The API key shown in the Engagespot console; it goes into every token.
    'api_key' => env('ENGAGESPOT_API_KEY'),

    // Accepted for parity with the official SDK; never put in a token.
    'api_secret' => env('ENGAGESPOT_API_SECRET'),

    // The RSA private key from the console: PEM text, or file:///absolute/path.pem.
    'signing_key' => env('ENGAGESPOT_PRIVATE_SIGNING_KEY'),
];
