import ArgumentParser
import Foundation
import PeyvandExchange
import PeyvandStore

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Run the analytical models on a CSV file, or score the database's customers.",
        discussion: """
            peyvand analyze MODEL --input FILE.csv [model options] [--output RESULTS.csv]
            prints the fit (parameters, statistics) as JSON and writes one row per customer or subject as CSV.
            Models: \(AnalysisModel.allCases.map(\.rawValue).joined(separator: ", ")). \
            `peyvand analyze MODEL --help` lists each model's options. Bad input exits with status 2 and says why.
            """,
        subcommands: [Model.self, Refresh.self], defaultSubcommand: Model.self)

    /// `peyvand analyze <model> --input FILE …`: the model's own options pass through to `AnalysisRunner`.
    struct Model: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Run one model on a CSV file (also reachable as `peyvand analyze MODEL`).", shouldDisplay: false)

        @Argument(help: "rfm, segments, value, clv, churn or survival.") var model: String
        @Option(help: "The CSV file to analyse.") var input: String
        @Option(help: "Where to write the per-row results as CSV (default: not written).") var output: String?
        @Argument(parsing: .allUnrecognized, help: "The model's options, e.g. --customer id --date day --amount total.")
        var options: [String] = []

        /// Says why on stderr; the exit status is 2, as for every bad input to `analyze`.
        static func fail(_ message: String) -> ExitCode {
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            return ExitCode(2)
        }

        func run() throws {
            guard let kind = AnalysisModel(rawValue: model) else {
                throw Self.fail("unknown model \(model): use \(AnalysisModel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard FileManager.default.isReadableFile(atPath: input) else { throw Self.fail("cannot read \(input)") }
            do {
                let request = AnalysisRequest(model: kind, input: URL(fileURLWithPath: input), options: try AnalysisRequest.parseOptions(options),
                                              now: Date())
                let result = try AnalysisRunner.run(request)
                print(result.summary.encoded())
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: nil), let handle = FileHandle(forWritingAtPath: output) else {
                        throw Self.fail("cannot write \(output)")
                    }
                    try result.writeCSV(to: handle, byteOrderMark: true)
                    try handle.close()
                }
            } catch let failure as AnalysisFailure {
                throw Self.fail(failure.description)
            }
        }
    }

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
                let outcome = run.note.map { "not fitted: \($0)" } ?? run.result.map(Self.headline) ?? ""
                print("\(run.model.rawValue): \(run.customers) customers, \(String(format: "%.2f", run.seconds)) s \(outcome)")
            }
        }
    }
}
