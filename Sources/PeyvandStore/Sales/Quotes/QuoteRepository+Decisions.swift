import Foundation
import PeyvandCore
import SQLKit

extension QuoteRepository {
    /// Sends the quote to its customer on their preferred consented channel (a service message in
    /// the quote's language) with a link to `/q/{token}`, where they accept or decline it. Sending
    /// again sends a new link; the old one stops working. The token is stored only as its digest.
    public func send(_ id: Int64, expectedVersion: Int?, channel: ContactChannel? = nil, messaging: CustomerMessaging, publicURL: String,
                     sellerName: String? = nil, by principal: Principal) async throws -> (quote: Quote, sent: CustomerMessaging.Sent) {
        try principal.require(.quotesWrite, to: "send quotes")
        let quote = try await get(id, by: principal)
        if let expectedVersion, expectedVersion != quote.version { throw StoreError.versionMismatch(current: quote.version) }
        guard quote.status.isOpen else {
            throw StoreError.conflict(quote.status == .expired
                ? "quote \(quote.number) expired on \(quote.validUntil); change its validity before sending it"
                : "quote \(quote.number) is \(quote.status.rawValue); only a draft or sent quote is sent")
        }
        let token = Secrets.token(prefix: "q_")
        let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        let link = "\(base)/q/\(token)"
        var seller = sellerName ?? ""
        if sellerName == nil { seller = try await QuoteSettings.read(database.sql).sellerName }
        let (subject, text) = Self.message(quote, seller: seller, link: link)
        let sent = try await messaging.send(to: quote.customerId, .init(channel: channel, purpose: .service, subject: subject, text: text,
                                                                       language: quote.language,
                                                                       idempotencyKey: "quote:\(quote.id):\(quote.version)"), by: principal)
        let now = Clock.nowMillis()
        try await database.transaction { db in
            let changed = try await db.raw("""
                UPDATE quotes SET status = 'sent', sent_at = \(bind: now), sent_channel = \(bind: sent.channel.rawValue),
                  token_hash = \(bind: Secrets.digest(token)), version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: id) AND version = \(bind: Int64(quote.version)) AND status IN ('draft', 'sent')
                RETURNING id
                """).first()
            guard changed != nil else { throw StoreError.conflict("quote \(quote.number) was changed meanwhile; reload and try again") }
            try await AgreementEvents.record(db, customerId: quote.customerId, kind: "quote-sent", quoteId: id, title: quote.number,
                                             amount: quote.total, by: principal, at: now)
            try await AgreementEvents.publish(db, "quote.sent", customerId: quote.customerId, quoteId: id, number: quote.number,
                                              amount: quote.total, extra: ["channel": sent.channel.rawValue])
            try await AuditLog.record(db, entity: "quote", entityId: id, by: principal, action: "send", field: "status",
                                      before: quote.status.rawValue, after: "sent", at: now)
        }
        return (try await get(id, by: principal), sent)
    }

    /// The message that carries the link, in the quote's language.
    static func message(_ quote: Quote, seller: String, link: String) -> (subject: String, text: String) {
        let fa = quote.language == "fa"
        let total = quote.total.formatted(language: quote.language)
        let until = fa ? quote.validUntil.formatted(.numeric, digits: .persian)
                       : { let g = quote.validUntil.gregorian; return String(format: "%04d-%02d-%02d", g.year, g.month, g.day) }()
        let number = fa ? PersianText.persianDigits(quote.number) : quote.number
        let from = seller.isEmpty ? "" : (fa ? " از \(seller)" : " from \(seller)")
        if fa {
            return ("پیش‌فاکتور \(number)\(from)",
                    "پیش‌فاکتور \(number)\(from) به مبلغ \(total)، معتبر تا \(until).\nمشاهده، پذیرش یا رد: \(link)")
        }
        return ("Quote \(quote.number)\(from)", "Quote \(quote.number)\(from): \(total), valid until \(until).\nView, accept or decline: \(link)")
    }

    /// The customer accepts on a staff member's word (by phone, in person): the quote becomes a
    /// confirmed order with the same lines and prices, in one transaction with the status change.
    public func accept(_ id: Int64, expectedVersion: Int?, by principal: Principal) async throws -> Quote {
        try principal.require(.quotesWrite, to: "record a customer's answer to a quote")
        let quote = try await get(id, by: principal)
        if let expectedVersion, expectedVersion != quote.version { throw StoreError.versionMismatch(current: quote.version) }
        try await decide(quote, accept: true, reason: nil, via: "staff", by: principal)
        return try await get(id, by: principal)
    }

    /// The customer declines, on a staff member's word.
    public func decline(_ id: Int64, reason: String?, expectedVersion: Int?, by principal: Principal) async throws -> Quote {
        try principal.require(.quotesWrite, to: "record a customer's answer to a quote")
        let quote = try await get(id, by: principal)
        if let expectedVersion, expectedVersion != quote.version { throw StoreError.versionMismatch(current: quote.version) }
        try await decide(quote, accept: false, reason: reason, via: "staff", by: principal)
        return try await get(id, by: principal)
    }

    /// Withdraws a draft or sent quote; its link stops working.
    public func cancel(_ id: Int64, expectedVersion: Int?, by principal: Principal) async throws -> Quote {
        try principal.require(.quotesWrite, to: "cancel quotes")
        let quote = try await get(id, by: principal)
        if let expectedVersion, expectedVersion != quote.version { throw StoreError.versionMismatch(current: quote.version) }
        guard quote.status.isOpen || quote.status == .expired else {
            throw StoreError.conflict("quote \(quote.number) is \(quote.status.rawValue) and cannot be cancelled")
        }
        try await database.transaction { db in
            let now = Clock.nowMillis()
            let changed = try await db.raw("""
                UPDATE quotes SET status = 'cancelled', token_hash = NULL, version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: id) AND version = \(bind: Int64(quote.version)) RETURNING id
                """).first()
            guard changed != nil else { throw StoreError.conflict("quote \(quote.number) was changed meanwhile; reload and try again") }
            try await AgreementEvents.record(db, customerId: quote.customerId, kind: "quote-cancelled", quoteId: id, title: quote.number,
                                             amount: quote.total, by: principal, at: now)
            try await AuditLog.record(db, entity: "quote", entityId: id, by: principal, action: "cancel", field: "status",
                                      before: quote.status.rawValue, after: "cancelled", at: now)
        }
        return try await get(id, by: principal)
    }

    /// The quote a link's token opens, whoever holds it (nil when the token is not one of ours).
    public func quote(token: String) async throws -> Quote? {
        guard token.hasPrefix("q_"), token.utf8.count < 100 else { return nil }
        guard let row = try await database.sql.raw("""
            SELECT \(unsafeRaw: QuoteReader.columns) FROM quotes q JOIN customers c ON c.id = q.customer_id
            WHERE q.token_hash = \(bind: Secrets.digest(token))
            """).first() else { return nil }
        return try await QuoteReader.quotes(database.sql, [row]).first
    }

    /// Who acts when the customer answers through their link.
    static let customerLink = Principal(userId: 0, name: "quote link", role: .administrator)

    /// The customer's answer through their link: once; a second answer is refused (conflict).
    public func answer(token: String, accept: Bool, reason: String?) async throws -> Quote {
        guard let quote = try await quote(token: token) else { throw StoreError.notFound(entity: "quote link", id: "") }
        guard quote.status == .sent else {
            throw StoreError.conflict("quote \(quote.number) is \(quote.status.rawValue); it was already answered or withdrawn")
        }
        try await decide(quote, accept: accept, reason: reason, via: "link", by: Self.customerLink)
        return try await self.quote(token: token) ?? quote
    }

    /// Settles an open quote: the status change and, on acceptance, the order, in one transaction.
    /// The conditional update makes a second answer (or two at once) fail with nothing changed.
    func decide(_ quote: Quote, accept: Bool, reason: String?, via: String, by principal: Principal) async throws {
        guard quote.status.isOpen else {
            throw StoreError.conflict(quote.status == .expired ? "quote \(quote.number) expired on \(quote.validUntil)"
                                                               : "quote \(quote.number) is already \(quote.status.rawValue)")
        }
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).prefix(1000).description
        let orderInput = OrderInput(currency: quote.currency.rawValue, channel: via == "link" ? "web" : "phone",
                                    note: "\(quote.number)", lines: quote.lines.map(Self.input(from:)), confirm: true)
        try await database.transaction { db in
            let now = Clock.nowMillis()
            let status = accept ? "accepted" : "declined"
            let changed = try await db.raw("""
                UPDATE quotes SET status = \(bind: status), decided_at = \(bind: now),
                  decided_by = \(bind: principal.userId > 0 ? principal.userId : nil), decided_via = \(bind: via),
                  decline_reason = \(bind: accept ? nil : (reason?.isEmpty == false ? reason : nil)), version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: quote.id) AND version = \(bind: Int64(quote.version)) AND status IN ('draft', 'sent')
                RETURNING id
                """).first()
            guard changed != nil else { throw StoreError.conflict("quote \(quote.number) was answered or changed meanwhile") }
            var orderId: Int64?
            if accept {
                let draft = try await OrderDraft.validate(db, orderInput)
                guard draft.totals.total == quote.total else {
                    throw StoreError.conflict("quote \(quote.number) no longer prices to its total; change it and send it again")
                }
                let id = try await OrderRepository.insert(db, customerId: quote.customerId, draft, status: .confirmed, externalRef: nil,
                                                          note: orderInput.note, by: principal)
                try await CommerceEvents.record(db, customerId: quote.customerId, at: now, kind: "order-confirmed", orderId: id,
                                                title: "order #\(id) from \(quote.number)", amount: draft.totals.total, by: principal, publish: false)
                for type in ["order.created", "order.confirmed"] {
                    try await CommerceEvents.publish(db, type, customerId: quote.customerId, orderId: id, amount: draft.totals.total)
                }
                try await db.raw("UPDATE quotes SET order_id = \(bind: id) WHERE id = \(bind: quote.id)").run()
                orderId = id
            }
            try await AgreementEvents.record(db, customerId: quote.customerId, kind: "quote-\(status)", quoteId: quote.id, title: quote.number,
                                             amount: quote.total, by: principal, at: now)
            try await AgreementEvents.publish(db, "quote.\(status)", customerId: quote.customerId, quoteId: quote.id, number: quote.number,
                                              amount: quote.total, extra: orderId.map { ["orderId": String($0)] } ?? [:])
            try await AuditLog.record(db, entity: "quote", entityId: quote.id, by: principal, action: accept ? "accept" : "decline",
                                      field: "status", before: quote.status.rawValue, after: "\(status) (\(via))", at: now)
        }
    }
}
