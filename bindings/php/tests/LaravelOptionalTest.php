<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

/**
 * The Laravel integration is optional: the package requires no Laravel, and only
 * the classes under src/Laravel/ (which Composer loads when Laravel asks for
 * them) name Illuminate. tests/frameworks/test_laravel.py runs it under Laravel.
 */
final class LaravelOptionalTest extends TestCase
{
    private const PACKAGE = __DIR__ . '/..';

    public function testComposerJsonRequiresNoLaravelPackage(): void
    {
        $composer = json_decode(file_get_contents(self::PACKAGE . '/composer.json'), true, 512, JSON_THROW_ON_ERROR);
        $laravel = preg_grep('~^(illuminate|laravel)/~', array_keys($composer['require']));
        self::assertSame([], array_values($laravel));
        self::assertSame(['Engagespot\\Laravel\\EngagespotServiceProvider'], $composer['extra']['laravel']['providers']);
    }

    public function testOnlyTheLaravelDirectoryNamesIlluminate(): void
    {
        $naming = [];
        $files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator(self::PACKAGE . '/src', FilesystemIterator::SKIP_DOTS));
        foreach ($files as $file) {
            $relative = substr($file->getPathname(), strlen(self::PACKAGE . '/src/'));
            if (!str_starts_with($relative, 'Laravel/') && str_contains(file_get_contents($file->getPathname()), 'Illuminate')) {
                $naming[] = $relative;
            }
        }
        self::assertSame([], $naming);
    }
}
