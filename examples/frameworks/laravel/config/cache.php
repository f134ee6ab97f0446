<?php

// Artisan's commands need a cache store; the example keeps nothing.
return [
    'default' => 'array',
    'stores' => ['array' => ['driver' => 'array']],
];
