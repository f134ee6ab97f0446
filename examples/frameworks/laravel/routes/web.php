<?php

declare(strict_types=1);

use Illuminate\Support\Facades\Route;

// GET /engagespot/token, behind `auth`: the signed-in user's token.
Route::engagespotToken();

Route::get('/', static fn () => 'engagespot-token Laravel example: GET /engagespot/token with HTTP Basic auth');
