<?php

// The application. Laravel itself comes from Debian's php-laravel-framework
// (/usr/share/php), since Packagist is out of reach here; engagespot-token and
// this app's classes come from Composer's vendor/ (the package is the repo's
// bindings/php, through a path repository).

declare(strict_types=1);

require '/usr/share/php/Illuminate/autoload.php';
require __DIR__ . '/../vendor/autoload.php';

$app = new Illuminate\Foundation\Application(dirname(__DIR__));
$app->singleton(Illuminate\Contracts\Http\Kernel::class, App\Http\Kernel::class);
$app->singleton(Illuminate\Contracts\Console\Kernel::class, Illuminate\Foundation\Console\Kernel::class);
$app->singleton(Illuminate\Contracts\Debug\ExceptionHandler::class, Illuminate\Foundation\Exceptions\Handler::class);
return $app;
