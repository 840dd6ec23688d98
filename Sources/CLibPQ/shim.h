#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H
// Found through pkg-config when it is installed, through the Debian path when it is not.
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#elif __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#error "libpq-fe.h not found: apt-get install libpq-dev pkg-config"
#endif
#endif
