import Foundation
import PeyvandCore
import PeyvandStore

/// The filters of the customers list as the page carries them: the parameters as typed (every one
/// of `CustomerQuery.filterParameters`), and links that keep them — to the next page, to each
/// export, and to the same list without one of them (the chip's ×).
struct CustomerListFilters {
    /// The filter parameters of the request, in the order `CustomerQuery.filterParameters` names them.
    let pairs: [(String, String)]

    init(_ params: FormData) {
        pairs = CustomerQuery.filterParameters.compactMap { name in
            params.get(name).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : (name, $0) }
        }
    }

    /// `base` with the filters (but `without` one) and `extra` parameters.
    func href(_ base: String, without: String? = nil, _ extra: [(String, String)] = []) -> String {
        var c = URLComponents()
        c.queryItems = (pairs.filter { $0.0 != without } + extra).map { URLQueryItem(name: $0.0, value: $0.1) }
        let q = (c.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return q.isEmpty ? base : base + "?" + q
    }
}

extension CustomersListModel {
    /// One active filter, said for the reader, with the link to the list without it.
    struct Chip { let param: String, label: String, value: String?, removeHref: String }
    struct Exports { let csv: String, csvMachine: String, vcf: String, jsonl: String }

    static func chips(_ filters: CustomerListFilters, owners: [Int64: String], text x: PageText) -> [Chip] {
        filters.pairs.map { name, raw in
            let label: String
            var value: String? = raw
            switch name {
            case "q": label = x.t("search")
            case "stage": label = x.t("field_stage"); value = x.label("stage", raw)
            case "city": label = x.t("field_city")
            case "ownerId": label = x.t("field_owner"); value = Int64(raw).flatMap { owners[$0] } ?? x.digits(raw)
            case "tag": label = x.t("field_tags")
            case "consent": label = x.t("filter_consent"); value = x.label("channel", raw)
            case "createdFrom": label = x.t("filter_created_from"); value = x.digits(raw)
            case "createdTo": label = x.t("filter_created_to"); value = x.digits(raw)
            case "updatedFrom": label = x.t("filter_updated_from"); value = x.digits(raw)
            case "updatedTo": label = x.t("filter_updated_to"); value = x.digits(raw)
            case "rfm": label = x.t("score_segment"); value = x.label("rfmseg", raw)
            case "behaviour": label = x.t("score_behaviour"); value = x.digits(raw)
            case "minChurnRisk": label = x.t("filter_min_churn"); value = Double(raw).map(x.percent) ?? x.digits(raw)
            case "satisfaction": label = x.t("satisfaction_title")
                value = raw.split(separator: ",").map { x.satisfactionLabel(SatisfactionClass(rawValue: $0.trimmingCharacters(in: .whitespaces))) }
                    .joined(separator: x.lang == .fa ? "، " : ", ")
            case "includeDeleted": label = x.t("show_deleted"); value = nil
            default: label = name
            }
            return Chip(param: name, label: label, value: value, removeHref: filters.href("/customers", without: name))
        }
    }
}
