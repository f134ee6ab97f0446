<?php

declare(strict_types=1);

namespace App\Providers;

use Illuminate\Auth\GenericUser;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\Auth;
use Illuminate\Support\Facades\Route;
use Illuminate\Support\ServiceProvider;

/**
 * The example's sign-in and routes. FOR THE EXAMPLE ONLY: the `example-basic` guard
 * signs in whoever HTTP Basic names, with any password, so that a test can play a
 * signed-in user. A real app keeps its own guard (session login, Sanctum...) and
 * the same one-line route; see the README's "Frameworks" section.
 */
final class ExampleServiceProvider extends ServiceProvider
{
    /**
     * Two accounts whose ids have the types Eloquent gives them: a UUID key
     * (HasUuids keeps it as a string) and an integer key. Any other username is its own id.
     */
    private const USER_IDS = ['uuid-keyed' => '3f2c8b1e-9a4d-4c6b-8e7f-0a1b2c3d4e5f', 'integer-keyed' => 4711];

    /** Adds the guard and loads routes/web.php once every provider has booted. */
    public function boot(): void
    {
        Auth::viaRequest('example-basic', static function (Request $request): ?GenericUser {
            $id = $request->getUser();
            return $id === null || $id === '' ? null : new GenericUser(['id' => self::USER_IDS[$id] ?? $id]);
        });
        $this->app->booted(fn () => Route::group([], base_path('routes/web.php')));
    }
}
