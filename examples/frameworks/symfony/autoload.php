<?php

// The app's class loading. Symfony 5.4 comes from Debian's php-symfony-* packages
// (/usr/share/php), since Packagist is out of reach here; engagespot-token and this app's
// classes come from Composer's vendor/ (the package is the repo's bindings/php, through a
// path repository).

declare(strict_types=1);

foreach (['Bundle/FrameworkBundle', 'Bundle/SecurityBundle', 'Component/Yaml', 'Component/Uid', 'Component/Console'] as $part) {
    require "/usr/share/php/Symfony/$part/autoload.php";
}
require __DIR__ . '/vendor/autoload.php';
