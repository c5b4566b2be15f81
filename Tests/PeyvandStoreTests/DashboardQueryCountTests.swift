import Foundation
import PeyvandTestSupport
import Logging
import PeyvandCore
import PeyvandStore
import Testing

/// The start page's figures cost the same three statements whatever the data: the counts and sums
/// (one statement), the overdue invoices per currency, the latest changes.
@Suite struct DashboardQueryCountTests {
    @Test("the dashboard reads its figures in three statements, with 5 customers or with 60")
    func dashboardIsAFixedNumberOfStatements() async throws {
        let counter = StatementCounter()
        let path = NSTemporaryDirectory() + "peyvand-count-\(UUID().uuidString).sqlite"
        FastPasswords.use()
        let database = try Database.open("sqlite:\(path)", logger: Logger(label: "count") { _ in counter }, poolSize: 1)
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        do {
            try await Migrator(database).migrate()
            let now = Date()
            let (admin, rep, _) = try await DashboardTests.setUp(database, now: now)
            let dashboard = Dashboard(database)
            counter.reset()
            let small = try await dashboard.figures(DashboardTests.period(now), by: admin)
            let forSmall = counter.statements
            for n in 0..<55 {
                _ = try await CustomerRepository(database).create(CustomerInput(name: "مشتری \(n)", ownerId: String(rep.userId)), by: admin)
            }
            counter.reset()
            let large = try await dashboard.figures(DashboardTests.period(now), by: admin)
            let forLarge = counter.statements
            counter.reset()
            _ = try await dashboard.figures(DashboardTests.period(now), by: rep)
            let forRep = counter.statements
            #expect(small.customers == 4 && large.customers == 59)
            #expect(forSmall == 3 && forLarge == 3 && forRep == 3, "\(forSmall), \(forLarge) and \(forRep) statements")
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }
}
