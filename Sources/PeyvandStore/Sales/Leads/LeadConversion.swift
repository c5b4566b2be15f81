import Foundation
import PeyvandCore
import SQLKit

/// What the rep chooses when converting: the pipeline (default the first), the deal's title
/// (default the company or the name) and amount (major units of the base currency; default 0).
public struct LeadConversionInput: Sendable, Hashable {
    public var pipelineId: String?
    public var dealTitle: String?
    public var amount: String?

    public init(pipelineId: String? = nil, dealTitle: String? = nil, amount: String? = nil) {
        (self.pipelineId, self.dealTitle, self.amount) = (pipelineId, dealTitle, amount)
    }
}

/// What a conversion made or found.
public struct LeadConversionResult: Sendable, Hashable {
    public let lead: Lead
    public let contactId: Int64
    public let organisationId: Int64?
    public let dealId: Int64
    /// The contact and the organisation were existing customers, found instead of duplicated.
    public let foundContact: Bool
    public let foundOrganisation: Bool
}

/// The existing customers a lead would be converted onto (none: new ones are made).
public struct LeadMatch: Sendable, Hashable {
    public let contactId: Int64?
    public let contactName: String?
    public let organisationId: Int64?
    public let organisationName: String?
}

/// Converts a lead into a customer (its organisation when it names a company, and the person as
/// its contact), and a deal, in one transaction: an existing customer with the lead's email or
/// phone (or, for the company, its name) is used instead of a new one; the lead's message and
/// notes go onto the contact's timeline; the lead is marked converted. A second conversion is a
/// conflict and changes nothing.
public struct LeadConversion: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// The customers a conversion of this lead would find (for the convert form).
    public func match(_ id: Int64, by principal: Principal) async throws -> LeadMatch {
        let lead = try await Leads(database).get(id, by: principal)
        let (contact, organisation) = try await Self.match(database.sql, lead)
        func name(_ id: Int64?) async throws -> String? {
            guard let id else { return nil }
            return try await database.sql.raw("SELECT name FROM customers WHERE id = \(bind: id)").first()?.decode(column: "name", as: String.self)
        }
        return LeadMatch(contactId: contact, contactName: try await name(contact), organisationId: organisation, organisationName: try await name(organisation))
    }

    static func match(_ db: any SQLDatabase, _ lead: Lead) async throws -> (contact: Int64?, organisation: Int64?) {
        var contact: Int64?
        var contactOrganisation: Int64?
        if lead.email != nil || lead.phone != nil {
            let row = try await db.raw("""
                SELECT c.id, c.organisation_id FROM customer_keys k JOIN customers c ON c.id = k.customer_id
                WHERE ((k.kind = 'email' AND k.key = \(bind: lead.email?.lowercased() ?? "")) OR (k.kind = 'phone' AND k.key = \(bind: lead.phone ?? "")))
                  AND c.deleted_at IS NULL AND c.kind = 'person'
                ORDER BY c.id LIMIT 1
                """).first()
            contact = try row?.decode(column: "id", as: Int64.self)
            contactOrganisation = try row?.decode(column: "organisation_id", as: Int64?.self)
        }
        var organisation: Int64?
        if let company = lead.company {
            let key = CustomerKeys.nameKey(company)
            if !key.isEmpty {
                organisation = try await db.raw("""
                    SELECT c.id FROM customer_keys k JOIN customers c ON c.id = k.customer_id
                    WHERE k.kind = 'name' AND k.key = \(bind: key) AND c.kind = 'organisation' AND c.deleted_at IS NULL
                    ORDER BY c.id LIMIT 1
                    """).first()?.decode(column: "id", as: Int64.self)
            }
        } else {
            organisation = contactOrganisation
        }
        return (contact, organisation)
    }

    public func convert(_ id: Int64, _ input: LeadConversionInput, expectedVersion: Int? = nil, by principal: Principal) async throws -> LeadConversionResult {
        try principal.require(.leadsManage, to: "convert leads")
        // A conversion opens a deal: only those who may write deals convert (marketing captures and
        // qualifies leads; selling converts them).
        try principal.require(.dealsWrite, to: "convert leads into deals")
        var issues: [FieldIssue] = []
        var pipelineId: Int64?
        if let raw = input.pipelineId?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let id = Int64(raw), id > 0 { pipelineId = id } else { issues.append(FieldIssue(field: "pipelineId", reason: "no pipeline has this id", code: "ref.unknown")) }
        }
        let title = input.dealTitle?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if (title?.unicodeScalars.count ?? 0) > 200 { issues.append(FieldIssue(field: "dealTitle", reason: "must be at most 200 characters", code: "text.tooLong", params: ["max": "200"])) }
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
        let pipeline = pipelineId
        let made = try await database.transaction { db -> (Int64, Int64?, Int64, Bool, Bool) in
            let lead = try await Leads.fetch(db, id, lock: true)
            if principal.customerScope != .all, lead.ownerId != principal.userId { throw StoreError.notFound(entity: "lead", id: String(id)) }
            if lead.status == .converted {
                throw StoreError.conflict("the lead was already converted (customer \(lead.customerId.map(String.init) ?? "?"), deal \(lead.dealId.map(String.init) ?? "?"))")
            }
            if lead.status == .disqualified { throw StoreError.conflict("the lead was disqualified; it cannot be converted") }
            if let expectedVersion, expectedVersion != lead.version { throw StoreError.versionMismatch(current: lead.version) }
            let now = Date()
            let at = Clock.millis(now)
            let owner = lead.ownerId ?? (principal.userId > 0 ? principal.userId : nil)
            var (contact, organisation) = try await Self.match(db, lead)
            let (foundContact, foundOrganisation) = (contact != nil, organisation != nil)
            if organisation == nil, let company = lead.company {
                let fields = CustomerFields(kind: .organisation, name: company, city: lead.city, stage: .lead, ownerId: owner)
                organisation = try await CustomerRepository.insertRow(db, fields, createdAt: now, by: principal)
                try await DomainEvents.customer(db, "customer.created", id: organisation ?? 0, name: company)
            }
            if contact == nil {
                let consents = try await Self.consents(db, lead)
                let fields = CustomerFields(kind: .person, name: lead.name, phones: lead.phone.map { [$0] } ?? [], emails: lead.email.map { [$0] } ?? [],
                                            city: lead.city, stage: .lead, ownerId: owner, consents: consents, organisationId: organisation)
                contact = try await CustomerRepository.insertRow(db, fields, createdAt: now, by: principal)
                try await DomainEvents.customer(db, "customer.created", id: contact ?? 0, name: lead.name)
            }
            guard let contactId = contact else { throw StoreError.conflict("the contact was not stored") }
            if principal.userId > 0, principal.customerScope == .ownedOrShared {
                for customer in [contactId, organisation].compactMap({ $0 }) {
                    try await db.raw("""
                        INSERT INTO customer_shares (customer_id, user_id) VALUES (\(bind: customer), \(bind: principal.userId)) ON CONFLICT DO NOTHING
                        """).run()
                }
            }
            let dealCustomer = organisation ?? contactId
            let dealId = try await Self.openDeal(db, pipelineId: pipeline, title: title ?? lead.company ?? lead.name, customerId: dealCustomer,
                                                 contactId: organisation == nil ? nil : contactId, ownerId: owner, amountMajor: input.amount,
                                                 lead: lead, by: principal, at: at)
            try await Self.copyHistory(db, lead, onto: contactId, by: principal, at: now)
            try await db.raw("""
                UPDATE leads SET status = 'converted', customer_id = \(bind: dealCustomer), deal_id = \(bind: dealId), converted_at = \(bind: at),
                  version = version + 1, updated_at = \(bind: at)
                WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, entity: "lead", entityId: id, by: principal, action: "convert", field: "status",
                                      before: lead.status.rawValue, after: "customer \(dealCustomer), deal \(dealId)", at: at)
            try await AuditLog.record(db, entity: "customer", entityId: contactId, by: principal, action: "convert-lead",
                                      field: "lead", after: "lead \(id) → deal \(dealId)", at: at)
            try await DomainEvents.publish(db, "lead.converted", customerId: dealCustomer,
                                           data: ["leadId": String(id), "customerId": String(dealCustomer), "contactId": String(contactId),
                                                  "dealId": String(dealId)], at: now)
            return (contactId, organisation, dealId, foundContact, foundOrganisation)
        }
        let lead = try await Leads.fetch(database.sql, id)
        return LeadConversionResult(lead: lead, contactId: made.0, organisationId: made.1, dealId: made.2, foundContact: made.3, foundOrganisation: made.4)
    }

    /// The consent the lead gave, carried to the channels it covered: a form's consent covers the
    /// channels the form names; a consent recorded by hand or through the API covers the channels
    /// the lead gave an address for (email, and SMS for a mobile number).
    static func consents(_ db: any SQLDatabase, _ lead: Lead) async throws -> Consents {
        guard lead.consent else { return Consents() }
        var channels: Set<String>
        if let form = lead.formId,
           let row = try await db.raw("SELECT consent_channels FROM lead_forms WHERE id = \(bind: form)").first() {
            channels = Set(try row.decode(column: "consent_channels", as: String.self).split(separator: ",").map(String.init))
        } else {
            channels = []
            if lead.email != nil { channels.insert("email") }
            if let phone = lead.phone, (try? PhoneNumber(parsing: phone))?.kind == .mobile { channels.insert("sms") }
        }
        return Consents(email: channels.contains("email") && lead.email != nil, sms: channels.contains("sms") && lead.phone != nil,
                        phone: channels.contains("phone") && lead.phone != nil, letter: channels.contains("letter"))
    }

    /// The lead's message, its consent wording and its notes, as one entry on the contact's timeline.
    static func copyHistory(_ db: any SQLDatabase, _ lead: Lead, onto customerId: Int64, by principal: Principal, at now: Date) async throws {
        var parts: [String] = []
        if let message = lead.message { parts.append(message) }
        if lead.consent, let text = lead.consentText { parts.append("✔ " + text) }
        for note in try await Leads.notes(db, lead.id) { parts.append("— " + (note.authorName.map { $0 + ": " } ?? "") + note.body) }
        let subject = [lead.source, lead.campaign].compactMap { $0 }.joined(separator: " · ")
        let fields = InteractionFields(kind: lead.channel == .webForm ? .webForm : .note, direction: .inbound, occurredAt: lead.createdAt,
                                       staffId: principal.userId > 0 ? principal.userId : nil, subject: String(subject.prefix(300)),
                                       body: parts.isEmpty ? nil : String(parts.joined(separator: "\n\n").prefix(10_000)))
        try await InteractionRepository.insertMany(db, [(customerId, fields)], createdBy: principal.userId)
        _ = now
    }
}

extension LeadConversion {
    /// The pipelines a converted lead's deal may open in, in order.
    public func pipelines() async throws -> [(id: Int64, name: String)] {
        try await database.sql.raw("SELECT id, name FROM pipelines WHERE archived = \(bind: false) ORDER BY position, id LIMIT 100").all().map {
            (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "name", as: String.self))
        }
    }
}
