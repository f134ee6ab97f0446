/*
 * C ABI benchmark. Prints "RESULT name value unit" lines for scripts/bench.
 *
 *   bench_capi mint KEY_FILE SECONDS THREADS   tokens/s, THREADS sharing one client
 *   bench_capi create KEY_FILE SECONDS         first client creation (us), then
 *                                              creations/s with the same key (cache)
 *   bench_capi memory KEY_FILE                 bytes per client, peak RSS of a mint loop
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "engagespot_token.h"
#include "../../tests/c/read_file.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}


static es_client *client_or_die(const char *pem) {
    es_client *client = es_client_new("bench-api-key", NULL, pem);
    if (!client) { fprintf(stderr, "%s\n", es_last_error_message()); exit(1); }
    return client;
}

struct worker { const es_client *client; double seconds; long tokens; };

static void *mint_loop(void *p) {
    struct worker *w = p;
    double end = now() + w->seconds;
    while (now() < end) {
        for (int i = 0; i < 8; i++) {
            char *token = es_generate_user_token(w->client, "user@example.com");
            if (!token) { fprintf(stderr, "%s\n", es_last_error_message()); exit(1); }
            es_free_string(token);
        }
        w->tokens += 8;
    }
    return NULL;
}

static void mint(const char *pem, double seconds, int threads) {
    es_client *client = client_or_die(pem);
    struct worker warm = {client, 0.2, 0};
    mint_loop(&warm);
    struct worker workers[64];
    pthread_t ids[64];
    double start = now();
    for (int t = 0; t < threads; t++) {
        workers[t] = (struct worker){client, seconds, 0};
        pthread_create(&ids[t], NULL, mint_loop, &workers[t]);
    }
    long total = 0;
    for (int t = 0; t < threads; t++) {
        pthread_join(ids[t], NULL);
        total += workers[t].tokens;
    }
    printf("RESULT tokens_per_s %.1f tokens/s\n", (double)total / (now() - start));
    es_client_free(client);
}

static void create(const char *pem, double seconds) {
    double start = now();
    es_client *first = client_or_die(pem);
    printf("RESULT first_create_us %.1f us\n", (now() - start) * 1e6);
    long n = 0;
    start = now();
    while (now() - start < seconds) {
        es_client_free(client_or_die(pem));
        n++;
    }
    printf("RESULT repeat_create_per_s %.1f creations/s\n", (double)n / (now() - start));
    es_client_free(first);
}

static void memory(const char *pem) {
    es_client *first = client_or_die(pem); /* parses and caches the key */
#ifdef __GLIBC__ /* mallinfo2 is glibc's; musl builds (scripts/bench --musl) only mint */
    enum { N = 1000 };
    static es_client *clients[N];
    size_t before = mallinfo2().uordblks;
    for (int i = 0; i < N; i++) clients[i] = client_or_die(pem);
    size_t after = mallinfo2().uordblks;
    printf("RESULT bytes_per_client %.1f bytes\n", (double)(after - before) / N);
    for (int i = 0; i < N; i++) es_client_free(clients[i]);
#endif
    struct worker w = {first, 1.0, 0};
    mint_loop(&w);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("RESULT peak_rss_kib %ld KiB\n", usage.ru_maxrss);
    es_client_free(first);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: bench_capi mint|create|memory KEY_FILE [SECONDS] [THREADS]\n");
        return 2;
    }
    char *pem = read_file(argv[2]);
    double seconds = argc > 3 ? atof(argv[3]) : 2.0;
    if (strcmp(argv[1], "mint") == 0) mint(pem, seconds, argc > 4 ? atoi(argv[4]) : 1);
    else if (strcmp(argv[1], "create") == 0) create(pem, seconds);
    else if (strcmp(argv[1], "memory") == 0) memory(pem);
    else return 2;
    free(pem);
    return 0;
}
