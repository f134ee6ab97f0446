/*
 * The C ABI from C: minting, options, and every error path, with the codes
 * and messages a C caller sees. Built with -std=c99 -Wall -Wextra -Wpedantic
 * -Werror, linked once to the shared and once to the static library, and run
 * under valgrind by scripts/test-c.
 *
 * Usage: test_capi KEYS_DIR [THREAD_TOKENS]
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
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

/* A failed call: NULL result, the expected code, and a non-empty message. */
static void expect_error(const void *result, es_status expected, const char *what) {
    es_status code = es_last_error_code();
    const char *message = es_last_error_message();
    CHECK(result == NULL, "%s: expected NULL", what);
    CHECK(code == expected, "%s: expected code %d, got %d (%s)", what, (int)expected, (int)code, message);
    CHECK(message != NULL && strlen(message) > 10, "%s: expected a message", what);
}

static void test_version(void) {
    const char *version = es_version();
    CHECK(version != NULL && strlen(version) >= 5, "version");
}

static void test_mint(const char *pem) {
    es_client *client = es_client_new("demo-api-key", "secret", pem);
    CHECK(client != NULL, "client: %s", es_last_error_message());
    CHECK(es_last_error_code() == ES_OK, "ES_OK after success");
    CHECK(strcmp(es_last_error_message(), "") == 0, "empty message after success");

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

static void test_argument_errors(const char *pem) {
    es_client *client = es_client_new("demo-api-key", NULL, pem);
    CHECK(client != NULL, "client with NULL secret");

    expect_error(es_generate_user_token(NULL, "x"), ES_NULL_ARGUMENT, "NULL client");
    expect_error(es_generate_user_token(client, NULL), ES_NULL_ARGUMENT, "NULL identifier");
    expect_error(es_generate_user_token(client, ""), ES_IDENTIFIER_EMPTY, "empty identifier");
    expect_error(es_generate_user_token(client, "\xff\xfe"), ES_INVALID_UTF8, "invalid UTF-8 identifier");
    expect_error(es_generate_user_token(client, "\xc3"), ES_INVALID_UTF8, "truncated UTF-8 identifier");

    char *long_id = malloc(1025 + 1);
    memset(long_id, 'x', 1025);
    long_id[1025] = '\0';
    expect_error(es_generate_user_token(client, long_id), ES_IDENTIFIER_TOO_LONG, "1025-byte identifier");
    long_id[1024] = '\0';
    char *ok = es_generate_user_token(client, long_id);
    CHECK(ok != NULL, "1024-byte identifier");
    es_free_string(ok);
    free(long_id);

    size_t mib = 1 << 20;
    char *huge = malloc(mib + 1);
    memset(huge, 'A', mib);
    huge[mib] = '\0';
    expect_error(es_generate_user_token(client, huge), ES_IDENTIFIER_TOO_LONG, "1 MiB identifier");
    expect_error(es_client_new("k", NULL, huge), ES_KEY_MALFORMED, "1 MiB key");
    es_client *big_api_key = es_client_new(huge, NULL, pem);
    CHECK(big_api_key != NULL, "1 MiB API key is accepted");
    es_client_free(big_api_key);
    free(huge);

    es_token_options options = es_token_options_default();
    options.expires_in = 0;
    expect_error(es_generate_user_token_with_options(client, "x", &options), ES_INVALID_EXPIRY, "zero expiry");
    options.expires_in = -1;
    expect_error(es_generate_user_token_with_options(client, "x", &options), ES_INVALID_EXPIRY, "negative expiry");
    options = es_token_options_default();
    options.use_issued_at = 1;
    options.issued_at = -1;
    expect_error(es_generate_user_token_with_options(client, "x", &options), ES_INVALID_ISSUED_AT, "negative iat");

    expect_error(es_client_new(NULL, NULL, pem), ES_API_KEY_MISSING, "NULL API key");
    expect_error(es_client_new("", NULL, pem), ES_API_KEY_MISSING, "empty API key");
    expect_error(es_client_new("\xff", NULL, pem), ES_INVALID_UTF8, "invalid UTF-8 API key");
    expect_error(es_client_new("k", "\xff", pem), ES_INVALID_UTF8, "invalid UTF-8 API secret");
    expect_error(es_client_new("k", NULL, "\xff\xfe-----BEGIN"), ES_INVALID_UTF8, "invalid UTF-8 key");

    /* Explicit lengths: an embedded NUL is rejected, not cut short. */
    expect_error(es_generate_user_token_len(client, "a\0b", 3, NULL), ES_IDENTIFIER_INVALID, "NUL in identifier");
    CHECK(strcmp(es_last_error_name(), "ES_IDENTIFIER_INVALID") == 0, "error name");
    expect_error(es_generate_user_token_len(client, NULL, 0, NULL), ES_NULL_ARGUMENT, "NULL identifier with length");
    expect_error(es_generate_user_token_len(client, "ab", 0, NULL), ES_IDENTIFIER_EMPTY, "zero length");
    expect_error(es_generate_user_token_len(client, "\xff", 1, NULL), ES_INVALID_UTF8, "invalid UTF-8 with length");
    char *prefix = es_generate_user_token_len(client, "alice-and-more", 5, NULL);
    char *alice = es_generate_user_token(client, "alice");
    CHECK(prefix != NULL && alice != NULL, "identifier by length");
    es_free_string(prefix);
    es_free_string(alice);

    /* Success resets the slot. */
    char *token = es_generate_user_token(client, "after-errors");
    CHECK(token != NULL && es_last_error_code() == ES_OK, "success after errors resets the code");
    CHECK(strcmp(es_last_error_name(), "ES_OK") == 0, "ES_OK name");
    es_free_string(token);

    es_free_string(NULL);
    es_client_free(NULL);
    es_client_free(client);
}

static void test_key_errors(void) {
    static const struct {
        const char *file;
        es_status code;
    } cases[] = {
        {"rsa2048.pub.pem", ES_KEY_IS_PUBLIC},
        {"rsa2048.pkcs1-pub.pem", ES_KEY_IS_PUBLIC},
        {"rsa2048.cert.pem", ES_KEY_IS_PUBLIC},
        {"rsa2048.encrypted-pkcs8.pem", ES_KEY_ENCRYPTED},
        {"rsa2048.encrypted-pkcs1.pem", ES_KEY_ENCRYPTED},
        {"ec-p256.pkcs8.pem", ES_KEY_NOT_RSA},
        {"ec-p256.sec1.pem", ES_KEY_NOT_RSA},
        {"ed25519.pkcs8.pem", ES_KEY_NOT_RSA},
        {"rsa1024.pkcs8.pem", ES_KEY_TOO_SMALL},
        {"rsa8200.pkcs8.pem", ES_KEY_TOO_LARGE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = read_key(cases[i].file);
        expect_error(es_client_new("k", "s", text), cases[i].code, cases[i].file);
        free(text);
    }
    expect_error(es_client_new("k", NULL, NULL), ES_KEY_MISSING, "NULL key");
    expect_error(es_client_new("k", NULL, ""), ES_KEY_MISSING, "empty key");
    expect_error(es_client_new("k", NULL, " \n\t "), ES_KEY_MISSING, "blank key");
    expect_error(es_client_new("k", NULL, "/etc/engagespot/private.pem"), ES_KEY_IS_PATH, "path");
    expect_error(es_client_new("k", NULL, "garbage"), ES_KEY_MALFORMED, "garbage");
    expect_error(es_client_new("k", NULL, "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg"), ES_KEY_MALFORMED, "truncated");
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
    test_key_errors();
    test_threads(pem, thread_tokens);

    free(pem);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
