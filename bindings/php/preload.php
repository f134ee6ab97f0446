<?php

/**
 * opcache.preload script for php-fpm. Under the default `ffi.enable=preload`
 * only preloaded code may call the FFI API, so this compiles the package's
 * classes at server start. The library itself comes from `ffi.preload` (see
 * bin/engagespot-token-preload-header): FFI::load cannot be used here, since
 * php-fpm's master runs as root and so needs opcache.preload_user.
 */

declare(strict_types=1);

foreach (['Exception/EngagespotTokenException', 'Exception/CarriesErrorName', 'Exception/InvalidArgumentException', 'Exception/InvalidSigningKeyException',
          'Exception/LibraryException', 'Exception/TypeError', 'Catalogue', 'OpensslBackend', 'Library', 'EngagespotClient'] as $class) {
    opcache_compile_file(__DIR__ . "/src/$class.php");
}
