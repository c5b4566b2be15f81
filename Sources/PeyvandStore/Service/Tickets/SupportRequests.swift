import Foundation
import PeyvandCore
import SQLKit

/// What a visitor sends through the public support form `/support/new`.
public struct SupportRequest: Sendable, Hashable {
    public var name: String?
    public var email: String?
    public var phone: String?
    public var subject: String?
    public var body: String?
    public var category: String?
    public var language: Language

    public init(name: String? = nil, email: String? = nil, phone: String? = nil, subject: String? = nil, body: String? = nil,
                category: String? = nil, language: Language = .fa) {
        (self.name, self.email, self.phone, self.subject, self.body, self.category, self.language) = (name, email, phone, subject, body, category, language)
    }
}

/// What became of a support form.
public enum SupportOutcome: Sendable, Hashable {
    /// A ticket was opened: its number, for the visitor to quote.
    case opened(number: String)
    /// The honeypot was filled in: nothing stored, and the visitor (a robot) is thanked anyway.
    case ignored
    case throttled(retryAfter: Int)
    case invalid(ValidationError)
}

/// The public support form: no sign-in; a honeypot and a per-address limit (counted in the
/// database like the web-to-lead forms', so every instance enforces the same) keep robots out.
/// The customer is found by email, then phone, else becomes a new contact; the request goes on
/// their timeline and opens a ticket, routed at once, in the visitor's language.
public struct SupportRequests: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public static let perMinute = 3
    public static let perHour = 20

    static let visitor = Principal(userId: 0, name: "support form", role: .administrator)

    public func submit(_ request: SupportRequest, address: String, honeypot: Bool, now: Date = Date()) async throws -> SupportOutcome {
        let checked: Result<(TicketFields, name: String, email: String?, phone: String?), ValidationError>
        do { checked = .success(try Self.validated(request)) } catch { checked = .failure(error) }
        return try await database.transaction { db in
            if let wait = try await WebToLeadThrottle.count(db, address: "support:" + address, perMinute: Self.perMinute, perHour: Self.perHour, now: now) {
                return .throttled(retryAfter: wait)
            }
            guard !honeypot else { return .ignored }
            switch checked {
            case .failure(let error): return .invalid(error)
            case .success(let (fields, name, email, phone)):
                var customerId: Int64?
                if let email { customerId = try await Inbox.customer(at: .email, address: email, in: db) }
                if customerId == nil, let phone { customerId = try await Inbox.customer(at: .sms, address: phone, in: db) }
                if customerId == nil {
                    var contact = CustomerFields(name: String(name.prefix(CustomerInput.Limits.name)), stage: .lead)
                    contact.emails = email.map { [$0] } ?? []
                    contact.phones = phone.map { [$0] } ?? []
                    contact.preferredChannel = email != nil ? .email : .sms
                    customerId = try await CustomerRepository.insertRow(db, contact, createdAt: now, by: Self.visitor)
                }
                let id = customerId ?? 0
                let interaction = try await Tickets.logInteraction(db, customerId: id, channel: .web, subject: fields.subject, body: fields.body,
                                                                   staffId: nil, at: now)
                let ticket = try await TicketIntake.insert(db, fields, customerId: id,
                                                           first: TicketIntake.FirstMessage(body: fields.body, interactionId: interaction),
                                                           threadId: nil, replyAddress: nil, by: Self.visitor, at: now)
                let number = try await db.raw("SELECT number FROM tickets WHERE id = \(bind: ticket)").first()?.decode(column: "number", as: String.self)
                return .opened(number: number ?? "")
            }
        }
    }

    static func validated(_ r: SupportRequest) throws(ValidationError) -> (TicketFields, name: String, email: String?, phone: String?) {
        var issues: [FieldIssue] = []
        let name = (r.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { issues.append(FieldIssue(field: "name", reason: "is required", code: "required")) }
        var email: String?
        if let raw = r.email?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            do { email = try EmailAddress(parsing: String(raw.prefix(254))).value.lowercased() } catch {
                issues.append(FieldIssue(field: "email", reason: "is not a valid email address", code: "email.invalid"))
            }
        }
        var phone: String?
        if let raw = r.phone?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            do { phone = try PhoneNumber(parsing: String(raw.prefix(40))).e164 } catch {
                issues.append(FieldIssue(field: "phone", reason: "is not a valid telephone number", code: "phone.invalid"))
            }
        }
        if email == nil, phone == nil, !issues.contains(where: { $0.field == "email" || $0.field == "phone" }) {
            issues.append(FieldIssue(field: "email", reason: "give an email address or a telephone number", code: "support.contact"))
        }
        if (r.body ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            issues.append(FieldIssue(field: "body", reason: "is required", code: "required"))
        }
        var fields: TicketFields?
        do {
            fields = try TicketInput(subject: r.subject, body: r.body, channel: "web", category: r.category, language: r.language.rawValue)
                .validated(customerRequired: false)
        } catch { issues += error.issues.filter { $0.field != "subject" } }
        if !issues.isEmpty { throw ValidationError(issues) }
        return (fields!, name, email, phone)
    }
}
