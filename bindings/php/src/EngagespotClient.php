<?php

declare(strict_types=1);

namespace Engagespot;

use Engagespot\Exception\EngagespotTokenException;
use Engagespot\Exception\InvalidArgumentException;
use Engagespot\Exception\InvalidSigningKeyException;
use Engagespot\Exception\LibraryException;

/**
 * A drop-in for the official SDK's token call:
 *
 *     $engagespot = new EngagespotClient(['apiKey' => $apiKey, 'apiSecret' => $apiSecret, 'signingKey' => $signingKey]);
 *     $token = $engagespot->generateUserToken($userIdentifier);
 *
 * The key is parsed when the client is built (or reused from the library's
 * process-wide cache), so a bad key throws here. All rules and messages come
 * from the native core; this class adapts PHP calling conventions only.
 */
final class EngagespotClient
{
    private \FFI $ffi;
    private ?\FFI\CData $client = null;

    /**
     * @param array{apiKey?: string, apiSecret?: string|null, signingKey?: string|null} $config
     *        `signingKey` defaults to the environment variable ENGAGESPOT_PRIVATE_SIGNING_KEY.
     * @throws InvalidArgumentException for a missing API key or a rejected signing key
     * @throws LibraryException when the native library cannot be loaded
     */
    public function __construct(array $config)
    {
        $this->ffi = Library::ffi();
        $env = getenv('ENGAGESPOT_PRIVATE_SIGNING_KEY');
        $client = $this->ffi->es_client_new(
            self::stringOption($config, 'apiKey'),
            self::stringOption($config, 'apiSecret'),
            self::stringOption($config, 'signingKey') ?? ($env === false ? null : $env),
        );
        if ($client === null) {
            throw $this->lastError();
        }
        $this->client = $client;
    }

    /**
     * Mints a token: `sub` = "user:$userIdentifier", `iat` now, `exp` one hour later.
     *
     * @param array{expiresIn?: int|null, issuedAt?: int, jti?: bool} $options
     *        `expiresIn` seconds (null: no `exp`), `issuedAt` unix seconds, `jti` adds a random id.
     * @throws InvalidArgumentException for an empty, too long or invalid identifier or bad options
     */
    public function generateUserToken(string $userIdentifier, array $options = []): string
    {
        $native = $this->ffi->es_token_options_default();
        if (array_key_exists('expiresIn', $options)) {
            $native->include_exp = $options['expiresIn'] === null ? 0 : 1;
            $native->expires_in = self::intOption($options, 'expiresIn') ?? 0;
        }
        if (isset($options['issuedAt'])) {
            $native->use_issued_at = 1;
            $native->issued_at = self::intOption($options, 'issuedAt');
        }
        if (isset($options['jti'])) {
            $native->include_jti = self::boolOption($options, 'jti') ? 1 : 0;
        }
        // With its length, so that an identifier holding a NUL byte is rejected, not cut short.
        $token = $this->ffi->es_generate_user_token_len($this->client, $userIdentifier, strlen($userIdentifier), \FFI::addr($native));
        if ($token === null) {
            throw $this->lastError();
        }
        try {
            return \FFI::string($token);
        } finally {
            $this->ffi->es_free_string($token);
        }
    }

    /** Frees the native client; its API secret is zeroized. */
    public function __destruct()
    {
        if ($this->client !== null) {
            $this->ffi->es_client_free($this->client);
            $this->client = null;
        }
    }

    /** The core's error for the last failed call, as the matching exception. */
    private function lastError(): EngagespotTokenException
    {
        $code = (int) $this->ffi->es_last_error_code();
        $message = $this->ffi->es_last_error_message();
        $name = $this->ffi->es_last_error_name();
        // Code ranges are part of the C ABI: 1-19 arguments, 20-39 keys, 40+ library.
        return match (true) {
            $code >= 20 && $code < 40 => new InvalidSigningKeyException($message, $code, $name),
            $code >= 1 && $code < 20 => new InvalidArgumentException($message, $code, $name),
            default => new LibraryException($message, $code, $name),
        };
    }

    private static function stringOption(array $options, string $name): ?string
    {
        $value = $options[$name] ?? null;
        if ($value !== null && !is_string($value)) {
            throw new \TypeError("$name must be a string, " . get_debug_type($value) . ' given');
        }
        return $value;
    }

    private static function intOption(array $options, string $name): ?int
    {
        $value = $options[$name] ?? null;
        if ($value !== null && !is_int($value)) {
            throw new \TypeError("$name must be an int, " . get_debug_type($value) . ' given');
        }
        return $value;
    }

    private static function boolOption(array $options, string $name): bool
    {
        if (!is_bool($options[$name])) {
            throw new \TypeError("$name must be a bool, " . get_debug_type($options[$name]) . ' given');
        }
        return $options[$name];
    }
}
