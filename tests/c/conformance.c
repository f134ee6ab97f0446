/*
 * Plays tests/conformance/cases.json through the C ABI, one line per case:
 * "ok", "FAIL" or "skip" (for cases C cannot express, with the reason).
 * Errors are compared by name and step; minted tokens by their claims, with
 * the signature checked by the openssl command. Options are set by name with
 * es_token_options_set, as the bindings set them.
 *
 * Usage: conformance REPO_ROOT    (libjansson reads the table)
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engagespot_token.h"
#include "read_file.h"

static const char *root;

/* A text argument: bytes and length, NULL for null or absent. */
struct text {
    char *bytes;
    size_t len;
};

/* The text a value of the table stands for; returns the reason when C cannot express it. */
static const char *text_of(json_t *v, struct text *out) {
    out->bytes = NULL;
    out->len = 0;
    if (v == NULL || json_is_null(v)) return NULL;
    if (json_is_string(v)) {
        out->len = json_string_length(v);
        out->bytes = malloc(out->len + 1);
        memcpy(out->bytes, json_string_value(v), out->len + 1);
        return NULL;
    }
    const char *type = json_string_value(json_object_get(v, "type"));
    if (type == NULL) return "a non-string value is no C string";
    char path[4096];
    if (strcmp(type, "absent") == 0) return NULL;
    if (strcmp(type, "file") == 0 || strcmp(type, "file_uri") == 0) {
        snprintf(path, sizeof path, "%s/%s", root, json_string_value(json_object_get(v, "path")));
        if (strcmp(type, "file") == 0) {
            out->bytes = read_file(path);
        } else {
            out->bytes = malloc(strlen(path) + 8);
            sprintf(out->bytes, "file://%s", path);
        }
        out->len = strlen(out->bytes);
        return NULL;
    }
    if (strcmp(type, "repeat") == 0 || strcmp(type, "concat") == 0 || strcmp(type, "raw") == 0) {
        /* The table's longest built texts are just over the core's 64 KiB text bound. */
        enum { CAPACITY = 1 << 20 };
        out->bytes = calloc(CAPACITY, 1);
        if (strcmp(type, "repeat") == 0) {
            const char *unit = json_string_value(json_object_get(v, "value"));
            for (json_int_t i = 0; i < json_integer_value(json_object_get(v, "count")); i++) {
                if (out->len + strlen(unit) >= CAPACITY) abort();
                memcpy(out->bytes + out->len, unit, strlen(unit));
                out->len += strlen(unit);
            }
        } else if (strcmp(type, "raw") == 0) {
            const char *hex = json_string_value(json_object_get(v, "hex"));
            for (; hex[0] && hex[1]; hex += 2) {
                unsigned byte;
                sscanf(hex, "%2x", &byte);
                out->bytes[out->len++] = (char)byte;
            }
        } else {
            size_t i;
            json_t *part;
            json_array_foreach(json_object_get(v, "parts"), i, part) {
                struct text piece;
                const char *why = text_of(part, &piece);
                if (why) {
                    free(out->bytes);
                    out->bytes = NULL;
                    return why;
                }
                if (out->len + piece.len >= CAPACITY) abort();
                memcpy(out->bytes + out->len, piece.bytes, piece.len);
                out->len += piece.len;
                free(piece.bytes);
            }
        }
        return NULL;
    }
    return "a value of a type C does not have";
}

/* An option value as es_token_options_set takes it; the reason when C cannot express it. */
static const char *option_of(json_t *v, int *type, int64_t *value) {
    *value = 0;
    const char *kind = json_is_object(v) ? json_string_value(json_object_get(v, "type")) : NULL;
    if (json_is_null(v)) *type = ES_OPTION_VALUE_NULL;
    else if (json_is_boolean(v)) *type = ES_OPTION_VALUE_BOOL, *value = json_is_true(v);
    else if (json_is_integer(v)) *type = ES_OPTION_VALUE_INTEGER, *value = json_integer_value(v);
    else if (json_is_string(v) || (kind && strcmp(kind, "object") == 0)) *type = ES_OPTION_VALUE_OTHER;
    else if (kind && strcmp(kind, "bigint") == 0) {
        char *end;
        const char *digits = json_string_value(json_object_get(v, "value"));
        errno = 0;
        *value = strtoll(digits, &end, 10);
        if (errno != 0 || *end != '\0') return "an integer beyond 64 bits";
        *type = ES_OPTION_VALUE_INTEGER;
    } else return "a value of a type C does not have";
    return NULL;
}

static size_t base64url_decode(const char *in, size_t len, unsigned char *out) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t n = 0;
    uint32_t bits = 0;
    int count = 0;
    for (size_t i = 0; i < len; i++) {
        bits = bits << 6 | (uint32_t)(strchr(alphabet, in[i]) - alphabet);
        if ((count += 6) >= 8) out[n++] = (unsigned char)(bits >> (count -= 8));
    }
    return n;
}

/* Checks the token's signature with `openssl dgst -verify` and its claims against `expected`. */
static char *check_token(const char *token, json_t *expected, const char *public_key) {
    static char why[512];
    const char *dot1 = strchr(token, '.'), *dot2 = strrchr(token, '.');
    size_t len = strlen(token);
    unsigned char *buffer = malloc(len);
    char dir[] = "/tmp/es-conformance-XXXXXX", data[64], sig[64], command[8192];
    if (mkdtemp(dir) == NULL) return "mkdtemp failed";
    snprintf(data, sizeof data, "%s/data", dir);
    snprintf(sig, sizeof sig, "%s/sig", dir);
    FILE *f = fopen(data, "wb");
    fwrite(token, 1, (size_t)(dot2 - token), f);
    fclose(f);
    f = fopen(sig, "wb");
    fwrite(buffer, 1, base64url_decode(dot2 + 1, strlen(dot2 + 1), buffer), f);
    fclose(f);
    snprintf(command, sizeof command, "openssl dgst -sha256 -verify '%s/%s' -signature %s %s >/dev/null 2>&1", root,
             public_key, sig, data);
    int verified = system(command) == 0;
    remove(data);
    remove(sig);
    remove(dir);
    size_t n = base64url_decode(dot1 + 1, (size_t)(dot2 - dot1 - 1), buffer);
    json_t *claims = json_loadb((const char *)buffer, n, 0, NULL);
    /* jansson keeps insertion order: the dumps compare the order of the claims too. */
    char *got = json_dumps(claims, JSON_COMPACT | JSON_PRESERVE_ORDER);
    char *want = json_dumps(expected, JSON_COMPACT | JSON_PRESERVE_ORDER);
    char *result = NULL;
    if (!verified) result = "openssl rejects the signature";
    else if (strcmp(got, want) != 0) snprintf(why, sizeof why, "claims %s, expected %s", got, want), result = why;
    free(got);
    free(want);
    json_decref(claims);
    free(buffer);
    return result;
}

/* Plays one case; returns NULL when it passed, else why it failed (or was skipped: *skipped set). */
static const char *play(json_t *c, int *skipped) {
    static char why[512];
    struct text api_key = {NULL, 0}, api_secret = {NULL, 0}, signing_key = {NULL, 0}, identifier = {NULL, 0};
    json_t *options = json_object_get(c, "options");
    const char *reason = json_object_get(c, "environment") ? "the environment fallback is the bindings'" : NULL;
    if (options && (!json_is_object(options) || json_object_get(options, "type")))
        reason = json_is_null(options) ? NULL : "an options argument that is not a map";
    if (!reason) reason = text_of(json_object_get(c, "apiKey"), &api_key);
    if (!reason) reason = text_of(json_object_get(c, "apiSecret"), &api_secret);
    if (!reason) reason = text_of(json_object_get(c, "signingKey"), &signing_key);
    if (!reason) reason = text_of(json_object_get(c, "identifier"), &identifier);
    const char *name;
    json_t *value;
    es_token_options set = es_token_options_default();
    struct {
        const char *name;
        int type;
        int64_t value;
    } steps[16];
    size_t count = 0;
    json_object_foreach(json_is_object(options) ? options : NULL, name, value) {
        if (count == sizeof steps / sizeof steps[0]) {
            reason = "more options than this runner holds";
            break;
        }
        if (!reason) reason = option_of(value, &steps[count].type, &steps[count].value);
        steps[count++].name = name;
    }
    if (reason) {
        *skipped = 1;
        free(api_key.bytes);
        free(api_secret.bytes);
        free(signing_key.bytes);
        free(identifier.bytes);
        return reason;
    }
    const char *at = "client", *error = NULL;
    char *token = NULL;
    es_client *client = es_client_new_len(api_key.bytes, api_key.len, api_secret.bytes, api_secret.len,
                                          signing_key.bytes, signing_key.len);
    if (client != NULL) {
        at = "token";
        for (size_t i = 0; i < count && error == NULL; i++) {
            if (es_token_options_set(&set, ES_OPTION_NAMING_CAMEL_CASE, steps[i].name, strlen(steps[i].name),
                                     steps[i].type, steps[i].value) != ES_OK)
                error = es_last_error_name();
        }
        if (error == NULL) {
            token = es_generate_user_token_len(client, identifier.bytes, identifier.len, json_is_null(options) ? NULL : &set);
        }
    }
    if (token == NULL && error == NULL) error = es_last_error_name();
    const char *expected = json_string_value(json_object_get(c, "error"));
    const char *result = NULL;
    if (error != NULL) {
        if (!expected || strcmp(error, expected) != 0 || strcmp(at, json_string_value(json_object_get(c, "at"))) != 0) {
            snprintf(why, sizeof why, "%s at %s (%s), expected %s", error, at, es_last_error_message(),
                     expected ? expected : "a token");
            result = why;
        }
    } else if (expected) {
        snprintf(why, sizeof why, "minted a token, expected %s", expected);
        result = why;
    } else {
        result = check_token(token, json_object_get(c, "claims"), json_string_value(json_object_get(c, "publicKey")));
    }
    es_free_string(token);
    es_client_free(client);
    free(api_key.bytes);
    free(api_secret.bytes);
    free(signing_key.bytes);
    free(identifier.bytes);
    return result;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s REPO_ROOT\n", argv[0]);
        return 2;
    }
    root = argv[1];
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/conformance/cases.json", root);
    json_error_t parse_error;
    json_t *table = json_load_file(path, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &parse_error);
    if (table == NULL) {
        fprintf(stderr, "%s:%d: %s\n", path, parse_error.line, parse_error.text);
        return 2;
    }
    int passed = 0, failed = 0, skipped_count = 0;
    size_t i;
    json_t *entry;
    json_array_foreach(json_object_get(table, "cases"), i, entry) {
        json_t *c = json_deep_copy(entry);
        json_object_update_missing(c, json_object_get(table, "defaults"));
        int skipped = 0;
        const char *name = json_string_value(json_object_get(c, "name"));
        const char *result = play(c, &skipped);
        if (skipped) {
            printf("skip %s (not expressible in C: %s)\n", name, result);
            skipped_count++;
        } else if (result) {
            printf("FAIL %s: %s\n", name, result);
            failed++;
        } else {
            printf("ok   %s\n", name);
            passed++;
        }
        json_decref(c);
    }
    json_decref(table);
    printf("conformance: %d passed, %d failed, %d skipped\n", passed, failed, skipped_count);
    return failed == 0 && passed > 50 ? 0 : 1;
}
