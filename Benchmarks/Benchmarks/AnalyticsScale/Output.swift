import Foundation
import PeyvandAnalytics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Output

func writeArray(_ values: [Double], _ directory: String, _ name: String) {
    let data = values.withUnsafeBufferPointer { Data(buffer: $0) }  // little-endian on every supported platform
    guard FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: data) else { fail("cannot write \(directory)/\(name)") }
}

func writeBytes(_ values: [UInt8], _ directory: String, _ name: String) {
    guard FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: Data(values)) else { fail("cannot write \(directory)/\(name)") }
}

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // KiB
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / 1_048_576  // bytes
    #endif
}

/// JSON-safe number (NaN and infinities become null).
func json(_ x: Double) -> Any { x.isFinite ? x : NSNull() }

func log(_ message: String) {
    FileHandle.standardError.write(Data("[swift] \(message)\n".utf8))
}

func timed<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try body()
    let d = start.duration(to: clock.now)
    return (value, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
}
