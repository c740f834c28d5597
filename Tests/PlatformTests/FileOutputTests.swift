import Foundation
import Testing
import TestKit
import Platform

/// Whole-file writes and the streaming writer: the bytes arrive intact, failures carry the
/// step and the operating system's reason.
@Suite struct FileOutputTests {
    @Test func aWholeFileWriteLandsEveryByteAndTruncatesWhatWasThere() throws {
        let dir = try TempDir("platform")
        defer { dir.remove() }
        let path = try dir.write("out.bin", String(repeating: "old ", count: 1_000_000))
        // More than one write call may take, with NULs and bytes above 0x7F.
        let bytes = (0 ..< 3_000_001).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try writeFile(bytes, to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
        try writeFile([], to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
    }

    @Test func aWholeFileWriteIntoAMissingFolderSaysWhy() throws {
        let dir = try TempDir("platform")
        defer { dir.remove() }
        let path = dir.file("no-such-folder/out.svg")
        #expect(throws: FileError(step: .create, code: ENOENT)) { try writeFile([1, 2, 3], to: path) }
        do {
            try writeFile([1, 2, 3], to: path)
        } catch {
            #expect(error.reason == "No such file or directory")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "/dev/full is Linux's always-full device"))
    func aStreamingWriteToAFullDeviceReportsNoSpace() throws {
        let out = try FileOutput(creating: "/dev/full")
        let bytes: [UInt8] = Array("a line\n".utf8)
        let thrown = #expect(throws: FileError.self) { try out.write(bytes) }
        #expect(thrown == FileError(step: .write, code: ENOSPC))
        #expect(thrown?.reason == String(cString: strerror(ENOSPC)))
        try out.close()
    }

    @Test func aStreamingWriterAppendsInOrderAndFailsOnceClosed() throws {
        let dir = try TempDir("platform")
        defer { dir.remove() }
        let path = dir.file("stream.txt")
        let out = try FileOutput(creating: path)
        for piece in ["one ", "two ", "three"] {
            try out.write(Array(piece.utf8))
        }
        try out.close()
        try out.close()  // closing again does nothing
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one two three")
        let late = #expect(throws: FileError.self) { try out.write([1]) }
        #expect(late == FileError(step: .write, code: EBADF))
    }
}
