/*
 * The C ABI from C: minting, options, and every error path, with the codes
 * and messages a C caller sees. Built with -std=c99 -Wall -Wextra -Wpedantic
 * -Werror, linked once to the shared and once to the static library, and run
 * under valgrind by scripts/test-c.
 *
 * Usage: test_capi KEYS_DIR [THREAD_TOKENS]
 * Build with -DES_EXPECTED_VERSION='"x.y.z"', the crate version from Cargo.toml.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engagespot_token.h"
#include "read_file.h"

static int passed, failed;
static const char *keys_dir;

#define CHECK(cond, ...)                                         \
    do {                                                         \
        if (cond) {                                              \
            passed++;                                            \
        } else {                                                 \
            failed++;                                            \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                        \
            fprintf(stderr, "\n");                               \
        }                                                        \
    } while (0)

/* A file from the keys directory. */
static char *read_key(const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", keys_dir, name);
    return read_file(path);
}

static int count_char(const char *s, char c) {
    int n = 0;
    for (; *s; s++) n += (*s == c);
    return n;
}

/*
 * A failed call: NULL result, the expected code and name, and a message that
 * starts by naming the argument at fault (`names`).
 */
static void expect_error(const void *result, es_status expected, const char *names, const char *what) {
    es_status code = es_last_error_code();
    const char *message = es_last_error_message();
    CHECK(result == NULL, "%s: expected NULL", what);
    CHECK(code == expected, "%s: expected code %d, got %d (%s)", what, (int)expected, (int)code, message);
    CHECK(strcmp(es_last_error_name(), es_status_name(expected)) == 0, "%s: name %s", what, es_last_error_name());
    CHECK(strncmp(message, names, strlen(names)) == 0, "%s: message does not name %s: %s", what, names, message);
}

static void test_version(void) {
    CHECK(strcmp(es_version(), ES_EXPECTED_VERSION) == 0, "version %s, crate %s", es_version(), ES_EXPECTED_VERSION);
    /* The name the official SDKs document; bindings read the variable through this call. */
    CHECK(strcmp(es_signing_key_variable(), "ENGAGESPOT_PRIVATE_SIGNING_KEY") == 0, "es_signing_key_variable: %s",
          es_signing_key_variable());
}

static void test_mint(const char *pem) {
    es_client *client = es_client_new("demo-api-key", "secret", pem);
    CHECK(client != NULL, "client: %s", es_last_error_message());
    CHECK(es_last_error_code() == ES_OK, "ES_OK after success");
    CHECK(strcmp(es_last_error_message(), "") == 0, "empty message after success");
    CHECK(es_client_key_bits(client) == 2048, "es_client_key_bits: %zu", es_client_key_bits(client));

    char *token = es_generate_user_token(client, "alice@example.com");
    CHECK(token != NULL && count_char(token, '.') == 2, "token shape");
    CHECK(token && strncmp(token, "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.", 37) == 0, "header");
    es_free_string(token);

    /* Options: the default struct, no exp, fixed iat, jti. */
    es_token_options options = es_token_options_default();
    CHECK(options.expires_in == 3600 && options.include_exp == 1 && options.use_issued_at == 0 && options.include_jti == 0,
          "defaults");
    options.use_issued_at = 1;
    options.issued_at = 1700000000;
    char *a = es_generate_user_token_with_options(client, "bob", &options);
    char *b = es_generate_user_token_with_options(client, "bob", &options);
    CHECK(a && b && strcmp(a, b) == 0, "fixed iat is reproducible");
    options.include_jti = 1;
    char *c = es_generate_user_token_with_options(client, "bob", &options);
    char *d = es_generate_user_token_with_options(client, "bob", &options);
    CHECK(c && d && strcmp(c, d) != 0, "jti differs");
    options.include_exp = 0;
    options.expires_in = -5; /* ignored without exp */
    char *e = es_generate_user_token_with_options(client, "bob", &options);
    CHECK(e != NULL, "no exp: %s", es_last_error_message());
    char *f = es_generate_user_token_with_options(client, "bob", NULL);
    CHECK(f != NULL, "NULL options are the defaults");
    es_free_string(a);
    es_free_string(b);
    es_free_string(c);
    es_free_string(d);
    es_free_string(e);
    es_free_string(f);

    /* Any nonzero flag means yes; no byte pattern is undefined behaviour. */
    es_token_options odd = es_token_options_default();
    odd.include_exp = 255;
    odd.include_jti = 2;
    char *g = es_generate_user_token_with_options(client, "odd", &odd);
    CHECK(g != NULL, "nonzero flags");
    es_free_string(g);

    es_client_free(client);
}

/*
 * Which input gives which error is the conformance table's
 * (tests/conformance/cases.json, played by conformance.c). Here: what only C
 * has (a NULL client, explicit lengths, huge buffers) and that each message
 * starts by naming the argument at fault.
 */
static void test_argument_errors(const char *pem) {
    es_client *client = es_client_new("demo-api-key", NULL, pem);
    CHECK(client != NULL, "client with NULL secret");

    expect_error(es_generate_user_token(NULL, "x"), ES_NULL_ARGUMENT, "client", "NULL client");
    expect_error(es_generate_user_token(client, NULL), ES_NULL_ARGUMENT, "user identifier", "NULL identifier");
    expect_error(es_generate_user_token(client, "\xff\xfe"), ES_INVALID_UTF8,
                 "user identifier", "invalid UTF-8 identifier");

    size_t mib = 1 << 20;
    char *huge = malloc(mib + 1);
    memset(huge, 'A', mib);
    huge[mib] = '\0';
    expect_error(es_generate_user_token(client, huge), ES_IDENTIFIER_TOO_LONG, "user identifier", "1 MiB identifier");
    expect_error(es_client_new("k", NULL, huge), ES_KEY_MALFORMED, "signing key", "1 MiB key");
    expect_error(es_client_new(huge, NULL, pem), ES_API_KEY_INVALID, "API key", "1 MiB API key");
    expect_error(es_client_new(pem, NULL, pem), ES_API_KEY_HOLDS_PEM, "API key", "the signing key as API key");
    huge[256] = '\0';
    es_client *longest_api_key = es_client_new(huge, NULL, pem);
    CHECK(longest_api_key != NULL, "256-byte API key is accepted");
    es_client_free(longest_api_key);
    free(huge);

    es_token_options options = es_token_options_default();
    options.expires_in = 0;
    expect_error(es_generate_user_token_with_options(client, "x", &options), ES_INVALID_EXPIRY,
                 "expires-in", "zero expiry");
    options = es_token_options_default();
    options.use_issued_at = 1;
    options.issued_at = -1;
    expect_error(es_generate_user_token_with_options(client, "x", &options), ES_INVALID_ISSUED_AT,
                 "issued-at", "negative iat");

    expect_error(es_client_new(NULL, NULL, pem), ES_API_KEY_MISSING, "API key", "NULL API key");
    expect_error(es_client_new("k", "\xff", pem), ES_INVALID_UTF8, "API secret", "invalid UTF-8 API secret");
    expect_error(es_client_new("k", NULL, "garbage"), ES_KEY_MALFORMED, "signing key", "garbage key");

    /* Explicit lengths: the length decides, not a NUL or the buffer's end. */
    expect_error(es_generate_user_token_len(client, NULL, 0, NULL), ES_NULL_ARGUMENT,
                 "user identifier", "NULL identifier with length");
    expect_error(es_generate_user_token_len(client, "ab", 0, NULL), ES_IDENTIFIER_EMPTY,
                 "user identifier", "zero length");
    /* Identifier by length: with a fixed iat, the first 5 bytes of a longer
     * string mint exactly the token of "alice", and not the longer one's. */
    es_token_options fixed = es_token_options_default();
    fixed.use_issued_at = 1;
    fixed.issued_at = 1700000000;
    char *prefix = es_generate_user_token_len(client, "alice-and-more", 5, &fixed);
    char *alice = es_generate_user_token_with_options(client, "alice", &fixed);
    char *whole = es_generate_user_token_with_options(client, "alice-and-more", &fixed);
    CHECK(prefix && alice && whole && strcmp(prefix, alice) == 0 && strcmp(prefix, whole) != 0,
          "identifier by length");
    es_free_string(prefix);
    es_free_string(alice);
    es_free_string(whole);

    /* Success resets the slot. */
    char *token = es_generate_user_token(client, "after-errors");
    CHECK(token != NULL && es_last_error_code() == ES_OK, "success after errors resets the code");
    CHECK(strcmp(es_last_error_name(), "ES_OK") == 0, "ES_OK name");
    es_free_string(token);

    es_free_string(NULL);
    es_client_free(NULL);
    es_client_free(client);
}

/* Strings with their lengths: a NUL inside is rejected, never a cut-off point. */
static void test_client_new_len(const char *pem) {
    size_t pem_len = strlen(pem);
    es_client *client = es_client_new_len("k", 1, "secret", 6, pem, pem_len);
    CHECK(client != NULL && es_last_error_code() == ES_OK, "es_client_new_len: %s", es_last_error_message());
    es_client_free(client);
    /* Lengths are honoured: a longer buffer cut to its first bytes. */
    client = es_client_new_len("key-and-more", 3, NULL, 0, pem, pem_len);
    CHECK(client != NULL, "API key by length: %s", es_last_error_message());
    es_token_options fixed = es_token_options_default();
    fixed.use_issued_at = 1;
    fixed.issued_at = 1700000000;
    es_client *plain = es_client_new("key", NULL, pem);
    char *by_length = es_generate_user_token_with_options(client, "u", &fixed);
    char *by_nul = es_generate_user_token_with_options(plain, "u", &fixed);
    CHECK(by_length && by_nul && strcmp(by_length, by_nul) == 0, "API key by length mints the API key's token");
    es_free_string(by_length);
    es_free_string(by_nul);
    es_client_free(plain);
    es_client_free(client);

    expect_error(es_client_new_len(NULL, 5, NULL, 0, pem, pem_len), ES_API_KEY_MISSING, "API key",
                 "NULL API key with a length");

    /* The key text followed by a NUL and garbage, passed with its full length. */
    char *tail = malloc(pem_len + 9);
    memcpy(tail, pem, pem_len);
    memcpy(tail + pem_len, "\0garbage", 9);
    client = es_client_new_len("k", 1, NULL, 0, tail, pem_len + 8);
    CHECK(client == NULL && es_last_error_code() != ES_OK,
          "a NUL and garbage after the key's END line are accepted (issue 10, items 2 and 8)");
    CHECK(es_status_category(es_last_error_code()) == ES_CATEGORY_KEY, "NUL in the key: a key error, got %s: %s",
          es_last_error_name(), es_last_error_message());
    es_client_free(client);
    /* The same bytes up to the NUL are a good key: only the length decided. */
    client = es_client_new_len("k", 1, NULL, 0, tail, pem_len);
    CHECK(client != NULL, "the key text before the NUL is accepted");
    es_client_free(client);
    /* A NUL inside the key body. */
    tail[pem_len / 2] = '\0';
    expect_error(es_client_new_len("k", 1, NULL, 0, tail, pem_len), ES_KEY_MALFORMED, "signing key",
                 "NUL inside the key body");
    free(tail);
}

/* A clone is a handle of its own: it outlives the original and is freed alone. */
static void test_client_clone(const char *pem) {
    es_client *original = es_client_new("demo-api-key", "secret", pem);
    es_token_options fixed = es_token_options_default();
    fixed.use_issued_at = 1;
    fixed.issued_at = 1700000000;
    char *expected = es_generate_user_token_with_options(original, "clone-user", &fixed);
    es_client *clone = es_client_clone(original);
    CHECK(clone != NULL && clone != original && es_last_error_code() == ES_OK, "es_client_clone");
    es_client_free(original);
    char *token = es_generate_user_token_with_options(clone, "clone-user", &fixed);
    CHECK(expected && token && strcmp(expected, token) == 0, "the clone mints the original's tokens after it is freed");
    es_free_string(token);
    es_free_string(expected);
    es_client_free(clone);
    expect_error(es_client_clone(NULL), ES_NULL_ARGUMENT, "client", "clone of NULL");
}

static es_status set_option(es_token_options *options, int naming, const char *name, int type, int64_t value) {
    return es_token_options_set(options, naming, name, strlen(name), type, value);
}

/* Field by field: memcmp would read the struct's padding. */
static int same_options(const es_token_options *a, const es_token_options *b) {
    return a->expires_in == b->expires_in && a->issued_at == b->issued_at && a->include_exp == b->include_exp &&
           a->use_issued_at == b->use_issued_at && a->include_jti == b->include_jti && a->include_iat == b->include_iat;
}

/* Options by name, as the bindings set them: each one sets its field. */
static void test_options_set(void) {
    static const int namings[] = {ES_OPTION_NAMING_CAMEL_CASE, ES_OPTION_NAMING_SNAKE_CASE};
    static const char *const expires[] = {"expiresIn", "expires_in"}, *const issued[] = {"issuedAt", "issued_at"},
                             *const include_iat[] = {"includeIat", "include_iat"};
    for (int n = 0; n < 2; n++) {
        int naming = namings[n];
        es_token_options o = es_token_options_default();
        CHECK(set_option(&o, naming, expires[n], ES_OPTION_VALUE_INTEGER, 600) == ES_OK && o.expires_in == 600 &&
                  o.include_exp == 1,
              "%s = 600", expires[n]);
        CHECK(set_option(&o, naming, expires[n], ES_OPTION_VALUE_NULL, 0) == ES_OK && o.include_exp == 0,
              "%s = null", expires[n]);
        CHECK(set_option(&o, naming, issued[n], ES_OPTION_VALUE_INTEGER, 1234) == ES_OK && o.use_issued_at == 1 &&
                  o.issued_at == 1234,
              "%s = 1234", issued[n]);
        CHECK(set_option(&o, naming, issued[n], ES_OPTION_VALUE_NULL, 0) == ES_OK && o.use_issued_at == 0,
              "%s = null", issued[n]);
        CHECK(set_option(&o, naming, "jti", ES_OPTION_VALUE_BOOL, 1) == ES_OK && o.include_jti == 1, "jti = true");
        CHECK(set_option(&o, naming, "jti", ES_OPTION_VALUE_BOOL, 0) == ES_OK && o.include_jti == 0, "jti = false");
        CHECK(set_option(&o, naming, include_iat[n], ES_OPTION_VALUE_BOOL, 0) == ES_OK && o.include_iat == 0,
              "%s = false", include_iat[n]);
        CHECK(es_last_error_code() == ES_OK, "success leaves ES_OK");

        /* Errors: the status is returned and recorded, and the struct is unchanged. */
        es_token_options before = o;
        CHECK(set_option(&o, naming, "expiresin", ES_OPTION_VALUE_INTEGER, 5) == ES_UNKNOWN_OPTION &&
                  es_last_error_code() == ES_UNKNOWN_OPTION && strstr(es_last_error_message(), expires[n]) != NULL,
              "unknown option lists the accepted ones: %s", es_last_error_message());
        /* The other naming's spelling is unknown (jti is spelt alike). */
        CHECK(set_option(&o, naming, expires[1 - n], ES_OPTION_VALUE_INTEGER, 5) == ES_UNKNOWN_OPTION,
              "%s in the other naming", expires[1 - n]);
        CHECK(set_option(&o, naming, "jti", ES_OPTION_VALUE_INTEGER, 1) == ES_WRONG_TYPE &&
                  strstr(es_last_error_message(), "jti") != NULL,
              "jti = 1 is the wrong type: %s", es_last_error_message());
        CHECK(set_option(&o, naming, expires[n], ES_OPTION_VALUE_BOOL, 1) == ES_WRONG_TYPE, "%s = true", expires[n]);
        CHECK(set_option(&o, naming, issued[n], ES_OPTION_VALUE_OTHER, 0) == ES_WRONG_TYPE, "%s = a string", issued[n]);
        CHECK(same_options(&before, &o), "failed calls leave the options unchanged");
    }
    es_token_options o = es_token_options_default();
    CHECK(es_token_options_set(&o, 7, "jti", 3, ES_OPTION_VALUE_BOOL, 1) == ES_WRONG_TYPE, "bad naming");
    CHECK(es_token_options_set(&o, 0, "jti", 3, 9, 1) == ES_WRONG_TYPE, "bad value type");
    CHECK(es_token_options_set(NULL, 0, "jti", 3, ES_OPTION_VALUE_BOOL, 1) == ES_NULL_ARGUMENT, "NULL options");
    CHECK(es_token_options_set(&o, 0, NULL, 3, ES_OPTION_VALUE_BOOL, 1) == ES_NULL_ARGUMENT, "NULL name");
    CHECK(es_token_options_set(&o, 0, "jti\0x", 5, ES_OPTION_VALUE_BOOL, 1) == ES_UNKNOWN_OPTION, "NUL in a name");
}

/* Every status of the header: its name is its enumerator, its category as documented. */
static void test_status_names_and_categories(void) {
#define STATUS(code, category) {code, #code, category}
    static const struct {
        es_status code;
        const char *name;
        es_category category;
    } statuses[] = {
        STATUS(ES_OK, ES_CATEGORY_NONE),
        STATUS(ES_NULL_ARGUMENT, ES_CATEGORY_TYPE),
        STATUS(ES_INVALID_UTF8, ES_CATEGORY_ARGUMENT),
        STATUS(ES_API_KEY_MISSING, ES_CATEGORY_ARGUMENT),
        STATUS(ES_API_KEY_INVALID, ES_CATEGORY_ARGUMENT),
        STATUS(ES_IDENTIFIER_EMPTY, ES_CATEGORY_ARGUMENT),
        STATUS(ES_IDENTIFIER_TOO_LONG, ES_CATEGORY_ARGUMENT),
        STATUS(ES_IDENTIFIER_INVALID, ES_CATEGORY_ARGUMENT),
        STATUS(ES_INVALID_EXPIRY, ES_CATEGORY_ARGUMENT),
        STATUS(ES_INVALID_ISSUED_AT, ES_CATEGORY_ARGUMENT),
        STATUS(ES_WRONG_TYPE, ES_CATEGORY_TYPE),
        STATUS(ES_UNKNOWN_OPTION, ES_CATEGORY_ARGUMENT),
        STATUS(ES_API_KEY_HOLDS_PEM, ES_CATEGORY_ARGUMENT),
        STATUS(ES_CLIENT_FREED, ES_CATEGORY_ARGUMENT),
        STATUS(ES_KEY_MISSING, ES_CATEGORY_KEY),
        STATUS(ES_KEY_IS_PATH, ES_CATEGORY_KEY),
        STATUS(ES_KEY_IS_PUBLIC, ES_CATEGORY_KEY),
        STATUS(ES_KEY_ENCRYPTED, ES_CATEGORY_KEY),
        STATUS(ES_KEY_NOT_RSA, ES_CATEGORY_KEY),
        STATUS(ES_KEY_TOO_SMALL, ES_CATEGORY_KEY),
        STATUS(ES_KEY_TOO_LARGE, ES_CATEGORY_KEY),
        STATUS(ES_KEY_MALFORMED, ES_CATEGORY_KEY),
        STATUS(ES_KEY_AMBIGUOUS, ES_CATEGORY_KEY),
        STATUS(ES_KEY_UNSUPPORTED, ES_CATEGORY_KEY),
        STATUS(ES_KEY_FILE_UNREADABLE, ES_CATEGORY_KEY),
        STATUS(ES_SIGNING_FAILED, ES_CATEGORY_LIBRARY),
        STATUS(ES_SYNC_UNAVAILABLE, ES_CATEGORY_LIBRARY),
        STATUS(ES_PANIC, ES_CATEGORY_LIBRARY),
    };
#undef STATUS
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
        const char *name = es_status_name(statuses[i].code);
        CHECK(name != NULL && strcmp(name, statuses[i].name) == 0, "es_status_name(%s): %s", statuses[i].name,
              name ? name : "NULL");
        CHECK(es_status_category(statuses[i].code) == statuses[i].category, "es_status_category(%s) = %d",
              statuses[i].name, (int)es_status_category(statuses[i].code));
    }
    /* Every number the library names is in the table above (so a new kind
     * fails here until it is added); the others have no name and the
     * library's category. */
    int unnamed_ok = 1;
    for (int32_t code = -1; code <= 1000; code++) {
        const char *name = es_status_name((es_status)code);
        int listed = 0;
        for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) listed |= (int32_t)statuses[i].code == code;
        if (name != NULL) {
            CHECK(listed, "status %d (%s) is missing from this test's table", (int)code, name);
        } else if (listed || es_status_category((es_status)code) != ES_CATEGORY_LIBRARY) {
            unnamed_ok = 0;
            fprintf(stderr, "status %d: no name, category %d\n", (int)code, (int)es_status_category((es_status)code));
        }
    }
    CHECK(unnamed_ok, "numbers that are no status have no name and the library's category");
    /* es_wrong_type_error names the argument in the core's words. */
    CHECK(es_wrong_type_error(ES_ARGUMENT_USER_IDENTIFIER) == ES_WRONG_TYPE && es_last_error_code() == ES_WRONG_TYPE &&
              strcmp(es_last_error_message(), "user identifier must be a string or an integer") == 0,
          "es_wrong_type_error: %s", es_last_error_message());
    /* es_invalid_utf8_error: text a binding could not convert to UTF-8 (a Ruby String's), in the core's words. */
    CHECK(es_invalid_utf8_error(ES_ARGUMENT_API_KEY) == ES_INVALID_UTF8 && es_last_error_code() == ES_INVALID_UTF8 &&
              strcmp(es_last_error_message(), "API key is not valid Unicode text: pass UTF-8 text") == 0,
          "es_invalid_utf8_error: %s", es_last_error_message());
    /* es_client_key_bits: the key size, and ES_NULL_ARGUMENT for no client. */
    CHECK(es_client_key_bits(NULL) == 0 && es_last_error_code() == ES_NULL_ARGUMENT, "es_client_key_bits(NULL)");
}

struct thread_arg {
    const es_client *client;
    int tokens;
    int failures;
};

static void *mint_many(void *p) {
    struct thread_arg *arg = p;
    char id[64];
    for (int i = 0; i < arg->tokens; i++) {
        snprintf(id, sizeof id, "thread-user-%d", i);
        char *token = es_generate_user_token(arg->client, id);
        if (token == NULL || es_last_error_code() != ES_OK) arg->failures++;
        es_free_string(token);
    }
    /* Errors stay on their own thread. */
    if (es_generate_user_token(arg->client, "") != NULL || es_last_error_code() != ES_IDENTIFIER_EMPTY) arg->failures++;
    return NULL;
}

static void test_threads(const char *pem, int tokens_per_thread) {
    enum { THREADS = 8 };
    es_client *client = es_client_new("demo-api-key", NULL, pem);
    pthread_t threads[THREADS];
    struct thread_arg args[THREADS];
    for (int t = 0; t < THREADS; t++) {
        args[t] = (struct thread_arg){client, tokens_per_thread, 0};
        pthread_create(&threads[t], NULL, mint_many, &args[t]);
    }
    int failures = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(threads[t], NULL);
        failures += args[t].failures;
    }
    CHECK(failures == 0, "%d thread failures", failures);
    es_client_free(client);
}

/*
 * Calls made from a pthread_key destructor run after the thread's Rust
 * thread-locals are destroyed (glibc runs those first): the outcome must
 * still be the real one, not a false ES_PANIC.
 */
struct exit_outcome {
    int success_ok, failure_ok;
};
static struct exit_outcome exit_outcome;
static pthread_key_t exit_key;

static void mint_at_thread_exit(void *client) {
    char *token = es_generate_user_token(client, "exiting-user");
    exit_outcome.success_ok = token != NULL && es_last_error_code() == ES_OK;
    es_free_string(token);
    exit_outcome.failure_ok = es_generate_user_token(client, "") == NULL &&
                              es_last_error_code() == ES_IDENTIFIER_EMPTY && es_last_error_message()[0] != '\0';
}

static void *thread_that_exits(void *client) {
    /* Touch the library's thread-locals first, so that they exist to be destroyed. */
    es_free_string(es_generate_user_token(client, "warm"));
    (void)es_generate_user_token(client, "");
    pthread_setspecific(exit_key, client);
    return NULL;
}

static void test_calls_at_thread_exit(const char *pem) {
    es_client *client = es_client_new("demo-api-key", NULL, pem);
    pthread_t thread;
    CHECK(pthread_key_create(&exit_key, mint_at_thread_exit) == 0, "pthread_key_create");
    pthread_create(&thread, NULL, thread_that_exits, client);
    pthread_join(thread, NULL);
    CHECK(exit_outcome.success_ok, "a successful call in a pthread_key destructor reports ES_OK");
    CHECK(exit_outcome.failure_ok, "a failed call in a pthread_key destructor reports its own code and a message");
    pthread_key_delete(exit_key);
    es_client_free(client);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s KEYS_DIR [THREAD_TOKENS]\n", argv[0]);
        return 2;
    }
    keys_dir = argv[1];
    int thread_tokens = argc > 2 ? atoi(argv[2]) : 100;
    char *pem = read_key("rsa2048.pkcs8.pem");

    test_version();
    test_mint(pem);
    test_argument_errors(pem);
    test_client_new_len(pem);
    test_client_clone(pem);
    test_options_set();
    test_status_names_and_categories();
    test_threads(pem, thread_tokens);
    test_calls_at_thread_exit(pem);

    free(pem);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
