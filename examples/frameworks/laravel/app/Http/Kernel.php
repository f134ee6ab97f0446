<?php

declare(strict_types=1);

namespace App\Http;

use Illuminate\Foundation\Http\Kernel as HttpKernel;

/** The example's HTTP middleware: only `auth`, since it keeps no session (HTTP Basic on every request). */
final class Kernel extends HttpKernel
{
    /** @var array<string, class-string> */
    protected $routeMiddleware = [
        'auth' => \Illuminate\Auth\Middleware\Authenticate::class,
    ];
}
