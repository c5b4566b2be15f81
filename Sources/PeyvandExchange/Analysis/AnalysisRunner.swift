import Foundation
import PeyvandAnalytics
import PeyvandCore

/// `peyvand analyze MODEL FILE [options]`: reads a CSV file, runs one of the
/// PeyvandAnalytics models and returns a JSON summary and per-row CSV results.
///
/// No maths happens here: every number comes from PeyvandAnalytics. This layer
/// parses and checks the file (line and column in every message), maps
/// options to model arguments, turns `AnalyticsError` into readable
/// ``AnalysisFailure``s, and refuses to output NaN or infinity.
///
/// Options per model (defaults in brackets; column options name CSV columns):
///
/// * every model: `--delimiter comma|semicolon|tab|pipe|auto` [auto],
///   `--encoding utf8|utf16le|utf16be|windows1256|auto` [auto].
/// * `rfm`: `--customer` [customer_id], `--date` [date], `--amount` [amount],
///   `--calendar gregorian|jalali|auto` [gregorian], `--drop-nonpositive`,
///   `--as-of DATE|today` [day after the last transaction], `--monetary total|mean` [total].
/// * `clv` on transactions: the `rfm` file options, `--freq day|week|month`
///   [day], `--as-of DATE|today` (end of observation) [last transaction],
///   `--calibration-end DATE` (adds a holdout check), `--horizon MONTHS` [12],
///   `--discount-rate MONTHLY` [0.01], `--penalizer X` [0, lifetimes' penalizer_coef].
///   `clv --summary` on a lifetimes-style summary: `--id` [id], `--frequency`
///   [frequency], `--recency` [recency], `--age` [T], `--monetary-value`
///   [monetary_value, optional column], `--freq` (the unit of recency/T) [day],
///   `--horizon`, `--discount-rate`.
/// * `value`: `--customer` [customer_id], `--profit` [profit], `--curve-points` [21].
/// * `segments`: `--id` [id], `--features a,b,c` (required), `--k N|auto` [5],
///   `--max-k` [10, for auto], `--seed` [1405], `--restarts` [10].
/// * `churn`: `--id` [id], `--label` [churned], `--features a,b,c` (required),
///   `--c` [1.0] or `--penalty l2|none` [l2], `--standardize yes|no` [yes],
///   `--test-fraction` [0.25; 0 = no holdout], `--seed` [1405].
/// * `survival`: `--duration` and `--event` (required), `--covariates a,b`,
///   `--group`, `--ties efron|breslow` [efron], `--id`, `--times t1,t2`.
public enum AnalysisRunner {
    /// Runs the request. Throws only ``AnalysisFailure``.
    public static func run(_ request: AnalysisRequest) throws(AnalysisFailure) -> AnalysisResult {
        let options = try OptionReader(request.options, model: request.model, known: knownOptions(for: request.model))
        let output: AnalysisOutput
        switch request.model {
        case .rfm: output = try RFMAnalysis.run(request, options)
        case .clv: output = try CLVAnalysis.run(request, options)
        case .value: output = try ValueAnalysis.run(request, options)
        case .segments: output = try SegmentsAnalysis.run(request, options)
        case .churn: output = try ChurnAnalysis.run(request, options)
        case .survival: output = try SurvivalAnalysis.run(request, options)
        }
        var members = output.summary
        members["model"] = .string(request.model.rawValue)
        members["input"] = .string(request.input.lastPathComponent)
        members["generated_at"] = .string(CivilTime.rfc3339(request.now))
        members["rows"] = .int(output.rows.count)
        let summary = AnalysisJSON.object(members)
        if let path = summary.firstNonFinitePath() {
            throw .model(
                "\(request.input.lastPathComponent): the \(request.model.rawValue) analysis produced a value that is "
                    + "not a finite number at '\(path)'; nothing was written")
        }
        for row in output.rows where row.count != output.header.count {
            throw .model("internal error: a result row has \(row.count) cells for \(output.header.count) columns")
        }
        return AnalysisResult(summary: summary, header: output.header, rows: output.rows)
    }

    /// The option names (without `--`) that `model` accepts.
    public static func knownOptions(for model: AnalysisModel) -> [String] {
        let specific: [String]
        switch model {
        case .rfm: specific = RFMAnalysis.options
        case .clv: specific = CLVAnalysis.options
        case .value: specific = ValueAnalysis.options
        case .segments: specific = SegmentsAnalysis.options
        case .churn: specific = ChurnAnalysis.options
        case .survival: specific = SurvivalAnalysis.options
        }
        return (specific + OptionReader.common).sorted()
    }
}

/// What one model returns to the runner.
struct AnalysisOutput {
    var summary: [String: AnalysisJSON]
    var header: [String]
    var rows: [[String]]
}

/// Formatting of result cells, refusing non-finite numbers.
enum Cells {
    static func number(_ x: Double, _ field: String, _ id: String) throws(AnalysisFailure) -> String {
        guard x.isFinite else {
            throw .model("the model gave a non-finite \(field) (\(x)) for '\(id)'; refusing to write NaN or infinity")
        }
        return NumberText.format(x)
    }

    /// `x` if finite, else a failure naming `what`.
    static func finite(_ x: Double, _ what: String) throws(AnalysisFailure) -> Double {
        guard x.isFinite else { throw .model("the model gave a non-finite \(what) (\(x)); refusing to write NaN or infinity") }
        return x
    }
}
