<?php

declare(strict_types=1);

namespace Engagespot;

/**
 * What the framework integrations (Laravel, Symfony) share: the names of the settings they
 * read from the environment, the user id as a framework's user model gives it, and the
 * endpoint's answer. Names no framework: the integrations translate to theirs.
 */
final class TokenEndpoint
{
    /** The environment variable the integrations read the API key from: the core's name. */
    public const API_KEY_VARIABLE = Catalogue::API_KEY_VARIABLE;

    /** The environment variable the integrations read the API secret from (never put in a token): the core's name. */
    public const API_SECRET_VARIABLE = Catalogue::API_SECRET_VARIABLE;

    /** The headers of every answer: a token is a credential, no browser or proxy may keep a copy. */
    public const NO_STORE = ['Cache-Control' => 'no-store, private'];

    /** The answer to an anonymous request (status 401). */
    public const ANONYMOUS_BODY = ['error' => 'not signed in'];

    /**
     * A user model's id as the id to mint for: an int or a string as they are, an id object
     * (Symfony's Uuid and Ulid, ramsey/uuid) as its canonical text, as its column holds it;
     * null or '' for nobody. Any other value is returned unchanged, for the client to refuse
     * with ES_WRONG_TYPE.
     */
    public static function userId(mixed $id): mixed
    {
        if ($id instanceof \Stringable) {
            $id = (string) $id;
        }
        return $id === '' ? null : $id;
    }

    /**
     * The answer for a signed-in user: the token and its `exp`, read back from the token, so
     * that the page refreshes by the token's own clock. `$userId` as userId() gave it: a type
     * the client does not take is its ES_WRONG_TYPE.
     *
     * @return array{token: string, expiresAt: int}
     */
    public static function body(EngagespotClient $client, mixed $userId): array
    {
        $token = $client->generateUserToken($userId);
        $payload = explode('.', $token)[1];
        $claims = json_decode(base64_decode(strtr($payload, '-_', '+/')), true, 4, JSON_THROW_ON_ERROR);
        return ['token' => $token, 'expiresAt' => $claims['exp']];
    }
}
