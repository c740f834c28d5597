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
/// A batch owns the line reader's buffer its lines were read into (the reader goes on in
/// another: `LineReader.exchangeBuffer`), room for the strings it decoded from escapes, and
/// the scanned records, whose slices point into those two.
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
    /// By record: the indices of its tie ids in the lent tie-id table, and where the hashes
    /// of the entity ids it names start in `entityHashes` (`FtMLineSource.resolve`).
    var tieIDs: [ResolvedTieIDs] = []
    /// The hashes of the entity ids the records name (`FtMIngest.entityKeys`), record by record.
    var entityHashes: [UInt32] = []
    /// The read buffer holding the batch's lines (taken from the line reader).
    var space: UnsafeMutablePointer<UInt8>
    var capacity: Int
    /// Room for decoded strings, as large as the buffer the lines are in: a line's strings
    /// decode at the line's offset (a decoded string never takes more bytes than its line).
    private(set) var decoded: UnsafeMutablePointer<UInt8>
    private(set) var decodedCapacity: Int
    /// The file's bytes read up to the end of the batch's last line.
    var consumed = 0
    /// Reading the file failed after the batch's lines.
    var failure: InputError?
    /// The file ends with this batch.
    var isLast = false

    init(capacity: Int) {
        self.capacity = capacity
        space = .allocate(capacity: capacity)
        decodedCapacity = capacity
        decoded = .allocate(capacity: capacity)
    }

    deinit {
        space.deallocate()
        decoded.deallocate()
    }

    /// Empties the batch.
    func reset() {
        entries.removeAll(keepingCapacity: true)
        records.removeLast(records.count)
        properties.removeLast(properties.count)
        values.removeLast(values.count)
        tieIDs.removeAll(keepingCapacity: true)
        entityHashes.removeAll(keepingCapacity: true)
        failure = nil
        isLast = false
    }

    /// Makes the room for decoded strings at least `bytes` large (before any line is scanned).
    func makeDecodingRoom(_ bytes: Int) {
        guard bytes > decodedCapacity else { return }
        decoded.deallocate()
        decodedCapacity = bytes
        decoded = .allocate(capacity: bytes)
    }

    /// Replaces the buffer by one of `bytes` (its content is not kept) unless it has that size.
    func resize(_ bytes: Int) {
        guard bytes != capacity else { return }
        space.deallocate()
        capacity = bytes
        space = .allocate(capacity: bytes)
    }
}

/// The producer's side: the line reader and a record scanner, filling batches, and the
/// builder's table of tie ids, lent to it for the read (`NetworkBuilder.lendTieIDs`): the
/// producer interns each tie record's id, so the reading thread does not (docs/ingest.md).
struct FtMLineSource: ~Copyable {
    private var reader: LineReader
    private var scanner = FtMRecordScanner()
    /// The builder's tie ids, while lent.
    var tieIDs: StringTable
    private var roles = SchemaRoles()
    private let tieEnds = TieEndNames()
    /// Scratch space of `resolve`.
    private var keys: [UnsafeRawBufferPointer] = []
    private var ties: [(record: Int, kind: TieKind, id: ByteSlice)] = []
    private var hashes: [UInt32] = []
    private var warmScratch: [UInt32] = []
    private var controlID: [UInt8] = []
    private let file: String
    /// The size of the read buffers the reader goes on in (a batch's lines are those of one).
    let batchBytes: Int

    init(_ reader: consuming LineReader, file: String, batchBytes: Int, tieIDs: StringTable) {
        self.reader = reader
        self.file = file
        self.batchBytes = max(batchBytes, 64)
        self.tieIDs = tieIDs
    }

    /// Fills `batch` with the next lines: those of one read buffer (about `batchBytes`), up
    /// to the end of the file or a read error (which ends the batch, and the file); then
    /// resolves what it can of its records for the reading thread.
    mutating func fill(_ batch: FtMLineBatch) {
        fillLines(batch)
        resolve(batch)
    }

    /// Hashes the entity ids each record names (`FtMIngest.entityKeys`) into
    /// `batch.entityHashes`, so that the reading thread does not; interns the ids of the tie
    /// records (and of the control ties a PSC nature may add) in file order, a few hundred at
    /// a time after warming the table for them (`StringTable.warm`), and notes their indices
    /// in `batch.tieIDs`. Records that have no id or schema get neither (their errors are the
    /// reading thread's).
    private mutating func resolve(_ batch: FtMLineBatch) {
        let (recordColumn, propertyColumn, valueColumn) = (batch.records, batch.properties, batch.values)
        var resolved = [ResolvedTieIDs](repeating: ResolvedTieIDs(), count: recordColumn.count)
        var entityHashes = batch.entityHashes
        batch.entityHashes = []
        recordColumn.withUnsafeBufferPointer { records in
            propertyColumn.withUnsafeBufferPointer { properties in
                valueColumn.withUnsafeBufferPointer { values in
                    let scanned = ScannedBatch(records: records, properties: properties, values: values)
                    var start = 0
                    while start < records.count {
                        let end = min(start + FtMIngest.warmRecords, records.count)
                        ties.removeAll(keepingCapacity: true)
                        keys.removeAll(keepingCapacity: true)
                        for i in start ..< end {
                            let r = records[i]
                            resolved[i].firstHash = entityHashes.count
                            guard let id = r.id, id.count > 0, let schema = r.schema, schema.count > 0 else { continue }
                            let role = roles.role(of: schema)
                            FtMIngest.entityKeys(of: scanned[i], role: role, ends: tieEnds) { entityHashes.append(StringTable.hash($0.raw)) }
                            guard case .tie(let kind) = role else { continue }
                            ties.append((i, kind, id))
                            keys.append(id.raw)
                        }
                        keys.withUnsafeBufferPointer { tieIDs.warm($0, hashes: &hashes, scratch: &warmScratch) }
                        var k = 0
                        for i in start ..< end {
                            if k < ties.count && ties[k].record == i {
                                let (_, kind, id) = ties[k]
                                k += 1
                                resolved[i].tie = tieIDs.intern(id.raw, hash: hashes[k - 1])
                                if kind == .ownership && FtMIngest.namesControl(scanned[i]) {
                                    controlID.removeAll(keepingCapacity: true)
                                    controlID.append(contentsOf: UnsafeRawBufferPointer(id.raw))
                                    controlID.append(contentsOf: FtMIngest.controlSuffix.utf8)
                                    resolved[i].control = controlID.withUnsafeBytes { tieIDs.intern($0) }
                                }
                            }
                            resolved[i].tableBytes = tieIDs.byteCount
                        }
                        start = end
                    }
                }
            }
        }
        batch.tieIDs = resolved
        batch.entityHashes = entityHashes
    }

    /// Fills `batch` with lines, scanned (`fill`): the lines the reader's buffer holds, or
    /// those of one more read when it holds none; then the batch takes that buffer, lines and
    /// all, and gives the reader its own (`LineReader.exchangeBuffer`): lines are scanned
    /// where they were read, never copied. The batch's columns and counters are taken out of
    /// it for the fill and put back after: a class's stored properties are checked for
    /// exclusive access at run time, at every line otherwise.
    private mutating func fillLines(_ batch: FtMLineBatch) {
        batch.reset()
        batch.makeDecodingRoom(reader.bufferCapacity)
        var fill = Filling(consumed: reader.consumed, decoded: batch.decoded, base: reader.bufferStart)
        // The scanner appends to the batch's columns (swapped in and out, never shared).
        swap(&scanner.properties, &batch.properties)
        swap(&scanner.values, &batch.values)
        swap(&fill.entries, &batch.entries)
        swap(&fill.records, &batch.records)
        defer {
            swap(&scanner.properties, &batch.properties)
            swap(&scanner.values, &batch.values)
            swap(&fill.entries, &batch.entries)
            swap(&fill.records, &batch.records)
            batch.consumed = fill.consumed
            batch.failure = fill.failure
            batch.isLast = fill.isLast
            // The batch keeps the buffer its lines are in; the reader goes on in the batch's, of
            // the usual size (or as large as a long line's start needs).
            batch.resize(max(batchBytes, reader.unreadCount))
            (batch.space, batch.capacity) = reader.exchangeBuffer(batch.space, capacity: batch.capacity)
        }
        while true {
            let line: LineReader.Line?
            switch reader.nextBuffered() {
            case .line(let next):
                line = next
            case .needsRead:
                // Reading moves the buffer's bytes: the batch ends here, unless it has no line yet.
                if !fill.entries.isEmpty { return }
                do throws(InputError) {
                    line = try reader.next()
                } catch {
                    fill.failure = error
                    fill.isLast = true
                    return
                }
                // The buffer may have grown for a long line: the room for decoded strings grows with it.
                if reader.bufferCapacity > batch.decodedCapacity {
                    batch.makeDecodingRoom(reader.bufferCapacity)
                    fill.decoded = batch.decoded
                }
                fill.base = reader.bufferStart
            }
            guard let line else { fill.isLast = true; return }
            switch line {
            case .tooLong:
                fill.entries.append(.tooLong(line: reader.lineNumber))
            case .text(var p, var count):
                if reader.lineNumber == 1 && count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { p += 3; count -= 3 }
                add(p, count, line: reader.lineNumber, to: &fill)
            }
            fill.consumed = reader.consumed
        }
    }

    /// A batch being filled: its entries and records, its counters, and where its lines'
    /// strings decode (`decoded`, at each line's offset from `base`, the reader's buffer).
    private struct Filling {
        var consumed: Int
        var decoded: UnsafeMutablePointer<UInt8>
        var base: UnsafePointer<UInt8>
        var entries: [FtMLineBatch.Entry] = []
        var records: Column<ScannedRecord> = []
        var failure: InputError?
        var isLast = false
    }

    /// Scans one line where it was read, into the batch being filled.
    private mutating func add(_ start: UnsafePointer<UInt8>, _ count: Int, line: Int, to fill: inout Filling) {
        let end = start + count
        let first = scanner.skipSpace(start, end)
        if first == end { return }  // blank line
        let (propertyCount, valueCount) = (scanner.properties.count, scanner.values.count)
        let record: ScannedRecord
        do throws(ScanError) {
            let after: UnsafePointer<UInt8>
            (record, after) = try scanner.appendRecord(first, end, decodingInto: fill.decoded + (start - fill.base))
            let rest = scanner.skipSpace(after, end)
            if rest != end {
                throw ScanError(offset: rest - first, kind: .syntax("unexpected text after the record (\(describe(rest.pointee))); one JSON object per line"))
            }
        } catch {
            // Text after a record: drop the record scanned before it too.
            scanner.properties.removeLast(scanner.properties.count - propertyCount)
            scanner.values.removeLast(scanner.values.count - valueCount)
            let column = (first - start) + error.offset + 1
            fill.entries.append(.failed(line: line, FtMIngest.inputError(error.kind, file: file, line: line, column: column)))
            return
        }
        fill.entries.append(.record(line: line, index: fill.records.count))
        fill.records.append(record)
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
        let size = source.batchBytes
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

    /// The tie-id table the source was lent, taken back (after `stop`).
    func takeTieIDs() -> StringTable {
        let table = source.tieIDs
        source.tieIDs = StringTable(capacity: 0)
        return table
    }
}

extension FtMIngest {
    /// Reads JSON lines from `reader` (positioned at the start of the file), scanning them on
    /// a second core when there is one (`FtMLinePipeline`), and returns the bytes read.
    mutating func readLines(_ reader: consuming LineReader, options: ReadOptions, into builder: inout NetworkBuilder,
                            report: inout ReadReport) throws(InputError) -> Int {
        let fileSize = reader.fileSize
        let source = FtMLineSource(reader, file: file, batchBytes: min(options.blockSize, FtMLineSource.defaultBatchBytes),
                                   tieIDs: builder.lendTieIDs())
        let pipeline = FtMLinePipeline(source, threaded: options.scanAhead)
        defer {
            pipeline.stop()
            builder.restoreTieIDs(pipeline.takeTieIDs())
        }
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
        let (recordColumn, propertyColumn, valueColumn, entries, tieIDs) = (batch.records, batch.properties, batch.values, batch.entries, batch.tieIDs)
        let hashColumn = batch.entityHashes
        try recordColumn.withUnsafeBufferPointer { (records) throws(InputError) in
            try propertyColumn.withUnsafeBufferPointer { (properties) throws(InputError) in
                try valueColumn.withUnsafeBufferPointer { (values) throws(InputError) in
                    try hashColumn.withUnsafeBufferPointer { (hashes) throws(InputError) in
                        let scanned = ScannedBatch(records: records, properties: properties, values: values)
                        var start = 0
                        while start < entries.count {
                            let end = min(start + FtMIngest.warmRecords, entries.count)
                            warm(entries[start ..< end], tieIDs: tieIDs, hashes: hashes, builder: &builder)
                            try apply(entries[start ..< end], of: scanned, tieIDs: tieIDs, hashes: hashes, options: options, into: &builder, report: &report)
                            start = end
                        }
                    }
                }
            }
        }
    }

    /// Records applied after one `warm`: a few hundred, whose look-ups fit in the cache.
    static let warmRecords = 256

    /// Warms the builder's id table for the entity ids these records will look up, whose
    /// hashes the producer computed (`NetworkBuilder.warm`; their tie ids are the producer's
    /// too, `FtMLineSource`).
    private func warm(_ entries: ArraySlice<FtMLineBatch.Entry>, tieIDs: [ResolvedTieIDs], hashes: UnsafeBufferPointer<UInt32>,
                      builder: inout NetworkBuilder) {
        var first: Int?, last = 0
        for entry in entries {
            guard case .record(_, let index) = entry else { continue }
            if first == nil { first = index }
            last = index
        }
        guard let first else { return }
        let end = last + 1 < tieIDs.count ? tieIDs[last + 1].firstHash : hashes.count
        builder.warm(entityHashes: UnsafeBufferPointer(rebasing: hashes[tieIDs[first].firstHash ..< end]))
    }

    /// Applies lines of a batch in order.
    private mutating func apply(_ entries: ArraySlice<FtMLineBatch.Entry>, of batch: ScannedBatch, tieIDs: [ResolvedTieIDs],
                                hashes: UnsafeBufferPointer<UInt32>, options: ReadOptions,
                                into builder: inout NetworkBuilder, report: inout ReadReport) throws(InputError) {
        for entry in entries {
            report.records += 1
            switch entry {
            case .tooLong(let line):
                try fail(InputError(file: file, line: line, .recordTooLong(limitBytes: options.maxRecordBytes)), report: &report)
            case .failed(let line, let error):
                try fail(error, report: &report)
                try options.checkLimits(builder, file: file, line: line)
            case .record(let line, let index):
                let resolved = tieIDs[index]
                builder.noteTieIDBytes(resolved.tableBytes)
                // (No hashes at all: the batch's records name no entity.)
                let recordHashes = hashes.baseAddress.map { $0 + resolved.firstHash }
                try apply(batch[index], line: line, into: &builder, report: &report,
                          resolved: Resolved(tieIDs: resolved, entityHashes: recordHashes))
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
