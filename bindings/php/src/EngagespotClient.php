<?php

declare(strict_types=1);

namespace Engagespot;

use Engagespot\Exception\EngagespotTokenException;
use Engagespot\Exception\InvalidArgumentException;
use Engagespot\Exception\InvalidSigningKeyException;
use Engagespot\Exception\LibraryException;
use Engagespot\Exception\TypeError;

/**
 * A drop-in for the official SDK's token call, in both of its constructor forms:
 *
 *     $engagespot = new EngagespotClient(['apiKey' => $apiKey, 'apiSecret' => $apiSecret, 'signingKey' => $signingKey]);
 *     $engagespot = new EngagespotClient($apiKey, $apiSecret, $baseUrl, $signingKey);
 *     $token = $engagespot->generateUserToken($userIdentifier);
 *
 * The key is parsed when the client is built (or reused from the library's
 * process-wide cache), so a bad key throws here. Every rule, message, code and
 * category comes from the native core; this class adapts PHP calling
 * conventions only. Strings cross with their lengths, so a NUL byte is rejected,
 * never cut short.
 *
 * Where FFI cannot be used, the same tokens and errors come from the
 * ext-openssl fallback (OpensslBackend); backend() says which is in use.
 */
final class EngagespotClient
{
    private ?\FFI $ffi = null;
    private ?\FFI\CData $client = null;
    private ?OpensslBackend $fallback = null;

    /**
     * 'ffi' when tokens come from the native library, 'openssl' when from the
     * ext-openssl fallback (announced once in the PHP error log when taken).
     * $ENGAGESPOT_TOKEN_BACKEND=ffi forbids the fallback, =openssl forces it.
     *
     * @throws LibraryException when the backend asked for cannot be used
     */
    public static function backend(): string
    {
        return Library::backend();
    }

    /**
     * @param array{apiKey?: string, apiSecret?: string|null, baseUrl?: string|null, signingKey?: string|null}|string $config
     *        the official SDK's config array, or the API key (positional form)
     * @param string|null $apiSecret  positional form: accepted for parity, never put in a token
     * @param string|null $baseUrl    positional form: accepted for parity and ignored (no request is made)
     * @param string|null $signingKey positional form: the RSA private key (PEM text, or file:///path)
     *        A null or empty signing key falls back to the environment variable ENGAGESPOT_PRIVATE_SIGNING_KEY.
     * @throws InvalidArgumentException for a missing API key or a rejected signing key
     * @throws TypeError for an argument of the wrong type
     * @throws LibraryException when the native library cannot be loaded
     */
    public function __construct(
        #[\SensitiveParameter] mixed $config,
        #[\SensitiveParameter] mixed $apiSecret = null,
        mixed $baseUrl = null,
        #[\SensitiveParameter] mixed $signingKey = null,
    ) {
        $this->ffi = Library::backend() === 'ffi' ? Library::ffi() : null;
        if (is_array($config)) {
            [$apiKey, $apiSecret, $signingKey] = [$config['apiKey'] ?? null, $config['apiSecret'] ?? null, $config['signingKey'] ?? null];
        } else {
            $apiKey = $config;
        }
        if ($signingKey === null || $signingKey === '') {
            $signingKey = getenv(Catalogue::SIGNING_KEY_VARIABLE) ?: null;
        }
        $apiKey = $this->text($apiKey, 'ES_ARGUMENT_API_KEY');
        $apiSecret = $this->text($apiSecret, 'ES_ARGUMENT_API_SECRET');
        $signingKey = $this->text($signingKey, 'ES_ARGUMENT_SIGNING_KEY');
        if ($this->ffi === null) {
            $this->fallback = new OpensslBackend($apiKey, $apiSecret, $signingKey);
            return;
        }
        $client = $this->ffi->es_client_new_len(
            $apiKey, strlen($apiKey ?? ''), $apiSecret, strlen($apiSecret ?? ''), $signingKey, strlen($signingKey ?? ''),
        );
        if ($client === null) {
            throw $this->lastError();
        }
        $this->free(); // Constructed again: release the handle it held.
        $this->client = $client;
    }

    /**
     * Mints a token: `sub` = "user:$userIdentifier", `iat` now, `exp` one hour later.
     *
     * @param int|string $userIdentifier an int is formatted as (string) does, whatever the caller's strict_types;
     *        null is ES_NULL_ARGUMENT, a float ES_WRONG_TYPE
     * @param array{expiresIn?: int|null, issuedAt?: int|null, jti?: bool|null, includeIat?: bool|null}|null $options
     *        null means no options. Values are ints, bools or null; a float is ES_WRONG_TYPE, whatever its value.
     *        `expiresIn` seconds (null: no `exp`), `issuedAt` unix seconds, `jti` adds a random id,
     *        `includeIat` false leaves `iat` out. Any other key is an ES_UNKNOWN_OPTION error.
     * @throws InvalidArgumentException for an empty, too long or invalid identifier or bad options
     * @throws TypeError for an identifier or option of the wrong type
     */
    public function generateUserToken(mixed $userIdentifier, mixed $options = []): string
    {
        if (is_int($userIdentifier)) {
            $userIdentifier = (string) $userIdentifier;
        } elseif ($userIdentifier !== null && !is_string($userIdentifier)) {
            throw $this->wrongType('ES_ARGUMENT_USER_IDENTIFIER');
        }
        if ($options !== null && !is_array($options)) {
            throw $this->wrongType('ES_ARGUMENT_OPTIONS');
        }
        if ($this->fallback !== null) {
            return $this->fallback->mint($userIdentifier, $options);
        }
        $native = $this->ffi->es_token_options_default();
        foreach ($options ?? [] as $name => $value) {
            [$type, $number] = match (true) {
                $value === null => [$this->ffi->ES_OPTION_VALUE_NULL, 0],
                is_int($value) => [$this->ffi->ES_OPTION_VALUE_INTEGER, $value],
                is_bool($value) => [$this->ffi->ES_OPTION_VALUE_BOOL, (int) $value],
                default => [$this->ffi->ES_OPTION_VALUE_OTHER, 0],
            };
            $name = (string) $name;
            $status = $this->ffi->es_token_options_set(
                \FFI::addr($native), $this->ffi->ES_OPTION_NAMING_CAMEL_CASE, $name, strlen($name), $type, $number,
            );
            if ($status !== $this->ffi->ES_OK) {
                throw $this->lastError();
            }
        }
        // A null identifier crosses as NULL: the core's ES_NULL_ARGUMENT, as in every language.
        $token = $this->ffi->es_generate_user_token_len(
            $this->client, $userIdentifier, strlen($userIdentifier ?? ''), \FFI::addr($native),
        );
        if ($token === null) {
            throw $this->lastError();
        }
        try {
            return \FFI::string($token);
        } finally {
            $this->ffi->es_free_string($token);
        }
    }

    /** A clone gets its own handle to the same native client, so each frees its own. */
    public function __clone()
    {
        if ($this->client !== null) {
            $this->client = $this->ffi->es_client_clone($this->client);
        }
    }

    /** Frees the native client; the last handle's API secret is zeroized. */
    public function __destruct()
    {
        $this->free();
    }

    private function free(): void
    {
        if ($this->client !== null) {
            $this->ffi->es_client_free($this->client);
            $this->client = null;
        }
    }

    /** A string or null as is; any other type is the core's wrong-type error for `$argument`. */
    private function text(#[\SensitiveParameter] mixed $value, string $argument): ?string
    {
        if ($value === null || is_string($value)) {
            return $value;
        }
        throw $this->wrongType($argument);
    }

    /** The core's ES_WRONG_TYPE error for the es_argument named `$argument` (ES_ARGUMENT_API_KEY: "wrong_type.api_key"). */
    private function wrongType(string $argument): EngagespotTokenException
    {
        if ($this->ffi === null) {
            return OpensslBackend::error('ES_WRONG_TYPE', 'wrong_type.' . strtolower(substr($argument, strlen('ES_ARGUMENT_'))));
        }
        $this->ffi->es_wrong_type_error($this->ffi->{$argument});
        return $this->lastError();
    }

    /** The core's error for the last failed call, as the exception its category calls for. */
    private function lastError(): EngagespotTokenException
    {
        $code = $this->ffi->es_last_error_code();
        $message = $this->ffi->es_last_error_message();
        $name = $this->ffi->es_last_error_name();
        return match ($this->ffi->es_status_category($code)) {
            $this->ffi->ES_CATEGORY_ARGUMENT => new InvalidArgumentException($message, $code, $name),
            $this->ffi->ES_CATEGORY_KEY => new InvalidSigningKeyException($message, $code, $name),
            $this->ffi->ES_CATEGORY_TYPE => new TypeError($message, $code, $name),
            default => new LibraryException($message, $code, $name),
        };
    }
}
