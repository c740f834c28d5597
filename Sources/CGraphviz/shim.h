// A small shim over Graphviz's C API (Debian libgraphviz-dev), so that Swift sees no C
// globals and no version-specific signatures.
//
// Everything here is a static inline forwarder: Swift 6 rejects C globals such as
// `Agdirected`, cgraph's `char *` parameters import as mutable pointers (cgraph copies the
// strings, so the casts are safe), and `gvRenderData`'s length is `unsigned int *` in
// Graphviz 2.42 but `size_t *` in later releases. None of these functions is thread-safe:
// the Swift side calls them under one process-wide lock.
#ifndef SANCTIONSGRAPH_CGRAPHVIZ_SHIM_H
#define SANCTIONSGRAPH_CGRAPHVIZ_SHIM_H

#include <stddef.h>
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#include <graphviz/graphviz_version.h>

/// A Graphviz context with the plugins the system installed (libgvc's config6a); NULL on failure.
static inline GVC_t *sg_context_new(void) { return gvContext(); }

static inline int sg_context_free(GVC_t *gvc) { return gvFreeContext(gvc); }

#include <stdlib.h>
#include <string.h>

// Deterministic object ids. cgraph's default id discipline makes a named object's id the
// address of its interned name, and orders subgraphs by id: cluster order, and the
// components and internal subgraphs of fdp and sfdp, then depend on the heap, which
// differs from one render to the next in a long-lived process (the `dot` command starts
// afresh each time, so it does not show). Its anonymous ids come from one static counter,
// so "%3" in one render is "%65" in the next. This discipline declines to map names, so
// cgraph keeps them in its internal name map, and numbers every object per graph in
// creation order.
typedef struct { IDTYPE next; } sg_id_state;

static inline void *sg_id_open(Agraph_t *g, Agdisc_t *disc) {
    (void)g; (void)disc;
    sg_id_state *state = (sg_id_state *)malloc(sizeof(sg_id_state));
    if (state) state->next = 1;
    return state;
}

static inline long sg_id_map(void *state, int objtype, char *str, IDTYPE *id, int createflag) {
    (void)objtype;
    if (str) return 0;  // names go to cgraph's internal map
    if (!createflag || !state) return 0;
    sg_id_state *s = (sg_id_state *)state;
    *id = s->next;
    s->next += 2;  // odd, as cgraph's anonymous ids are
    return 1;
}

static inline long sg_id_alloc(void *state, int objtype, IDTYPE id) { (void)state; (void)objtype; (void)id; return 0; }
static inline void sg_id_free(void *state, int objtype, IDTYPE id) { (void)state; (void)objtype; (void)id; }
static inline char *sg_id_print(void *state, int objtype, IDTYPE id) { (void)state; (void)objtype; (void)id; return NULL; }
static inline void sg_id_close(void *state) { free(state); }
static inline void sg_id_register(void *state, int objtype, void *obj) { (void)state; (void)objtype; (void)obj; }

typedef struct { const char *data; size_t length; size_t position; } sg_memory_reader;

static inline int sg_memory_read(void *chan, char *buffer, int size) {
    sg_memory_reader *r = (sg_memory_reader *)chan;
    if (size <= 0 || r->position >= r->length) return 0;
    size_t n = r->length - r->position;
    if (n > (size_t)size) n = (size_t)size;
    memcpy(buffer, r->data + r->position, n);
    r->position += n;
    return (int)n;
}

static inline int sg_memory_put(void *chan, const char *str) { (void)chan; (void)str; return 0; }
static inline int sg_memory_flush(void *chan) { (void)chan; return 0; }

/// The discipline for parsed graphs: the default memory discipline, deterministic ids,
/// reading from memory. Static storage: cgraph keeps the pointer for the graph's lifetime.
static inline Agdisc_t *sg_discipline(void) {
    static Agiddisc_t ids = { sg_id_open, sg_id_map, sg_id_alloc, sg_id_free, sg_id_print, sg_id_close, sg_id_register };
    static Agiodisc_t io = { sg_memory_read, sg_memory_put, sg_memory_flush };
    static Agdisc_t disc = { &AgMemDisc, &ids, &io };
    return &disc;
}

/// Makes the graphs the layout engines create for themselves (agopen without a discipline:
/// fdp's derived graphs, for instance) use the deterministic ids too, until
/// sg_end_deterministic_ids. Call both under the lock, around everything from parsing to
/// freeing, so that every graph is opened and closed with the same discipline.
static inline Agiddisc_t *sg_begin_deterministic_ids(void) {
    Agiddisc_t *previous = AgDefaultDisc.id;
    AgDefaultDisc.id = sg_discipline()->id;
    return previous;
}

static inline void sg_end_deterministic_ids(Agiddisc_t *previous) { AgDefaultDisc.id = previous; }

/// Parses the first graph in a NUL-terminated DOT text (like agmemread, with deterministic
/// object ids); NULL on a syntax error.
static inline Agraph_t *sg_read(const char *text) {
    sg_memory_reader reader = { text, strlen(text), 0 };
    return agread(&reader, sg_discipline());
}

static inline int sg_close(Agraph_t *g) { return agclose(g); }

/// Sets a root-graph attribute, declaring it first if needed (agset alone does nothing
/// for an undeclared attribute).
static inline int sg_set_graph_attribute(Agraph_t *g, const char *name, const char *value) {
    return agsafeset(g, (char *)name, (char *)value, (char *)"");
}

/// Lays the graph out, starting the C library's random number generators from the state
/// a fresh process has (the force-directed engines draw from them, and not all of them
/// reseed), so that a layout does not depend on the renders before it.
static inline int sg_layout(GVC_t *gvc, Agraph_t *g, const char *engine) {
    srand48(0x1234ABCD);  // drand48's initial state (0x1234ABCD330E)
    srand(1);             // rand's initial state
    return gvLayout(gvc, g, engine);
}

static inline int sg_free_layout(GVC_t *gvc, Agraph_t *g) { return gvFreeLayout(gvc, g); }

typedef int (*sg_render_data_uint)(GVC_t *, graph_t *, const char *, char **, unsigned int *);
typedef int (*sg_render_data_size)(GVC_t *, graph_t *, const char *, char **, size_t *);

/// Renders a laid-out graph into memory: `*data` (free it with sg_free_render_data) holds
/// `*length` bytes, which may include NULs (PNG, PDF): never read it as a C string.
/// Works with either signature of gvRenderData, chosen at compile time.
static inline int sg_render_data(GVC_t *gvc, Agraph_t *g, const char *format, char **data, size_t *length) {
    *data = NULL;
    *length = 0;
    if (_Generic(&gvRenderData, sg_render_data_uint: 1, default: 0)) {
        unsigned int n = 0;
        int rc = ((sg_render_data_uint)(void (*)(void))&gvRenderData)(gvc, g, format, data, &n);
        *length = (size_t)n;
        return rc;
    }
    return ((sg_render_data_size)(void (*)(void))&gvRenderData)(gvc, g, format, data, length);
}

static inline void sg_free_render_data(char *data) { gvFreeRenderData(data); }

/// Installs a function that receives every error and warning message (in pieces: the
/// level, ": ", then the text); returns the previous one (NULL: messages go to stderr).
static inline agusererrf sg_set_error_function(agusererrf f) { return agseterrf(f); }

/// The highest message level since the last reset: 0 for none or warnings only, 1 for errors.
static inline int sg_error_level(void) { return agerrors(); }

/// Clears the sticky error level (agerrors() stays set until this is called).
static inline int sg_reset_errors(void) { return agreseterrors(); }

/// The Graphviz version the headers describe ("2.43.0" on Debian 12).
static inline const char *sg_version(void) { return PACKAGE_VERSION; }

#endif
