/*
 * For helgrind and DRD: threads start cold (the first signatures of the
 * process happen concurrently) and share one client, minting with and
 * without jti, while another thread creates and frees clients.
 *
 * Usage: test_threads KEY_FILE [TOKENS_PER_THREAD]
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "engagespot_token.h"
#include "read_file.h"

enum { THREADS = 4 };
static const es_client *shared;
static const char *pem;
static int tokens_per_thread = 3;
/* Per thread, so that no counter is shared: checks passed and failed. */
static int passes[THREADS + 1], failures[THREADS + 1];

static void check(int id, int ok) {
    if (ok) {
        passes[id]++;
    } else {
        failures[id]++;
    }
}

static void *mint(void *arg) {
    int id = (int)(size_t)arg;
    es_token_options options = es_token_options_default();
    options.include_jti = (unsigned char)(id % 2);
    for (int i = 0; i < tokens_per_thread; i++) {
        char *token = es_generate_user_token_with_options(shared, "thread-user", &options);
        check(id, token != NULL && es_last_error_code() == ES_OK);
        es_free_string(token);
        /* Errors stay on their own thread. */
        check(id, es_generate_user_token(shared, "") == NULL && es_last_error_code() == ES_IDENTIFIER_EMPTY);
    }
    return NULL;
}

static void *churn(void *arg) {
    (void)arg;
    for (int i = 0; i < tokens_per_thread; i++) {
        es_client *client = es_client_new("other-api-key", "secret", pem);
        check(THREADS, client != NULL);
        es_client_free(client);
    }
    return NULL;
}


int main(int argc, char **argv) {
    if (argc < 2) return 2;
    if (argc > 2) tokens_per_thread = atoi(argv[2]);
    char *text = read_file(argv[1]);
    pem = text;
    es_client *client = es_client_new("demo-api-key", NULL, pem);
    if (client == NULL) return 1;
    shared = client;
    pthread_t threads[THREADS + 1];
    for (int t = 0; t < THREADS; t++) pthread_create(&threads[t], NULL, mint, (void *)(size_t)t);
    pthread_create(&threads[THREADS], NULL, churn, NULL);
    int passed = 0, failed = 0;
    for (int t = 0; t <= THREADS; t++) {
        pthread_join(threads[t], NULL);
        passed += passes[t];
        failed += failures[t];
    }
    es_client_free(client);
    free(text);
    /* Every check ran: 2 per token in each minting thread, 1 per client churned. */
    int expected = THREADS * tokens_per_thread * 2 + tokens_per_thread;
    if (passed + failed != expected) {
        fprintf(stderr, "%d checks ran, %d expected\n", passed + failed, expected);
        failed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
