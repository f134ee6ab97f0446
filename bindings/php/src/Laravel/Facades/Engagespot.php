<?php

declare(strict_types=1);

namespace Engagespot\Laravel\Facades;

use Engagespot\Laravel\EngagespotServiceProvider;
use Illuminate\Support\Facades\Facade;

/**
 * The application's EngagespotClient: `Engagespot::generateUserToken($user->id)`.
 *
 * @method static string generateUserToken(int|string $userIdentifier, array $options = [])
 */
final class Engagespot extends Facade
{
    /** The container alias the service provider binds the client under. */
    protected static function getFacadeAccessor(): string
    {
        return EngagespotServiceProvider::ALIAS;
    }
}
