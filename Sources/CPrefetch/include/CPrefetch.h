#ifndef SANCTIONS_GRAPH_CPREFETCH_H
#define SANCTIONS_GRAPH_CPREFETCH_H

/// Asks the processor to bring the cache line holding `address` into its caches, without
/// waiting for it (a hint: it never faults and changes nothing). Swift has no such
/// intrinsic; the string tables use it to overlap the cache misses of many look-ups
/// (StringTable.warm, docs/ingest.md).
static inline void sg_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
