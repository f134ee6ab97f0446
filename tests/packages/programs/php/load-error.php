<?php
// Creates a client and prints "<error name> <code>: <message>" of the
// LibraryException it throws, or LOADED.
require 'vendor/autoload.php';

try {
    new Engagespot\EngagespotClient(['apiKey' => 'k']);
    echo "LOADED\n";
} catch (Engagespot\Exception\LibraryException $e) {
    echo $e->getErrorName(), ' ', $e->getCode(), ': ', $e->getMessage(), "\n";
}
