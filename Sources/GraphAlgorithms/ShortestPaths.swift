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
