<?php

declare(strict_types=1);

namespace Engagespot\Laravel;

use Engagespot\EngagespotClient;
use Illuminate\Console\Events\CommandStarting;
use Illuminate\Routing\Route;
use Illuminate\Routing\Router;
use Illuminate\Support\ServiceProvider;

/**
 * The Laravel integration, discovered through composer.json's `extra.laravel.providers`:
 * the `engagespot` config (publishable with the tag `engagespot-config`), one
 * EngagespotClient for the whole application (also the `Engagespot` facade), and the
 * `Route::engagespotToken()` macro for the token endpoint.
 *
 * The client is built when the application boots, so a missing or rejected key
 * throws the library's own exception (for a missing signing key it names the
 * environment variable) at boot: on every HTTP request under php-fpm, whatever its
 * route, and when an Artisan command such as `serve` or `queue:work` starts. Only
 * the commands that set the package up run without a key.
 *
 * Nothing outside this namespace refers to Laravel: Composer loads these classes
 * only when Laravel asks for them, so the library itself requires no illuminate/*.
 */
final class EngagespotServiceProvider extends ServiceProvider
{
    /** The container alias (and facade accessor) of the shared client. */
    public const ALIAS = 'engagespot';

    /** The vendor:publish tag of the config file. */
    public const CONFIG_TAG = 'engagespot-config';

    /**
     * Artisan commands that must run before the key is configured: Composer runs
     * package:discover while installing the package, and vendor:publish writes the
     * config that the key then goes into.
     */
    private const SETUP_COMMANDS = ['package:discover', 'vendor:publish'];

    /** Merges the package config and binds the client as a singleton. */
    public function register(): void
    {
        $this->mergeConfigFrom(self::configFile(), 'engagespot');
        $this->app->singleton(EngagespotClient::class, static fn ($app): EngagespotClient => new EngagespotClient([
            'apiKey' => $app['config']->get('engagespot.api_key'),
            'apiSecret' => $app['config']->get('engagespot.api_secret'),
            'signingKey' => $app['config']->get('engagespot.signing_key'),
        ]));
        $this->app->alias(EngagespotClient::class, self::ALIAS);
    }

    /** Publishes the config, adds the route macro, and builds the client (see the class comment). */
    public function boot(Router $router): void
    {
        $this->publishes([self::configFile() => $this->app->configPath('engagespot.php')], self::CONFIG_TAG);

        /*
         * Route::engagespotToken('engagespot/token', $guard = null): GET, behind `auth`
         * (or `auth:$guard`), named `engagespot.token`. The user is the guard's; the
         * request carries no identity of its own.
         */
        $router->macro('engagespotToken', function (string $uri = 'engagespot/token', ?string $guard = null): Route {
            /** @var Router $this */
            return $this->get($uri, TokenController::class)
                ->middleware([RespondWithJson::class, $guard === null ? 'auth' : "auth:$guard"])
                ->name('engagespot.token');
        });

        if (!$this->app->runningInConsole()) {
            $this->app->make(EngagespotClient::class);
            return;
        }
        $this->app['events']->listen(CommandStarting::class, function (CommandStarting $event): void {
            if (!in_array($event->command, self::SETUP_COMMANDS, true)) {
                $this->app->make(EngagespotClient::class);
            }
        });
    }

    private static function configFile(): string
    {
        return dirname(__DIR__, 2) . '/config/engagespot.php';
    }
}
