#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlversion.h>
// Debian/Ubuntu build libxml2 with ICU; <libxml/encoding.h> would then include the system <unicode/ucnv.h>,
// which clashes with Foundation's bundled ICU (UErrorCode defined twice). We never touch the ICU-only fields
// of xmlCharEncodingHandler, so hide them (STYLE.md §6.4).
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

/// Frees memory that libxml2 allocated (`xmlFree` is a macro in 2.9 and a mutable global in 2.12).
static inline void clibxml2_free(void *pointer) { xmlFree(pointer); }

/// The libxml2 version loaded at run time, e.g. 20914. `xmlParserVersion` is a macro over `__xmlParserVersion()`
/// up to 2.11 and a plain constant from 2.12 on (2.14 drops `__xmlParserVersion`); the name works on all.
static inline int clibxml2_runtime_version(void) { return atoi(xmlParserVersion); }

/// What saatava reads of a libxml2 error, copied out of `xmlError` so that Swift never depends on that
/// struct's declaration.
typedef struct {
    /// An `xmlErrorLevel`: `XML_ERR_WARNING`, `XML_ERR_ERROR` or `XML_ERR_FATAL`.
    int level;
    /// The line in the document, counted from 1; 0 when libxml2 knows none.
    int line;
    /// The column, counted from 1; 0 when libxml2 knows none.
    int column;
    /// The message, borrowed from the error (valid only during the callback), usually ending in a newline.
    const char *message;
} clibxml2_error;

/// The fields of a structured error. The structured error handler (`xmlSAXHandler.serror`,
/// `xmlStructuredErrorFunc`) receives `xmlErrorPtr` up to libxml2 2.11 and `const xmlError *` from 2.12 on; Swift
/// imports the first as `UnsafeMutablePointer<xmlError>` and the second as `UnsafePointer<xmlError>`, and passes
/// either to this `const` parameter, so a Swift handler that only calls this builds against both.
static inline clibxml2_error clibxml2_error_fields(const xmlError *error) {
    clibxml2_error fields = {(int)error->level, error->line, error->int2, error->message};
    return fields;
}

static void clibxml2_discard_message(void *context, const char *message, ...) {
    (void)context; (void)message;
}

static xmlParserInputPtr clibxml2_refuse_external_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

/// libxml2's process-wide set-up; call it once per process, before the first parse (it is not safe to run on two
/// threads at once: Swift guards it with a `static let`). It initialises the library and makes every attempt to
/// load an external entity or DTD fail, a second wall behind the parse options and the SAX callbacks, which
/// refuse entities. The loader is one process-wide variable that every parse reads, so it is set here, once,
/// and not per reader.
static inline void clibxml2_set_up_process(void) {
    xmlInitParser();
    xmlSetExternalEntityLoader(clibxml2_refuse_external_entity);
}

/// Makes libxml2's generic error handler silent on the calling thread. libxml2 prints some errors there and not
/// through the parser's structured handler (an input conversion error, "xmlParseChunk: encoder error"). That
/// handler is per thread in every libxml2 version: libxml2's "main thread" uses a process-wide variable, every
/// other thread a copy of its own, and which thread counts as main is the one that first initialised the
/// library (or, in 2.9, any later thread given the same `pthread_t`). So a process-wide call cannot silence
/// every thread: call this on each thread before it parses. It writes only state that the calling thread alone
/// reads (only one live thread can be "main").
static inline void clibxml2_silence_this_thread(void) {
    xmlSetGenericErrorFunc(NULL, clibxml2_discard_message);
}

#endif
