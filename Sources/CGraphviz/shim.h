// A small shim over Graphviz's C API (Debian libgraphviz-dev), so that Swift sees no C
// globals and no version-specific signatures.
#ifndef SANCTIONSGRAPH_CGRAPHVIZ_SHIM_H
#define SANCTIONSGRAPH_CGRAPHVIZ_SHIM_H

#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>

#endif
