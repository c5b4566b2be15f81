import Foundation
import PeyvandCore
import SQLKit

/// Demo customer service: a support team (the support agents and the administrator, least-loaded),
/// routing rules (complaints first and raised to high, English to the team, everything else to
/// it too), and about twenty tickets across channels — emails and SMS landed through the inbox as
/// they would arrive, calls and visits logged by agents, requests from the public form — some
/// answered, one with an internal note, a few resolved.
enum DemoService {
    static let persian: [(String, String, TicketCategory)] = [
        ("سفارش هنوز نرسیده", "سلام، سفارشم ده روز پیش ثبت شد و هنوز نرسیده است.", .complaint),
        ("درخواست فاکتور رسمی", "لطفاً فاکتور رسمی سفارش آخر را برایم بفرستید.", .billing),
        ("دستگاه روشن نمی‌شود", "دستگاهی که خریدم از دیروز روشن نمی‌شود.", .incident),
        ("مرجوع کردن کالا", "رنگ کالا با عکس فرق دارد؛ می‌خواهم پس بدهم.", .return),
        ("پرسش دربارهٔ گارانتی", "گارانتی این محصول چند ماه است؟", .question),
        ("تغییر نشانی تحویل", "لطفاً نشانی تحویل را به دفتر تغییر دهید.", .request),
        ("برخورد نامناسب پیک", "پیک با من بد برخورد کرد.", .complaint),
    ]
    static let english: [(String, String, TicketCategory)] = [
        ("Order not delivered", "Hello, my order was placed ten days ago and has not arrived.", .complaint),
        ("Invoice needed", "Please send me the official invoice for my last order.", .billing),
        ("Warranty question", "How long is the warranty on this product?", .question),
    ]

    static func add(_ database: Database, staff: [User], now: Date) async throws {
        if try await database.sql.raw("SELECT id FROM service_teams LIMIT 1").first() != nil { return }
        guard let adminUser = staff.first(where: { $0.role == .administrator }) else { return }
        let admin = adminUser.principal
        let agents = staff.filter { $0.role == .supportAgent } + [adminUser]
        let teams = ServiceTeams(database)
        var team = try await teams.create(name: "پشتیبانی مشتریان", leadId: agents.first?.id, managerId: adminUser.id, routing: "least-loaded", by: admin)
        team = try await teams.setMembers(team.id, agents.enumerated().map { (i, a) -> (userId: Int64, skills: String, active: Bool) in
            (a.id, a.language == .en ? "en, question, billing" : "fa, complaint, return", true)
        }, by: admin)
        let rules = RoutingRules(database)
        _ = try await rules.create(RoutingRuleInput(name: "شکایت‌ها", category: "complaint", teamId: String(team.id), priority: "high"), by: admin)
        _ = try await rules.create(RoutingRuleInput(name: "English", language: "en", teamId: String(team.id)), by: admin)
        _ = try await rules.create(RoutingRuleInput(name: "همهٔ درخواست‌ها", teamId: String(team.id)), by: admin)
        _ = try await ServiceSettingsStore(database).update(inboundChannels: ["email", "sms", "messenger"], defaultTeamId: team.id, by: admin)

        let customers = try await database.sql.raw("""
            SELECT c.id, c.name FROM customers c WHERE c.deleted_at IS NULL AND c.kind = 'person' ORDER BY c.id LIMIT 30
            """).all().map { (id: try $0.decode(column: "id", as: Int64.self), name: try $0.decode(column: "name", as: String.self)) }
        guard customers.count >= 12 else { return }
        // Messages come from the demo's own customers (their addresses and numbers), so no new contacts are made.
        func keys(_ kind: String) async throws -> [(customer: Int64, key: String)] {
            try await database.sql.raw("""
                SELECT k.customer_id, k.key FROM customer_keys k JOIN customers c ON c.id = k.customer_id
                WHERE k.kind = \(bind: kind) AND c.deleted_at IS NULL AND c.kind = 'person' ORDER BY k.customer_id, k.key LIMIT 12
                """).all().map { (try $0.decode(column: "customer_id", as: Int64.self), try $0.decode(column: "key", as: String.self)) }
        }
        let emails = try await keys("email")
        let phones = try await keys("phone")
        let inbox = Inbox(database)
        let tickets = Tickets(database)
        var made: [Int64] = []
        // Emails and SMS as they arrive.
        for (i, item) in (persian.prefix(4) + english.prefix(2)).enumerated() where i < emails.count {
            let receipt = try await inbox.receive(InboundMessage(channel: .email, address: emails[i].key, subject: item.0, body: item.1,
                                                                 receivedAt: now.addingTimeInterval(-Double(30 - i) * 3600),
                                                                 externalId: "<demo-ticket-\(i)@example>"))
            if let id = receipt.ticketId { made.append(id) }
        }
        for i in 0..<min(3, phones.count) {
            let receipt = try await inbox.receive(InboundMessage(channel: .sms, address: phones[phones.count - 1 - i].key, body: persian[4 + i].1,
                                                                 receivedAt: now.addingTimeInterval(-Double(20 - i) * 3600), externalId: "demo-sms-\(i)"))
            if let id = receipt.ticketId { made.append(id) }
        }
        // Calls and visits logged by agents, for known customers.
        for i in 0..<9 {
            let item = i % 3 == 2 ? english[i % english.count] : persian[i % persian.count]
            let ticket = try await tickets.open(TicketInput(customerId: String(customers[i].id), subject: item.0, body: item.1,
                                                            channel: i % 2 == 0 ? "phone" : "visit", category: item.2.rawValue,
                                                            priority: i == 4 ? "urgent" : nil, language: i % 3 == 2 ? "en" : "fa"),
                                                by: admin, now: now.addingTimeInterval(-Double(9 - i) * 5400))
            made.append(ticket.id)
        }
        // Requests from the public form.
        let form = SupportRequests(database)
        for i in 0..<min(2, max(0, emails.count - 8)) {
            _ = try await form.submit(SupportRequest(name: customers[i].name, email: emails[emails.count - 1 - i].key, subject: persian[i].0, body: persian[i].1,
                                                     category: persian[i].2.rawValue), address: "demo-\(i)", honeypot: false, now: now)
        }
        // Some answered, one noted, a few resolved.
        for (n, id) in made.enumerated() {
            if n % 3 == 0 {
                let fa = try await tickets.get(id, by: admin).language == .fa
                _ = try? await tickets.addMessage(id, body: fa ? "درخواست شما را بررسی می‌کنیم و به‌زودی خبر می‌دهیم." : "We are looking into it and will be in touch shortly.",
                                                  internal: false, by: admin, now: now)
            }
            if n == 1 { _ = try await tickets.addMessage(id, body: "با انبار هماهنگ شود؛ شاید بسته گم شده باشد.", internal: true, by: admin, now: now) }
            if n % 5 == 4 { _ = try await tickets.change(id, TicketChange(status: .resolved), expectedVersion: nil, by: admin, now: now) }
        }
    }
}
