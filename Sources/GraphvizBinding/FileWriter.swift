import Platform

/// Writes bytes to a file, whole.
public enum FileWriter {
    /// Creates or truncates `path` and writes `bytes`; nil on success, else the reason.
    /// - Complexity: O(bytes.count).
    public static func write(_ bytes: [UInt8], to path: String) -> String? {
        do { try writeFile(bytes, to: path) } catch { return error.reason }
        return nil
    }
}
