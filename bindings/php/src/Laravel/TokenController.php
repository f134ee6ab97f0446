<?php

declare(strict_types=1);

namespace Engagespot\Laravel;

use Engagespot\EngagespotClient;
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
        $user = $request->user();
        if ($user === null) {
            throw new HttpException(401, 'Unauthenticated.');
        }
        $token = $engagespot->generateUserToken($user->getAuthIdentifier());
        return new JsonResponse(
            ['token' => $token, 'expiresAt' => self::expiresAt($token)],
            200,
            // The token is a credential: no browser or proxy may keep a copy.
            ['Cache-Control' => 'no-store, private'],
        );
    }

    /** The `exp` the library put in the token, so that the page refreshes by the token's own clock. */
    private static function expiresAt(string $token): int
    {
        $payload = explode('.', $token)[1];
        return json_decode(base64_decode(strtr($payload, '-_', '+/')), true, 4, JSON_THROW_ON_ERROR)['exp'];
    }
}
