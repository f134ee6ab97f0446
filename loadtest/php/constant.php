<?php

/**
 * The php-fpm stack's ceiling: the token endpoint's request handling with a
 * constant answer and no signing.
 */

declare(strict_types=1);

$user = $_GET['user'] ?? '';
if (!is_string($user) || $user === '') {
    http_response_code(400);
    exit;
}
header('Content-Type: application/json');
echo json_encode(['token' => 'constant']);
