import Foundation
import Testing
import TestKit
@testable import GraphIO
import SanctionsModel

/// Inputs that are not regular files: devices, FIFOs, folders, missing paths (#11 §7).
@Suite struct SpecialFileTests {
    @Test func devNullIsAnEmptyInputNotAMissingFile() {
        let error = inputError { () throws(InputError) in try GraphLoader.load(path: "/dev/null") }
        #expect(error?.problem == .emptyFile)
        #expect(GraphFormat.of(path: "/dev/null") == .ftm)
    }

    @Test func aFIFOIsReadAsAStream() throws {
        let dir = try TempDir("fifo")
        defer { dir.remove() }
        let fifo = dir.file("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let text = """
            {"id":"a","schema":"Company","properties":{"name":["A"]}}
            {"id":"b","schema":"Company","properties":{"name":["B"]}}
            {"id":"t","schema":"Ownership","properties":{"owner":["a"],"asset":["b"],"percentage":["60"]}}

            """
        // Opening a FIFO for writing waits for the reader: write from another thread.
        Thread.detachNewThread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data(text.utf8))
                try? handle.close()
            }
        }
        let (network, report) = try GraphLoader.load(path: fifo)
        #expect(network.entityCount == 2)
        #expect(network.graph.edgeCount == 1)
        #expect(report.records == 3)
    }

    @Test func missingPathsAndUnknownFormatsAreToldApart() throws {
        let missing = inputError { () throws(InputError) in try GraphLoader.load(path: "/nonexistent/graph") }
        #expect(missing?.problem == .unreadable("no such file or folder"))
        let dir = try TempDir("plain")
        defer { dir.remove() }
        let plain = try dir.write("graph.txt", "hello\n")
        let unknown = inputError { () throws(InputError) in try GraphLoader.load(path: plain) }
        #expect(unknown?.problem.description.contains("unknown format") == true)
    }

    @Test func xmlFedAsFtMSaysSo() throws {
        let (error, _) = try ftmError("<?xml version=\"1.0\"?>\n<graphml/>\n")
        #expect(error?.problem.description.contains("not FtM JSON") == true)
    }
}
