<?php

declare(strict_types=1);

namespace Engagespot\Symfony;

use Engagespot\Exception\EngagespotTokenException;
use Engagespot\Symfony\DependencyInjection\EngagespotTokenExtension;
use Symfony\Component\DependencyInjection\Extension\ExtensionInterface;
use Symfony\Component\HttpKernel\Bundle\Bundle;

/**
 * The Symfony integration (Symfony 5.4, as Debian ships it): the `engagespot_token:`
 * configuration, the client as a service (`Engagespot\EngagespotClient`, autowirable), and
 * GET /engagespot/token for Security's current user (import Resources/config/routes.php).
 *
 * On a web request the client is built when the kernel boots, so a missing or rejected key
 * fails every request, whatever its route, with the library's own exception. The console
 * builds it only when asked: `bin/console engagespot:check` (run it at deploy and before
 * serving), so that cache:clear and friends run without secrets.
 */
final class EngagespotTokenBundle extends Bundle
{
    /**
     * Builds the client on web requests (see the class comment). A rejected configuration is
     * also written to PHP's error log (its class and message, never the key): the kernel fails
     * before any logger or error page of the app could say why.
     */
    public function boot(): void
    {
        if (PHP_SAPI === 'cli' || $this->container === null) {
            return;
        }
        try {
            $this->container->get(EngagespotTokenExtension::CLIENT);
        } catch (EngagespotTokenException $error) {
            error_log(sprintf('engagespot_token: %s: %s', $error::class, $error->getMessage()));
            throw $error;
        }
    }

    /** The extension under the alias `engagespot_token`. */
    public function getContainerExtension(): ExtensionInterface
    {
        return new EngagespotTokenExtension();
    }
}
