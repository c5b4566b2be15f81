import Foundation
import PeyvandAnalytics

/// `analyze rfm`: `RFM.analyze` on a transaction file.
enum RFMAnalysis {
    static let options = TransactionLog.options + ["as-of", "monetary"]

    /// English and Persian names of the segments (`RFMSegment` has only keys).
    static func names(_ segment: RFMSegment) -> (english: String, persian: String) {
        switch segment {
        case .champions: return ("Champions", "قهرمانان")
        case .loyal: return ("Loyal", "وفادار")
        case .potentialLoyalist: return ("Potential loyalist", "وفادار بالقوه")
        case .new: return ("New", "تازه‌وارد")
        case .promising: return ("Promising", "امیدوارکننده")
        case .needAttention: return ("Need attention", "نیازمند توجه")
        case .aboutToSleep: return ("About to sleep", "در آستانهٔ خواب")
        case .atRisk: return ("At risk", "در معرض ریزش")
        case .cantLose: return ("Can't lose", "نباید از دست برود")
        case .hibernating: return ("Hibernating", "خواب زمستانی")
        case .lost: return ("Lost", "از دست رفته")
        }
    }

    static func run(_ request: AnalysisRequest, _ options: OptionReader) throws(AnalysisFailure) -> AnalysisOutput {
        let table = try AnalysisTable.load(request.input, options: options)
        let log = try TransactionLog.load(table, options)
        let monetary = RFM.Monetary(rawValue: try options.choice("monetary", ["total", "mean"], default: "total"))!
        let asOf = try TransactionLog.dayOption("as-of", options, log.calendar, now: request.now) ?? log.lastDay + 1
        guard asOf >= log.firstDay else {
            throw .option(
                "option --as-of \(DayText.text(asOf, log.calendar)) is before the first transaction "
                    + "(\(DayText.text(log.firstDay, log.calendar)))")
        }
        let customers = try fitting(table.file) { () throws(AnalyticsError) in
            try RFM.analyze(log.transactions, asOf: asOf, monetary: monetary)
        }

        var segments: [AnalysisJSON] = []
        for segment in RFMSegment.allCases {
            let count = customers.filter { $0.segment == segment }.count
            let name = names(segment)
            segments.append(.object([
                "segment": .string(segment.rawValue), "name_en": .string(name.english), "name_fa": .string(name.persian),
                "customers": .int(count), "share": .number(Double(count) / Double(customers.count)),
            ]))
        }
        func thresholds(_ score: (RFM.Customer) -> Int, _ value: (RFM.Customer) -> Double) -> AnalysisJSON {
            .array((1...5).compactMap { s in
                let members = customers.filter { score($0) == s }.map(value)
                guard let low = members.min(), let high = members.max() else { return nil }
                return .object(["score": .int(s), "min": .number(low), "max": .number(high), "customers": .int(members.count)])
            })
        }
        let used = log.transactions.filter { $0.day <= asOf }.count
        let summary: [String: AnalysisJSON] = [
            "as_of": DayText.json(asOf),
            "first_transaction": DayText.json(log.firstDay),
            "last_transaction": DayText.json(log.lastDay),
            "customers": .int(customers.count),
            "transactions": .int(used),
            "monetary": .string(monetary.rawValue),
            "segments": .array(segments),
            "thresholds": .object([
                "recency_days": thresholds(\.recencyScore) { Double($0.recency) },
                "frequency": thresholds(\.frequencyScore) { Double($0.frequency) },
                "monetary": thresholds(\.monetaryScore, \.monetary),
            ]),
            "scoring": .string(
                "quintiles of rank (ties by customer id); 5 = most recent / most frequent / highest spend; "
                    + "segments from the R and F scores"),
            "warnings": .strings(log.warnings(now: request.now, ignoredAfter: asOf)),
        ]
        var rows: [[String]] = []
        for c in customers {
            rows.append([
                c.id, String(c.recency), String(c.frequency), try Cells.number(c.monetary, "monetary", c.id),
                String(c.recencyScore), String(c.frequencyScore), String(c.monetaryScore), c.segment.rawValue,
            ])
        }
        return AnalysisOutput(
            summary: summary, header: ["id", "recency", "frequency", "monetary", "r", "f", "m", "segment"], rows: rows)
    }
}
