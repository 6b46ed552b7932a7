#ifndef CMALLOC_SHIM_H
#define CMALLOC_SHIM_H
// glibc's malloc.h: `mallopt`, which sets when the C allocator gives freed memory back to the system.
#include <malloc.h>
#endif
