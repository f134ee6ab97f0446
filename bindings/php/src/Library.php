<?php

declare(strict_types=1);

namespace Engagespot;

use Engagespot\Exception\LibraryException;

/**
 * Finds and loads the native library, or chooses the ext-openssl fallback
 * (OpensslBackend) where FFI cannot be used. On the command line it uses
 * FFI::cdef; under php-fpm, where the default `ffi.enable=preload` forbids
 * that, it uses the scope that `ffi.preload` registered at server start.
 * Load failures are LibraryExceptions named ERR_ENGAGESPOT_TOKEN_LOAD (code 0):
 * the core is not loaded yet, so they are not the core's ES_ errors.
 */
final class Library
{
    /** The FFI scope name that the ffi.preload header registers. */
    public const SCOPE = 'ENGAGESPOT_TOKEN';

    /** This package's version; the native library must report the same (tests/version.rs checks it). */
    public const VERSION = '0.1.0';

    /** The error name of every failure to find or load the library. */
    public const LOAD_ERROR = 'ERR_ENGAGESPOT_TOKEN_LOAD';

    private const LIBRARY_FILE = PHP_OS_FAMILY === 'Darwin' ? 'libengagespot_token.dylib'
        : (PHP_OS_FAMILY === 'Windows' ? 'engagespot_token.dll' : 'libengagespot_token.so');

    /**
     * The platforms the Composer package bundles a library for: the folder
     * under lib/ (see platform()) and the library's file name in it.
     */
    public const BUNDLED = [
        'linux-x86_64' => 'libengagespot_token.so',
        'linux-aarch64' => 'libengagespot_token.so',
        'linux-musl-x86_64' => 'libengagespot_token.so',
        'linux-musl-aarch64' => 'libengagespot_token.so',
        'darwin-x86_64' => 'libengagespot_token.dylib',
        'darwin-aarch64' => 'libengagespot_token.dylib',
        'windows-x86_64' => 'engagespot_token.dll',
    ];
    private const HEADER_FILE = 'engagespot_token_ffi.h';

    /**
     * Set to `native` to make the fallback an error, or to `fallback` to use it even where FFI works: the
     * core's words, the same in every language (Catalogue::BACKENDS; the former `ffi` and `openssl` still work).
     */
    public const BACKEND_VARIABLE = Catalogue::BACKEND_VARIABLE;

    private static ?\FFI $ffi = null;
    private static ?string $backend = null;

    /**
     * The backend this process mints with: 'ffi' (the native core) or
     * 'openssl' (the pure-PHP fallback), chosen on first use. The fallback is
     * taken when the library cannot be loaded, and announced once through
     * error_log(); $ENGAGESPOT_TOKEN_BACKEND=native makes it a LibraryException
     * instead, =fallback forces it; any other value is a LibraryException with
     * the core's message naming the accepted values.
     *
     * @throws LibraryException when the chosen backend cannot be used
     */
    public static function backend(): string
    {
        if (self::$backend !== null) {
            return self::$backend;
        }
        $value = (string) getenv(self::BACKEND_VARIABLE);
        $wanted = $value === '' ? '' : (Catalogue::BACKENDS[$value] ?? null);
        if ($wanted === null) {
            $quoted = json_encode($value, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);
            throw self::error(strtr(Catalogue::UNKNOWN_BACKEND, ['{quoted}' => $quoted]));
        }
        if ($wanted === 'fallback') {
            self::requireOpenssl('');
            return self::$backend = 'openssl';
        }
        try {
            self::ffi();
            return self::$backend = 'ffi';
        } catch (LibraryException $e) {
            $reason = substr($e->getMessage(), strlen('engagespot-token: '));
            if ($wanted === 'native') {
                throw self::error("$reason (" . self::BACKEND_VARIABLE . "=$value forbids the ext-openssl fallback)");
            }
            self::requireOpenssl("; FFI cannot be used either: $reason");
            self::announce($reason);
            return self::$backend = 'openssl';
        }
    }

    private static function requireOpenssl(string $why): void
    {
        if (!extension_loaded('openssl')) {
            throw self::error("the openssl extension, which the fallback signs with, is not loaded$why");
        }
    }

    /**
     * Says once where the fallback is in use and how to turn the fast path on.
     * error_log(), not trigger_error(): frameworks (Laravel, Symfony in debug)
     * turn notices into exceptions, and the fallback must never be one. It
     * reaches the log PHP errors go to: the error_log file, stderr on the
     * command line, and under php-fpm the web server's error log ("FastCGI
     * sent in stderr"). Under a server SAPI, where statics last one request,
     * an exclusive marker file per server (named after the master's pid, or
     * the worker's without ext-posix) keeps it to once.
     */
    private static function announce(string $reason): void
    {
        if (PHP_SAPI !== 'cli') {
            $server = function_exists('posix_getppid') ? posix_getppid() : getmypid();
            $marker = sys_get_temp_dir() . '/engagespot-token-openssl-' . md5(PHP_SAPI . "|$server|" . __FILE__);
            $file = @fopen($marker, 'x');
            if ($file === false) {
                return; // announced by this server already
            }
            fclose($file);
        }
        error_log("engagespot-token: minting with the ext-openssl fallback (the same tokens, two to three times slower per "
            . "php-fpm request than the native library), because FFI cannot be used: $reason. Set "
            . self::BACKEND_VARIABLE . '=ffi to make this an error instead; see README, "PHP: the FFI backend and '
            . 'the openssl fallback".');
    }

    /** The loaded library, loading it on first use. */
    public static function ffi(): \FFI
    {
        if (self::$ffi !== null) {
            return self::$ffi;
        }
        if (!extension_loaded('ffi')) {
            throw self::error('the FFI extension is not loaded: install or enable ext-ffi (extension=ffi in php.ini)');
        }
        try {
            return self::$ffi = self::checkVersion(\FFI::scope(self::SCOPE), 'the ffi.preload library');
        } catch (\FFI\Exception) {
            // No ffi.preload scope (or this code is not preloaded): try FFI::cdef.
        }
        $library = self::findLibrary();
        try {
            $ffi = \FFI::cdef(self::declarations($library), $library);
        } catch (\FFI\Exception $e) {
            if (PHP_SAPI !== 'cli' && ini_get('ffi.enable') === 'preload') {
                throw self::error('ffi.enable=preload allows FFI only in preloaded code: write the header with '
                    . dirname(__DIR__) . '/bin/engagespot-token-preload-header /etc/php/engagespot_token.h, then add '
                    . 'ffi.preload=/etc/php/engagespot_token.h, opcache.preload=' . dirname(__DIR__) . '/preload.php '
                    . 'and opcache.preload_user=www-data to php.ini (see README, "php-fpm")');
            }
            if (!filter_var(ini_get('ffi.enable'), FILTER_VALIDATE_BOOL) && ini_get('ffi.enable') !== 'preload') {
                throw self::error('ffi.enable=' . ini_get('ffi.enable') . ' forbids FFI: set ffi.enable=true in php.ini '
                    . '(or keep ffi.enable=preload under php-fpm and add the preload recipe, README "php-fpm")');
            }
            throw self::error("cannot load $library: " . $e->getMessage());
        }
        return self::$ffi = self::checkVersion($ffi, $library);
    }

    /** Refuses a library of another version than this package: its ABI may differ. */
    private static function checkVersion(\FFI $ffi, string $library): \FFI
    {
        $version = $ffi->es_version();
        $version = is_string($version) ? $version : \FFI::string($version);
        if ($version !== self::VERSION) {
            throw self::error("$library is version $version, but this package is version " . self::VERSION
                . '; install the library of the same version, or point ENGAGESPOT_TOKEN_LIB at it');
        }
        return $ffi;
    }

    /**
     * The declarations with FFI_SCOPE and an absolute FFI_LIB, for php.ini's
     * `ffi.preload`: php-fpm loads them once at start, before its workers fork,
     * and the class then finds the scope. bin/engagespot-token-preload-header
     * writes this to a file.
     */
    public static function preloadHeader(): string
    {
        $library = self::findLibrary();
        return '#define FFI_SCOPE "' . self::SCOPE . "\"\n#define FFI_LIB \"$library\"\n" . self::declarations($library);
    }

    /**
     * The library path: $ENGAGESPOT_TOKEN_LIB if set, else the one bundled in
     * the Composer package for this machine (lib/<platform()>/, e.g.
     * lib/linux-musl-x86_64/), else an in-tree release build, else the system
     * library directories. The error names this machine's platform and lists
     * every place that was tried.
     */
    public static function findLibrary(): string
    {
        $override = getenv('ENGAGESPOT_TOKEN_LIB');
        $platform = self::platform(PHP_OS_FAMILY, php_uname('m'), self::isMusl());
        $candidates = $override !== false && $override !== ''
            ? [$override]
            : [
                dirname(__DIR__) . "/lib/$platform/" . (self::BUNDLED[$platform] ?? self::LIBRARY_FILE),
                dirname(__DIR__, 3) . '/target/release/' . self::LIBRARY_FILE,
                '/usr/local/lib/' . self::LIBRARY_FILE,
                '/usr/lib/' . self::LIBRARY_FILE,
                '/usr/lib/' . php_uname('m') . '-linux-gnu/' . self::LIBRARY_FILE,
                '/opt/homebrew/lib/' . self::LIBRARY_FILE,
            ];
        foreach ($candidates as $candidate) {
            if (is_file($candidate)) {
                return realpath($candidate);
            }
        }
        $bundled = isset(self::BUNDLED[$platform])
            ? "The Composer package bundles it for $platform (is lib/$platform/ missing from vendor/?)"
            : "The Composer package has no library for this machine ($platform); it bundles one for "
                . implode(', ', array_keys(self::BUNDLED));
        throw self::error('the native library ' . self::LIBRARY_FILE . ' was not found; looked in: '
            . implode(', ', $candidates) . ". $bundled. Elsewhere build it "
            . 'with `cargo build --release` in the repository, install it with scripts/install, '
            . 'or set ENGAGESPOT_TOKEN_LIB to its path');
    }

    /**
     * The platform's folder name under lib/: os family, then "-musl" on a musl
     * Linux, then the machine as x86_64 or aarch64, e.g. darwin-aarch64,
     * linux-musl-x86_64, windows-x86_64 (Windows says AMD64, macOS arm64).
     */
    public static function platform(string $osFamily, string $machine, bool $musl): string
    {
        $arch = match (strtolower($machine)) {
            'amd64', 'x64' => 'x86_64',
            'arm64' => 'aarch64',
            default => strtolower($machine),
        };
        return strtolower($osFamily) . ($musl ? '-musl' : '') . "-$arch";
    }

    /** Whether this PHP runs on musl (Alpine): musl's loader is mapped into the process. */
    private static function isMusl(): bool
    {
        if (PHP_OS_FAMILY !== 'Linux') {
            return false;
        }
        $maps = @file_get_contents('/proc/self/maps');
        return is_string($maps) && str_contains($maps, '/ld-musl-');
    }

    /** The C declarations: the Composer package's copy, the in-tree one, or the one installed beside the library. */
    private static function declarations(string $library): string
    {
        $candidates = [
            dirname(__DIR__) . '/include/' . self::HEADER_FILE,
            dirname(__DIR__, 3) . '/include/' . self::HEADER_FILE,
            dirname($library, 2) . '/include/' . self::HEADER_FILE,
        ];
        foreach ($candidates as $candidate) {
            if (is_file($candidate)) {
                return file_get_contents($candidate);
            }
        }
        throw self::error('the header ' . self::HEADER_FILE . ' was not found; looked in: ' . implode(', ', $candidates));
    }

    private static function error(string $message): LibraryException
    {
        return new LibraryException("engagespot-token: $message", 0, self::LOAD_ERROR);
    }
}
