import GraphIO

/// Reading options with a first read buffer of `blockSize` bytes: small ones put records
/// across buffer boundaries (the streaming tests and the reader fuzz targets).
package func readOptions(blockSize: Int, lenient: Bool = false, maxRecordBytes: Int = 64 << 20) -> ReadOptions {
    var options = ReadOptions(lenient: lenient, maxRecordBytes: maxRecordBytes)
    options.blockSize = blockSize
    return options
}
