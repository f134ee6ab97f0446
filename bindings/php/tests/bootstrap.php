<?php

// PSR-4 autoloading for Engagespot\ without Composer (Packagist is out of reach here).
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'Engagespot\\')) {
        require dirname(__DIR__) . '/src/' . str_replace('\\', '/', substr($class, strlen('Engagespot\\'))) . '.php';
    }
});
