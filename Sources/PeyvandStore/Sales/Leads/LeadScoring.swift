import Foundation
import PeyvandCore
import SQLKit

/// What a scoring rule looks at.
public enum LeadRuleField: String, CaseIterable, Sendable {
    case source, campaign, channel, province, city, company, email, phone, message
    case need, budget, authority, timing

    /// The rep's judgement (BANT): a flag, matched by `present` when set to yes.
    public var isJudgement: Bool { [.need, .budget, .authority, .timing].contains(self) }
}

/// How a scoring rule matches its field: it is given (a flag: yes), it equals the value, or it
/// contains it (both Persian-normalised, so ي/ی and spacing do not matter).
public enum LeadRuleCondition: String, CaseIterable, Sendable {
    case present, equals, contains
}

/// One scoring rule: points added (or taken away) when the field matches.
public struct LeadScoringRule: Sendable, Hashable {
    public let id: Int64
    public let field: LeadRuleField
    public let condition: LeadRuleCondition
    public let value: String?
    public let points: Int
}

/// A lead's score and the rules that made it.
public struct LeadScore: Sendable, Hashable {
    public let total: Int
    public let reasons: [LeadScoringRule]
}

/// A lead's score: the sum of the points of every rule it matches.
public enum LeadScoring {
    /// The most scoring rules an organisation keeps (every lead is checked against all of them).
    public static let maxRules = 200

    static func rules(_ db: any SQLDatabase) async throws -> [(rule: LeadScoringRule, key: String?)] {
        try await db.raw("SELECT id, field, condition, value, value_key, points FROM lead_scoring_rules ORDER BY id LIMIT \(bind: maxRules)")
            .all().compactMap { row in
                guard let field = LeadRuleField(rawValue: try row.decode(column: "field", as: String.self)),
                      let condition = LeadRuleCondition(rawValue: try row.decode(column: "condition", as: String.self)) else { return nil }
                return (LeadScoringRule(id: try row.decode(column: "id", as: Int64.self), field: field, condition: condition,
                                        value: try row.decode(column: "value", as: String?.self), points: try row.decode(column: "points", as: Int.self)),
                        try row.decode(column: "value_key", as: String?.self))
            }
    }

    static func score(_ db: any SQLDatabase, _ f: LeadFields, channel: LeadChannel) async throws -> LeadScore {
        evaluate(try await rules(db), f, channel: channel)
    }

    /// Pure: the rules `f` matches and their total.
    static func evaluate(_ rules: [(rule: LeadScoringRule, key: String?)], _ f: LeadFields, channel: LeadChannel) -> LeadScore {
        var total = 0
        var reasons: [LeadScoringRule] = []
        for (rule, key) in rules where matches(rule, key: key, f, channel: channel) {
            total += rule.points
            reasons.append(rule)
        }
        return LeadScore(total: total, reasons: reasons)
    }

    static func matches(_ rule: LeadScoringRule, key: String?, _ f: LeadFields, channel: LeadChannel) -> Bool {
        let flag: Bool? = switch rule.field {
        case .need: f.need
        case .budget: f.budget
        case .authority: f.authority
        case .timing: f.timing
        default: nil
        }
        if rule.field.isJudgement { return flag == true }
        let text: String? = switch rule.field {
        case .source: f.source ?? channel.rawValue
        case .campaign: f.campaign
        case .channel: channel.rawValue
        case .province: f.province
        case .city: f.city
        case .company: f.company
        case .email: f.email
        case .phone: f.phone
        case .message: f.message
        default: nil
        }
        guard let text, !text.isEmpty else { return false }
        switch rule.condition {
        case .present: return true
        case .equals: return PersianText.searchKey(text) == (key ?? "")
        case .contains: return !(key ?? "").isEmpty && PersianText.searchKey(text).contains(key ?? "")
        }
    }
}

extension LeadScoring {
    /// The rules a lead with these fields matches, in order: the reasons of its score.
    public static func explain(_ rules: [(rule: LeadScoringRule, key: String?)], _ f: LeadFields, channel: LeadChannel) -> [LeadScoringRule] {
        evaluate(rules, f, channel: channel).reasons
    }
}
