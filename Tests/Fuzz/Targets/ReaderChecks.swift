import GraphIO
import SanctionsModel
import SanctionsRules
import TestOracles

/// The reader targets: the same checks for every format.
///
/// 1. A failure is an `InputError` naming one of the input files (and a line from 1 up).
/// 2. Read again through a read buffer of 16–63 bytes (records then cross buffer
///    boundaries), the outcome is the same: the same graph, or the same error. One of the two
///    readings scans FtM JSON lines ahead on a second thread, the other on one thread.
/// 3. When the strict reading succeeds, the lenient one gives the same graph, skipping nothing.
/// 4. Written back in the same format and read again, the graph is the same (`GraphSnapshot`;
///    what the format cannot hold is left out of the comparison, see `Format`).
/// 5. On small graphs, the three presets agree with the reference implementation.
enum ReaderChecks {
    /// What a format reads and writes, and how much of a graph survives its round trip.
    struct Format {
        var load: (String, ReadOptions) throws(InputError) -> (SanctionsNetwork, ReadReport)
        /// Writes a network; the path to read it back from.
        var write: (SanctionsNetwork) throws(OutputError) -> String
        /// The parts of a snapshot the format keeps.
        var kept: (GraphSnapshot) -> GraphSnapshot = { $0 }
    }

    /// A writer into the scratch file `name`, handing back its path.
    static func written(to name: String, by write: @escaping (SanctionsNetwork, String) throws(OutputError) -> Void)
        -> (SanctionsNetwork) throws(OutputError) -> String {
        { (n) throws(OutputError) in
            let out = Scratch.folder + "/" + name
            try write(n, out)
            return out
        }
    }

    static func ftm(_ data: [UInt8]) -> [String] {
        let path = Scratch.write("input.ftm.json", data)
        let format = Format(load: { (p, o) throws(InputError) in try FtMReader.load(path: p, options: o) },
                            write: written(to: "written.ftm.json") { (n, out) throws(OutputError) in try FtMWriter.write(n, to: out) })
        return check(path: path, files: [path], format: format, seed: data.first ?? 0)
    }

    static func csvTrio(_ data: [UInt8]) -> [String] {
        // Up to three files, split at 0xFF (never part of UTF-8 text); files not given are absent.
        let folder = Scratch.emptyFolder("trio")
        let names = ["entities.csv", "ties.csv", "designations.csv"]
        let parts = data.split(separator: 0xFF, maxSplits: 2, omittingEmptySubsequences: false)
        var files: [String] = [folder]
        for (name, part) in zip(names, parts) { files.append(Scratch.write("trio/" + name, part)) }
        let format = Format(load: { (p, o) throws(InputError) in try CSVReader.loadTrio(folder: p, options: o) },
                            write: { (n) throws(OutputError) in
                                let out = Scratch.emptyFolder("trio-written")
                                try CSVWriter.writeTrio(n, folder: out)
                                return out
                            })
        return check(path: folder, files: files + names.map { folder + "/" + $0 }, format: format, seed: data.first ?? 0)
    }

    static func edgeList(_ data: [UInt8]) -> [String] {
        let path = Scratch.write("edges.csv", data)
        let format = Format(load: { (p, o) throws(InputError) in try CSVReader.loadEdgeList(path: p, options: o) },
                            write: written(to: "written-edges.csv") { (n, out) throws(OutputError) in try CSVWriter.writeEdgeList(n, to: out) })
        return check(path: path, files: [path], format: format, seed: data.first ?? 0)
    }

    static func graphML(_ data: [UInt8]) -> [String] {
        let path = Scratch.write("input.graphml", data)
        let format = Format(load: { (p, o) throws(InputError) in try GraphMLReader.load(path: p, options: o) },
                            write: written(to: "written.graphml") { (n, out) throws(OutputError) in
                                try GraphMLWriter.write(n, to: out, options: GraphMLOptions(asOf: fuzzDay))
                            },
                            // GraphML carries no listings (README: rules on GraphML say it holds none),
                            // and of shares only exact ones: a range (reports of one stake merged) is
                            // written as unknown, share classes not at all (`convert` says so).
                            kept: { s in
                                var s = s
                                s.designations = []
                                s.ties = s.ties.map { t in
                                    var t = t
                                    if t.share.hasPrefix("[") || t.share.hasPrefix("(") { t.share = "unknown" }
                                    t.shareClass = ""
                                    return t
                                }.sorted()
                                return s
                            })
        return check(path: path, files: [path], format: format, seed: data.first ?? 0)
    }

    /// Reading options with an 8 KiB first buffer: every input (at most `maxLength`, 4 KiB)
    /// fits in it whole, as it would in the default 4 MiB one, which would cost each of the
    /// five readings per input a large allocation under the address sanitizer.
    /// FtM JSON lines are scanned ahead on a second thread when `scanAhead`, else on the
    /// reading thread (`ReadOptions.scanAhead`); the other formats ignore it.
    static func options(lenient: Bool = false, blockSize: Int = 8192, scanAhead: Bool = true) -> ReadOptions {
        var options = readOptions(blockSize: blockSize, lenient: lenient)
        options.scanAhead = scanAhead
        return options
    }

    static func check(path: String, files: [String], format: Format, seed: UInt8) -> [String] {
        var problems: [String] = []
        // One of the two readings scans ahead on a second thread, the other does not: with the
        // small buffer, records cross the scanner's batches too.
        let strict = Result { () throws(InputError) in try format.load(path, options(scanAhead: seed & 0x40 == 0)) }
        let small = options(blockSize: 16 + Int(seed % 48), scanAhead: seed & 0x40 != 0)
        let chunked = Result { () throws(InputError) in try format.load(path, small) }

        switch (strict, chunked) {
        case (.failure(let a), .failure(let b)):
            problems += located(a, files: files)
            if a != b { problems.append("a \(small.blockSize)-byte buffer fails differently: \(b) instead of \(a)") }
            return problems
        case (.failure(let a), .success):
            return ["a \(small.blockSize)-byte buffer reads what the default buffer rejects: \(a)"]
        case (.success, .failure(let b)):
            return ["a \(small.blockSize)-byte buffer rejects what the default buffer reads: \(b)"]
        case (.success(let (network, report)), .success(let (other, _))):
            let snapshot = GraphSnapshot(network)
            if let d = snapshot.difference(from: GraphSnapshot(other)) { problems.append("a \(small.blockSize)-byte buffer reads another graph: \(d)") }
            for skipped in report.skipped { problems += located(skipped, files: files) }
            if report.skippedCount != 0 { problems.append("strict reading skipped \(report.skippedCount) records") }

            switch Result(catching: { () throws(InputError) in try format.load(path, options(lenient: true)) }) {
            case .failure(let e): problems.append("lenient reading fails where strict reading succeeds: \(e)")
            case .success(let (copy, r)):
                if let d = snapshot.difference(from: GraphSnapshot(copy)) { problems.append("lenient reading gives another graph: \(d)") }
                if r.skippedCount != 0 { problems.append("lenient reading skipped \(r.skippedCount) records that strict reading accepts") }
            }

            problems += roundTrip(network, snapshot: snapshot, format: format)
            problems += RuleChecks.agreeWithReference(network, day: network.exportDate ?? fuzzDay, label: "read graph")
            return problems
        }
    }

    /// Written and read back, the graph is the same (ids a writer makes up for ties without
    /// one are not compared).
    static func roundTrip(_ network: SanctionsNetwork, snapshot: GraphSnapshot, format: Format) -> [String] {
        // A graph of nothing (every record of a schema the graph does not model) writes an
        // empty file, which the readers refuse as empty: nothing to compare.
        guard network.entityCount > 0 || network.tieCount > 0 || !network.designations.isEmpty else { return [] }
        let written: String
        do { written = try format.write(network) } catch { return ["writing the graph back fails: \(error)"] }
        do {
            let (copy, _) = try format.load(written, options())
            let a = format.kept(GraphSnapshot(network, tieIDs: false)), b = format.kept(GraphSnapshot(copy, tieIDs: false))
            if let d = a.difference(from: b) { return ["written and read back, the graph differs: \(d)"] }
            return []
        } catch {
            return ["the graph written back cannot be read: \(error)"]
        }
    }

    /// The problems with an error's location: it must name an input file, and a line from 1.
    static func located(_ e: InputError, files: [String]) -> [String] {
        var problems: [String] = []
        if !files.contains(e.file) { problems.append("the error names \(e.file), not an input file: \(e)") }
        if let line = e.line, line < 1 { problems.append("the error names line \(line): \(e)") }
        return problems
    }
}

/// The day the targets evaluate on when the input gives none.
let fuzzDay = Day(year: 2026, month: 11, day: 29)!
