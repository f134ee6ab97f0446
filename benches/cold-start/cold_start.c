/*
 * Cold start of the C ABI and of OpenSSL, in this new process. Prints one line
 * for benches/cold-start/run.py:
 *   COLD {"load": ms, "client": ms, "first": ms, "second": ms, "cpu_load": ms, ...}
 * (each phase in wall-clock time, and as cpu_* in the process's CPU time, which
 * other work on a shared machine does not inflate)
 *
 *   cold_start ours LIBRARY KEY_FILE   dlopen the library and look up the es_*
 *                                      functions (load), es_client_new (client),
 *                                      es_generate_user_token twice (first, second)
 *   cold_start openssl LIBCRYPTO KEY_FILE
 *                                      the reference, the way a C program signs a
 *                                      JWT with OpenSSL given the PEM: dlopen libcrypto
 *                                      (load), then per token PEM_read_bio_PrivateKey,
 *                                      EVP_DigestSign over the same header and claims
 *                                      and base64url (first, second); no client
 *
 * Both libraries are opened with dlopen so that "load" counts the same work
 * for each: mapping the library and its dependencies and running their
 * constructors. Timing only; the tokens are checked by the test suites.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../tests/c/read_file.h"

/* A point in time: wall clock and this process's CPU time, in ms. */
struct mark { double wall, cpu; };

static double clock_ms(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static struct mark now_ms(void) {
    return (struct mark){clock_ms(CLOCK_MONOTONIC), clock_ms(CLOCK_PROCESS_CPUTIME_ID)};
}

static void *symbol(void *library, const char *name) {
    void *found = dlsym(library, name);
    if (!found) { fprintf(stderr, "cold_start: %s: %s\n", name, dlerror()); exit(1); }
    return found;
}

static void *open_library(const char *path) {
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!library) { fprintf(stderr, "cold_start: %s\n", dlerror()); exit(1); }
    return library;
}

static void report(struct mark start, struct mark loaded, struct mark client, struct mark first, struct mark second) {
    printf("COLD {\"load\": %.3f, \"client\": %.3f, \"first\": %.3f, \"second\": %.3f, "
           "\"cpu_load\": %.3f, \"cpu_client\": %.3f, \"cpu_first\": %.3f, \"cpu_second\": %.3f}\n",
           loaded.wall - start.wall, client.wall - loaded.wall, first.wall - client.wall, second.wall - first.wall,
           loaded.cpu - start.cpu, client.cpu - loaded.cpu, first.cpu - client.cpu, second.cpu - first.cpu);
}

typedef void *(*client_new_fn)(const char *, const char *, const char *);
typedef char *(*token_fn)(const void *, const char *);
typedef void (*free_fn)(void *);
typedef const char *(*message_fn)(void);

static int ours(const char *path, const char *pem) {
    struct mark start = now_ms();
    void *library = open_library(path);
    client_new_fn client_new = (client_new_fn)symbol(library, "es_client_new");
    token_fn generate = (token_fn)symbol(library, "es_generate_user_token");
    free_fn free_string = (free_fn)symbol(library, "es_free_string");
    free_fn client_free = (free_fn)symbol(library, "es_client_free");
    message_fn message = (message_fn)symbol(library, "es_last_error_message");
    struct mark loaded = now_ms();
    void *client = client_new("cold-start-api-key", NULL, pem);
    if (!client) { fprintf(stderr, "cold_start: %s\n", message()); return 1; }
    struct mark created = now_ms();
    char *token = generate(client, "first@example.com");
    struct mark first = now_ms();
    char *again = generate(client, "second@example.com");
    struct mark second = now_ms();
    if (!token || !again) { fprintf(stderr, "cold_start: %s\n", message()); return 1; }
    report(start, loaded, created, first, second);
    free_string(token);
    free_string(again);
    client_free(client);
    return 0;
}

/* The OpenSSL 3 functions the reference calls, looked up after dlopen. */
struct openssl {
    void *(*bio_new_mem_buf)(const void *, int);
    int (*bio_free)(void *);
    void *(*pem_read_bio_privatekey)(void *, void **, void *, void *);
    void (*pkey_free)(void *);
    void *(*md_ctx_new)(void);
    void (*md_ctx_free)(void *);
    const void *(*sha256)(void);
    int (*digest_sign_init)(void *, void **, const void *, void *, void *);
    int (*digest_sign)(void *, unsigned char *, size_t *, const unsigned char *, size_t);
    int (*encode_block)(unsigned char *, const unsigned char *, int);
};

/* Standard base64 (EVP_EncodeBlock) turned into unpadded base64url, in place. */
static size_t base64url(const struct openssl *ssl, char *out, const unsigned char *in, size_t len) {
    size_t n = (size_t)ssl->encode_block((unsigned char *)out, in, (int)len);
    while (n > 0 && out[n - 1] == '=') n--;
    for (size_t i = 0; i < n; i++) out[i] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
    out[n] = '\0';
    return n;
}

/* One JWT the way the official SDKs do it: the PEM parsed on every call. */
static char *openssl_token(const struct openssl *ssl, const char *pem, const char *user) {
    static const char header[] = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    char claims[512];
    long now = (long)time(NULL);
    int claims_len = snprintf(claims, sizeof claims, "{\"sub\":\"user:%s\",\"apiKey\":\"cold-start-api-key\",\"iat\":%ld,\"exp\":%ld}",
                              user, now, now + 3600);
    char *token = malloc(2048);
    size_t len = base64url(ssl, token, (const unsigned char *)header, sizeof header - 1);
    token[len++] = '.';
    len += base64url(ssl, token + len, (const unsigned char *)claims, (size_t)claims_len);
    void *bio = ssl->bio_new_mem_buf(pem, -1);
    void *key = ssl->pem_read_bio_privatekey(bio, NULL, NULL, NULL);
    ssl->bio_free(bio);
    void *ctx = ssl->md_ctx_new();
    unsigned char signature[1024];
    size_t signature_len = sizeof signature;
    if (!key || ssl->digest_sign_init(ctx, NULL, ssl->sha256(), NULL, key) != 1 ||
        ssl->digest_sign(ctx, signature, &signature_len, (const unsigned char *)token, len) != 1) {
        fprintf(stderr, "cold_start: OpenSSL could not sign\n");
        exit(1);
    }
    ssl->md_ctx_free(ctx);
    ssl->pkey_free(key);
    token[len++] = '.';
    base64url(ssl, token + len, signature, signature_len);
    return token;
}

static int reference(const char *path, const char *pem) {
    struct mark start = now_ms();
    void *library = open_library(path);
    struct openssl ssl = {
        .bio_new_mem_buf = symbol(library, "BIO_new_mem_buf"),
        .bio_free = symbol(library, "BIO_free"),
        .pem_read_bio_privatekey = symbol(library, "PEM_read_bio_PrivateKey"),
        .pkey_free = symbol(library, "EVP_PKEY_free"),
        .md_ctx_new = symbol(library, "EVP_MD_CTX_new"),
        .md_ctx_free = symbol(library, "EVP_MD_CTX_free"),
        .sha256 = symbol(library, "EVP_sha256"),
        .digest_sign_init = symbol(library, "EVP_DigestSignInit"),
        .digest_sign = symbol(library, "EVP_DigestSign"),
        .encode_block = symbol(library, "EVP_EncodeBlock"),
    };
    struct mark loaded = now_ms();
    char *token = openssl_token(&ssl, pem, "first@example.com");
    struct mark first = now_ms();
    char *again = openssl_token(&ssl, pem, "second@example.com");
    struct mark second = now_ms();
    report(start, loaded, loaded, first, second);
    free(token);
    free(again);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 4 || (strcmp(argv[1], "ours") != 0 && strcmp(argv[1], "openssl") != 0)) {
        fprintf(stderr, "usage: cold_start ours|openssl LIBRARY KEY_FILE\n");
        return 2;
    }
    char *pem = read_file(argv[3]);
    if (!pem) { perror(argv[3]); return 1; }
    int status = strcmp(argv[1], "ours") == 0 ? ours(argv[2], pem) : reference(argv[2], pem);
    free(pem);
    return status;
}
