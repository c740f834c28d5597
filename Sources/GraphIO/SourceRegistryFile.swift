import SanctionsModel

extension SourceRegistry {
    /// The built-in source registry with the rows of the table at `path` added (a row with
    /// the same match and key overrides the built-in one; docs/sources.md).
    /// - Throws: `InputError` naming the file and line of a malformed row, or why the file
    ///   cannot be read.
    /// - Complexity: O(size of the built-in table + bytes of the file).
    public static func builtIn(adding path: String) throws(InputError) -> SourceRegistry {
        let bytes = try readFile(path)
        var registry = SourceRegistry.builtIn
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.utf8.elementsEqual(bytes) else {
            throw InputError(file: path, line: nil, .badValue(property: "sources", detail: "the table must be UTF-8 text"))
        }
        do {
            try registry.add(tsv: text, origin: path)
        } catch {
            throw InputError(file: path, line: error.line, .badValue(property: "sources", detail: error.reason))
        }
        return registry
    }
}
