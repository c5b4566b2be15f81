import Foundation
import PeyvandCore
import PeyvandStore

/// What the customer 360 template renders, typed: every value already in the reader's language
/// (labels from the catalog, digits, dates in their calendar). Built from `Customer360Data` with
/// no I/O, so a test builds one without a database and renders it (`Customer360ViewTests`).
struct Customer360Model {
    struct Option { let value: String; let label: String; let selected: Bool }
    struct Link { let id: Int64; let name: String }
    struct KeyValue { let key: String; let value: String }
    /// A phone as its reader dials it, and its `tel:` link in E.164.
    struct Phone { let text: String; let href: String }
    /// An email address, with a badge when mail to it bounced (`hard`: it is not sent there again).
    struct Email: ExpressibleByStringLiteral {
        struct Bounce { let label: String; let hint: String; let hard: Bool }
        let address: String
        let bounce: Bounce?

        init(address: String, bounce: Bounce? = nil) {
            self.address = address
            self.bounce = bounce
        }

        /// An address without a bounce (the samples' shorthand).
        init(stringLiteral address: String) { self.init(address: address) }
    }
    struct Header {
        let id: Int64, name: String, givenName: String?, familyName: String?, kindLabel: String, isOrganisation: Bool
        let stage: String, stageLabel: String, phones: [Phone], emails: [Email], city: String?, owner: String?
        let channelLabel: String?, consents: [String], tags: [String], jobTitle: String?, organisation: Link?
        let customFields: [KeyValue], created: String, updated: String, deleted: Bool, flash: String?
    }
    struct Person { let id: Int64; let name: String; let jobTitle: String; let phone: Phone? }
    struct LogForm {
        let kinds: [Option], directions: [Option], occurredAt: String, subject: String, body: String, outcome: String
        let durationMinutes: String, cost: String, open: Bool, errors: LogErrors
    }
    /// The log form's problems, one property a field it shows (`field-error.mustache`).
    struct LogErrors {
        let kind: FieldError?, occurredAt: FieldError?, subject: FieldError?, body: FieldError?, durationMinutes: FieldError?, cost: FieldError?

        init(_ e: [String: FieldError] = [:]) {
            kind = e["kind"]; occurredAt = e["occurredAt"]; subject = e["subject"]; body = e["body"]
            durationMinutes = e["durationMinutes"]; cost = e["cost"]
        }
    }
    struct Filters { let kinds: [Option], channels: [Option], staff: [Option], from: String, to: String, error: FieldError?, active: Bool }
    struct Relation { let label: String; let id: Int64; let name: String }
    struct Value {
        let revenue: String, costOfGoods: String, costToServe: String, profit: String, loss: Bool, orders: String
        let interval: String?, last: String?
    }
    struct Scores {
        let behaviour: String?, churn: String?, churnReasons: String?, segment: String, segmentLabel: String, rfm: String
        let alive: String, expected: String, clv: String, computed: String
    }
    struct OrderRow { let id: Int64; let number: String; let status: String; let statusLabel: String; let total: String; let when: String }
    struct Entry {
        let id: Int64, source: String, kind: String, kindLabel: String, isDocument: Bool, orderHref: String?, when: String
        let staff: String, channelLabel: String?, directionLabel: String?, title: String?, detail: String?, outcome: String?
        let duration: String?, cost: String?, otherCustomer: Int64?
        /// An invoice's number in a commerce entry, shown isolated.
        let reference: String?
        /// A message on a channel: queued, sent, delivered, failed, bounced or received, and its label.
        var deliveryStatus: String? = nil
        var deliveryLabel: String? = nil
        /// A survey answer's scores, in the reader's words and digits.
        var surveyScores: [SurveyScore]? = nil
    }
    struct SurveyScore { let label: String, value: String, key: String }
    struct AuditRow {
        let when: String, who: String, action: String, field: String, before: String, after: String, fieldKey: String, actionKey: String
    }
    struct MergeRow { let id: Int64; let sourceId: Int64; let sourceNumber: String; let when: String }
    struct RelationKindOption { let value: String; let label: String }

    let canWrite: Bool, canDelete: Bool, canLog: Bool, canOrder: Bool
    /// Whether the reader may send this customer a message (the "send a message" button).
    var canSend: Bool = false
    /// Whether the reader may see the audit log (the section is left out otherwise).
    let canAudit: Bool
    let customer: Header
    let people: [Person]
    let log: LogForm
    let filters: Filters
    let value: Value
    let scores: Scores?
    let recentOrders: [OrderRow]
    let timeline: [Entry]
    let timelineNext: String?
    let audit: [AuditRow]
    let merges: [MergeRow]
    let documentError: FieldError?
    let relations: [Relation]
    let relationKinds: [RelationKindOption]
    /// Messenger bots: the "Connect a messenger" box (nil when no bot is configured).
    var messenger: Messenger? = nil
    /// Sales: the "Deals" box (nil for those who do not read sales).
    var deals: Customer360Deals? = nil
    /// Sales: the "Tasks and meetings" box.
    var sales: SalesBox? = nil
    /// Service: the "Tickets" box (nil for those who do not read tickets).
    var tickets: Customer360Tickets? = nil
    /// Service: the "Recovery" box (nil for those who do not read tickets).
    var recovery: Customer360Recovery? = nil
    /// Satisfaction: the "Satisfaction" box, and the banner when the customer is angry.
    var satisfaction: Customer360Satisfaction? = nil
    var angryBanner: SatisfactionBanner? = nil
}
