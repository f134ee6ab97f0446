"""The Laravel integration (bindings/php/src/Laravel) in examples/frameworks/laravel,
on Debian's Laravel 8.83 behind `php artisan serve`: the token endpoint's contract.
"""

from endpoint_contract import EndpointContract


class TestLaravel(EndpointContract):
    example = "laravel"
    key_error = "InvalidSigningKeyException"
