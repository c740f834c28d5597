/// A column of values that repeat: a tie's weight, its first and last day, its qualifier
/// (docs/snapshot.md, "Coded columns"). A store built in memory holds its values plainly, one
/// per element. `compacted()` recodes them, when at most 65,536 of them are distinct, as one
/// code per element (a byte when at most 256 are distinct, else two) into a table of the
/// distinct values in order of first appearance: on the generated 1M network, two bytes a tie
/// instead of eight for the weights. A snapshot stores a column as it is and reads it in place.
///
/// Values are told apart by their bits (NaN weights are one value, and stay NaN).
///
/// Invariant: `width` is 0 (plain: `plain` holds the values), 1 or 2 (`codes8` or `codes16`
/// holds the codes, into a non-empty `table` unless the column is empty). A code past the end
/// of the table, which only a damaged snapshot opened without verifying can hold, reads the
/// table's last value: a wrong answer, as `--no-verify` warns, never a read out of bounds.
public struct CodedColumn<Value: BitwiseCopyable>: RandomAccessCollection, Sendable {
    @usableFromInline let plain: Column<Value>
    @usableFromInline let codes8: Column<UInt8>
    @usableFromInline let codes16: Column<UInt16>
    @usableFromInline let table: Column<Value>
    @usableFromInline let width: UInt8

    /// How a column is stored: plainly, or as codes into a table.
    public enum Stored: Sendable {
        /// One value per element.
        case plain(Column<Value>)
        /// One byte per element: an index into `table`.
        case codes8(Column<UInt8>, table: Column<Value>)
        /// Two bytes per element: an index into `table`.
        case codes16(Column<UInt16>, table: Column<Value>)
    }

    /// A plain column of `values`.
    /// - Complexity: O(1).
    public init(_ values: Column<Value>) {
        self.init(plain: values, codes8: [], codes16: [], table: [], width: 0)
    }

    private init(plain: Column<Value>, codes8: Column<UInt8>, codes16: Column<UInt16>, table: Column<Value>, width: UInt8) {
        self.plain = plain
        self.codes8 = codes8
        self.codes16 = codes16
        self.table = table
        self.width = width
    }

    /// A column stored as `stored` (a snapshot's sections, read in place). Nil when codes
    /// come without a table, or, when `verify` is set, when a code is past the table's end.
    /// - Complexity: O(count) when verifying, else O(1).
    public init?(stored: Stored, verify: Bool) {
        switch stored {
        case .plain(let values):
            self.init(values)
        case .codes8(let codes, let table):
            guard codes.isEmpty || !table.isEmpty else { return nil }
            if verify, table.count < 256, let top = codes.withUnsafeBufferPointer({ $0.max() }), Int(top) >= table.count { return nil }
            self.init(plain: [], codes8: codes, codes16: [], table: table, width: 1)
        case .codes16(let codes, let table):
            guard codes.isEmpty || !table.isEmpty else { return nil }
            if verify, table.count < 65536, let top = codes.withUnsafeBufferPointer({ $0.max() }), Int(top) >= table.count { return nil }
            self.init(plain: [], codes8: [], codes16: codes, table: table, width: 2)
        }
    }

    /// The column as it is stored.
    public var stored: Stored {
        switch width {
        case 1: .codes8(codes8, table: table)
        case 2: .codes16(codes16, table: table)
        default: .plain(plain)
        }
    }

    /// The first position, 0.
    @inlinable public var startIndex: Int { 0 }
    /// The position after the last, `count`.
    @inlinable public var endIndex: Int { count }

    /// The number of elements.
    @inlinable public var count: Int {
        switch width {
        case 1: codes8.count
        case 2: codes16.count
        default: plain.count
        }
    }

    /// The value at `position`.
    /// - Complexity: O(1).
    @inlinable public subscript(position: Int) -> Value {
        switch width {
        case 1: table[Swift.min(Int(codes8[position]), table.count - 1)]
        case 2: table[Swift.min(Int(codes16[position]), table.count - 1)]
        default: plain[position]
        }
    }

    /// Asks the cache for the element at `position` (its code, or its value when plain; a
    /// table is small and stays cached). See `Column.prefetch(_:)`.
    @inlinable public func prefetch(_ position: Int) {
        switch width {
        case 1: codes8.prefetch(position)
        case 2: codes16.prefetch(position)
        default: plain.prefetch(position)
        }
    }

    /// Whether the column is coded (its values in a table, `possibleValues`).
    public var isCoded: Bool { width != 0 }

    /// The distinct values a coded column can hold (its table), or every value of a plain one.
    public var possibleValues: Column<Value> { width == 0 ? plain : table }

    /// The values, one per element, in memory of their own unless the column is plain.
    /// - Complexity: O(1) for a plain column (shared), else O(count).
    public var values: Column<Value> {
        if width == 0 { return plain }
        return Column(unsafeUninitializedCount: count) { out in
            for i in 0 ..< out.count { out[i] = self[i] }
        }
    }

    /// The same values, coded when at most 65,536 are distinct (else the column as it is).
    /// Equal columns give equal codes and tables.
    /// - Complexity: O(count) expected.
    public func compacted() -> CodedColumn {
        guard width == 0, !plain.isEmpty else { return self }
        precondition(MemoryLayout<Value>.size <= 8, "CodedColumn: values of at most 8 bytes")
        var index: [UInt64: UInt16] = [:]
        var table: [Value] = []
        var codes = [UInt16](repeating: 0, count: plain.count)
        for i in 0 ..< plain.count {
            let value = plain[i]
            let key = CodedColumn.bits(value)
            if let code = index[key] {
                codes[i] = code
            } else {
                guard table.count < 65536 else { return self }
                index[key] = UInt16(table.count)
                codes[i] = UInt16(table.count)
                table.append(value)
            }
        }
        if table.count <= 256 {
            return CodedColumn(plain: [], codes8: Column(codes.lazy.map { UInt8(truncatingIfNeeded: $0) }), codes16: [],
                               table: Column(table), width: 1)
        }
        return CodedColumn(plain: [], codes8: [], codes16: Column(codes), table: Column(table), width: 2)
    }

    /// Approximate heap bytes held (none for columns viewing a mapped snapshot).
    public var allocatedBytes: Int {
        plain.allocatedBytes + codes8.allocatedBytes + codes16.allocatedBytes + table.allocatedBytes
    }

    /// A value's bits, as the key that tells values apart.
    private static func bits(_ value: Value) -> UInt64 {
        var key: UInt64 = 0
        withUnsafeBytes(of: value) { source in
            withUnsafeMutableBytes(of: &key) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: source.prefix(8))) }
        }
        return key
    }
}
