<?php

// The router script `php artisan serve` gives PHP's built-in server: files under
// public/ as they are, everything else to Laravel.

declare(strict_types=1);

$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
if ($path !== '/' && is_file(__DIR__ . '/public' . $path)) {
    return false;
}
require __DIR__ . '/public/index.php';
