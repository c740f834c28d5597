import Foundation
import Testing
import TestKit
@testable import Platform

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

    @Test func aWholeFileWriteCreatesMissingFoldersAndSaysWhyWhenItCannot() throws {
        let dir = try TempDir("platform")
        defer { dir.remove() }
        let path = dir.file("no-such-folder/deeper/out.svg")
        try writeFile([1, 2, 3], to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([1, 2, 3]))
        // A file where a folder is needed: the folder step fails, naming it.
        let file = try dir.write("plain", "x")
        let thrown = #expect(throws: FileError.self) { try writeFile([1, 2, 3], to: file + "/sub/out.svg") }
        #expect(thrown == FileError(step: .createFolder, code: ENOTDIR, path: file))
        #expect(thrown?.reason == "Not a directory")
        #expect(throws: FileError(step: .create, code: EISDIR)) { try writeFile([1], to: dir.path + "/") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["no-such-folder", "plain"])
    }

    @Test func aFileAppearsOnlyOnCloseAndAnAbandonedOneLeavesNothing() throws {
        let dir = try TempDir("platform")
        defer { dir.remove() }
        let path = try dir.write("out.txt", "old")
        let out = try FileOutput(creating: path)
        try out.write(Array("new".utf8))
        // Until close, the target is as it was and the bytes are in the temporary beside it.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [".out.txt.partial-\(getpid())", "out.txt"])
        try out.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.txt"])
        // Discarded, or dropped without closing: the target stays, the temporary goes.
        let discarded = try FileOutput(creating: path)
        try discarded.write(Array("lost".utf8))
        discarded.discard()
        #expect(throws: FileError(step: .write, code: EBADF)) { try discarded.write([1]) }
        do {
            let dropped = try FileOutput(creating: dir.file("fresh.txt"))
            try dropped.write(Array("lost".utf8))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.txt"])
    }

    @Test func aReplacedFileKeepsItsModeAndALinkKeepsPointingAtIt() throws {
        let dir = try TempDir("platform")
        defer { dir.remove() }
        let path = try dir.write("private.txt", "old")
        #expect(chmod(path, 0o600) == 0)
        let link = dir.file("link.txt")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "private.txt")
        try writeFile(Array("new".utf8), to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "private.txt")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["link.txt", "private.txt"])
    }

    @Test func aLongNameGetsATemporaryNameWithinTheLimit() throws {
        let dir = try TempDir("platform")
        defer { dir.remove() }
        let name = String(repeating: "ä", count: 120) + ".txt"   // 244 bytes: the name itself fits
        try writeFile([7], to: dir.file(name))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [name])
        let temporary = temporaryName(for: dir.file(name))
        let base = String(temporary[temporary.index(after: temporary.lastIndex(of: "/")!)...])
        #expect(base.utf8.count <= 255 && base.hasPrefix("." + String(repeating: "ä", count: 100)) && base.hasSuffix(".partial-\(getpid())"))
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
