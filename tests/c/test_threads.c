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
static int failures[THREADS + 1];

static void *mint(void *arg) {
    int id = (int)(size_t)arg;
    es_token_options options = es_token_options_default();
    options.include_jti = (unsigned char)(id % 2);
    for (int i = 0; i < tokens_per_thread; i++) {
        char *token = es_generate_user_token_with_options(shared, "thread-user", &options);
        if (token == NULL) failures[id]++;
        es_free_string(token);
        if (es_generate_user_token(shared, "") != NULL || es_last_error_code() != ES_IDENTIFIER_EMPTY) failures[id]++;
    }
    return NULL;
}

static void *churn(void *arg) {
    (void)arg;
    for (int i = 0; i < tokens_per_thread; i++) {
        es_client *client = es_client_new("other-api-key", "secret", pem);
        if (client == NULL) failures[THREADS]++;
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
    int total = 0;
    for (int t = 0; t <= THREADS; t++) {
        pthread_join(threads[t], NULL);
        total += failures[t];
    }
    es_client_free(client);
    free(text);
    printf("%d passed, %d failed\n", total == 0 ? 1 : 0, total == 0 ? 0 : 1);
    return total != 0;
}
