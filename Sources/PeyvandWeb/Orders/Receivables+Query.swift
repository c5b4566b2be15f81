import Foundation
import PeyvandCore
import PeyvandStore

/// What the receivables page reads: the ageing report and a page of overdue invoices, at once.
struct ReceivablesData: Sendable {
    let ageing: AgeingReport
    let overdue: Page<Receivables.Overdue>
}

struct ReceivablesQuery: Sendable {
    let receivables: Receivables

    func read(after: TimelineCursor?, by principal: Principal) async throws -> ReceivablesData {
        async let ageing = receivables.ageing(by: principal)
        async let overdue = receivables.overdue(after: after, limit: 50, by: principal)
        return ReceivablesData(ageing: try await ageing, overdue: try await overdue)
    }
}
