/*
 * Against a library built with the test-only fault-injection feature: arms
 * each fault site in turn ($ENGAGESPOT_TOKEN_FAULT, set here with setenv) and
 * calls every export. The exports at the armed site return (NULL where they
 * return a pointer) and report ES_PANIC; every other export still succeeds;
 * the process never aborts.
 *
 * Usage: test_faults KEY_FILE
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engagespot_token.h"
#include "read_file.h"

static int passed, failed;

static void check(int ok, const char *site, const char *what) {
    if (ok) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL fault at %s, %s: code %d, %s\n", site, what, (int)es_last_error_code(),
                es_last_error_message());
    }
}

static int reported_panic(void) {
    return es_last_error_code() == ES_PANIC && strstr(es_last_error_message(), "panicked") != NULL;
}

/* An export that can fail: at its own site it fails with ES_PANIC, elsewhere it succeeds. */
static void expect(int succeeded, const char *armed, const char *export_site, const char *what) {
    if (strcmp(armed, export_site) == 0) {
        check(!succeeded && reported_panic(), armed, what);
    } else {
        check(succeeded && es_last_error_code() == ES_OK, armed, what);
    }
}

/* A freeing export leaves the error slot alone unless it panics. */
static void expect_free(const char *armed, const char *what) {
    if (strcmp(armed, "free") == 0) {
        check(reported_panic(), armed, what);
    } else {
        check(es_last_error_code() == ES_WRONG_TYPE, armed, what);
    }
}

static void run_exports(const char *armed, const char *pem) {
    /* Made before arming: the client the other exports work on. */
    unsetenv("ENGAGESPOT_TOKEN_FAULT");
    es_client *client = es_client_new("k", "secret", pem);
    char *token = es_generate_user_token(client, "alice");
    if (client == NULL || token == NULL) {
        check(0, armed, "setup");
        return;
    }
    setenv("ENGAGESPOT_TOKEN_FAULT", armed, 1);

    es_client *made = es_client_new("k", "secret", pem);
    expect(made != NULL, armed, "client_new", "es_client_new");
    es_client_free(made);
    made = es_client_new_len("k", 1, "secret", 6, pem, strlen(pem));
    expect(made != NULL, armed, "client_new", "es_client_new_len");
    es_client_free(made);
    made = es_client_clone(client);
    expect(made != NULL, armed, "client_new", "es_client_clone");
    es_client_free(made);

    es_token_options options = es_token_options_default();
    char *minted = es_generate_user_token(client, "alice");
    expect(minted != NULL, armed, "mint", "es_generate_user_token");
    es_free_string(minted);
    minted = es_generate_user_token_with_options(client, "alice", &options);
    expect(minted != NULL, armed, "mint", "es_generate_user_token_with_options");
    es_free_string(minted);
    minted = es_generate_user_token_len(client, "alice", 5, &options);
    expect(minted != NULL, armed, "mint", "es_generate_user_token_len");
    es_free_string(minted);

    es_status status = es_token_options_set(&options, ES_OPTION_NAMING_CAMEL_CASE, "jti", 3, ES_OPTION_VALUE_BOOL, 1);
    expect(status == ES_OK && options.include_jti == 1, armed, "options", "es_token_options_set");
    check(status == es_last_error_code(), armed, "es_token_options_set returns the recorded status");

    /* The error slot holds ES_WRONG_TYPE before each free, so a panic there shows. */
    es_wrong_type_error(ES_ARGUMENT_API_KEY);
    es_free_string(token);
    expect_free(armed, "es_free_string");
    es_wrong_type_error(ES_ARGUMENT_API_KEY);
    es_client_free(client);
    expect_free(armed, "es_client_free");

    /* Exports without a fault site answer whatever is armed. */
    check(es_version() != NULL && es_status_name(ES_PANIC) != NULL, armed, "es_version, es_status_name");
    check(es_status_category(ES_PANIC) == ES_CATEGORY_LIBRARY, armed, "es_status_category");
    unsetenv("ENGAGESPOT_TOKEN_FAULT");
}

int main(int argc, char **argv) {
    static const char *const sites[] = {"client_new", "mint", "options", "free", "none"};
    if (argc != 2) return 2;
    char *pem = read_file(argv[1]);
    for (size_t i = 0; i < sizeof sites / sizeof sites[0]; i++) {
        int before = failed;
        run_exports(sites[i], pem);
        printf("fault at %s: %s\n", sites[i], failed == before ? "ok" : "FAILED");
    }
    free(pem);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
