import Dispatch
import GraphCore
import Platform
import SanctionsModel

/// JSON lines scanned ahead of the network builder, on a second core (docs/ingest.md).
///
/// Reading and scanning a record needs nothing from the network being built, so a producer
/// thread reads the file's lines and scans them into batches while the reading thread
/// applies the batches before them, in file order: the network, its ids, the warnings and
/// the errors are those of reading on one thread, which is what happens on one processor.
///
/// A batch owns copies of its lines (the line reader's buffer moves on), the strings it
/// decoded from escapes, and the scanned records, whose slices point into those copies.
final class FtMLineBatch: @unchecked Sendable {
    // Sendable: a batch belongs to one thread at a time, handed over through
    // `FtMLinePipeline`'s lock (filled by the producer, then applied by the reader).

    /// One non-blank line: a record, a line the scanner rejected, or one over the size limit.
    enum Entry {
        case record(line: Int, index: Int)
        case failed(line: Int, InputError)
        case tooLong(line: Int)
    }

    var entries: [Entry] = []
    var records: Column<ScannedRecord> = []
    var properties: Column<ScannedProperty> = []
    var values: Column<ByteSlice> = []
    /// Copies of the lines, each followed by room for its decoded strings (which never take
    /// more bytes than the line).
    private(set) var space: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var used = 0
    /// The file's bytes read up to the end of the batch's last line.
    var consumed = 0
    /// Reading the file failed after the batch's lines.
    var failure: InputError?
    /// The file ends with this batch.
    var isLast = false

    init(capacity: Int) {
        self.capacity = capacity
        space = .allocate(capacity: capacity)
    }

    deinit { space.deallocate() }

    /// Empties the batch.
    func reset() {
        entries.removeAll(keepingCapacity: true)
        records.removeLast(records.count)
        properties.removeLast(properties.count)
        values.removeLast(values.count)
        used = 0
        failure = nil
        isLast = false
    }

    /// Makes room for a line of `lineBytes` bytes (and its decoded strings) in a batch that
    /// holds no line yet.
    func makeRoom(lineBytes: Int) {
        precondition(used == 0, "FtMLineBatch: lines point into the space")
        guard 2 * lineBytes > capacity else { return }
        space.deallocate()
        capacity = 2 * lineBytes
        space = .allocate(capacity: capacity)
    }
}

/// The producer's side: the line reader and a record scanner, filling batches.
struct FtMLineSource: ~Copyable {
    private var reader: LineReader
    private var scanner = FtMRecordScanner()
    private let file: String
    /// A line read but not yet copied (it did not fit the previous batch): the reader's
    /// pointer stays valid until its next call.
    private var pending: (pointer: UnsafePointer<UInt8>, count: Int, line: Int)?
    /// Bytes of lines a batch takes before it is handed on.
    let batchBytes: Int

    init(_ reader: consuming LineReader, file: String, batchBytes: Int) {
        self.reader = reader
        self.file = file
        self.batchBytes = max(batchBytes, 64)
    }

    /// Fills `batch` with the next lines: about `batchBytes` of them, up to the end of the
    /// file or a read error (which ends the batch, and the file).
    mutating func fill(_ batch: FtMLineBatch) {
        batch.reset()
        batch.consumed = reader.consumed
        // The scanner appends to the batch's columns (swapped in and out, never shared).
        swap(&scanner.properties, &batch.properties)
        swap(&scanner.values, &batch.values)
        defer {
            swap(&scanner.properties, &batch.properties)
            swap(&scanner.values, &batch.values)
        }
        if let p = pending {
            pending = nil
            batch.makeRoom(lineBytes: p.count)
            add(p.pointer, p.count, line: p.line, to: batch)
        }
        while batch.used < batchBytes {
            let line: LineReader.Line?
            do throws(InputError) {
                line = try reader.next()
            } catch {
                batch.failure = error
                batch.isLast = true
                return
            }
            guard let line else { batch.isLast = true; return }
            switch line {
            case .tooLong:
                batch.entries.append(.tooLong(line: reader.lineNumber))
            case .text(var p, var count):
                if reader.lineNumber == 1 && count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { p += 3; count -= 3 }
                if batch.used + 2 * count > batch.capacity {
                    if batch.used > 0 {
                        pending = (p, count, reader.lineNumber)
                        return
                    }
                    batch.makeRoom(lineBytes: count)
                }
                add(p, count, line: reader.lineNumber, to: batch)
            }
            batch.consumed = reader.consumed
        }
    }

    /// Copies one line into the batch and scans it there (the batch has room for it).
    private mutating func add(_ p: UnsafePointer<UInt8>, _ count: Int, line: Int, to batch: FtMLineBatch) {
        let copy = batch.space + batch.used
        copy.update(from: p, count: count)
        let start = UnsafePointer(copy), end = start + count
        let first = scanner.skipSpace(start, end)
        if first == end { return }  // blank line
        let (propertyCount, valueCount) = (scanner.properties.count, scanner.values.count)
        do throws(ScanError) {
            let after = try scanner.appendRecord(first, end, decodingInto: copy + count)
            let rest = scanner.skipSpace(after, end)
            if rest != end {
                throw ScanError(offset: rest - first, kind: .syntax("unexpected text after the record (\(describe(rest.pointee))); one JSON object per line"))
            }
        } catch {
            // Text after a record: drop the record scanned before it too.
            scanner.properties.removeLast(scanner.properties.count - propertyCount)
            scanner.values.removeLast(scanner.values.count - valueCount)
            let column = (first - start) + error.offset + 1
            batch.entries.append(.failed(line: line, FtMIngest.inputError(error.kind, file: file, line: line, column: column)))
            return
        }
        batch.entries.append(.record(line: line, index: batch.records.count))
        batch.records.append(scanner.record)
        batch.used += 2 * count
    }
}

/// Hands batches from the producer to the reading thread, in file order; three batches
/// circulate, so the producer runs at most two ahead. On one processor there is no producer
/// thread: `next()` fills the batch itself.
final class FtMLinePipeline: @unchecked Sendable {
    // Sendable: `source` is used by one thread only (the producer, or the reader when
    // there is none); the queues are guarded by `lock`.
    private var source: FtMLineSource
    private let lock = Lock()
    private var free: [FtMLineBatch]
    private var ready: [FtMLineBatch] = []
    private var stopping = false
    private let freeCount: DispatchSemaphore
    private let readyCount = DispatchSemaphore(value: 0)
    private let producerDone = DispatchGroup()
    private let threaded: Bool

    static let batches = 3

    init(_ source: consuming FtMLineSource, threaded: Bool) {
        let size = 2 * source.batchBytes
        free = (0 ..< FtMLinePipeline.batches).map { _ in FtMLineBatch(capacity: size) }
        // Made at 0 and raised: libdispatch stops a process that frees a semaphore whose
        // count is below the count it was made with (the batches may be anywhere by then).
        freeCount = DispatchSemaphore(value: 0)
        for _ in 0 ..< FtMLinePipeline.batches { freeCount.signal() }
        self.source = source
        self.threaded = threaded
        if threaded {
            producerDone.enter()
            DispatchQueue.global().async { [self] in
                produce()
                producerDone.leave()
            }
        }
    }

    private func produce() {
        while true {
            freeCount.wait()
            guard let batch = lock.withLock({ stopping ? nil : free.popLast() }) else { return }
            source.fill(batch)
            lock.withLock { ready.append(batch) }
            readyCount.signal()
            if batch.isLast { return }
        }
    }

    /// The next batch in file order (waits for the producer). Give it back with `recycle`.
    func next() -> FtMLineBatch {
        if !threaded {
            let batch = free.removeLast()
            source.fill(batch)
            return batch
        }
        readyCount.wait()
        return lock.withLock { ready.removeFirst() }
    }

    /// Returns a batch that has been applied, for the producer to fill again.
    func recycle(_ batch: FtMLineBatch) {
        lock.withLock { free.append(batch) }
        if threaded { freeCount.signal() }
    }

    /// Stops the producer (after the batch it is filling) and waits for it to end.
    func stop() {
        guard threaded else { return }
        lock.withLock { stopping = true }
        freeCount.signal()
        producerDone.wait()
    }
}

extension FtMIngest {
    /// Reads JSON lines from `reader` (positioned at the start of the file), scanning them on
    /// a second core when there is one (`FtMLinePipeline`), and returns the bytes read.
    mutating func readLines(_ reader: consuming LineReader, options: ReadOptions, into builder: inout NetworkBuilder,
                            report: inout ReadReport) throws(InputError) -> Int {
        let fileSize = reader.fileSize
        let source = FtMLineSource(reader, file: file, batchBytes: min(options.blockSize, FtMLineSource.defaultBatchBytes))
        let pipeline = FtMLinePipeline(source, threaded: options.scanAhead)
        defer { pipeline.stop() }
        var nextProgress = ReadProgress.step
        while true {
            let batch = pipeline.next()
            try apply(batch, options: options, into: &builder, report: &report)
            if batch.consumed >= nextProgress {
                options.progress?(ReadProgress(file: file, bytes: batch.consumed, totalBytes: fileSize, records: report.records, finished: false))
                nextProgress = batch.consumed + ReadProgress.step
            }
            let (consumed, failure, isLast) = (batch.consumed, batch.failure, batch.isLast)
            pipeline.recycle(batch)
            if let failure { throw failure }
            if isLast { return consumed }
        }
    }

    /// Applies a batch's lines in order: counted as records, bad ones thrown (or skipped when
    /// lenient), the size limits checked after each.
    private mutating func apply(_ batch: FtMLineBatch, options: ReadOptions, into builder: inout NetworkBuilder,
                                report: inout ReadReport) throws(InputError) {
        let (recordColumn, propertyColumn, valueColumn, entries) = (batch.records, batch.properties, batch.values, batch.entries)
        try recordColumn.withUnsafeBufferPointer { (records) throws(InputError) in
            try propertyColumn.withUnsafeBufferPointer { (properties) throws(InputError) in
                try valueColumn.withUnsafeBufferPointer { (values) throws(InputError) in
                    let scanned = ScannedBatch(records: records, properties: properties, values: values)
                    var start = 0
                    while start < entries.count {
                        let end = min(start + FtMIngest.warmRecords, entries.count)
                        warm(entries[start ..< end], of: scanned, builder: &builder)
                        try apply(entries[start ..< end], of: scanned, options: options, into: &builder, report: &report)
                        start = end
                    }
                }
            }
        }
    }

    /// Records applied after one `warm`: a few hundred, whose look-ups fit in the cache.
    static let warmRecords = 256

    /// Warms the builder's id tables for the entity ids and tie ids these records will look
    /// up (`NetworkBuilder.warm`).
    private mutating func warm(_ entries: ArraySlice<FtMLineBatch.Entry>, of batch: ScannedBatch, builder: inout NetworkBuilder) {
        entityKeys.removeAll(keepingCapacity: true)
        tieKeys.removeAll(keepingCapacity: true)
        for entry in entries {
            guard case .record(_, let index) = entry else { continue }
            let r = batch[index]
            guard let id = r.record.id, let schema = r.record.schema, schema.count > 0 else { continue }
            switch role(of: schema) {
            case .entity:
                entityKeys.append(id.raw)
            case .tie(let kind):
                tieKeys.append(id.raw)
                let names = endNames[Int(kind.rawValue)]
                for v in r.values(names.source) { entityKeys.append(v.raw) }
                for v in r.values(names.target) { entityKeys.append(v.raw) }
            case .sanction:
                for v in r.values("entity") { entityKeys.append(v.raw) }
            case .ignored:
                break
            }
        }
        entityKeys.withUnsafeBufferPointer { e in
            tieKeys.withUnsafeBufferPointer { t in builder.warm(entityIDs: e, tieIDs: t) }
        }
    }

    /// Applies lines of a batch in order.
    private mutating func apply(_ entries: ArraySlice<FtMLineBatch.Entry>, of batch: ScannedBatch, options: ReadOptions, into builder: inout NetworkBuilder, report: inout ReadReport) throws(InputError) {
        for entry in entries {
            report.records += 1
            switch entry {
            case .tooLong(let line):
                try fail(InputError(file: file, line: line, .recordTooLong(limitBytes: options.maxRecordBytes)), report: &report)
            case .failed(let line, let error):
                try fail(error, report: &report)
                try options.checkLimits(builder, file: file, line: line)
            case .record(let line, let index):
                try apply(batch[index], line: line, into: &builder, report: &report)
                try options.checkLimits(builder, file: file, line: line)
            }
        }
    }
}

/// A batch's records, properties and values, read in place while the batch is applied.
struct ScannedBatch {
    let records: UnsafeBufferPointer<ScannedRecord>
    let properties: UnsafeBufferPointer<ScannedProperty>
    let values: UnsafeBufferPointer<ByteSlice>

    subscript(index: Int) -> FtMRecordView {
        FtMRecordView(record: records[index], allProperties: properties, allValues: values)
    }
}

extension FtMLineSource {
    /// 256 KiB of lines a batch (about 1,800 records of the generated network).
    static let defaultBatchBytes = 256 << 10
}
