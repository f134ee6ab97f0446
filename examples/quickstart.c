/*
 * C quickstart: mint one Engagespot user token.
 *
 *   cc quickstart.c $(pkg-config --cflags --libs engagespot_token) -o quickstart
 *   ENGAGESPOT_PRIVATE_SIGNING_KEY="$(cat private.pem)" ./quickstart alice@example.com
 */
#include <stdio.h>
#include <stdlib.h>

#include "engagespot_token.h"

int main(int argc, char **argv) {
    const char *user = argc > 1 ? argv[1] : "alice@example.com";
    const char *api_key = getenv("ENGAGESPOT_API_KEY");

    /* Parse the key once; keep the client for the life of the process. */
    es_client *client = es_client_new(api_key ? api_key : "demo-api-key", NULL,
                                      getenv("ENGAGESPOT_PRIVATE_SIGNING_KEY"));
    if (client == NULL) {
        fprintf(stderr, "error %d: %s\n", (int)es_last_error_code(), es_last_error_message());
        return 1;
    }

    char *token = es_generate_user_token(client, user);
    if (token == NULL) {
        fprintf(stderr, "error %d: %s\n", (int)es_last_error_code(), es_last_error_message());
        es_client_free(client);
        return 1;
    }
    printf("%s\n", token);

    es_free_string(token);
    es_client_free(client);
    return 0;
}
