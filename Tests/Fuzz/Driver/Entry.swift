import Foundation
import FuzzTargets

// The fuzzing driver (README "Fuzzing"; scripts/fuzz.sh builds and runs it).
//
// Built with `-sanitize=fuzzer,address -D FUZZING` (scripts/fuzz.sh), it is a libFuzzer
// binary for one target at a time:  sanctions-fuzz TARGET [libFuzzer options and corpus folders]
// Built normally (every `swift build`), it replays inputs:  sanctions-fuzz TARGET FILE|FOLDER…
// and  sanctions-fuzz --list  names the targets.
//
// SwiftPM links an executable with `main` aliased to this module's entry point, so libFuzzer's
// own `main` is not used: the entry point below takes the target's name off the arguments
// and hands the rest to libFuzzer's driver.

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The target chosen on the command line (set once, before libFuzzer starts).
nonisolated(unsafe) var chosen = FuzzTarget.ftm

/// The environment variable that names the target for libFuzzer's child processes.
let targetVariable = "SANCTIONS_FUZZ_TARGET"

/// libFuzzer's entry for each input; a problem found stops the run (libFuzzer keeps the input).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let problems = chosen.run(bytes)
    if !problems.isEmpty {
        FileHandle.standardError.write(Data(("fuzz finding (\(chosen.rawValue)):\n" + problems.prefix(5).map { "  " + $0 }.joined(separator: "\n") + "\n").utf8))
        abort()
    }
    return 0
}
#endif

@main struct FuzzDriver {
    static func main() {
        let arguments = CommandLine.arguments
        #if FUZZING
        // libFuzzer runs itself again for -merge, -fork and -jobs, with its own arguments only:
        // the target travels in the environment.
        if let name = ProcessInfo.processInfo.environment[targetVariable], FuzzTarget(rawValue: name) != nil,
           arguments.count < 2 || FuzzTarget(rawValue: arguments[1]) == nil {
            chosen = FuzzTarget(rawValue: name)!
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
        }
        #endif
        if arguments.count < 2 || arguments[1] == "--list" || arguments[1] == "--help" {
            // One line a target: its name, the longest input worth trying (-max_len), what it checks.
            for t in FuzzTarget.allCases { print("\(t.rawValue)\t\(t.maxLength)\t\(t.summary)") }
            exit(arguments.count < 2 ? 2 : 0)
        }
        guard let target = FuzzTarget(rawValue: arguments[1]) else {
            FileHandle.standardError.write(Data("unknown target \(arguments[1]); targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        #if FUZZING
        chosen = target
        setenv(targetVariable, target.rawValue, 1)
        // argv without the target's name: libFuzzer sees its own options and corpus folders.
        var argc = CommandLine.argc - 1
        let argv = CommandLine.unsafeArgv
        argv[1] = argv[0]
        var rest: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv + 1
        exit(runFuzzerDriver(&argc, &rest, fuzzOneInput))
        #else
        var failures = 0, count = 0
        for path in arguments.dropFirst(2) {
            for file in inputs(at: path) {
                count += 1
                guard let data = FileManager.default.contents(atPath: file) else { print("\(file): cannot read"); failures += 1; continue }
                let problems = target.run([UInt8](data))
                if !problems.isEmpty {
                    failures += 1
                    print("\(file):\n" + problems.map { "  " + $0 }.joined(separator: "\n"))
                }
            }
        }
        print("\(target.rawValue): \(count) inputs, \(failures) with problems")
        exit(failures == 0 ? 0 : 1)
        #endif
    }

    /// The files at `path`: itself, or the files of a folder (not recursive), sorted.
    static func inputs(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { path + "/" + $0 }
    }
}
