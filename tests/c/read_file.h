/* Shared by the C tests and benchmarks: a whole file as a NUL-terminated string. */
#ifndef ENGAGESPOT_TEST_READ_FILE_H
#define ENGAGESPOT_TEST_READ_FILE_H

#include <stdio.h>
#include <stdlib.h>

/* Reads PATH whole; exits with status 2 when it cannot. Free the result. */
static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    if (!text) exit(2);
    text[fread(text, 1, (size_t)size, f)] = '\0';
    fclose(f);
    return text;
}

#endif
