/* engagespot-token declarations for PHP FFI::cdef, derived from
 * engagespot_token.h by build.rs; do not edit. */

/**
 * Result codes. Numbers are stable; 0 is success. Ranges: 1-19 bad
 * arguments, 20-39 bad signing keys, 40 and up failures of the library.
 */
typedef enum es_status {
  /**
   * The last call succeeded.
   */
  ES_OK = 0,
  /**
   * A required pointer argument was NULL.
   */
  ES_NULL_ARGUMENT = 1,
  /**
   * A string argument was not valid UTF-8.
   */
  ES_INVALID_UTF8 = 2,
  /**
   * The API key was NULL or empty.
   */
  ES_API_KEY_MISSING = 3,
  /**
   * The API key contains a NUL character (only possible from bindings).
   */
  ES_API_KEY_INVALID = 4,
  /**
   * The user identifier was empty.
   */
  ES_IDENTIFIER_EMPTY = 5,
  /**
   * The user identifier is longer than 1024 bytes.
   */
  ES_IDENTIFIER_TOO_LONG = 6,
  /**
   * The user identifier contains a NUL character (only possible from bindings).
   */
  ES_IDENTIFIER_INVALID = 7,
  /**
   * `expires_in` is below 1, or `iat + expires_in` exceeds 2^53 - 1.
   */
  ES_INVALID_EXPIRY = 8,
  /**
   * `issued_at` is negative or exceeds 2^53 - 1, or the clock is before 1970.
   */
  ES_INVALID_ISSUED_AT = 9,
  /**
   * An argument had the wrong type (PHP and Node bindings only).
   */
  ES_WRONG_TYPE = 10,
  /**
   * The signing key was NULL, empty or blank.
   */
  ES_KEY_MISSING = 20,
  /**
   * The signing key looks like a file path: pass the file's contents.
   */
  ES_KEY_IS_PATH = 21,
  /**
   * The signing key is a public key or certificate: pass the private key.
   */
  ES_KEY_IS_PUBLIC = 22,
  /**
   * The signing key is encrypted: decrypt it with `openssl pkey` first.
   */
  ES_KEY_ENCRYPTED = 23,
  /**
   * The signing key is EC, Ed25519 or DSA: RS256 needs RSA.
   */
  ES_KEY_NOT_RSA = 24,
  /**
   * The RSA key is smaller than 2048 bits.
   */
  ES_KEY_TOO_SMALL = 25,
  /**
   * The RSA key is larger than 8192 bits.
   */
  ES_KEY_TOO_LARGE = 26,
  /**
   * The signing key is truncated, corrupt, or not a key.
   */
  ES_KEY_MALFORMED = 27,
  /**
   * Signing failed inside the cryptographic library.
   */
  ES_SIGNING_FAILED = 40,
  /**
   * A bug: a panic was caught at the boundary. Please report it.
   */
  ES_PANIC = 100,
} es_status;

/**
 * A client holding an API key and a parsed RSA signing key. Opaque.
 *
 * Immutable and safe to share across threads. Create it with
 * `es_client_new` and release it with `es_client_free`.
 */
typedef struct es_client es_client;

/**
 * Per-token options. Get the defaults from `es_token_options_default()` and
 * change what you need; flags are 0 for no and any other value for yes.
 */
typedef struct es_token_options {
  /**
   * Seconds from `iat` to `exp`. Default 3600. Ignored when `include_exp` is 0.
   */
  int64_t expires_in;
  /**
   * The `iat` to use, in unix seconds, when `use_issued_at` is set.
   */
  int64_t issued_at;
  /**
   * 1 (default): add `exp`. 0: leave it out, as the official SDKs do.
   */
  uint8_t include_exp;
  /**
   * 0 (default): `iat` is the current time. 1: `iat` is `issued_at`.
   */
  uint8_t use_issued_at;
  /**
   * 0 (default): no `jti`. 1: add a random 128-bit `jti`.
   */
  uint8_t include_jti;
} es_token_options;

/**
 * Creates a client. The signing key is parsed and checked now (or taken
 * from the process-wide cache of keys already parsed), so a bad key fails
 * here, not at the first token.
 *
 * - `api_key`: required, non-empty UTF-8.
 * - `api_secret`: accepted for parity with the official SDKs; may be NULL or
 *   empty; never put in a token; zeroized when the client is freed.
 * - `signing_key`: the RSA private key as PEM (PKCS#1 or PKCS#8, 2048 to
 *   8192 bits), also with `\n` escapes, CRLF, surrounding whitespace, or
 *   base64-encoded onto one line.
 *
 * Returns NULL on failure; see `es_last_error_code()`.
 *
 * # Safety
 * Each argument is NULL or a NUL-terminated string.
 */
struct es_client *es_client_new(const char *api_key,
                                const char *api_secret,
                                const char *signing_key);

/**
 * Mints a token for `user_identifier` with the defaults: `iat` now, `exp`
 * one hour later. The identifier is used byte for byte (1 to 1024 bytes of
 * UTF-8).
 *
 * Returns a string to release with `es_free_string`, or NULL on failure.
 *
 * # Safety
 * `client` is NULL or a live client; `user_identifier` is NULL or a
 * NUL-terminated string.
 */
char *es_generate_user_token(const struct es_client *client, const char *user_identifier);

/**
 * Like `es_generate_user_token`, with per-token options. NULL `options`
 * means the defaults.
 *
 * # Safety
 * As for `es_generate_user_token`; `options` is NULL or points to an
 * `es_token_options`.
 */
char *es_generate_user_token_with_options(const struct es_client *client,
                                          const char *user_identifier,
                                          const struct es_token_options *options);

/**
 * Like `es_generate_user_token_with_options`, with the identifier given as
 * `user_identifier_len` bytes that need no NUL terminator. Bindings whose
 * strings may hold NUL bytes (PHP) use it, so that an identifier with a NUL
 * is rejected (`ES_IDENTIFIER_INVALID`) instead of cut short.
 *
 * # Safety
 * `user_identifier` is NULL or points to `user_identifier_len` readable
 * bytes; otherwise as for `es_generate_user_token_with_options`.
 */
char *es_generate_user_token_len(const struct es_client *client,
                                 const char *user_identifier,
                                 size_t user_identifier_len,
                                 const struct es_token_options *options);

/**
 * The default options: `exp` one hour after `iat`, `iat` now, no `jti`.
 */
struct es_token_options es_token_options_default(void);

/**
 * Releases a string returned by this library. NULL is a no-op.
 *
 * # Safety
 * `s` is NULL or a string returned by this library and not yet released.
 */
void es_free_string(char *s);

/**
 * Releases a client; its API secret is zeroized. NULL is a no-op.
 *
 * # Safety
 * `client` is NULL or a live client that no other thread is using.
 */
void es_client_free(struct es_client *client);

/**
 * The outcome of this thread's last call that can fail: `ES_OK` (0) after
 * a success.
 */
enum es_status es_last_error_code(void);

/**
 * A message explaining this thread's last failure, or "" after a success.
 * Never NULL. Borrowed: valid until the next `es_` call on this thread.
 */
const char *es_last_error_message(void);

/**
 * The name of this thread's last outcome, e.g. "ES_KEY_IS_PUBLIC" or
 * "ES_OK". Static; never NULL.
 */
const char *es_last_error_name(void);

/**
 * The library version, e.g. "0.1.0". Static; never NULL.
 */
const char *es_version(void);
