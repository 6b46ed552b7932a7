#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
// zlib's gz* functions read and write the gzip format (RFC 1952) that `gzip -dc` reads: saatava's archive.
#include <zlib.h>
#endif
