import Foundation
import PeyvandCore
import PeyvandStore

/// The satisfaction classes in the reader's words: a class's label, each reason of "why this
/// class" as a sentence with its numbers (Persian digits and Jalali dates in fa), and the record
/// a reason points to.
extension PageText {
    func satisfactionLabel(_ c: SatisfactionClass?) -> String {
        c.map { $0.label(language: lang.rawValue) } ?? t("satisfaction_none")
    }

    /// "Class changed from Satisfied to Angry" ("Class set to Angry" for a first class).
    func satisfactionChange(from: SatisfactionClass?, to: SatisfactionClass?) -> String {
        t(from == nil ? "satisfaction_change_first" : "satisfaction_change")
            .replacingOccurrences(of: "{from}", with: satisfactionLabel(from)).replacingOccurrences(of: "{to}", with: satisfactionLabel(to))
    }

    /// `satisfaction_reason_<code with _ for .>` filled with the reason's parameters.
    func satisfactionSentence(_ reason: SatisfactionReason) -> String {
        let p = reason.params
        var text = t("satisfaction_reason_" + reason.code.replacingOccurrences(of: ".", with: "_"))
        var scores: [String] = []
        if let csat = p["csat"].flatMap(Int.init) { scores.append(t("satisfaction_csat") + " " + number(csat)) }
        if let nps = p["nps"].flatMap(Int.init) { scores.append(t("satisfaction_nps") + " " + number(nps)) }
        let values: [String: String] = [
            "at": p["at"].flatMap(Self.instant).map(when) ?? "—",
            "count": p["count"].flatMap(Int.init).map(number) ?? "",
            "days": p["days"].flatMap(Int.init).map(number) ?? "",
            "referrals": p["referrals"].flatMap(Int.init).map(number) ?? "",
            "average": p["average"].map(digits) ?? "",
            "scores": scores.joined(separator: lang == .fa ? "، " : ", "),
        ]
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// The page of the record a reason points to (`ref`), and what the link says.
    func satisfactionEvidence(_ reason: SatisfactionReason, customerId: Int64) -> (href: String, label: String)? {
        guard let ref = reason.params["ref"] else { return nil }
        let parts = ref.split(separator: ":")
        guard parts.count == 2, let id = Int64(parts[1]) else { return nil }
        switch parts[0] {
        case "ticket": return ("/tickets/\(id)", t("satisfaction_evidence_ticket"))
        case "order": return ("/orders/\(id)", t("satisfaction_evidence_return"))
        case "survey": return ("/customers/\(customerId)#timeline", t("satisfaction_evidence_survey"))
        case "invoice": return ("/invoices/\(id)#disputes", t("satisfaction_evidence_dispute"))
        default: return nil
        }
    }

    static func instant(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}

extension CustomersListModel {
    /// The classes filter's options: each class, and "angry or dissatisfied" (the customers to act on).
    static func satisfactionChoices(_ selected: [SatisfactionClass]?, _ x: PageText) -> [Choice] {
        let current = selected?.map(\.rawValue).joined(separator: ",") ?? ""
        let unhappy = [SatisfactionClass.angry, .dissatisfied]
        return [Choice(value: unhappy.map(\.rawValue).joined(separator: ","), label: x.t("satisfaction_unhappy"),
                       selected: current == unhappy.map(\.rawValue).joined(separator: ","))]
            + SatisfactionClass.allCases.map { Choice(value: $0.rawValue, label: x.satisfactionLabel($0), selected: current == $0.rawValue) }
    }
}
