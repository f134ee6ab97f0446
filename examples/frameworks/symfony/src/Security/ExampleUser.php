<?php

declare(strict_types=1);

namespace App\Security;

use Symfony\Component\Security\Core\User\UserInterface;
use Symfony\Component\Uid\Uuid;

/**
 * A signed-in user known by its name and its id, as a Doctrine entity would be: getId() gives
 * the primary key (an int, a string, or a Symfony Uid), which the bundle mints for.
 */
final class ExampleUser implements UserInterface
{
    public function __construct(private readonly string $name, private readonly Uuid|int|string $id)
    {
    }

    /** The primary key. */
    public function getId(): Uuid|int|string
    {
        return $this->id;
    }

    public function getUserIdentifier(): string
    {
        return $this->name;
    }

    public function getUsername(): string
    {
        return $this->name;
    }

    /** @return list<string> */
    public function getRoles(): array
    {
        return ['ROLE_USER'];
    }

    public function getPassword(): ?string
    {
        return null;
    }

    public function getSalt(): ?string
    {
        return null;
    }

    public function eraseCredentials(): void
    {
    }
}
