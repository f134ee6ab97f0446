/*
 * Fork safety, as php-fpm does it: the parent creates a client, then forks;
 * each child mints tokens with a jti and prints them. tests/python checks
 * that every token verifies and that no two jti values are equal, which
 * needs the random generator to reseed in each child.
 *
 * Usage: test_fork KEY_FILE CHILDREN TOKENS_PER_CHILD
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engagespot_token.h"
#include "read_file.h"


static int mint(const es_client *client, const char *who, int count) {
    es_token_options options = es_token_options_default();
    options.include_jti = 1;
    for (int i = 0; i < count; i++) {
        char *token = es_generate_user_token_with_options(client, who, &options);
        if (!token) {
            fprintf(stderr, "%s: %s\n", who, es_last_error_message());
            return 1;
        }
        printf("%s\n", token);
        es_free_string(token);
    }
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 4) return 2;
    char *pem = read_file(argv[1]);
    int children = atoi(argv[2]), per_child = atoi(argv[3]);
    es_client *client = es_client_new("fork-api-key", NULL, pem);
    if (!client) { fprintf(stderr, "%s\n", es_last_error_message()); return 1; }
    /* Use the generator before forking, so that a child would inherit its state. */
    if (mint(client, "parent", 1)) return 1;
    for (int c = 0; c < children; c++) {
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 1; }
        if (pid == 0) {
            char who[32];
            snprintf(who, sizeof who, "child-%d", c);
            int status = mint(client, who, per_child);
            es_client_free(client);
            _exit(status);
        }
        int status;
        waitpid(pid, &status, 0); /* one child at a time keeps the output lines whole */
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
    }
    int status = mint(client, "parent", 1);
    es_client_free(client);
    free(pem);
    return status;
}
