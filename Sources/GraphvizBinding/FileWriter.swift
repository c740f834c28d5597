import Platform

/// Writes bytes to a file, whole.
public enum FileWriter {
    /// Writes `bytes` to `path` through a temporary file renamed into place, creating
    /// missing parent folders (on failure the path is left as it was, and no temporary
    /// remains); nil on success, else the reason.
    /// - Complexity: O(bytes.count).
    public static func write(_ bytes: [UInt8], to path: String) -> String? {
        do { try writeFile(bytes, to: path) } catch {
            if error.step == .createFolder { return "cannot create the folder \(error.path ?? path): \(error.reason)" }
            return error.reason
        }
        return nil
    }
}
