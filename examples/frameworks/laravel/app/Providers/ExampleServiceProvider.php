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
    /** Adds the guard and loads routes/web.php once every provider has booted. */
    public function boot(): void
    {
        Auth::viaRequest('example-basic', static function (Request $request): ?GenericUser {
            $id = $request->getUser();
            return $id === null || $id === '' ? null : new GenericUser(['id' => $id]);
        });
        $this->app->booted(fn () => Route::group([], base_path('routes/web.php')));
    }
}
