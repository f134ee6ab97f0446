<?php

declare(strict_types=1);

namespace Engagespot\Symfony;

use Engagespot\EngagespotClient;
use Engagespot\TokenEndpoint;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\Security\Core\Authentication\Token\Storage\TokenStorageInterface;
use Symfony\Component\Security\Core\User\UserInterface;

/**
 * GET the current user's token: `{"token": "...", "expiresAt": <the token's exp>}`, never
 * cached; 401 when no one is signed in. The user is Security's (the firewall's token):
 * nothing in the query, body, headers or cookies can name another one.
 */
final class TokenController
{
    /**
     * @param string|null $userIdMethod the user's method that gives its id; null: getId() when the
     *        user class has one (a Doctrine entity's int, string or Uid key), else getUserIdentifier()
     */
    public function __construct(
        private readonly EngagespotClient $client,
        private readonly TokenStorageInterface $tokenStorage,
        private readonly ?string $userIdMethod = null,
    ) {
    }

    /** The answer for the current user, or 401. */
    public function __invoke(): JsonResponse
    {
        $user = $this->tokenStorage->getToken()?->getUser();
        $id = $user instanceof UserInterface ? TokenEndpoint::userId($this->userId($user)) : null;
        if ($id === null) {
            return new JsonResponse(TokenEndpoint::ANONYMOUS_BODY, 401, TokenEndpoint::NO_STORE);
        }
        return new JsonResponse(TokenEndpoint::body($this->client, $id), 200, TokenEndpoint::NO_STORE);
    }

    /** The user's id by `user_id_method` (see the constructor). */
    private function userId(UserInterface $user): mixed
    {
        $method = $this->userIdMethod ?? (method_exists($user, 'getId') ? 'getId' : 'getUserIdentifier');
        return $user->{$method}();
    }
}
