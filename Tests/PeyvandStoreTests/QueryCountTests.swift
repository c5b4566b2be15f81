import Foundation
import PeyvandTestSupport
import Logging
import PeyvandCore
import PeyvandStore
import Testing

/// Counts the statements a database runs, from the driver's query log.
final class StatementCounter: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        if message.description == "Executing query" { lock.withLock { count += 1 } }
    }
    var statements: Int { lock.withLock { count } }
    func reset() { lock.withLock { count = 0 } }
}

/// A page of a list costs a fixed number of statements, however many rows it shows.
@Suite struct QueryCountTests {
    @Test("the orders list reads a page of 5 or of 40 orders, each with lines, shipments and invoices, in the same number of statements")
    func ordersListIsNotOnePerRow() async throws {
        let counter = StatementCounter()
        let path = NSTemporaryDirectory() + "peyvand-count-\(UUID().uuidString).sqlite"
        FastPasswords.use()
        let database = try Database.open("sqlite:\(path)", logger: Logger(label: "count") { _ in counter }, poolSize: 1)
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        do {
            try await Migrator(database).migrate()
            let (admin, customer, tea, _) = try await CommerceTests.setUp(database)
            let orders = OrderRepository(database)
            for _ in 0..<40 {
                let order = try await orders.create(customerId: customer.id, OrderInput(lines: [OrderLineInput(productId: tea.id, quantity: "1")],
                                                                                      confirm: true), by: admin).order
                _ = try await orders.ship(order.id, ShipmentInput(), by: admin)
                _ = try await InvoiceRepository(database).invoice(orderId: order.id, by: admin)
            }
            counter.reset()
            let small = try await orders.list(limit: 5, by: admin)
            let forSmall = counter.statements
            counter.reset()
            let large = try await orders.list(limit: 40, by: admin)
            let forLarge = counter.statements
            #expect(small.items.count == 5 && large.items.count == 40)
            #expect(large.items.allSatisfy { !$0.lines.isEmpty && !$0.shipments.isEmpty && !$0.invoices.isEmpty })
            #expect(forSmall == forLarge, "5 orders took \(forSmall) statements, 40 took \(forLarge)")
            #expect(forLarge <= 8)
            counter.reset()
            let ofCustomer = try await orders.list(customerId: customer.id, limit: 40, by: admin)
            #expect(ofCustomer.items.count == 40)
            #expect(counter.statements <= 10)
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }
}
