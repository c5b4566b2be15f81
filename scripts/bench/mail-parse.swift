// The driver of `scripts/bench-mail --parse-only`: parses the message in $1, $2 times, in one
// process, and prints the median time and throughput. Compiled by that script together with the
// parser's own sources (Sources/PeyvandChannels/Email/Inbound and the few files they use), -O.
import Foundation
let path = CommandLine.arguments[1]
let runs = Int(CommandLine.arguments[2]) ?? 20
let bytes = Array(FileManager.default.contents(atPath: path)!)
var times: [Double] = []
var chars = 0
for _ in 0..<runs {
    let start = ContinuousClock.now
    let mail = try MailParser.parse(bytes)
    let d = ContinuousClock.now - start
    chars = mail.text.utf8.count + mail.attachments.reduce(0) { $0 + $1.bytes.count }
    times.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
}
times.sort()
let median = times[times.count / 2]
print(String(format: "%d bytes, %d runs: median %.1f ms (min %.1f, max %.1f), %.0f MB/s; decoded %d bytes",
             bytes.count, runs, median * 1000, times[0] * 1000, times.last! * 1000, Double(bytes.count) / median / 1e6, chars))
