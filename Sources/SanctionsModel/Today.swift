#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Day {
    /// Today (UTC).
    public static var today: Day {
        Day(daysSinceEpoch: Int32(time(nil) / 86_400))
    }
}
