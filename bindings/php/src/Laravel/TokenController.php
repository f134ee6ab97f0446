<?php

declare(strict_types=1);

namespace Engagespot\Laravel;

use Engagespot\EngagespotClient;
use Engagespot\TokenEndpoint;
use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use Symfony\Component\HttpKernel\Exception\HttpException;

/**
 * GET the signed-in user's token: `{"token": "...", "expiresAt": <the token's exp>}`,
 * never cached. The user is the auth guard's: nothing in the query, body or headers
 * can name another one. Route::engagespotToken() puts it behind `auth`.
 */
final class TokenController
{
    /** The token of `$request->user()`; 401 when there is none (a route without `auth`). */
    public function __invoke(Request $request, EngagespotClient $engagespot): JsonResponse
    {
        // The guard's id as it is (int or string), or an id object (a ramsey/uuid cast) as its text.
        $id = TokenEndpoint::userId($request->user()?->getAuthIdentifier());
        if ($id === null) {
            throw new HttpException(401, 'Unauthenticated.');
        }
        return new JsonResponse(TokenEndpoint::body($engagespot, $id), 200, TokenEndpoint::NO_STORE);
    }
}
