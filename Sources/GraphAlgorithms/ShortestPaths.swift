/// Reusable buffers for single-source shortest paths: BFS (unweighted) or Dijkstra
/// (weights as distances), recording the visiting order, distances and path counts.
struct SingleSource {
    var dist: [Double]
    var sigma: [Double]
    var order: [UInt32] = []
    var queue: [UInt32] = []
    var heap = MinHeap()

    init(nodeCount n: Int) {
        dist = [Double](repeating: .infinity, count: n)
        sigma = [Double](repeating: 0, count: n)
        order.reserveCapacity(n)
        queue.reserveCapacity(n)
    }

    /// Clears what the previous run touched.
    mutating func reset() {
        for v in order { dist[Int(v)] = .infinity; sigma[Int(v)] = 0 }
        order.removeAll(keepingCapacity: true)
    }

    /// Breadth-first search from `s`: `order` is non-decreasing in distance.
    mutating func bfs(_ adj: Adjacency, from s: Int, countPaths: Bool) {
        reset()
        dist[s] = 0
        sigma[s] = 1
        order.append(UInt32(s))
        var head = 0
        while head < order.count {
            let v = Int(order[head])
            head += 1
            let dv = dist[v] + 1
            for i in adj.range(v) {
                let w = Int(adj.targets[i])
                if dist[w] == .infinity {
                    dist[w] = dv
                    order.append(UInt32(w))
                }
                if countPaths && dist[w] == dv { sigma[w] += sigma[v] }
            }
        }
    }

    /// Dijkstra from `s` with the tie weights as distances; `order` is the settling order.
    mutating func dijkstra(_ adj: Adjacency, from s: Int, countPaths: Bool) {
        reset()
        // `dist` doubles as the tentative distance; settled nodes are those in `order`.
        var settled = Set<Int>()
        heap.removeAll()
        dist[s] = 0
        sigma[s] = 1
        heap.push(0, s)
        var touched: [Int] = [s]
        while let (d, v) = heap.pop() {
            if settled.contains(v) || d > dist[v] { continue }
            settled.insert(v)
            order.append(UInt32(v))
            for i in adj.range(v) {
                let w = Int(adj.targets[i])
                let alt = d + adj.weights[i]
                if settled.contains(w) { continue }
                if alt < dist[w] {
                    if dist[w] == .infinity { touched.append(w) }
                    dist[w] = alt
                    if countPaths { sigma[w] = sigma[v] }
                    heap.push(alt, w)
                } else if countPaths && alt == dist[w] {
                    sigma[w] += sigma[v]
                }
            }
        }
        // Nodes reached but never settled cannot exist (every pushed node is popped); clear
        // tentative values of nodes outside `order` for the next reset.
        for v in touched where !settled.contains(v) { dist[v] = .infinity; sigma[v] = 0 }
    }
}

/// A binary min-heap of (distance, node), ties broken by insertion order.
struct MinHeap {
    private var keys: [Double] = []
    private var ticks: [Int] = []
    private var nodes: [Int] = []
    private var tick = 0

    mutating func removeAll() { keys.removeAll(keepingCapacity: true); ticks.removeAll(keepingCapacity: true); nodes.removeAll(keepingCapacity: true) }

    private func less(_ i: Int, _ j: Int) -> Bool { keys[i] < keys[j] || (keys[i] == keys[j] && ticks[i] < ticks[j]) }

    private mutating func swapAt(_ i: Int, _ j: Int) { keys.swapAt(i, j); ticks.swapAt(i, j); nodes.swapAt(i, j) }

    mutating func push(_ key: Double, _ node: Int) {
        keys.append(key); ticks.append(tick); nodes.append(node)
        tick += 1
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if less(i, parent) { swapAt(i, parent); i = parent } else { break }
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard !keys.isEmpty else { return nil }
        let top = (keys[0], nodes[0])
        let last = keys.count - 1
        swapAt(0, last)
        keys.removeLast(); ticks.removeLast(); nodes.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < keys.count && less(l, m) { m = l }
            if r < keys.count && less(r, m) { m = r }
            if m == i { break }
            swapAt(i, m)
            i = m
        }
        return top
    }
}

/// Raw buffers for many unweighted breadth-first searches over one adjacency, one set per
/// thread: `dist` (−1 where not reached) and `queue`, which after a search holds the nodes
/// reached, in order of distance. `clear` resets what a search touched, so that a search
/// costs what it visits, not the size of the graph.
struct BreadthFirstBuffers {
    let dist: UnsafeMutablePointer<Int32>
    let queue: UnsafeMutablePointer<UInt32>

    init(nodeCount n: Int) {
        dist = .allocate(capacity: n)
        queue = .allocate(capacity: n)
        dist.initialize(repeating: -1, count: n)
    }

    func deallocate() { dist.deallocate(); queue.deallocate() }

    /// Searches from `s` over the CSR arrays `offsets`/`targets`, calling `tie(v, w, depth,
    /// new)` for every tie v → w followed, after w's distance is set; `depth` is dist(v) + 1
    /// and `new` tells whether this tie reached w first. Returns how many nodes were reached
    /// (`queue[0 ..< count]`, s first).
    @inline(__always)
    func search(from s: Int, _ offsets: UnsafeBufferPointer<UInt32>, _ targets: UnsafeBufferPointer<UInt32>,
                tie: (_ v: Int, _ w: Int, _ depth: Int32, _ new: Bool) -> Void) -> Int {
        dist[s] = 0
        queue[0] = UInt32(s)
        var head = 0, tail = 1
        while head < tail {
            let v = Int(queue[head])
            head += 1
            let depth = dist[v] + 1
            for i in Int(offsets[v]) ..< Int(offsets[v + 1]) {
                let w = Int(targets[i])
                let new = dist[w] < 0
                if new {
                    dist[w] = depth
                    queue[tail] = UInt32(w)
                    tail += 1
                }
                tie(v, w, depth, new)
            }
        }
        return tail
    }

    /// Marks the `count` nodes the last search reached as not reached.
    func clear(_ count: Int) { for i in 0 ..< count { dist[Int(queue[i])] = -1 } }
}
