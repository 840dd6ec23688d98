/* A full disk on demand, for one file: preloaded into peercert by DiskFullTests. Every write to a
 * file whose path ends with $PEERCERT_TEST_FULL_FILE fails with ENOSPC, exactly as a full file
 * system answers; everything else passes through. Built by the test with the system's cc. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

static int full_descriptor = -1;

static void watch(const char *path, int descriptor) {
    const char *name = getenv("PEERCERT_TEST_FULL_FILE");
    if (descriptor < 0 || name == NULL || path == NULL) return;
    size_t length = strlen(path), suffix = strlen(name);
    if (length >= suffix && strcmp(path + length - suffix, name) == 0) full_descriptor = descriptor;
}

static mode_t mode_of(int flags, va_list arguments) {
    return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(arguments, int) : 0;
}

int open(const char *path, int flags, ...) {
    va_list arguments; va_start(arguments, flags); mode_t mode = mode_of(flags, arguments); va_end(arguments);
    int (*real)(const char *, int, ...) = dlsym(RTLD_NEXT, "open");
    int descriptor = real(path, flags, mode);
    watch(path, descriptor);
    return descriptor;
}

int open64(const char *path, int flags, ...) {
    va_list arguments; va_start(arguments, flags); mode_t mode = mode_of(flags, arguments); va_end(arguments);
    int (*real)(const char *, int, ...) = dlsym(RTLD_NEXT, "open64");
    int descriptor = real(path, flags, mode);
    watch(path, descriptor);
    return descriptor;
}

int openat(int directory, const char *path, int flags, ...) {
    va_list arguments; va_start(arguments, flags); mode_t mode = mode_of(flags, arguments); va_end(arguments);
    int (*real)(int, const char *, int, ...) = dlsym(RTLD_NEXT, "openat");
    int descriptor = real(directory, path, flags, mode);
    watch(path, descriptor);
    return descriptor;
}

ssize_t write(int descriptor, const void *bytes, size_t count) {
    if (descriptor == full_descriptor && count > 0) { errno = ENOSPC; return -1; }
    ssize_t (*real)(int, const void *, size_t) = dlsym(RTLD_NEXT, "write");
    return real(descriptor, bytes, count);
}

int close(int descriptor) {
    if (descriptor == full_descriptor) full_descriptor = -1;
    int (*real)(int) = dlsym(RTLD_NEXT, "close");
    return real(descriptor);
}
