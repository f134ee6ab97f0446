<?php

declare(strict_types=1);

namespace Engagespot\Laravel;

use Closure;
use Illuminate\Http\Request;

/**
 * Marks the request as wanting JSON, ahead of `auth`, so that an anonymous request
 * gets Laravel's 401 JSON answer rather than a redirect to the login page: the
 * page's fetch() would otherwise follow the redirect and read HTML as a token.
 */
final class RespondWithJson
{
    /** Sets `Accept: application/json` and passes the request on. */
    public function handle(Request $request, Closure $next): mixed
    {
        $request->headers->set('Accept', 'application/json');
        return $next($request);
    }
}
