import Foundation
import PeyvandAnalytics

/// `analyze segments`: `KMeans` on z-scored feature columns (k-means++
/// seeding, `--restarts` restarts, `--seed`). `--k auto` runs
/// `KMeans.suggestK` over 2…`--max-k` and keeps the k with the best mean
/// silhouette. Clusters are numbered from 1 in the summary and the rows.
enum SegmentsAnalysis {
    static let options = ["id", "features", "k", "max-k", "seed", "restarts"]

    static func run(_ request: AnalysisRequest, _ options: OptionReader) throws(AnalysisFailure) -> AnalysisOutput {
        let names = try options.requiredList("features", example: "recency,frequency,monetary")
        let kText = try options.string("k", default: "5").lowercased()
        let maxK = try options.int("max-k", default: 10, 2...100)
        let seed = try options.seed()
        let restarts = try options.int("restarts", default: 10, 1...1000)
        let fixedK: Int?
        if kText != "auto" && options.has("max-k") { throw .option("option --max-k applies only with --k auto") }
        if kText == "auto" {
            fixedK = nil
        } else {
            guard let k = Int(kText), (1...1000).contains(k) else {
                throw .option("option --k must be a whole number from 1 to 1000 or 'auto' (got '\(kText)')")
            }
            fixedK = k
        }
        let table = try AnalysisTable.load(request.input, options: options)
        let (ids, idColumn) = try table.rowIDs(options)
        let features = try table.features(names, option: "features")
        let lines = table.rows.map(\.line)
        let fitOptions = KMeans.Options(restarts: restarts, seed: seed)
        let n = table.rows.count

        var suggestionJSON: AnalysisJSON?
        let k: Int
        if let fixedK {
            k = fixedK
        } else {
            let upper = min(maxK, n - 1)
            guard upper >= 2 else {
                throw .model("\(table.file): --k auto compares 2 to \(maxK) clusters and needs at least 3 customers; the file has \(n)")
            }
            let suggestion = try fitting(table.file, lines: lines) { () throws(AnalyticsError) in
                try KMeans.suggestK(features, range: 2...upper, options: fitOptions)
            }
            k = suggestion.bestSilhouetteK
            suggestionJSON = .object([
                "range": .numbers([2, Double(upper)]),
                "best_silhouette_k": .int(suggestion.bestSilhouetteK),
                "elbow_k": suggestion.elbowK.map { .int($0) } ?? .null,
                "silhouette_sampled": .bool(suggestion.silhouetteSampled),
                "silhouette_sample_size": .int(suggestion.silhouetteSampleSize),
                "entries": .array(suggestion.entries.map { e in
                    .object([
                        "k": .int(e.k), "inertia": .number(e.inertia), "silhouette": .number(e.silhouette),
                        "cluster_sizes": .numbers(e.clusterSizes.map(Double.init)),
                    ])
                }),
            ])
        }
        let model = try fitting(table.file, lines: lines) { () throws(AnalyticsError) in
            try KMeans.fit(features, k: k, options: fitOptions)
        }
        var silhouette: AnalysisJSON = .null
        var notes: [String] = [
            "features are z-scored with their population standard deviation before clustering",
            "inertia is in standardised units; clusters are numbered from 1",
        ]
        if k >= 2 && k <= n - 1 {
            silhouette = .number(try fitting(table.file, lines: lines) { () throws(AnalyticsError) in
                try model.silhouetteScore(on: features, seed: seed)
            })
            if n > 2_000 { notes.append("the silhouette is computed on a seeded sample of 2000 customers") }
        } else {
            notes.append("the silhouette is not defined for k = \(k) with \(n) customers")
        }
        let clusters: [AnalysisJSON] = model.profile().map { p in
            .object([
                "cluster": .int(p.cluster + 1),
                "size": .int(p.size),
                "share": .number(p.share),
                "profile": .string(p.summary),
                "features": .array(p.features.map { f in
                    .object([
                        "name": .string(f.name), "mean": .number(f.mean), "overall_mean": .number(f.overallMean),
                        "z_difference": .number(f.zDifference), "level": .string(f.level.rawValue),
                    ])
                }),
            ])
        }
        var summary: [String: AnalysisJSON] = [
            "k": .int(k),
            "k_choice": .string(fixedK == nil ? "auto (best mean silhouette)" : "given"),
            "customers": .int(n),
            "features": .strings(model.featureNames),
            "id_column": idColumn.map { .string($0) } ?? .string("(row number)"),
            "inertia": .number(model.inertia),
            "silhouette": silhouette,
            "iterations": .int(model.iterations),
            "seed": .string(String(seed)),
            "restarts": .int(restarts),
            "clusters": .array(clusters),
            "notes": .strings(notes),
        ]
        if let suggestionJSON { summary["suggestion"] = suggestionJSON }
        let rows = ids.indices.map { [ids[$0], String(model.labels[$0] + 1)] }
        return AnalysisOutput(summary: summary, header: ["id", "cluster"], rows: rows)
    }
}
