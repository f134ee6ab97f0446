<?php

declare(strict_types=1);

namespace App;

use Symfony\Bundle\FrameworkBundle\Kernel\MicroKernelTrait;
use Symfony\Component\HttpKernel\Kernel as BaseKernel;

/**
 * The example's kernel: bundles from config/bundles.php, configuration from config/packages
 * and config/services.yaml, routes from config/routes.yaml (MicroKernelTrait's defaults).
 */
final class Kernel extends BaseKernel
{
    use MicroKernelTrait;

    /**
     * One cache per state of the sources ($EXAMPLE_CACHE_KEY, set by `run`), so that a
     * changed bundle or config gets a fresh container without clearing a cache in use.
     */
    public function getCacheDir(): string
    {
        return $this->getProjectDir() . '/var/cache/' . $this->environment . '-' . ($_SERVER['EXAMPLE_CACHE_KEY'] ?? 'dev');
    }
}
