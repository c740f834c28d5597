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

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// Deterministic object ids. cgraph's default id discipline makes a named object's id the
// address of its interned name, and orders subgraphs by id: cluster order, and the
// components and internal subgraphs of fdp and sfdp, then depend on the heap, which
// differs from one render to the next in a long-lived process (the `dot` command starts
// afresh each time, so it does not show). Its anonymous ids come from one static counter,
// so "%3" in one render is "%65" in the next. This discipline numbers every object per
// graph in creation order, named or not (odd ids 1, 3, 5, ...), and keeps the names itself.
//
// It must keep them itself. A discipline that declines a name (map returning 0) leaves it
// to cgraph's internal name map (agmapnametoid's fallback, read back by agnameof through
// aginternalmapprint), and in Graphviz 2.42 that map does not survive a layout: it lives
// in the Agclos_t the root graph shares with all its subgraphs, and agclose on any
// *subgraph* calls aginternalmapclose, which closes it for the whole graph. neato, twopi
// and sfdp close the component subgraphs ccomps/pccomps made ("_neato_cc0", "_cc_0"),
// fdp the "__clusternodes" subgraph of processClusterEdges, so after gvLayout agnameof
// printed every node as "%<id>", and edge titles as "%5->%5" (agnameof's one static
// buffer, read twice). dot and circo close no subgraph of the graph itself, which hid it.
// The default discipline is immune because its print returns the name from the id.

/// A name the discipline holds. `refs` counts the objects holding it: sg_id_map calls that
/// reserved it, each to be matched by one sg_id_free (an edge key, or a subgraph name under
/// two parents, gives one id to several objects, as the default discipline's reference-
/// counted strings do). The name's bytes follow the entry, NUL-terminated.
typedef struct sg_id_name {
    struct sg_id_name *next_by_name, *next_by_id;
    IDTYPE id;
    int objtype;
    size_t refs;
} sg_id_name;

/// Per root graph (its subgraphs share it): the next id, and the names in two chained
/// hash tables of `capacity` buckets each (a power of two; 0 until the first name).
typedef struct {
    IDTYPE next;
    size_t count, capacity;
    sg_id_name **by_name, **by_id;
} sg_id_state;

static inline char *sg_id_text(sg_id_name *e) { return (char *)(e + 1); }

/// Edges are named as AGEDGE (AGOUTEDGE) or AGINEDGE by different callers: one kind.
static inline int sg_id_kind(int objtype) { return objtype == AGINEDGE ? AGEDGE : objtype; }

/// FNV-1a of the name, then of the kind: nodes, edges and subgraphs have separate
/// namespaces ("a" may name a node and a subgraph, with different ids).
static inline size_t sg_id_name_hash(int kind, const char *str) {
    uint64_t h = 0xcbf29ce484222325u;
    for (const unsigned char *p = (const unsigned char *)str; *p; p++) h = (h ^ *p) * 0x100000001b3u;
    return (size_t)((h ^ (uint64_t)kind) * 0x100000001b3u);
}

/// Ids are odd and consecutive: halving them spreads them evenly over the buckets.
static inline size_t sg_id_id_hash(IDTYPE id) { return (size_t)(id >> 1); }

static inline sg_id_name *sg_id_find_name(sg_id_state *s, int kind, const char *str) {
    if (s->capacity == 0) return NULL;
    for (sg_id_name *e = s->by_name[sg_id_name_hash(kind, str) & (s->capacity - 1)]; e; e = e->next_by_name)
        if (e->objtype == kind && strcmp(sg_id_text(e), str) == 0) return e;
    return NULL;
}

static inline sg_id_name *sg_id_find_id(sg_id_state *s, IDTYPE id) {
    if (s->capacity == 0) return NULL;
    for (sg_id_name *e = s->by_id[sg_id_id_hash(id) & (s->capacity - 1)]; e; e = e->next_by_id)
        if (e->id == id) return e;
    return NULL;
}

/// Doubles both tables (64 buckets at first), relinking every entry; 0 if out of memory.
static inline int sg_id_grow(sg_id_state *s) {
    size_t capacity = s->capacity ? s->capacity * 2 : 64;
    sg_id_name **by_name = (sg_id_name **)calloc(capacity, sizeof(sg_id_name *));
    sg_id_name **by_id = (sg_id_name **)calloc(capacity, sizeof(sg_id_name *));
    if (!by_name || !by_id) { free(by_name); free(by_id); return 0; }
    for (size_t i = 0; i < s->capacity; i++) {
        for (sg_id_name *e = s->by_id[i], *next; e; e = next) {
            next = e->next_by_id;
            size_t n = sg_id_name_hash(e->objtype, sg_id_text(e)) & (capacity - 1);
            size_t d = sg_id_id_hash(e->id) & (capacity - 1);
            e->next_by_name = by_name[n]; by_name[n] = e;
            e->next_by_id = by_id[d]; by_id[d] = e;
        }
    }
    free(s->by_name); free(s->by_id);
    s->by_name = by_name; s->by_id = by_id; s->capacity = capacity;
    return 1;
}

/// Records a name for `id`, held by one object; NULL if out of memory.
static inline sg_id_name *sg_id_insert(sg_id_state *s, int kind, const char *str, IDTYPE id) {
    if (s->count >= s->capacity && !sg_id_grow(s)) return NULL;
    size_t length = strlen(str);
    sg_id_name *e = (sg_id_name *)malloc(sizeof(sg_id_name) + length + 1);
    if (!e) return NULL;
    e->id = id; e->objtype = kind; e->refs = 1;
    memcpy(sg_id_text(e), str, length + 1);
    size_t n = sg_id_name_hash(kind, str) & (s->capacity - 1), d = sg_id_id_hash(id) & (s->capacity - 1);
    e->next_by_name = s->by_name[n]; s->by_name[n] = e;
    e->next_by_id = s->by_id[d]; s->by_id[d] = e;
    s->count++;
    return e;
}

static inline void sg_id_remove(sg_id_state *s, sg_id_name *e) {
    sg_id_name **p = &s->by_name[sg_id_name_hash(e->objtype, sg_id_text(e)) & (s->capacity - 1)];
    while (*p != e) p = &(*p)->next_by_name;
    *p = e->next_by_name;
    p = &s->by_id[sg_id_id_hash(e->id) & (s->capacity - 1)];
    while (*p != e) p = &(*p)->next_by_id;
    *p = e->next_by_id;
    s->count--;
    free(e);
}

static inline void *sg_id_open(Agraph_t *g, Agdisc_t *disc) {
    (void)g; (void)disc;
    sg_id_state *state = (sg_id_state *)calloc(1, sizeof(sg_id_state));
    if (state) state->next = 1;
    return state;
}

/// A name's id: the one it has, or (createflag) the next in creation order. cgraph never
/// passes a name that begins with '%' (LOCALNAMEPREFIX) here: it keeps those in its
/// internal map, and the parser clears them from it (aginternalmapclearlocalnames), so
/// they print as "%<id>" under any discipline, the default one and the `dot` command too.
/// Declining (0) when out of memory falls back on that map, as before.
static inline long sg_id_map(void *state, int objtype, char *str, IDTYPE *id, int createflag) {
    sg_id_state *s = (sg_id_state *)state;
    if (!s) return 0;
    if (str) {
        int kind = sg_id_kind(objtype);
        sg_id_name *e = sg_id_find_name(s, kind, str);
        if (e) {
            if (createflag) e->refs++;  // another reservation: sg_id_free will come for it too
            *id = e->id;
            return 1;
        }
        if (!createflag || !sg_id_insert(s, kind, str, s->next)) return 0;
    } else if (!createflag) {
        return 0;
    }
    *id = s->next;
    s->next += 2;  // odd, as cgraph's anonymous ids are
    return 1;
}

static inline long sg_id_alloc(void *state, int objtype, IDTYPE id) { (void)state; (void)objtype; (void)id; return 0; }

/// An object is gone (agfreeid): its name goes when the last object holding it does.
static inline void sg_id_free(void *state, int objtype, IDTYPE id) {
    (void)objtype;
    sg_id_state *s = (sg_id_state *)state;
    sg_id_name *e = s ? sg_id_find_id(s, id) : NULL;
    if (e && --e->refs == 0) sg_id_remove(s, e);
}

static inline char *sg_id_print(void *state, int objtype, IDTYPE id) {
    (void)objtype;
    sg_id_state *s = (sg_id_state *)state;
    sg_id_name *e = s ? sg_id_find_id(s, id) : NULL;
    return e ? sg_id_text(e) : NULL;
}

static inline void sg_id_close(void *state) {
    sg_id_state *s = (sg_id_state *)state;
    if (!s) return;
    for (size_t i = 0; i < s->capacity; i++) {
        for (sg_id_name *e = s->by_id[i], *next; e; e = next) { next = e->next_by_id; free(e); }
    }
    free(s->by_name); free(s->by_id); free(s);
}

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

/// The first node of a parsed graph and the next one (NULL at the end), and a node's name.
static inline Agnode_t *sg_first_node(Agraph_t *g) { return agfstnode(g); }
static inline Agnode_t *sg_next_node(Agraph_t *g, Agnode_t *n) { return agnxtnode(g, n); }
static inline const char *sg_node_name(Agnode_t *n) { return agnameof(n); }

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
