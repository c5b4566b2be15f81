import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// Pipelines, deals and the board through the router, each answer decoded into the shape the
/// OpenAPI document gives it.
@Suite struct DealsAPITests {
    struct MoneyBody: Decodable, Equatable { let amount: String; let currency: String }
    struct StageBody: Decodable { let id: String; let name: String; let position: Int; let probability: Int; let archived: Bool }
    struct PipelineBody: Decodable { let id: String; let name: String; let archived: Bool; let version: Int; let stages: [StageBody] }
    struct LineBody: Decodable { let lineNo: Int; let productId: String?; let description: String; let quantity: String; let unitPrice: MoneyBody; let total: MoneyBody }
    struct DealBody: Decodable {
        let id: String; let pipelineId: String; let stageId: String; let stageName: String; let status: String; let title: String
        let customerId: String; let customerName: String; let ownerId: String?; let amount: MoneyBody; let amountBase: MoneyBody
        let probability: Int; let probabilityOverride: Int?; let expectedCloseDate: String?; let nextStep: String?
        let reason: String?; let competitor: String?; let closedAt: Date?; let stageEnteredAt: Date; let version: Int
        let createdAt: Date; let updatedAt: Date; let deletedAt: Date?; let lines: [LineBody]; let contacts: [IdBody]
    }
    struct VisitBody: Decodable { let stageId: String; let status: String; let enteredAt: Date; let leftAt: Date?; let seconds: Int64 }
    struct ColumnBody: Decodable { let stage: StageBody; let count: Int; let total: MoneyBody; let items: [DealBody]; let next: String? }
    struct BoardBody: Decodable { let pipeline: PipelineBody; let currency: String; let columns: [ColumnBody] }

    static func setUp(_ app: TestApp, _ client: any TestClientProtocol) async throws -> (customer: String, pipeline: PipelineBody) {
        let customer = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"شرکت نمونه","kind":"organisation"}"#)
        let pipelines = try await client.send(.get, "/api/v1/pipelines", headers: app.auth).decoded(ListOf<PipelineBody>.self)
        return (try customer.decoded(IdBody.self).id, try #require(pipelines.items.first))
    }

    static func withVersion(_ auth: HTTPFields, _ version: Int) -> HTTPFields {
        var h = auth
        h[.ifMatch] = "\"\(version)\""
        return h
    }

    @Test("a deal is created, changed with If-Match, moved, lost with a reason and competitor, reopened; its history says where it was")
    func lifecycle() async throws {
        try await TestApp.with { app, client in
            let (customer, pipeline) = try await Self.setUp(app, client)
            let created = try await client.send(.post, "/api/v1/deals", headers: app.auth, json: """
                {"title":"۵۰ کیلو چای","customerId":"\(customer)","amount":"50000000","expectedCloseDate":"2027-01-15","nextStep":"تماس"}
                """)
            #expect(created.status == .created)
            let deal = try created.decoded(DealBody.self)
            #expect(created.headers[.location] == "/api/v1/deals/\(deal.id)" && created.headers[.eTag] == "\"1\"")
            #expect(deal.stageId == pipeline.stages[0].id && deal.amount == MoneyBody(amount: "50000000", currency: "IRR"))
            #expect(deal.expectedCloseDate == "2027-01-15" && deal.probability == 10 && deal.probabilityOverride == nil && deal.status == "open")

            let patched = try await client.send(.patch, "/api/v1/deals/\(deal.id)", headers: Self.withVersion(app.auth, 1), json: #"{"probability":40,"nextStep":null}"#)
            #expect(patched.status == .ok)
            let v2 = try patched.decoded(DealBody.self)
            #expect(v2.probability == 40 && v2.nextStep == nil && v2.version == 2)
            // The same If-Match again is stale: 412, and nothing changed.
            let stale = try await client.send(.patch, "/api/v1/deals/\(deal.id)", headers: Self.withVersion(app.auth, 1), json: #"{"title":"x"}"#)
            #expect(stale.status == .preconditionFailed)
            #expect(try stale.decoded(ProblemBody.self).type == "urn:peyvand:problem:version-mismatch")

            let moved = try await client.send(.post, "/api/v1/deals/\(deal.id)/move", headers: Self.withVersion(app.auth, 2), json: #"{"stageId":"\#(pipeline.stages[2].id)"}"#)
            #expect(moved.status == .ok)
            #expect(try moved.decoded(DealBody.self).stageId == pipeline.stages[2].id)
            let staleMove = try await client.send(.post, "/api/v1/deals/\(deal.id)/move", headers: Self.withVersion(app.auth, 2), json: #"{"stageId":"\#(pipeline.stages[3].id)"}"#)
            #expect(staleMove.status == .preconditionFailed)

            let noReason = try await client.send(.post, "/api/v1/deals/\(deal.id)/lost", headers: app.auth, json: #"{"competitor":"رقیب"}"#)
            #expect(noReason.status == .unprocessableContent)
            #expect(try noReason.decoded(ProblemBody.self).fields == ["reason"])
            let lost = try await client.send(.post, "/api/v1/deals/\(deal.id)/lost", headers: app.auth, json: #"{"reason":"قیمت","competitor":"رقیب الف"}"#)
            let lostDeal = try lost.decoded(DealBody.self)
            #expect(lostDeal.status == "lost" && lostDeal.reason == "قیمت" && lostDeal.competitor == "رقیب الف" && lostDeal.closedAt != nil && lostDeal.probability == 0)
            #expect(try await client.send(.post, "/api/v1/deals/\(deal.id)/move", headers: app.auth, json: #"{"stageId":"\#(pipeline.stages[1].id)"}"#).status == .conflict)
            let reopened = try await client.send(.post, "/api/v1/deals/\(deal.id)/reopen", headers: app.auth).decoded(DealBody.self)
            #expect(reopened.status == "open" && reopened.reason == nil)

            let history = try await client.send(.get, "/api/v1/deals/\(deal.id)/history", headers: app.auth).decoded(ListOf<VisitBody>.self)
            #expect(history.items.map(\.status) == ["open", "open", "lost", "open"])
            #expect(history.items.map(\.stageId) == [pipeline.stages[0].id, pipeline.stages[2].id, pipeline.stages[2].id, pipeline.stages[2].id])
            #expect(history.items.dropLast().allSatisfy { $0.leftAt != nil && $0.seconds >= 0 })

            #expect(try await client.send(.delete, "/api/v1/deals/\(deal.id)", headers: app.auth).status == .noContent)
            let listed = try await client.send(.get, "/api/v1/deals?customerId=\(customer)", headers: app.auth).decoded(ListOf<DealBody>.self)
            #expect(listed.items.isEmpty)
            let restored = try await client.send(.post, "/api/v1/deals/\(deal.id)/restore", headers: app.auth).decoded(DealBody.self)
            #expect(restored.deletedAt == nil)
        }
    }

    @Test("bad input: a stage of another pipeline, probability 150, a negative amount, quantity or price, a bad date, the stage by PATCH; each a 422 or 400 naming the field")
    func badInput() async throws {
        try await TestApp.with { app, client in
            let (customer, pipeline) = try await Self.setUp(app, client)
            let other = try await client.send(.post, "/api/v1/pipelines", headers: app.auth,
                                              json: #"{"name":"پروژه‌ها","stages":[{"name":"شروع","probability":20}]}"#).decoded(PipelineBody.self)
            let deal = try await client.send(.post, "/api/v1/deals", headers: app.auth, json: #"{"title":"T","customerId":"\#(customer)","amount":"1000"}"#).decoded(DealBody.self)
            let cases: [(HTTPRequest.Method, String, String, String)] = [
                (.post, "/api/v1/deals/\(deal.id)/move", #"{"stageId":"\#(other.stages[0].id)"}"#, "stageId"),
                (.patch, "/api/v1/deals/\(deal.id)", #"{"probability":150}"#, "probability"),
                (.patch, "/api/v1/deals/\(deal.id)", #"{"amount":"-5"}"#, "amount"),
                (.patch, "/api/v1/deals/\(deal.id)", #"{"lines":[{"description":"x","quantity":"-1","unitPrice":"10"}]}"#, "lines[0].quantity"),
                (.patch, "/api/v1/deals/\(deal.id)", #"{"lines":[{"description":"x","quantity":"1","unitPrice":"-10"}]}"#, "lines[0].unitPrice"),
                (.patch, "/api/v1/deals/\(deal.id)", #"{"expectedCloseDate":"2027-02-30"}"#, "expectedCloseDate"),
                (.patch, "/api/v1/deals/\(deal.id)", #"{"stageId":"1"}"#, "stageId"),
                (.post, "/api/v1/deals", #"{"title":"T","customerId":"\#(customer)","stageId":"\#(other.stages[0].id)","pipelineId":"\#(pipeline.id)"}"#, "stageId"),
                (.post, "/api/v1/pipelines", #"{"name":"X","stages":[{"name":"a","probability":101}]}"#, "stages[0].probability"),
            ]
            for (method, path, body, field) in cases {
                let answer = try await client.send(method, path, headers: app.auth, json: body)
                #expect(answer.status == .unprocessableContent, "\(path) \(body)")
                #expect(try answer.decoded(ProblemBody.self).fields.contains(field), "\(path) \(body): \(answer.text)")
            }
            #expect(try await client.send(.get, "/api/v1/deals?closeFrom=yesterday", headers: app.auth).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/deals?status=maybe", headers: app.auth).status == .badRequest)
            var badMatch = app.auth
            badMatch[.ifMatch] = "abc"
            #expect(try await client.send(.post, "/api/v1/deals/\(deal.id)/move", headers: badMatch, json: #"{"stageId":"1"}"#).status == .badRequest)
            let unchanged = try await client.send(.get, "/api/v1/deals/\(deal.id)", headers: app.auth).decoded(DealBody.self)
            #expect(unchanged.version == 1 && unchanged.amount.amount == "1000" && unchanged.lines.isEmpty)
        }
    }

    @Test("the board: per stage the count and total of open deals, the first cards, a column's next page; owner and close-date filters")
    func board() async throws {
        try await TestApp.with { app, client in
            let (customer, pipeline) = try await Self.setUp(app, client)
            for i in 0..<5 {
                let answer = try await client.send(.post, "/api/v1/deals", headers: app.auth, json: """
                    {"title":"D\(i)","customerId":"\(customer)","stageId":"\(pipeline.stages[i % 2].id)","amount":"\((i + 1) * 1000)","expectedCloseDate":"2027-01-0\(i + 1)"}
                    """)
                #expect(answer.status == .created)
            }
            let board = try await client.send(.get, "/api/v1/pipelines/\(pipeline.id)/board?limit=2", headers: app.auth).decoded(BoardBody.self)
            #expect(board.currency == "IRR" && board.columns.count == 5)
            #expect(board.columns[0].count == 3 && board.columns[0].total == MoneyBody(amount: "9000", currency: "IRR"))
            #expect(board.columns[1].count == 2 && board.columns[1].total.amount == "6000")
            #expect(board.columns[0].items.count == 2 && board.columns[0].next != nil)
            let rest = try await client.send(.get, "/api/v1/pipelines/\(pipeline.id)/board/\(pipeline.stages[0].id)?limit=2&after=\(board.columns[0].next!)",
                                             headers: app.auth).decoded(ListOf<DealBody>.self)
            #expect(rest.items.count == 1 && rest.next == nil)
            let window = try await client.send(.get, "/api/v1/pipelines/\(pipeline.id)/board?closeFrom=2027-01-02&closeTo=2027-01-03", headers: app.auth).decoded(BoardBody.self)
            #expect(window.columns.map(\.count).reduce(0, +) == 2)
            let nobody = try await client.send(.get, "/api/v1/pipelines/\(pipeline.id)/board?ownerId=999", headers: app.auth).decoded(BoardBody.self)
            #expect(nobody.columns.allSatisfy { $0.count == 0 && $0.total.amount == "0" })
            #expect(try await client.send(.get, "/api/v1/pipelines/999/board", headers: app.auth).status == .notFound)

            // The board is kept between reads, but a card moved shows at once, in both columns.
            let first = try #require(board.columns[0].items.first)
            let moved = try await client.send(.post, "/api/v1/deals/\(first.id)/move", headers: Self.withVersion(app.auth, 1),
                                              json: #"{"stageId":"\#(pipeline.stages[1].id)"}"#)
            #expect(moved.status == .ok)
            let after = try await client.send(.get, "/api/v1/pipelines/\(pipeline.id)/board?limit=2", headers: app.auth).decoded(BoardBody.self)
            #expect(after.columns[0].count == 2 && after.columns[1].count == 3)
            #expect(after.columns[1].items.contains { $0.id == first.id } || after.columns[1].next != nil)
            #expect(!after.columns[0].items.contains { $0.id == first.id })
        }
    }

    @Test("the 360 page's deals box starts a deal, a quote or a contract for the customer; each form opens with the customer filled in")
    func startFrom360() async throws {
        try await TestApp.with { app, client in
            let (customer, _) = try await Self.setUp(app, client)
            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "/customers/\(customer)?lang=fa")
            for href in ["/deals/new?customer=\(customer)", "/quotes/new?customer=\(customer)", "/contracts/new?customer=\(customer)"] {
                #expect(page.text.contains("href=\"\(href)\""), "\(href)")
                let form = try await browser.request(.get, href + "&lang=fa")
                #expect(form.status == .ok && form.text.contains("value=\"\(customer)\""), "\(href)")
            }
        }
    }

    @Test("roles: an analyst reads the board but may not move a deal; a sales rep may not configure pipelines")
    func roles() async throws {
        try await TestApp.with { app, client in
            let (customer, pipeline) = try await Self.setUp(app, client)
            let deal = try await client.send(.post, "/api/v1/deals", headers: app.auth, json: #"{"title":"T","customerId":"\#(customer)"}"#).decoded(DealBody.self)
            let (_, analyst) = try await app.token(for: .crmAnalyst, email: "an@example.test")
            let (_, rep) = try await app.token(for: .salesRep, email: "rep@example.test")
            let a: HTTPFields = [.authorization: "Bearer \(analyst)", .contentType: "application/json"]
            let r: HTTPFields = [.authorization: "Bearer \(rep)", .contentType: "application/json"]
            #expect(try await client.send(.get, "/api/v1/pipelines/\(pipeline.id)/board", headers: a).status == .ok)
            #expect(try await client.send(.post, "/api/v1/deals/\(deal.id)/move", headers: a, json: #"{"stageId":"\#(pipeline.stages[1].id)"}"#).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/pipelines", headers: r, json: #"{"name":"x","stages":[{"name":"a","probability":5}]}"#).status == .forbidden)
            // The rep neither owns the deal nor reaches its customer: it does not exist for them.
            #expect(try await client.send(.get, "/api/v1/deals/\(deal.id)", headers: r).status == .notFound)
        }
    }
}
