import Testing
import GraphCore

/// `Column`: value semantics over its own memory or over memory an owner keeps alive.
@Suite struct ColumnTests {
    final class Owner: @unchecked Sendable {
        let memory: UnsafeMutableRawBufferPointer
        init(_ bytes: [UInt8]) {
            memory = .allocate(byteCount: bytes.count, alignment: 16)
            bytes.withUnsafeBytes { memory.copyMemory(from: $0) }
        }
        deinit { memory.deallocate() }
    }

    @Test func copiesAreIndependentAfterAChange() {
        var a: Column<UInt32> = [1, 2, 3]
        let b = a
        a[1] = 20
        a.append(4)
        #expect(Array(a) == [1, 20, 3, 4] && Array(b) == [1, 2, 3])
        var c = Column<UInt32>()
        for i in 0 ..< 1000 { c.append(UInt32(i)) }
        #expect(c.count == 1000 && c[999] == 999 && c.reduce(0, +) == 499_500)
        c.removeLast(500)
        #expect(c.count == 500 && c.last == 499)
        #expect(Column(repeating: 7.5, count: 3) == [7.5, 7.5, 7.5])
    }

    @Test func aViewReadsInPlaceAndCopiesOnWrite() {
        let owner = Owner([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0])
        let view = Column<UInt32>(viewing: UnsafeRawBufferPointer(owner.memory), owner: owner)!
        #expect(Array(view) == [1, 2, 3] && view.allocatedBytes == 0)
        var copy = view
        copy[0] = 9
        #expect(Array(copy) == [9, 2, 3] && Array(view) == [1, 2, 3], "the viewed memory is never written")
        #expect(owner.memory[0] == 1 && copy.allocatedBytes >= 12)
        // Not a whole number of elements, or misaligned: refused.
        #expect(Column<UInt32>(viewing: UnsafeRawBufferPointer(rebasing: owner.memory[0 ..< 6]), owner: owner) == nil)
        #expect(Column<UInt32>(viewing: UnsafeRawBufferPointer(rebasing: owner.memory[1 ..< 5]), owner: owner) == nil)
        #expect(Column<UInt8>(viewing: UnsafeRawBufferPointer(rebasing: owner.memory[1 ..< 5]), owner: owner).map(Array.init) == [0, 0, 0, 2])
    }
}
