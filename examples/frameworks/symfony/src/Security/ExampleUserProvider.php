<?php

declare(strict_types=1);

namespace App\Security;

use Symfony\Component\Security\Core\Exception\UnsupportedUserException;
use Symfony\Component\Security\Core\User\UserInterface;
use Symfony\Component\Security\Core\User\UserProviderInterface;
use Symfony\Component\Uid\Uuid;

/**
 * FOR THE EXAMPLE ONLY: every name is a user. Two accounts have the key types a Doctrine
 * entity gives them (a Uuid, an integer); any other name is its own id.
 *
 * @implements UserProviderInterface<ExampleUser>
 */
final class ExampleUserProvider implements UserProviderInterface
{
    public function loadUserByIdentifier(string $identifier): ExampleUser
    {
        $id = match ($identifier) {
            'uuid-keyed' => Uuid::fromString('3f2c8b1e-9a4d-4c6b-8e7f-0a1b2c3d4e5f'),
            'integer-keyed' => 4711,
            default => $identifier,
        };
        return new ExampleUser($identifier, $id);
    }

    public function loadUserByUsername(string $username): ExampleUser
    {
        return $this->loadUserByIdentifier($username);
    }

    public function refreshUser(UserInterface $user): ExampleUser
    {
        if (!$user instanceof ExampleUser) {
            throw new UnsupportedUserException($user::class);
        }
        return $this->loadUserByIdentifier($user->getUserIdentifier());
    }

    public function supportsClass(string $class): bool
    {
        return $class === ExampleUser::class;
    }
}
