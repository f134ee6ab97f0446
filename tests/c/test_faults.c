/*
 * Against a library built with the test-only fault-injection feature, with
 * $ENGAGESPOT_TOKEN_FAULT arming one site: every export returns (NULL where
 * it returns a pointer) and reports ES_PANIC; the process does not abort.
 *
 * Usage: ENGAGESPOT_TOKEN_FAULT=SITE test_faults KEY_FILE
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engagespot_token.h"
#include "read_file.h"

static int passed, failed;

static void check(int ok, const char *what) {
    if (ok) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL %s: code %d, %s\n", what, (int)es_last_error_code(), es_last_error_message());
    }
}

static int reported_panic(void) {
    return es_last_error_code() == ES_PANIC && strstr(es_last_error_message(), "panicked") != NULL;
}

int main(int argc, char **argv) {
    const char *site = getenv("ENGAGESPOT_TOKEN_FAULT");
    if (argc != 2 || site == NULL) return 2;
    char *pem = read_file(argv[1]);

    es_client *client = es_client_new("k", "secret", pem);
    if (strcmp(site, "client_new") == 0) {
        check(client == NULL && reported_panic(), "es_client_new");
        free(pem);
        printf("%d passed, %d failed\n", passed, failed);
        return failed != 0;
    }
    check(client != NULL, "es_client_new");
    es_token_options options = es_token_options_default();
    if (strcmp(site, "options_default") == 0) check(reported_panic() && options.expires_in == 3600, "es_token_options_default");

    char *token = es_generate_user_token(client, "alice");
    int should_fail = strcmp(site, "mint") == 0 || strcmp(site, "options_default") == 0;
    check(should_fail ? token == NULL && reported_panic() : token != NULL, "es_generate_user_token");
    es_free_string(token);
    token = es_generate_user_token_with_options(client, "alice", &options);
    check(strcmp(site, "mint") == 0 ? token == NULL && reported_panic() : token != NULL, "es_generate_user_token_with_options");
    es_free_string(token);
    token = es_generate_user_token_len(client, "alice", 5, &options);
    check(strcmp(site, "mint") == 0 ? token == NULL && reported_panic() : token != NULL, "es_generate_user_token_len");
    es_free_string(token);

    es_client_free(client);
    if (strcmp(site, "client_drop") == 0) check(reported_panic(), "es_client_free");
    check(es_version() != NULL, "es_version");
    free(pem);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
