import ArgumentParser
import Foundation
import PeyvandStore

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Run the analytical models.", subcommands: [Refresh.self])

    struct Refresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score every customer from the order history: RFM segment, P(alive), expected purchases, lifetime value.",
            discussion: "`peyvand serve` does this by itself every --analytics-every hours; this runs it now and prints the fitted parameters.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let runs = try await withDatabase(database) { db in
                do { return try await CustomerScores(db).refresh() } catch StoreError.invalid(let error) {
                    throw CLIError(error.issues.map(\.reason).joined(separator: "; "))
                }
            }
            for run in runs {
                let parameters = run.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\(String(format: "%.6g", $0.value))" }
                print("\(run.model): \(run.customers) customers, \(String(format: "%.2f", run.seconds)) s \(parameters.joined(separator: " "))")
            }
        }
    }
}
