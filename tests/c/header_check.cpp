// The header compiles as C++11 with every warning as an error, and its
// declarations link from C++ (extern "C").
#include "engagespot_token.h"

#include <cstdio>

int main() {
    es_token_options options = es_token_options_default();
    es_client *client = es_client_new("k", nullptr, "");
    es_status status = es_last_error_code();
    std::printf("%s %d %d %s\n", es_version(), static_cast<int>(options.expires_in), static_cast<int>(status),
                es_last_error_message());
    char *token = es_generate_user_token_with_options(client, "x", &options);
    es_free_string(token);
    es_client_free(client);
    return (client == nullptr && status == ES_KEY_MISSING) ? 0 : 1;
}
