<?php

// GET /engagespot/token, for the Symfony integration of engagespot/engagespot-token. Import it
// from config/routes.yaml:
//
//     engagespot_token:
//         resource: '@EngagespotTokenBundle/Resources/config/routes.php'
//
// The route belongs behind the app's firewall, as every page of a signed-in user does.

declare(strict_types=1);

use Engagespot\Symfony\TokenController;
use Symfony\Component\Routing\Loader\Configurator\RoutingConfigurator;

return static function (RoutingConfigurator $routes): void {
    $routes->add('engagespot_token', '/engagespot/token')->controller(TokenController::class)->methods(['GET']);
};
