import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

@Suite("Pipelines and deals")
struct DealsTests {
    struct Fixture {
        let admin: Principal
        let customer: Customer
        let person: Customer
        let tea: Product
        let pipeline: Pipeline
    }

    static func setUp(_ db: Database) async throws -> Fixture {
        let admin = try await TestDatabase.admin(db)
        let customers = CustomerRepository(db)
        let customer = try await customers.create(CustomerInput(kind: "organisation", name: "شرکت نمونه"), by: admin)
        let person = try await customers.create(CustomerInput(name: "مریم احمدی"), by: admin)
        let products = ProductRepository(db)
        _ = try await products.createPriceList(name: "retail", currency: "IRR", by: admin)
        let tea = try await products.save(ProductInput(sku: "TEA-1", name: "چای ممتاز", prices: ["retail": "1,000,000"]), by: admin)
        let pipeline = try #require(try await Pipelines(db).list(by: admin).first)
        return Fixture(admin: admin, customer: customer, person: person, tea: tea, pipeline: pipeline)
    }

    static func expectInvalid(_ code: String, field: String? = nil, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected a refusal with \(code)")
        } catch StoreError.invalid(let error) {
            #expect(error.issues.contains { $0.code == code && (field == nil || $0.field == field) }, "\(error)")
        } catch {
            Issue.record("expected invalid \(code), got \(error)")
        }
    }

    @Test("a deal is created from catalogue lines (its amount their total), moved along its pipeline with history, won, reopened", arguments: TestDatabase.kinds)
    func lifecycle(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await Self.setUp(db)
            let deals = Deals(db)
            let stages = f.pipeline.stages
            #expect(stages.count == 5 && stages[0].probability.percent == 10)
            let deal = try await deals.create(DealInput(title: "۵۰ کیلو چای", customerId: f.customer.id, expectedClose: try JalaliDate(year: 1405, month: 10, day: 1),
                                                        contactIds: [f.person.id], lines: [DealLineInput(productId: f.tea.id, quantity: "۲٫۵")]), by: f.admin)
            #expect(deal.amount == Money(minorUnits: 2_500_000, currency: .irr))
            #expect(deal.amountBase.minorUnits == 2_500_000)
            #expect(deal.stageId == stages[0].id && deal.status == .open && deal.version == 1)
            #expect(deal.ownerId == f.admin.userId)
            #expect(deal.contacts.map(\.id) == [f.person.id])
            #expect(deal.lines.first?.description == "چای ممتاز")
            #expect(deal.probability.percent == 10)
            let moved = try await deals.move(deal.id, toStage: stages[2].id, expectedVersion: 1, by: f.admin)
            #expect(moved.stageId == stages[2].id && moved.version == 2 && moved.probability.percent == 50)
            let overridden = try await deals.update(deal.id, DealInput(probability: 65, nextStep: "جلسه با مدیر خرید"), expectedVersion: 2, by: f.admin)
            #expect(overridden.probability.percent == 65 && overridden.nextStep == "جلسه با مدیر خرید" && overridden.amount.minorUnits == 2_500_000)
            let won = try await deals.close(deal.id, won: true, reason: "بهترین قیمت", competitor: nil, expectedVersion: nil, by: f.admin)
            #expect(won.status == .won && won.probability.percent == 100 && won.reason == "بهترین قیمت" && won.closedAt != nil)
            // A won deal does not move until it is reopened.
            do { _ = try await deals.move(deal.id, toStage: stages[3].id, expectedVersion: nil, by: f.admin); Issue.record("moved a won deal") } catch StoreError.conflict {}
            let reopened = try await deals.reopen(deal.id, expectedVersion: nil, by: f.admin)
            #expect(reopened.status == .open && reopened.reason == nil && reopened.stageId == stages[2].id)
            let history = try await deals.history(deal.id, by: f.admin)
            #expect(history.map(\.stageId) == [stages[0].id, stages[2].id, stages[2].id, stages[2].id])
            #expect(history.map(\.status) == [.open, .open, .won, .open])
            #expect(history.dropLast().allSatisfy { $0.leftAt != nil } && history.last?.leftAt == nil)
            let lost = try await deals.close(deal.id, won: false, reason: "قیمت بالا", competitor: "رقیب الف", expectedVersion: nil, by: f.admin)
            #expect(lost.status == .lost && lost.competitor == "رقیب الف" && lost.probability.percent == 0)
        }
    }

    @Test("time in each stage is measured from when the deal entered it until it left", arguments: TestDatabase.kinds)
    func stageDurations(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await Self.setUp(db)
            let deals = Deals(db)
            let deal = try await deals.create(DealInput(title: "T", customerId: f.customer.id, amount: "100"), by: f.admin)
            _ = try await deals.move(deal.id, toStage: f.pipeline.stages[1].id, expectedVersion: nil, by: f.admin)
            // Three days in the first stage: its stay began three days before it ended.
            let rows = try await db.sql.raw("SELECT id, left_at FROM deal_stage_history WHERE deal_id = \(bind: deal.id) ORDER BY id").all()
            let firstId = try rows[0].decode(column: "id", as: Int64.self)
            let left = try #require(try rows[0].decode(column: "left_at", as: Int64?.self))
            try await db.sql.raw("UPDATE deal_stage_history SET entered_at = \(bind: left - 3 * 86_400_000) WHERE id = \(bind: firstId)").run()
            let history = try await deals.history(deal.id, by: f.admin)
            #expect(history[0].duration() == 3 * 86_400)
            #expect(history[1].leftAt == nil && history[1].duration(now: history[1].enteredAt.addingTimeInterval(60)) == 60)
        }
    }

    @Test("refused: a stage of another pipeline, probabilities outside 0–100, negative amounts and quantities, archived products; nothing changes", arguments: TestDatabase.kinds)
    func badInput(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await Self.setUp(db)
            let deals = Deals(db), pipelines = Pipelines(db)
            let other = try await pipelines.create(name: "پروژه‌ها", stages: [PipelineStageInput(name: "شروع", probability: 20), PipelineStageInput(name: "پایان", probability: 80)], by: f.admin)
            let deal = try await deals.create(DealInput(title: "T", customerId: f.customer.id, amount: "1000"), by: f.admin)
            await Self.expectInvalid("deal.stagePipeline", field: "stageId") { _ = try await deals.move(deal.id, toStage: other.stages[0].id, expectedVersion: 1, by: f.admin) }
            await Self.expectInvalid("deal.stagePipeline", field: "stageId") {
                _ = try await deals.create(DealInput(title: "T", pipelineId: f.pipeline.id, stageId: other.stages[0].id, customerId: f.customer.id), by: f.admin)
            }
            await Self.expectInvalid("number.range", field: "probability") { _ = try await deals.update(deal.id, DealInput(probability: 101), expectedVersion: 1, by: f.admin) }
            await Self.expectInvalid("number.range", field: "probability") { _ = try await deals.update(deal.id, DealInput(probability: -1), expectedVersion: 1, by: f.admin) }
            await Self.expectInvalid("amount.negative", field: "amount") { _ = try await deals.update(deal.id, DealInput(amount: "-5"), expectedVersion: 1, by: f.admin) }
            await Self.expectInvalid("amount.negative", field: "lines[0].quantity") {
                _ = try await deals.update(deal.id, DealInput(lines: [DealLineInput(productId: f.tea.id, quantity: "-1")]), expectedVersion: 1, by: f.admin)
            }
            await Self.expectInvalid("amount.positive", field: "lines[0].quantity") {
                _ = try await deals.update(deal.id, DealInput(lines: [DealLineInput(productId: f.tea.id, quantity: "0")]), expectedVersion: 1, by: f.admin)
            }
            await Self.expectInvalid("amount.negative", field: "lines[0].unitPrice") {
                _ = try await deals.update(deal.id, DealInput(lines: [DealLineInput(productId: f.tea.id, quantity: "1", unitPrice: "-10")]), expectedVersion: 1, by: f.admin)
            }
            _ = try await ProductRepository(db).setActive(f.tea.id, false, by: f.admin)
            await Self.expectInvalid("product.archived") {
                _ = try await deals.update(deal.id, DealInput(lines: [DealLineInput(productId: f.tea.id, quantity: "1")]), expectedVersion: 1, by: f.admin)
            }
            await Self.expectInvalid("number.range", field: "stages[1].probability") {
                _ = try await pipelines.create(name: "X", stages: [PipelineStageInput(name: "a", probability: 5), PipelineStageInput(name: "b", probability: 150)], by: f.admin)
            }
            await Self.expectInvalid("deal.contactKind") { _ = try await deals.update(deal.id, DealInput(contactIds: [f.customer.id]), expectedVersion: 1, by: f.admin) }
            let after = try await deals.get(deal.id, by: f.admin)
            #expect(after.version == 1 && after.stageId == deal.stageId && after.amount.minorUnits == 1000 && after.lines.isEmpty)
            #expect(try await deals.history(deal.id, by: f.admin).count == 1)
            #expect(try await pipelines.list(by: f.admin).count == 2)
        }
    }

    @Test("two reps move the same deal at once from the same version: exactly one move is stored, the other is told", arguments: TestDatabase.kinds)
    func concurrentMoves(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await Self.setUp(db)
            let deals = Deals(db)
            let deal = try await deals.create(DealInput(title: "T", customerId: f.customer.id, amount: "1000"), by: f.admin)
            let targets = [f.pipeline.stages[1].id, f.pipeline.stages[3].id]
            let admin = f.admin
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for target in targets {
                    group.addTask {
                        do {
                            _ = try await deals.move(deal.id, toStage: target, expectedVersion: 1, by: admin)
                            return "moved \(target)"
                        } catch StoreError.versionMismatch(let current) {
                            return "mismatch \(current)"
                        }
                    }
                }
                var all: [String] = []
                for try await o in group { all.append(o) }
                return all
            }
            #expect(outcomes.filter { $0.hasPrefix("moved") }.count == 1, "\(outcomes)")
            #expect(outcomes.contains("mismatch 2"), "\(outcomes)")
            let stored = try await deals.get(deal.id, by: f.admin)
            let winner = try #require(outcomes.first { $0.hasPrefix("moved") }.flatMap { Int64($0.dropFirst(6)) })
            #expect(stored.stageId == winner && stored.version == 2)
            #expect(try await deals.history(deal.id, by: f.admin).count == 2)
        }
    }

    @Test("the board counts and totals each column over every open deal (in the base currency) and pages its cards; filters apply", arguments: TestDatabase.kinds)
    func board(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await Self.setUp(db)
            let deals = Deals(db)
            _ = try await ExchangeRates(db).set("USD", rate: "600000", on: Date().addingTimeInterval(-86_400 * 2), by: f.admin)
            let stages = f.pipeline.stages
            let users = UserRepository(db)
            let rep = try await users.create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "long enough pw").principal
            var expected: [Int64: (Int, Int64)] = [:]
            for i in 0..<30 {
                let stage = stages[i % 3]
                let usd = i % 7 == 0
                let amount = usd ? "12.50" : String(1000 * (i + 1))
                let d = try await deals.create(DealInput(title: "D\(i)", stageId: stage.id, customerId: f.customer.id, ownerId: i % 2 == 0 ? rep.userId : nil,
                                                         amount: amount, currency: usd ? "USD" : nil,
                                                         expectedClose: JalaliDate(daysSinceUnixEpoch: 20_000 + i)), by: f.admin)
                if i % 10 == 9 { _ = try await deals.close(d.id, won: true, reason: nil, competitor: nil, expectedVersion: nil, by: f.admin); continue }
                if i == 4 { try await deals.delete(d.id, by: f.admin); continue }
                let base: Int64 = usd ? 7_500_000 : Int64(1000 * (i + 1))
                #expect(d.amountBase.minorUnits == base)
                expected[stage.id, default: (0, 0)].0 += 1
                expected[stage.id, default: (0, 0)].1 += base
            }
            let board = try await deals.board(f.pipeline.id, perColumn: 4, by: f.admin)
            #expect(board.columns.map(\.stage.id) == stages.map(\.id))
            // An independent sum, straight from the table.
            for column in board.columns {
                let row = try #require(try await db.sql.raw("""
                    SELECT COUNT(*) AS n, CAST(COALESCE(SUM(amount_base_minor), 0) AS BIGINT) AS t FROM deals
                    WHERE stage_id = \(bind: column.stage.id) AND status = 'open' AND deleted_at IS NULL
                    """).first())
                #expect(column.count == (try row.decode(column: "n", as: Int.self)))
                #expect(column.total.minorUnits == (try row.decode(column: "t", as: Int64.self)))
                #expect(column.count == expected[column.stage.id]?.0 ?? 0)
                #expect(column.total.minorUnits == expected[column.stage.id]?.1 ?? 0)
                #expect(column.cards.count == min(4, column.count))
                #expect(column.cards.allSatisfy { $0.status == .open && $0.stageId == column.stage.id })
            }
            // Paging a column reaches every card once.
            let first = board.columns[0]
            var seen = first.cards.map(\.id), next = first.next
            while let cursor = next {
                let page = try await deals.column(pipeline: f.pipeline.id, stage: first.stage.id, after: Cursor.decode(cursor), limit: 4, by: f.admin)
                seen += page.items.map(\.id)
                next = page.next
            }
            #expect(seen.count == first.count && Set(seen).count == seen.count)
            // By owner and by close day.
            let mine = try await deals.board(f.pipeline.id, DealFilter(ownerId: rep.userId), by: f.admin)
            #expect(mine.columns.flatMap(\.cards).allSatisfy { $0.ownerId == rep.userId })
            let window = try await deals.board(f.pipeline.id, DealFilter(closeFrom: JalaliDate(daysSinceUnixEpoch: 20_000), closeTo: JalaliDate(daysSinceUnixEpoch: 20_005)), by: f.admin)
            #expect(window.columns.map(\.count).reduce(0, +) == 5) // days 0…5 less the deleted one (4)
            // The rep reaches only the deals they own (the customer is not theirs).
            let repBoard = try await deals.board(f.pipeline.id, by: rep)
            #expect(repBoard.columns.map(\.count).reduce(0, +) == mine.columns.map(\.count).reduce(0, +))
        }
    }

    @Test("the kept column totals follow every change (create, amount, move, win, reopen, delete, restore), also made by statements around the repository, and equal an independent sum", arguments: TestDatabase.kinds)
    func keptTotals(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await Self.setUp(db)
            let deals = Deals(db)
            let stages = f.pipeline.stages
            var ids: [Int64] = []
            for i in 0..<6 {
                ids.append(try await deals.create(DealInput(title: "D\(i)", stageId: stages[i % 2].id, customerId: f.customer.id, amount: String(1000 * (i + 1))), by: f.admin).id)
            }
            _ = try await deals.update(ids[0], DealInput(amount: "7777"), expectedVersion: nil, by: f.admin)
            _ = try await deals.move(ids[1], toStage: stages[3].id, expectedVersion: nil, by: f.admin)
            _ = try await deals.close(ids[2], won: true, reason: nil, competitor: nil, expectedVersion: nil, by: f.admin)
            _ = try await deals.close(ids[3], won: false, reason: "قیمت", competitor: nil, expectedVersion: nil, by: f.admin)
            _ = try await deals.reopen(ids[3], expectedVersion: nil, by: f.admin)
            try await deals.delete(ids[4], by: f.admin)
            try await deals.delete(ids[5], by: f.admin)
            _ = try await deals.restore(ids[5], by: f.admin)
            _ = try await deals.move(ids[5], toStage: stages[4].id, expectedVersion: nil, by: f.admin)
            // Writers that go around the repository keep them too (the triggers of migration 43):
            // a deal inserted by a statement, one moved and one deleted by statements.
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            try await db.sql.raw("""
                INSERT INTO deals (pipeline_id, stage_id, status, title, customer_id, currency, amount_minor, amount_base_minor, stage_entered_at, created_at, updated_at)
                VALUES (\(bind: f.pipeline.id), \(bind: stages[2].id), 'open', 'by SQL', \(bind: f.customer.id), 'IRR', 500, 500, \(bind: now), \(bind: now), \(bind: now))
                """).run()
            try await db.sql.raw("UPDATE deals SET stage_id = \(bind: stages[2].id) WHERE id = \(bind: ids[1])").run()
            try await db.sql.raw("UPDATE deals SET stage_id = \(bind: stages[2].id) WHERE id = \(bind: ids[1])").run()
            try await db.sql.raw("DELETE FROM deal_stage_history WHERE deal_id = \(bind: ids[3])").run()
            try await db.sql.raw("DELETE FROM deal_contacts WHERE deal_id = \(bind: ids[3])").run()
            try await db.sql.raw("DELETE FROM deal_lines WHERE deal_id = \(bind: ids[3])").run()
            try await db.sql.raw("DELETE FROM deals WHERE id = \(bind: ids[3])").run()
            let board = try await deals.board(f.pipeline.id, by: f.admin)
            for column in board.columns {
                let row = try #require(try await db.sql.raw("""
                    SELECT COUNT(*) AS n, CAST(COALESCE(SUM(amount_base_minor), 0) AS BIGINT) AS t FROM deals
                    WHERE stage_id = \(bind: column.stage.id) AND status = 'open' AND deleted_at IS NULL
                    """).first())
                #expect(column.count == (try row.decode(column: "n", as: Int.self)), "\(column.stage.name)")
                #expect(column.total.minorUnits == (try row.decode(column: "t", as: Int64.self)), "\(column.stage.name)")
            }
            // 7777 (0) in stage 1; 3 (4000, reopened) deleted by SQL from stage 2; 500 (by SQL) and
            // 2000 (1, moved by SQL) in stage 3; 6000 (5) in stage 5.
            #expect(board.columns.map(\.count) == [1, 0, 2, 0, 1])
            #expect(board.columns.map(\.total.minorUnits) == [7777, 0, 2500, 0, 6000])
        }
    }

    @Test("a sales rep reaches deals they own or whose customer they reach; others' answer as missing; an analyst may read, not write", arguments: TestDatabase.kinds)
    func access(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await Self.setUp(db)
            let deals = Deals(db), users = UserRepository(db)
            let rep = try await users.create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "long enough pw").principal
            let analyst = try await users.create(email: "an@example.test", name: "Analyst", role: .crmAnalyst, password: "long enough pw").principal
            let theirs = try await deals.create(DealInput(title: "theirs", customerId: f.customer.id, amount: "1"), by: f.admin)
            let owned = try await deals.create(DealInput(title: "owned", customerId: f.customer.id, ownerId: rep.userId, amount: "1"), by: f.admin)
            let repCustomer = try await CustomerRepository(db).create(CustomerInput(name: "Mine", ownerId: String(rep.userId)), by: f.admin)
            let viaCustomer = try await deals.create(DealInput(title: "via customer", customerId: repCustomer.id, amount: "1"), by: f.admin)
            #expect(Set(try await deals.list(DealFilter(), by: rep).items.map(\.id)) == [owned.id, viaCustomer.id])
            do { _ = try await deals.get(theirs.id, by: rep); Issue.record("reached another's deal") } catch StoreError.notFound {}
            do { _ = try await deals.move(theirs.id, toStage: f.pipeline.stages[1].id, expectedVersion: nil, by: rep); Issue.record("moved another's deal") } catch StoreError.notFound {}
            // A rep cannot put a deal on a customer out of reach.
            await Self.expectInvalid("ref.unknown", field: "customerId") { _ = try await deals.create(DealInput(title: "x", customerId: f.customer.id), by: rep) }
            #expect(try await deals.list(DealFilter(), by: analyst).items.count == 3)
            do { _ = try await deals.create(DealInput(title: "x", customerId: f.customer.id), by: analyst); Issue.record("analyst wrote") } catch StoreError.forbidden {}
            do { _ = try await Pipelines(db).create(name: "x", stages: [PipelineStageInput(name: "a", probability: 1)], by: rep); Issue.record("rep configured") } catch StoreError.forbidden {}
        }
    }

    @Test("pipelines: stages added, renamed, reordered; a stage with open deals is not archived; a deleted deal is restored", arguments: TestDatabase.kinds)
    func pipelines(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await Self.setUp(db)
            let pipelines = Pipelines(db), deals = Deals(db)
            var p = try await pipelines.addStage(f.pipeline.id, PipelineStageInput(name: "بررسی نهایی", probability: 95), by: f.admin)
            #expect(p.stages.count == 6 && p.stages.last?.probability.percent == 95)
            let reversed = p.stages.map(\.id).reversed().map { $0 }
            p = try await pipelines.reorderStages(f.pipeline.id, reversed, by: f.admin)
            #expect(p.stages.map(\.id) == reversed)
            await Self.expectInvalid("pipeline.order") { _ = try await pipelines.reorderStages(f.pipeline.id, Array(reversed.dropFirst()), by: f.admin) }
            p = try await pipelines.updateStage(f.pipeline.id, stageId: reversed[0], PipelineStageInput(name: "نهایی", probability: 97), by: f.admin)
            #expect(p.stages[0].name == "نهایی" && p.stages[0].probability.percent == 97)
            let deal = try await deals.create(DealInput(title: "T", stageId: reversed[1], customerId: f.customer.id), by: f.admin)
            do { _ = try await pipelines.updateStage(f.pipeline.id, stageId: reversed[1], PipelineStageInput(archived: true), by: f.admin); Issue.record("archived a stage with deals") } catch StoreError.conflict {}
            p = try await pipelines.updateStage(f.pipeline.id, stageId: reversed[0], PipelineStageInput(archived: true), by: f.admin)
            #expect(p.activeStages.count == 5)
            let board = try await deals.board(f.pipeline.id, by: f.admin)
            #expect(board.columns.count == 5 && board.columns[0].count == 1)
            try await deals.delete(deal.id, by: f.admin)
            #expect(try await deals.board(f.pipeline.id, by: f.admin).columns[0].count == 0)
            #expect(try await deals.list(DealFilter(deleted: true), by: f.admin).items.map(\.id) == [deal.id])
            let restored = try await deals.restore(deal.id, by: f.admin)
            #expect(!restored.isDeleted)
            #expect(try await deals.board(f.pipeline.id, by: f.admin).columns[0].count == 1)
            p = try await pipelines.update(f.pipeline.id, name: "فروش مستقیم", archived: nil, by: f.admin)
            #expect(p.name == "فروش مستقیم")
        }
    }
}
