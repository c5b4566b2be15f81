import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import Testing

@Suite("Importing sales history and products")
struct HistoryImportTests {
    static func file(_ text: String) throws -> FileHandle {
        let path = NSTemporaryDirectory() + "peyvand-history-\(UUID().uuidString).csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try #require(FileHandle(forReadingAtPath: path))
    }

    @Test("past sales become closed orders that count in value; bad rows are reported by line and store nothing", arguments: TestDatabase.kinds)
    func history(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, customer, _, _) = try await CommerceTests.setUp(db)
            let csv = """
                مشتری,تاریخ,شماره سفارش,کالا,تعداد,مبلغ
                ۰۹۱۲۱۲۳۴۵۶۷,1402/12/25,F-1,TEA-1,3,2999999
                +989121234567,1402/12/25,F-1,wrapping,1,100000
                \(customer.id),2024-06-01,F-2,CUP-2,2,240000
                nobody@example.com,2024-06-02,F-3,CUP-2,1,0
                """
            let importer = TransactionImporter(db)
            let refused = try await importer.run(file: try Self.file(csv), by: admin)
            #expect(refused.refused && !refused.committed)
            #expect(refused.problems.map(\.line) == [5])
            #expect(refused.problems[0].reasons.count == 2)
            #expect(try await OrderRepository(db).list(customerId: customer.id, by: admin).items.isEmpty)
            let dry = try await importer.run(file: try Self.file(csv), dryRun: true, skipInvalid: true, by: admin)
            #expect(dry.orders == 2 && !dry.committed)
            let done = try await importer.run(file: try Self.file(csv), skipInvalid: true, by: admin)
            #expect(done.committed && done.orders == 2)
            let orders = try await OrderRepository(db).list(customerId: customer.id, by: admin).items
            #expect(orders.map(\.status) == [.closed, .closed])
            #expect(orders.first { $0.externalRef == "import:F-1" }?.net.minorUnits == 3_099_999)
            // Revenue 3,099,999 + 240,000; goods 3 × 600,000 (tea) + 2 × 50,000 (cups); wrapping is no product.
            let value = try await CustomerValueQuery(db).value(of: customer.id, by: admin)
            #expect(value.value.revenue.minorUnits == 3_339_999)
            #expect(value.value.costOfGoods.minorUnits == 1_900_000)
            #expect(value.orders == 2)
            let again = try await importer.run(file: try Self.file(csv), skipInvalid: true, by: admin)
            #expect(again.orders == 0 && again.alreadyImported == 2)
            // Rows of one order split by another order are refused.
            let split = try await importer.run(file: try Self.file("customer,date,order,product,quantity,amount\n\(customer.id),2024-01-01,X,a,1,10\n\(customer.id),2024-01-01,Y,a,1,10\n\(customer.id),2024-01-01,X,a,1,10\n"), by: admin)
            #expect(split.problems.map(\.line) == [4])
            await #expect(throws: StoreError.self) { _ = try await importer.run(file: try Self.file("a,b\n1,2\n"), by: admin) }
        }
    }

    @Test("products import from CSV with prices per list, updating by SKU", arguments: TestDatabase.kinds)
    func products(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, _, _, _) = try await CommerceTests.setUp(db)
            let csv = "sku,name,unit,category,cost,price:retail\nTEA-1,چای,kg,food,650000,1100000\nNEW-1,New thing,piece,,10,20\nBAD 1,,piece,,x,\n"
            let report = try await ProductImporter(db).run(file: try Self.file(csv), skipInvalid: true, by: admin)
            #expect(report.committed && report.orders == 2)
            #expect(report.problems.map(\.line) == [4])
            let tea = try #require(try await ProductRepository(db).list(q: "TEA-1").items.first)
            #expect(tea.cost.minorUnits == 650_000)
            #expect(tea.prices.first?.unitPrice.minorUnits == 1_100_000)
        }
    }
}
