import Foundation
import Testing
import PeyvandAnalytics
import PeyvandExchange

@Suite struct SegmentsAnalysisTests {
    static let features = "recency,frequency,monetary"

    /// Whether two labelings are the same partition.
    static func samePartition(_ a: [Int], _ b: [Int]) -> Bool {
        var map: [Int: Int] = [:], back: [Int: Int] = [:]
        for (x, y) in zip(a, b) {
            if let m = map[x], m != y { return false }
            if let m = back[y], m != x { return false }
            map[x] = y
            back[y] = x
        }
        return true
    }

    @Test func fourClustersMatchScikitLearn() throws {
        let expected = try AnalysisFixture.json("kmeans_expected.json").object("k4")
        let result = try analyze(.segments, AnalysisFixture.url("kmeans_customers.csv"), [
            "features": Self.features, "k": "4", "seed": "7",
        ])
        let s = result.summary
        #expect(relativeDifference(s.number("inertia"), expected.double("inertia")) < 1e-6)
        #expect(abs(s.number("silhouette") - expected.double("silhouette")) < 1e-9)
        let labels = result.numbers("cluster").map { Int($0) - 1 }
        #expect(Self.samePartition(labels, (expected["labels"] as! [NSNumber]).map(\.intValue)))
        let sizes = s["clusters"]!.arrayValue!.map { $0.number("size") }
        #expect(sizes.sorted() == expected.doubles("sizes").sorted())
        #expect(result.column("id")!.first == "k0000")
        // Profile words from KMeans.profile.
        let words = s["clusters"]!.arrayValue!.compactMap { $0["profile"]?.stringValue }
        #expect(words.contains { $0.hasPrefix("high recency") })
        #expect(words.contains { $0.hasPrefix("high monetary") })
        // The same as calling the model.
        let rows = try AnalysisFixture.csv("kmeans_customers.csv")
        let columns = ["recency", "frequency", "monetary"].map { n in FeatureColumn(name: n, values: rows.map { Double($0[n]!)! }) }
        let model = try KMeans.fit(columns, k: 4, options: .init(restarts: 10, seed: 7))
        #expect(labels == model.labels)
    }

    @Test func autoPicksFourSegments() throws {
        let expected = try AnalysisFixture.json("kmeans_expected.json").object("by_k")
        let result = try analyze(.segments, AnalysisFixture.url("kmeans_customers.csv"), [
            "features": Self.features, "k": "auto", "max-k": "8", "seed": "3",
        ])
        let s = result.summary
        #expect(s.number("k") == 4)
        #expect(s.number("suggestion", "best_silhouette_k") == 4)
        #expect(s.number("suggestion", "elbow_k") == 4)
        let entries = s.at("suggestion", "entries")!.arrayValue!
        #expect(entries.map { $0.number("k") } == Array(2...8).map(Double.init))
        for e in entries where e.number("k") <= 4 {
            let reference = expected.object(String(Int(e.number("k"))))
            #expect(relativeDifference(e.number("inertia"), reference.double("inertia")) < 1e-6)
            #expect(abs(e.number("silhouette") - reference.double("silhouette")) < 1e-9)
        }
        #expect(Set(result.column("cluster")!) == ["1", "2", "3", "4"])
    }

    @Test func failures() throws {
        let file = try TemporaryCSV("id,a,b,flat\nx,1,2,3\ny,2,1,3\nz,3,5,3\nw,9,9,3\n")
        #expect(failure(.segments, file.url)?.message
            == "'analyze segments' needs --features (for example --features recency,frequency,monetary)")
        #expect(failure(.segments, file.url, ["features": "a,flat", "k": "2"])?.message
            == "input.csv: column 'flat' has the same value in every row; remove it from the model")
        #expect(failure(.segments, file.url, ["features": "a,c", "k": "2"])?.message
            == "input.csv: column 'c' (--features) not found; the header has 'id', 'a', 'b', 'flat'")
        #expect(failure(.segments, file.url, ["features": "a,b", "k": "9"])?.message
            == "input.csv: k-means with k = 9 needs at least 9 rows; only 4 available")
        #expect(failure(.segments, file.url, ["features": "a,b", "k": "many"])?.kind == .option)
        #expect(failure(.segments, file.url, ["features": "a,b", "k": "2", "max-k": "5"])?.message == "option --max-k applies only with --k auto")
        #expect(failure(.segments, file.url, ["features": "a,,b"])?.kind == .option)
        #expect(failure(.segments, file.url, ["features": "a,b", "clusters": "3"])?.message.hasPrefix(
            "unknown option --clusters for 'analyze segments'; known options: --delimiter, --encoding, --features, --id, --k,") == true)
        let text = try TemporaryCSV("id,a,b\nx,1,2\ny,2,?\nz,3,5\n")
        #expect(failure(.segments, text.url, ["features": "a,b", "k": "2"])?.message
            == "input.csv line 3, column 'b': '?' is not a number (use '.' as the decimal point and no thousands separators)")
        let duplicate = try TemporaryCSV("id,a,b\nx,1,2\nx,2,3\nz,3,5\n")
        #expect(failure(.segments, duplicate.url, ["features": "a,b", "k": "2"])?.message
            == "input.csv line 3, column 'id': id 'x' already appears on line 2")
        // Without an id column the rows are numbered.
        let noID = try TemporaryCSV("a,b\n1,2\n2,1\n3,5\n9,9\n10,8\n")
        let result = try analyze(.segments, noID.url, ["features": "a,b", "k": "2"])
        #expect(result.column("id")! == ["1", "2", "3", "4", "5"])
        #expect(result.summary["silhouette"]?.doubleValue != nil)
        let k1 = try analyze(.segments, noID.url, ["features": "a,b", "k": "1"])
        #expect(k1.summary["silhouette"] == .null)
    }
}
