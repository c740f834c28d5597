#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Platform

/// Small helpers for analyses written as Swift scripts, such as the `Examples/` notebooks.
public enum Script {
    /// The repository root: the current folder if it holds `Graphs/`, else the folder three
    /// levels above the calling file (`<root>/Examples/<Name>/main.swift`), so that
    /// `swift run <Name>` finds the data from any folder inside the repository.
    public static func repositoryRoot(callerFile: String = #filePath) -> String {
        if let pointer = getcwd(nil, 0) {
            let cwd = String(cString: pointer)
            free(pointer)
            if access(cwd + "/Graphs", F_OK) == 0 { return cwd }
        }
        let parts = callerFile.split(separator: "/", omittingEmptySubsequences: false)
        return parts.dropLast(3).joined(separator: "/")
    }

    /// Prints `error: message` on stderr and exits with status 1.
    public static func fail(_ message: String) -> Never {
        Stderr.print("error: \(message)")
        exit(1)
    }
}
