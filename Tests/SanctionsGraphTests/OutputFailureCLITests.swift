import Foundation
import Testing
import TestKit

/// Issue #11, point 2: every failed write ends with status 1 and a message naming what was
/// lost; a closed pipe ends quietly; files appear whole or not at all; missing output folders
/// are created by every command.
@Suite struct OutputFailureCLITests {
    static let demo = "Graphs/demo-rare-earths.ftm.json"
    static let hasDevFull = FileManager.default.fileExists(atPath: "/dev/full")

    /// The files in `folder`, sorted (hidden ones too: a leftover temporary is one).
    static func listing(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    /// A generated graph large enough that its tables outgrow a pipe's buffer.
    static func generated(in dir: TempDir) throws -> String {
        let path = dir.file("gen.ftm.json")
        let r = try runCLI(["generate", "--entities", "3000", "--seed", "3", "-o", path])
        #expect(r.status == 0, "\(r.stderr)")
        return path
    }

    @Test(.enabled(if: hasDevFull, "/dev/full is Linux's always-full device"))
    func standardOutputOnAFullDiskFailsLoudly() throws {
        let dir = try TempDir("full")
        defer { dir.remove() }
        let graph = try Self.generated(in: dir)
        // Printed reports, small and large (one large print is where stdio loses the reason)…
        for command in ["blocked \(Self.demo) --rule ofac --as-of 2026-11-29 --format csv", "blocked \(graph) --rule ofac --format json",
                        "centrality \(graph) --measure pagerank --format csv"] {
            let r = try runCLIShell("\"$EXE\" \(command) > /dev/full")
            #expect(r.status == 1, "\(command)")
            #expect(r.stderr == "error: cannot write standard output: No space left on device\n", "\(command): \(r.stderr)")
        }
        var r = try runCLI(["blocked", graph, "--rule", "ofac", "--format", "json"])
        #expect(r.status == 0 && r.stdout.utf8.count > 1 << 16, "the large case is larger than the 64 KiB buffer")
        // A CSV report is written in blocks of rows, each of 64 KiB or more straight out
        // (not through the buffer): a failure there is reported too.
        let large = dir.file("large.ftm.json")
        r = try runCLI(["generate", "--entities", "20000", "--seed", "3", "-o", large])
        #expect(r.status == 0, "\(r.stderr)")
        r = try runCLI(["blocked", large, "--rule", "ofac", "--format", "csv"])
        let rows = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()   // the header alone is small
        #expect(r.status == 0 && rows.prefix(1024).reduce(0) { $0 + $1.utf8.count + 1 } >= 1 << 16, "the first block of rows is 64 KiB or more")
        r = try runCLIShell("\"$EXE\" blocked \(large) --rule ofac --format csv > /dev/full")
        #expect(r.status == 1)
        #expect(r.stderr == "error: cannot write standard output: No space left on device\n", "\(r.stderr)")
        // …help text, printed by the argument parser…
        r = try runCLIShell("\"$EXE\" --help > /dev/full")
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: cannot write standard output: No space left on device"))
        // …and streamed exports (OutputFile on "-").
        r = try runCLIShell("\"$EXE\" generate --entities 200 -o - > /dev/full")
        #expect(r.status == 1)
        #expect(r.stderr == "error: cannot write standard output: No space left on device\n", "\(r.stderr)")
        // A closed standard output is a failed write too, whatever the command opens before
        // it writes (its input, the threads' event descriptors): none of them takes the
        // closed descriptor's number (on one machine an event descriptor did, and the write
        // failed with "Invalid argument").
        for command in ["info \(Self.demo)", "centrality \(graph) --measure betweenness --format csv"] {
            r = try runCLIShell("\"$EXE\" \(command) >&-")
            #expect(r.status == 1, "\(command)")
            #expect(r.stderr.contains("error: cannot write standard output: Bad file descriptor"), "\(command): \(r.stderr)")
        }
    }

    @Test(.enabled(if: hasDevFull, "/dev/full is Linux's always-full device"))
    func aFileOnAFullDiskFailsLoudlyWithWriteWording() throws {
        let r = try runCLI(["generate", "--entities", "200", "-o", "/dev/full"])
        #expect(r.status == 1)
        #expect(r.stderr == "error: cannot write /dev/full: No space left on device\n", "\(r.stderr)")
        #expect(!r.stderr.contains("cannot read"))
    }

    @Test func aClosedPipeEndsQuietly() throws {
        let dir = try TempDir("pipe")
        defer { dir.remove() }
        let graph = try Self.generated(in: dir)
        // Both ways of writing standard output: print (centrality's table) and OutputFile (generate -o -).
        for command in ["centrality \(graph) --measure pagerank --format csv", "generate --entities 20000 -o -"] {
            let r = try runCLIShell("\"$EXE\" \(command) | head -1; echo \"status ${PIPESTATUS[0]}\"")
            let lines = r.stdout.split(separator: "\n")
            #expect(r.stderr == "", "\(command): \(r.stderr)")
            #expect(lines.count == 2, "\(command): \(r.stdout.prefix(300))")
            // Killed by SIGPIPE (128 + 13), as Unix tools end, not an error exit.
            #expect(lines.last == "status 141", "\(command)")
        }
    }

    @Test func aFailedWriteLeavesTheTargetAsItWasAndNoTemporary() throws {
        let dir = try TempDir("partial")
        defer { dir.remove() }
        try dir.write("out.ftm.json", "old\n")
        // A 1 MiB file size limit, its signal ignored: writes past it fail with EFBIG (the
        // output is ~8 MB). Not lower: under the thread sanitizer the child's runtime writes a
        // 512 KiB file at startup (/tmp/tsan.rodata.PID) and dies of SIGBUS if it is cut short.
        for target in ["out.ftm.json", "new.ftm.json"] {
            let r = try runCLIShell("cd \(dir.path) && trap '' XFSZ && ulimit -f 1024 && \"$EXE\" generate --entities 20000 -o \(target)")
            #expect(r.status == 1)
            #expect(r.stderr == "error: cannot write \(target): File too large\n", "\(r.stderr)")
        }
        #expect(try String(contentsOfFile: dir.file("out.ftm.json"), encoding: .utf8) == "old\n")
        #expect(try Self.listing(dir.path) == ["out.ftm.json"])
    }

    @Test func aSuccessfulWriteReplacesTheTargetWhole() throws {
        let dir = try TempDir("replace")
        defer { dir.remove() }
        let target = try dir.write("out.ftm.json", "previous contents\n")
        let r = try runCLI(["generate", "--entities", "50", "-o", target])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: target, encoding: .utf8)
        #expect(text.hasPrefix("{") && text.hasSuffix("}\n") && !text.contains("previous contents"))
        #expect(try Self.listing(dir.path) == ["out.ftm.json"])
    }

    @Test func aRenderThatProducesNothingFailsAndWritesNoFile() throws {
        let dir = try TempDir("huge-name")
        defer { dir.remove() }
        // A 1 MB name: Pango fails inside Graphviz's PNG renderer, which then reports success with 0 bytes.
        let name = String(repeating: "Ж", count: 500_000)
        let graph = try dir.write("big.ftm.json", [
            ftm("c-big", "Company", ["name": [name]]),
            ftm("c-small", "Company", ["name": ["Small Ltd"]]),
            ftm("o1", "Ownership", ["owner": ["c-big"], "asset": ["c-small"], "percentage": ["60"]]),
        ].joined(separator: "\n") + "\n")
        let r = try runCLI(["render", graph, "-o", dir.file("big.png")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: Graphviz produced no png output"), "\(r.stderr.suffix(500))")
        #expect(!r.stderr.contains("wrote"))
        #expect(try Self.listing(dir.path) == ["big.ftm.json"])
    }

    @Test func everyCommandCreatesMissingOutputFolders() throws {
        let dir = try TempDir("folders")
        defer { dir.remove() }
        let runs: [(args: [String], file: String)] = [
            (["render", Self.demo, "--focus", "p-viktor-stolnik", "--depth", "1", "-o", dir.file("a/b/stolnik.svg")], "a/b/stolnik.svg"),
            (["convert", Self.demo, "-o", dir.file("c/d/demo.graphml")], "c/d/demo.graphml"),
            (["convert", Self.demo, "-o", dir.file("e/f/demo.csv")], "e/f/demo.csv"),
            (["convert", Self.demo, "-o", dir.file("g/h/trio/")], "g/h/trio/entities.csv"),
            (["generate", "--entities", "20", "-o", dir.file("i/j/gen.ftm.json")], "i/j/gen.ftm.json"),
        ]
        for (args, file) in runs {
            let r = try runCLI(args)
            #expect(r.status == 0, "\(args[0]): \(r.stderr)")
            #expect(FileManager.default.fileExists(atPath: dir.file(file)), "\(file)")
        }
        #expect(try Self.listing(dir.file("a/b")) == ["stolnik.svg"])
    }

    @Test func aFolderThatCannotBeCreatedIsReportedAsSuch() throws {
        let dir = try TempDir("not-a-folder")
        defer { dir.remove() }
        let file = try dir.write("plain", "a file, not a folder\n")
        let runs: [[String]] = [
            ["render", Self.demo, "--focus", "p-viktor-stolnik", "--depth", "1", "-o", file + "/sub/x.svg"],
            ["convert", Self.demo, "-o", file + "/sub/x.graphml"],
            ["generate", "--entities", "20", "-o", file + "/sub/x.json"],
        ]
        for args in runs {
            let r = try runCLI(args)
            #expect(r.status == 1, "\(args[0])")
            #expect(r.stderr.contains("cannot create the folder \(file): Not a directory"), "\(args[0]): \(r.stderr)")
            #expect(!r.stderr.contains("cannot read"), "\(args[0]): \(r.stderr)")
        }
        #expect(try Self.listing(dir.path) == ["plain"])
    }
}
