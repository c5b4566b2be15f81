import Foundation
import PeyvandCore
import SQLKit

/// Surveys after a ticket was resolved, after a delivery, or sent by hand: read with
/// `tickets.read` (roles reaching only their own customers read those customers' surveys and those
/// of the tickets given to them), sent by hand with `tickets.write`; answered by the customer
/// through their link, once (``answer(token:_:now:)``).
public struct Surveys: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    static let columns = """
        s.id, s.customer_id, c.name AS customer_name, s.occasion, s.ticket_id, t.number AS ticket_number, s.shipment_id, sh.order_id,
        s.channel, s.language, s.outbox_message_id, cm.status AS delivery_status, s.sent_at, s.expires_at, s.answered_at, s.csat, s.nps,
        s.comment, s.created_by, u.name AS created_by_name, s.created_at
        """

    static let from = """
        FROM surveys s JOIN customers c ON c.id = s.customer_id LEFT JOIN tickets t ON t.id = s.ticket_id
        LEFT JOIN shipments sh ON sh.id = s.shipment_id LEFT JOIN users u ON u.id = s.created_by
        LEFT JOIN channel_messages cm ON cm.outbox_message_id = s.outbox_message_id AND s.outbox_message_id IS NOT NULL
        """

    static func survey(_ row: any SQLRow) throws -> Survey {
        func at(_ c: String) throws -> Date? { try row.decode(column: c, as: Int64?.self).map(Clock.date) }
        return Survey(
            id: try row.decode(column: "id", as: Int64.self), customerId: try row.decode(column: "customer_id", as: Int64.self),
            customerName: try row.decode(column: "customer_name", as: String.self),
            occasion: SurveyOccasion(rawValue: try row.decode(column: "occasion", as: String.self)) ?? .manual,
            ticketId: try row.decode(column: "ticket_id", as: Int64?.self), ticketNumber: try row.decode(column: "ticket_number", as: String?.self),
            shipmentId: try row.decode(column: "shipment_id", as: Int64?.self), orderId: try row.decode(column: "order_id", as: Int64?.self),
            channel: try row.decode(column: "channel", as: String?.self).flatMap(ContactChannel.init(rawValue:)),
            language: Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .fa,
            outboxMessageId: try row.decode(column: "outbox_message_id", as: Int64?.self),
            deliveryStatus: try row.decode(column: "delivery_status", as: String?.self),
            sentAt: try at("sent_at"), expiresAt: Clock.date(try row.decode(column: "expires_at", as: Int64.self)), answeredAt: try at("answered_at"),
            csat: try row.decode(column: "csat", as: Int?.self), nps: try row.decode(column: "nps", as: Int?.self),
            comment: try row.decode(column: "comment", as: String?.self), createdBy: try row.decode(column: "created_by", as: Int64?.self),
            createdByName: try row.decode(column: "created_by_name", as: String?.self),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)))
    }

    /// The surveys a person reaches: all for roles reaching every customer; else those of their
    /// customers and of the tickets given to them.
    static func scope(_ principal: Principal) -> SQLQueryString {
        guard principal.customerScope == .ownedOrShared else { return "" }
        return " AND (t.assignee_id = \(bind: principal.userId) OR \(SalesReach.customer("s.customer_id", principal)))"
    }

    static func fetch(_ db: any SQLDatabase, _ id: Int64) async throws -> Survey? {
        try await db.raw("SELECT \(unsafeRaw: columns) \(unsafeRaw: from) WHERE s.id = \(bind: id)").first().map(Self.survey)
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> Survey {
        try principal.require(.ticketsRead, to: "read surveys")
        guard let row = try await database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) \(unsafeRaw: Self.from) WHERE s.id = \(bind: id)
            """ + Self.scope(principal)).first() else { throw StoreError.notFound(entity: "survey", id: String(id)) }
        return try Self.survey(row)
    }

    /// The ticket's survey, if one was sent (nil too for a ticket out of reach).
    public func forTicket(_ ticketId: Int64, by principal: Principal) async throws -> Survey? {
        try await list(SurveyQuery(ticketId: ticketId, limit: 1), by: principal).items.first
    }

    /// Newest first, keyset-paginated by id.
    public func list(_ query: SurveyQuery, by principal: Principal) async throws -> Page<Survey> {
        try principal.require(.ticketsRead, to: "read surveys")
        let limit = max(1, min(query.limit, Page<Survey>.maxLimit))
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) \(unsafeRaw: Self.from) WHERE 1 = 1" + Self.scope(principal)
        if let v = query.customerId { sql += " AND s.customer_id = \(bind: v)" }
        if let v = query.ticketId { sql += " AND s.ticket_id = \(bind: v)" }
        if let v = query.occasion { sql += " AND s.occasion = \(bind: v.rawValue)" }
        switch query.answered {
        case true?: sql += " AND s.answered_at IS NOT NULL"
        case false?: sql += " AND s.answered_at IS NULL"
        case nil: break
        }
        if let v = query.csatMin { sql += " AND s.csat >= \(bind: v)" }
        if let v = query.csatMax { sql += " AND s.csat <= \(bind: v)" }
        if let v = query.npsMin { sql += " AND s.nps >= \(bind: v)" }
        if let v = query.npsMax { sql += " AND s.nps <= \(bind: v)" }
        if let after = query.after { sql += " AND s.id < \(bind: after)" }
        sql += " ORDER BY s.id DESC LIMIT \(bind: limit + 1)"
        let rows = try await database.sql.raw(sql).all().map(Self.survey)
        let items = Array(rows.prefix(limit))
        return Page(items: items, next: rows.count > limit ? items.last.map { Cursor.encode($0.id) } : nil)
    }

    /// Sends the ticket's survey by hand (`tickets.write`), whatever the settings say: on the
    /// customer's preferred allowed channel, in the ticket's language. A ticket that has its
    /// survey already, or was merged, is refused (409); a customer with no channel allowed, 422.
    public func send(ticketId: Int64, by principal: Principal, now: Date = Date()) async throws -> Survey {
        try principal.require(.ticketsWrite, to: "send surveys")
        let ticket = try await Tickets(database).get(ticketId, by: principal)
        guard ticket.status != .merged else { throw StoreError.conflict("ticket \(ticket.number) was merged into another; survey that one") }
        let outcome = try await database.transaction { db -> SurveySender.Outcome in
            let settings = try await ServiceSettingsStore.read(db).surveys
            return try await SurveySender.send(db, .init(customerId: ticket.customerId, occasion: .manual, ticketId: ticket.id,
                                                         ticketNumber: ticket.number, language: ticket.language),
                                               linkDays: settings.linkDays, by: principal, now: now)
        }
        switch outcome {
        case .sent(let id): return try await get(id, by: principal)
        case .exists: throw StoreError.conflict("ticket \(ticket.number) has its survey already; a customer is asked once")
        case .noChannel: throw CustomerMessaging.noChannel
        }
    }
}

/// A survey as its link opens it: the survey and the questions to ask.
public struct SurveyLink: Sendable, Hashable {
    public let survey: Survey
    public let questions: SurveyQuestions

    public init(survey: Survey, questions: SurveyQuestions) {
        (self.survey, self.questions) = (survey, questions)
    }
}

extension Surveys {
    /// The survey a link's token opens, whoever holds it; nil for a token that is not one of ours.
    public func open(token: String) async throws -> SurveyLink? {
        guard let survey = try await Self.byToken(database.sql, token) else { return nil }
        return SurveyLink(survey: survey, questions: try await ServiceSettingsStore.read(database.sql).surveys.questions)
    }

    static func byToken(_ db: any SQLDatabase, _ token: String) async throws -> Survey? {
        guard token.hasPrefix(SurveySender.tokenPrefix), token.utf8.count < 100,
              token.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 })
        else { return nil }
        return try await db.raw("SELECT \(unsafeRaw: columns) \(unsafeRaw: from) WHERE s.token_hash = \(bind: Secrets.digest(token))")
            .first().map(Self.survey)
    }

    /// Who acts when the customer answers through their link.
    static let customerLink = Principal(userId: 0, name: "survey link", role: .administrator)

    /// The customer's answer through their link, counted once: a single conditional update sets
    /// it only while unanswered and unexpired, so a second answer, a replayed request or two at
    /// once store exactly one. In the same transaction: the answer on the customer's timeline
    /// (the timeline reads answered surveys), an internal note on the ticket, the satisfaction
    /// reassessment, and for a low score (CSAT 1–2, NPS 0–6) an email to the ticket's agent and
    /// its team's lead (the customer's owner for a delivery). Out-of-range scores or a comment
    /// over 2,000 characters are refused (`StoreError.invalid`) with nothing stored.
    public func answer(token: String, _ answer: SurveyAnswer, now: Date = Date()) async throws -> SurveyAnswerOutcome {
        guard let link = try await open(token: token) else { return .unknown }
        let survey = link.survey
        if survey.isAnswered { return .alreadyAnswered(survey) }
        if survey.isExpired(at: now) { return .expired(survey) }
        let checked: SurveyAnswer
        do { checked = try answer.validated(link.questions) } catch { throw StoreError.invalid(error) }
        let at = Clock.millis(now)
        return try await database.transaction { db -> SurveyAnswerOutcome in
            let changed = try await db.raw("""
                UPDATE surveys SET answered_at = \(bind: at), csat = \(bind: checked.csat), nps = \(bind: checked.nps), comment = \(bind: checked.comment)
                WHERE id = \(bind: survey.id) AND answered_at IS NULL AND expires_at > \(bind: at)
                RETURNING id
                """).first()
            guard changed != nil else {
                let current = try await Self.fetch(db, survey.id) ?? survey
                return current.isAnswered ? .alreadyAnswered(current) : .expired(current)
            }
            guard let stored = try await Self.fetch(db, survey.id) else { throw StoreError.notFound(entity: "survey", id: String(survey.id)) }
            try await Self.answered(db, stored, now: now)
            return .answered(stored)
        }
    }

    /// What an answer sets off, in its transaction.
    static func answered(_ db: any SQLDatabase, _ s: Survey, now: Date) async throws {
        let at = Clock.millis(now)
        if let ticketId = s.ticketId {
            let note = SurveyNote.text(s, .fa) + "\n" + SurveyNote.text(s, .en)
            try await db.raw("""
                INSERT INTO ticket_messages (ticket_id, direction, visibility, channel, author_user_id, body, created_at)
                VALUES (\(bind: ticketId), 'note', 'internal', 'survey', NULL, \(bind: note), \(bind: at))
                """).run()
        }
        try await AuditLog.record(db, entity: "survey", entityId: s.id, by: customerLink, action: "answer", field: "scores",
                                  after: SurveyNote.scores(s), at: at)
        var data = ["surveyId": String(s.id), "occasion": s.occasion.rawValue]
        if let v = s.csat { data["csat"] = String(v) }
        if let v = s.nps { data["nps"] = String(v) }
        if let v = s.ticketId { data["ticketId"] = String(v) }
        try await DomainEvents.publish(db, "survey.answered", customerId: s.customerId, data: data, at: now)
        try await SatisfactionAssessment.reassess(db, customerId: s.customerId, cause: "survey", now: now)
        if s.isLow { try await alert(db, s, now: now) }
    }

    /// A low score: the ticket's agent and its team's lead are told by email (the customer's
    /// owner for a survey with no ticket), once each.
    static func alert(_ db: any SQLDatabase, _ s: Survey, now: Date) async throws {
        var people: [Int64] = []
        if let ticketId = s.ticketId, let row = try await db.raw("""
            SELECT t.assignee_id, g.lead_id FROM tickets t LEFT JOIN service_teams g ON g.id = t.team_id WHERE t.id = \(bind: ticketId)
            """).first() {
            people = [try row.decode(column: "assignee_id", as: Int64?.self), try row.decode(column: "lead_id", as: Int64?.self)].compactMap { $0 }
        }
        if people.isEmpty, let owner = try await db.raw("SELECT owner_id FROM customers WHERE id = \(bind: s.customerId)").first()?
            .decode(column: "owner_id", as: Int64?.self) {
            people = [owner]
        }
        let base = try await Settings.publicURL(db)
        let link = s.ticketId.map { "\(base)/tickets/\($0)" } ?? "\(base)/customers/\(s.customerId)"
        for person in Set(people).sorted() {
            try await StaffNotices.email(db, to: person, key: "survey-low.\(s.id).\(person)", eventType: "survey.low", at: now) { language in
                ChannelPayload(subject: SurveyNote.alertSubject(s, language), text: SurveyNote.text(s, language) + "\n\n"
                                   + (language == .en ? "Open it: " : "دیدن: ") + link,
                               language: language.rawValue)
            }
        }
    }
}

/// The words of an answer for staff: the ticket's internal note (Persian, then English on the
/// next line, as the SLA watch writes) and the low-score email.
enum SurveyNote {
    static func isolated(_ text: String) -> String { "\u{2068}" + text + "\u{2069}" }

    /// `CSAT 2/5, NPS 3/10`: the scores as the audit log and the API's timeline write them.
    static func scores(_ s: Survey) -> String {
        [s.csat.map { "CSAT \($0)/5" }, s.nps.map { "NPS \($0)/10" }].compactMap { $0 }.joined(separator: ", ")
    }

    static func text(_ s: Survey, _ language: Language) -> String {
        let fa = language == .fa
        func digits(_ n: Int) -> String { fa ? PersianText.persianDigits(String(n)) : String(n) }
        var parts: [String] = []
        if let v = s.csat { parts.append(fa ? "رضایت \(digits(v)) از \(digits(5))" : "\(v)/5 for satisfaction") }
        if let v = s.nps { parts.append(fa ? "توصیه \(digits(v)) از \(digits(10))" : "\(v)/10 for recommending us") }
        let scores = parts.joined(separator: fa ? "، " : ", ")
        // One line: the ticket page shows the reader's line of the note.
        let comment = s.comment.map { String($0.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ").prefix(500)) }
        if fa {
            return "نظرسنجی: مشتری امتیاز داد — \(scores)" + (comment.map { ": «\(isolated($0))»" } ?? "، بی‌توضیح.")
        }
        return "Survey: the customer rated \(scores)" + (comment.map { ": “\(isolated($0))”" } ?? ", no comment.")
    }

    static func alertSubject(_ s: Survey, _ language: Language) -> String {
        let about = s.ticketNumber ?? s.orderId.map { "#\($0)" } ?? s.customerName
        return language == .en ? "Low survey score: \(about) (\(scores(s)))" : "امتیاز پایین در نظرسنجی: \(about)"
    }
}

extension Surveys: TimelineSource {
    /// The answered surveys, at the moment of their answer (kind `survey-answer`, the scores in
    /// `outcome` and ``TimelineEntry/survey``, the comment in `detail`). A filter by interaction
    /// kind, channel or staff leaves them out.
    public func entries(customerIds: [Int64], _ query: InteractionQuery) async throws -> [TimelineEntry] {
        guard query.kind == nil, query.channel == nil, query.staffId == nil, !customerIds.isEmpty else { return [] }
        let sql: SQLQueryString = """
            SELECT \(unsafeRaw: Self.columns) \(unsafeRaw: Self.from)
            WHERE s.customer_id IN (\(binds: customerIds)) AND s.answered_at IS NOT NULL
            """ + query.window(time: "s.answered_at", id: "s.id", staff: "s.created_by")
        return try await database.sql.raw(sql).all().map(Self.survey).map { s in
            var entry = TimelineEntry(source: "survey", id: s.id, customerId: s.customerId, at: s.answeredAt ?? s.createdAt, kind: "survey-answer",
                                      channel: s.channel, direction: .inbound, staffId: nil, staffName: nil,
                                      title: s.ticketNumber ?? s.orderId.map { "order #\($0)" }, detail: s.comment, outcome: SurveyNote.scores(s),
                                      durationSeconds: nil, cost: nil)
            entry.survey = TimelineSurvey(csat: s.csat, nps: s.nps, ticketId: s.ticketId, ticketNumber: s.ticketNumber, orderId: s.orderId,
                                          occasion: s.occasion)
            return entry
        }
    }
}

extension Surveys {
    /// Posts of the public survey form from one address: at most this many a minute and an hour
    /// (counted in the database like the support and web-to-lead forms', so every instance agrees).
    public static let perMinute = 10
    public static let perHour = 60

    /// Counts one post of the public form from `address`; nil when it may go ahead, else the seconds to wait.
    public func admit(address: String, now: Date = Date()) async throws -> Int? {
        try await database.transaction { db in
            try await WebToLeadThrottle.count(db, address: "survey:" + address, perMinute: Self.perMinute, perHour: Self.perHour, now: now)
        }
    }
}
