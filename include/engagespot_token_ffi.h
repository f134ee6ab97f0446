/* engagespot-token declarations for PHP FFI::cdef, derived from
 * engagespot_token.h by build.rs; do not edit. */

/**
 * The outcome of a call: ES_OK (0) or the stable code of an error kind.
 * es_status_category() says which kind of failure it is.
 */
typedef enum es_status {
  /**
   * The call succeeded.
   */
  ES_OK = 0,
  /**
   * A required argument was absent: NULL from C, or nothing from a dynamic language. (type error)
   */
  ES_NULL_ARGUMENT = 1,
  /**
   * A text argument was not valid UTF-8 (or, from JavaScript, held a lone surrogate). (argument error)
   */
  ES_INVALID_UTF8 = 2,
  /**
   * The API key was missing or empty. (argument error)
   */
  ES_API_KEY_MISSING = 3,
  /**
   * The API key contains a NUL, a line break or another control character, or is over the length limit (the message gives it). (argument error)
   */
  ES_API_KEY_INVALID = 4,
  /**
   * The user identifier was empty. (argument error)
   */
  ES_IDENTIFIER_EMPTY = 5,
  /**
   * The user identifier is over the length limit, counted in bytes of UTF-8 (the message gives the limit). (argument error)
   */
  ES_IDENTIFIER_TOO_LONG = 6,
  /**
   * The user identifier contains a NUL character. (argument error)
   */
  ES_IDENTIFIER_INVALID = 7,
  /**
   * The requested lifetime (`expires_in`) is not a whole number of seconds in range. (argument error)
   */
  ES_INVALID_EXPIRY = 8,
  /**
   * The requested `iat` is not whole unix seconds in range, or the clock reads before 1970. (argument error)
   */
  ES_INVALID_ISSUED_AT = 9,
  /**
   * An argument had the wrong type (bindings to dynamic languages only). (type error)
   */
  ES_WRONG_TYPE = 10,
  /**
   * An option name is not one of the accepted options, or one option is given twice. (argument error)
   */
  ES_UNKNOWN_OPTION = 11,
  /**
   * The API key holds PEM text (`-----BEGIN`), such as the signing key, which would be copied into every token. (argument error)
   */
  ES_API_KEY_HOLDS_PEM = 12,
  /**
   * The client was freed (`free()`, or the end of a `using` block) and can mint no more tokens: create another. (argument error)
   */
  ES_CLIENT_FREED = 13,
  /**
   * The signing key was missing, empty or blank. (key error)
   */
  ES_KEY_MISSING = 20,
  /**
   * The signing key looks like a file path rather than key text. (key error)
   */
  ES_KEY_IS_PATH = 21,
  /**
   * The signing key is a public key or a certificate. (key error)
   */
  ES_KEY_IS_PUBLIC = 22,
  /**
   * The signing key is an encrypted (passphrase-protected) private key. (key error)
   */
  ES_KEY_ENCRYPTED = 23,
  /**
   * The signing key is not an RSA key (EC, Ed25519, DSA). (key error)
   */
  ES_KEY_NOT_RSA = 24,
  /**
   * The RSA key is smaller than the smallest accepted size (the message gives both sizes). (key error)
   */
  ES_KEY_TOO_SMALL = 25,
  /**
   * The RSA key is larger than the largest accepted size (the message gives both sizes). (key error)
   */
  ES_KEY_TOO_LARGE = 26,
  /**
   * The signing key is truncated, corrupt, or not a key at all. (key error)
   */
  ES_KEY_MALFORMED = 27,
  /**
   * The signing key text holds more than one private key, or text or PEM blocks beside it other than certificates. (key error)
   */
  ES_KEY_AMBIGUOUS = 28,
  /**
   * The RSA key is valid but cannot sign here: it has more than two primes, or a public exponent aws-lc refuses. (key error)
   */
  ES_KEY_UNSUPPORTED = 29,
  /**
   * The file a `file://` signing key names cannot be read: missing, not permitted, not a regular file, too large, or a path holding a NUL byte. (key error)
   */
  ES_KEY_FILE_UNREADABLE = 30,
  /**
   * The cryptographic library failed to sign. Not caused by the caller. (library error)
   */
  ES_SIGNING_FAILED = 40,
  /**
   * A synchronous call where the host can only sign asynchronously (WebCrypto-only JavaScript runtimes); the message names the asynchronous call. (library error)
   */
  ES_SYNC_UNAVAILABLE = 41,
  /**
   * A bug: a panic inside the library was caught before it reached the caller. (library error)
   */
  ES_PANIC = 100,
} es_status;

/**
 * What kind of failure a status is, so that bindings pick their exception
 * class without tables of codes of their own.
 */
typedef enum es_category {
  /**
   * `ES_OK`: not a failure.
   */
  ES_CATEGORY_NONE = 0,
  /**
   * A bad argument value (e.g. an empty identifier).
   */
  ES_CATEGORY_ARGUMENT = 1,
  /**
   * An argument of the wrong type, or a missing one.
   */
  ES_CATEGORY_TYPE = 2,
  /**
   * A rejected signing key.
   */
  ES_CATEGORY_KEY = 3,
  /**
   * A failure of the library, not the caller's (also any unknown code).
   */
  ES_CATEGORY_LIBRARY = 4,
} es_category;

/**
 * Arguments, as `es_wrong_type_error` names them in its message.
 */
typedef enum es_argument {
  /**
   * The API key.
   */
  ES_ARGUMENT_API_KEY = 0,
  /**
   * The API secret.
   */
  ES_ARGUMENT_API_SECRET = 1,
  /**
   * The signing key.
   */
  ES_ARGUMENT_SIGNING_KEY = 2,
  /**
   * The user identifier.
   */
  ES_ARGUMENT_USER_IDENTIFIER = 3,
  /**
   * The per-token options.
   */
  ES_ARGUMENT_OPTIONS = 4,
  /**
   * The client's configuration.
   */
  ES_ARGUMENT_CONFIG = 5,
  /**
   * The client object.
   */
  ES_ARGUMENT_CLIENT = 6,
} es_argument;

/**
 * How a binding spells option names in `es_token_options_set`.
 */
typedef enum es_option_naming {
  /**
   * `expiresIn`, `issuedAt`, `jti` (PHP, JavaScript).
   */
  ES_OPTION_NAMING_CAMEL_CASE = 0,
  /**
   * `expires_in`, `issued_at`, `jti` (Ruby, Python).
   */
  ES_OPTION_NAMING_SNAKE_CASE = 1,
} es_option_naming;

/**
 * The type of the value given to `es_token_options_set`.
 */
typedef enum es_option_value_type {
  /**
   * null / nil: `value` is ignored.
   */
  ES_OPTION_VALUE_NULL = 0,
  /**
   * An integer: `value`.
   */
  ES_OPTION_VALUE_INTEGER = 1,
  /**
   * A boolean: `value` is 0 or 1.
   */
  ES_OPTION_VALUE_BOOL = 2,
  /**
   * Any other type (a string, a float, an array): always an error.
   */
  ES_OPTION_VALUE_OTHER = 3,
} es_option_value_type;

/**
 * An argument a caller passes, as error messages name it. Bindings report
 * a missing or mistyped argument through [`Error::null_argument`] and
 * [`Error::wrong_type`], so that the wording is the core's.
 */
typedef struct Argument Argument;

/**
 * A client holding an API key and a parsed RSA signing key. Opaque.
 *
 * Immutable and safe to share across threads. Create it with
 * `es_client_new`, copy the handle with `es_client_clone`, and release each
 * handle with `es_client_free`.
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
  /**
   * 1 (default): add `iat`. 0: leave it out; with `include_exp` 0 too, the
   * claims are the official PHP SDK's `{sub, apiKey}`.
   */
  uint8_t include_iat;
} es_token_options;

/**
 * Creates a client from strings given with their lengths in bytes (no NUL
 * terminator needed), so that a NUL byte inside a string is rejected rather
 * than cutting it short. The signing key is parsed and checked now (or taken
 * from the process-wide cache of keys already parsed), so a bad key fails
 * here, not at the first token.
 *
 * - `api_key`: required, non-empty UTF-8.
 * - `api_secret`: accepted for parity with the official SDKs; may be NULL or
 *   empty; never put in a token; zeroized when the client is freed.
 * - `signing_key`: the RSA private key as PEM (PKCS#1 or PKCS#8), also with
 *   `\n` escapes, CRLF, surrounding whitespace, or base64-encoded onto one line.
 *
 * A NULL pointer means the argument is absent, whatever its length.
 * Returns NULL on failure; see `es_last_error_code()`.
 *
 * # Safety
 * Each pointer is NULL or points to as many readable bytes as its length says.
 */
struct es_client *es_client_new_len(const char *api_key,
                                    size_t api_key_len,
                                    const char *api_secret,
                                    size_t api_secret_len,
                                    const char *signing_key,
                                    size_t signing_key_len);

/**
 * Like `es_client_new_len`, with NUL-terminated strings.
 *
 * # Safety
 * Each argument is NULL or a NUL-terminated string.
 */
struct es_client *es_client_new(const char *api_key,
                                const char *api_secret,
                                const char *signing_key);

/**
 * A second handle to the same client, to be freed on its own with
 * `es_client_free`. Bindings whose objects can be copied (PHP's `clone`)
 * give each copy its own handle. Returns NULL (`ES_NULL_ARGUMENT`) for NULL.
 *
 * # Safety
 * `client` is NULL or a live client.
 */
struct es_client *es_client_clone(const struct es_client *client);

/**
 * The size of the client's signing key in bits (e.g. 2048), for a
 * binding's description of a client. 0 for a NULL client (`ES_NULL_ARGUMENT`).
 *
 * # Safety
 * `client` is NULL or a live client handle.
 */
size_t es_client_key_bits(const struct es_client *client);

/**
 * Mints a token for `user_identifier` given as `user_identifier_len` bytes
 * (no NUL terminator needed), so that an identifier holding a NUL byte is
 * rejected (`ES_IDENTIFIER_INVALID`) instead of cut short. The identifier is
 * used byte for byte (1 to 1024 bytes of UTF-8). NULL `options` means the
 * defaults: `iat` now, `exp` one hour later.
 *
 * Returns a string to release with `es_free_string`, or NULL on failure.
 *
 * # Safety
 * `client` is NULL or a live client; `user_identifier` is NULL or points to
 * `user_identifier_len` readable bytes; `options` is NULL or points to an
 * `es_token_options`.
 */
char *es_generate_user_token_len(const struct es_client *client,
                                 const char *user_identifier,
                                 size_t user_identifier_len,
                                 const struct es_token_options *options);

/**
 * Mints a token for a NUL-terminated `user_identifier` with the defaults:
 * `iat` now, `exp` one hour later.
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
 * The default options: `exp` one hour after `iat`, `iat` now, no `jti`.
 */
struct es_token_options es_token_options_default(void);

/**
 * The size of `es_token_options` in bytes, for bindings that hold one
 * without knowing its layout (Ruby): allocate this much, fill it with
 * `es_token_options_init` and change it with `es_token_options_set`.
 */
size_t es_token_options_size(void);

/**
 * Writes the default options (those of `es_token_options_default`) to
 * `options`. NULL is a no-op.
 *
 * # Safety
 * `options` is NULL or points to `es_token_options_size()` writable bytes.
 */
void es_token_options_init(struct es_token_options *options);

/**
 * Sets one option by name, as dynamic languages pass options: `naming` is
 * an `es_option_naming`, `name` is `name_len` bytes, `value_type` an
 * `es_option_value_type` and `value` the integer or boolean. Unknown names
 * give `ES_UNKNOWN_OPTION` (the message lists the accepted ones), values of
 * the wrong type `ES_WRONG_TYPE`; ranges are checked when minting. Returns
 * the outcome, also recorded as the last error; `options` changes only on
 * success.
 *
 * # Safety
 * `options` is NULL or points to an `es_token_options`; `name` is NULL or
 * points to `name_len` readable bytes.
 */
es_status es_token_options_set(struct es_token_options *options,
                               int32_t naming,
                               const char *name,
                               size_t name_len,
                               int32_t value_type,
                               int64_t value);

/**
 * Records the core's `ES_WRONG_TYPE` error for `argument` (an
 * `es_argument`) as this thread's last error, and returns `ES_WRONG_TYPE`.
 * For bindings that check their language's types themselves (PHP, Ruby), so
 * that the message is the same in every language.
 */
es_status es_wrong_type_error(int32_t argument);

/**
 * Records the core's `ES_INVALID_UTF8` error for `argument` (an
 * `es_argument`) as this thread's last error, and returns `ES_INVALID_UTF8`.
 * For bindings that convert their language's text to UTF-8 themselves (Ruby's
 * strings in other encodings), so that the message is the core's.
 */
es_status es_invalid_utf8_error(int32_t argument);

/**
 * Records the core's error for an option given twice in one call (Ruby's
 * `:expires_in` and `"expires_in"`), `ES_UNKNOWN_OPTION`, as this thread's
 * last error and returns it. `naming` is an `es_option_naming`; `name` is
 * `name_len` bytes of the option's name. For bindings whose option maps can
 * hold one option under two keys, so that the rule and the message are the
 * core's.
 *
 * # Safety
 * `name` is NULL or points to `name_len` readable bytes.
 */
es_status es_option_given_twice_error(int32_t naming, const char *name, size_t name_len);

/**
 * The value of the C enumerator named `name` (NUL-terminated), e.g.
 * `es_constant("ES_CATEGORY_KEY")` is 3: every enumerator of this header's
 * enums (`es_status`, `es_category`, `es_argument`, `es_option_naming`,
 * `es_option_value_type`). -1 for NULL or a name that is none of them (every
 * enumerator is 0 or more). For bindings that cannot read a C header, so that
 * they take the values from the library, as rbnacl's `sodium_constant` does.
 *
 * # Safety
 * `name` is NULL or a NUL-terminated string.
 */
int32_t es_constant(const char *name);

/**
 * Releases a string returned by this library. NULL is a no-op.
 *
 * # Safety
 * `s` is NULL or a string returned by this library and not yet released.
 */
void es_free_string(char *s);

/**
 * Releases a client handle; when it was the last handle, the client's API
 * secret is zeroized and the key released. NULL is a no-op.
 *
 * # Safety
 * `client` is NULL or a live client handle that no other thread is using.
 */
void es_client_free(struct es_client *client);

/**
 * The outcome of this thread's last call that can fail: `ES_OK` (0) after
 * a success.
 */
es_status es_last_error_code(void);

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
 * The name of `status`, e.g. "ES_KEY_IS_PUBLIC". Static; NULL for a number
 * that is no status.
 */
const char *es_status_name(es_status status);

/**
 * The category of `status`: whether it is a bad argument, a wrong type, a
 * rejected key or the library's failure. Bindings choose their exception
 * class by it.
 */
enum es_category es_status_category(es_status status);

/**
 * The name of the environment variable that holds the signing key when a
 * binding is given none, "ENGAGESPOT_PRIVATE_SIGNING_KEY". Static; never NULL.
 */
const char *es_signing_key_variable(void);

/**
 * The library version, e.g. "0.1.0". Static; never NULL.
 */
const char *es_version(void);
