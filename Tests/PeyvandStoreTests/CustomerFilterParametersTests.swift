import Foundation
import PeyvandCore
@testable import PeyvandStore
import PeyvandTestSupport
import Testing

/// The list's filters as URLs and saved views carry them: the last change's dates filter like the
/// creation's, and a saved view keeps every filter the list page offers (segments included).
@Suite struct CustomerFilterParametersTests {
    @Test("updatedFrom and updatedTo filter on the last change, by day in the given time zone", arguments: TestDatabase.kinds)
    func updatedBetween(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repository = CustomerRepository(db)
            let a = try await repository.create(CustomerInput(kind: "person", name: "یک", stage: "lead"), by: admin)
            _ = try await repository.create(CustomerInput(kind: "person", name: "دو", stage: "lead"), by: admin)
            let zone = TimeZone(identifier: "Asia/Tehran")!
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let today = calendar.dateComponents([.year, .month, .day], from: Date())
            let todayText = String(format: "%04d-%02d-%02d", today.year!, today.month!, today.day!)
            let from = try CustomerQuery.parse([("updatedFrom", todayText)], timeZone: zone)
            #expect(try await repository.list(from, by: admin).items.count == 2)
            let before = try CustomerQuery.parse([("updatedTo", "1400/01/01")], timeZone: zone)
            #expect(try await repository.list(before, by: admin).items.isEmpty)
            let both = try CustomerQuery.parse([("updatedFrom", todayText), ("updatedTo", todayText), ("q", "یک")], timeZone: zone)
            #expect(try await repository.list(both, by: admin).items.map(\.id) == [a.id])
            #expect(throws: ValidationError.self) { try CustomerQuery.parse([("updatedTo", "yesterday")]) }
        }
    }

    @Test("a saved view keeps the segment, behaviour, churn-risk and change-date filters", arguments: TestDatabase.kinds)
    func savedViewKeepsEveryFilter(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let filters = [("rfm", "at_risk"), ("behaviour", "2"), ("minChurnRisk", "0.6"), ("updatedFrom", "1405/01/01"), ("city", "قم")]
            let view = try await SavedViewRepository(db).create(name: "در خطر", filters: filters, shared: false, by: admin)
            let saved = try #require(try await SavedViewRepository(db).list(by: admin).first { $0.id == view.id })
            #expect(Set(saved.pairs.map { $0.0 }) == Set(filters.map { $0.0 }))
            let query = try CustomerQuery.parse(saved.pairs)
            #expect(query.rfmSegment == "at_risk" && query.behaviourSegment == 2 && query.minChurnRisk == 0.6 && query.updatedFrom != nil)
        }
    }
}
