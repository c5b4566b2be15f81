import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// The customer 360 page: header, value and scores, relations, people, the merged timeline with
/// its filters and the log-an-interaction form, documents, merges and the audit log.
extension CustomerPages {
    /// The customer 360: header, the "log an interaction" form, the one timeline (with filters),
    /// an organisation's people, and the change history.
    func render360(_ request: Request, _ context: AppRequestContext, id: Int64, logForm: FormData?, logIssues: [FieldIssue],
                   documentError: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let customer = try await customers.get(id, by: principal)
        let audit = principal.may(.auditRead) ? try await customers.audit(of: customer, by: principal, limit: 50) : []
        let staff = try await users.list(limit: 500).items
        let owners = Dictionary(uniqueKeysWithValues: staff.map { ($0.id, $0.name) })
        let lang = context.language
        let f = customer.fields
        let tz = views.formatting.timeZone
        let params = FormData.query(request)
        var flash: String?
        if params.get("saved") != nil { flash = views.t("customer_saved", context) }
        if params.get("logged") != nil { flash = views.t("interaction_logged", context) }
        if params.get("merged") != nil { flash = views.t("merge_done", context) }
        if params.get("attached") != nil { flash = views.t("document_attached", context) }
        if params.get("unmerged") != nil { flash = views.t("merge_undone", context) }
        let mergeRows: [[String: Any]] = try await MergeService(customers.database).merges(into: id).filter { $0.undoneAt == nil }.map { m in
            ["id": m.id, "sourceId": m.sourceId, "when": views.formatting.dateTime(m.mergedAt, lang)]
        }

        var filterError: String?
        var query = InteractionQuery(limit: 30)
        query.kind = params.get("kind").flatMap(InteractionKind.init(rawValue:))
        query.channel = params.get("channel").flatMap(ContactChannel.init(rawValue:))
        query.staffId = params.get("staff").flatMap { Int64($0) }
        for (name, keyPath, shift) in [("from", \InteractionQuery.from, 0.0), ("to", \InteractionQuery.to, 86400.0)] {
            if let text = params.get(name), !text.isEmpty {
                if let date = FormDates.parse(text, timeZone: tz) { query[keyPath: keyPath] = date.addingTimeInterval(shift) } else {
                    filterError = views.t("date_format_hint", context)
                }
            }
        }
        query.before = params.get("after").flatMap(TimelineCursor.decode)
        let page = try await timeline.page(of: customer, query, by: principal)
        var nextHref: Any = false
        if let next = page.next {
            let kept = params.pairs.filter { $0.0 != "after" && $0.0 != "saved" && $0.0 != "logged" }
            var c = URLComponents()
            c.queryItems = (kept + [("after", next)]).map { URLQueryItem(name: $0.0, value: $0.1) }
            nextHref = "/customers/\(id)?" + (c.percentEncodedQuery ?? "") + "#timeline"
        }

        var organisation: Any = false
        if let orgId = f.organisationId, let org = try? await customers.get(orgId, by: principal) {
            organisation = ["id": org.id, "name": org.fields.name]
        }
        var people: [[String: Any]] = []
        if f.kind == .organisation {
            people = try await customers.list(CustomerQuery(organisationId: id, limit: 200), by: principal).items.map { p in
                ["id": p.id, "name": p.fields.name, "jobTitle": p.fields.jobTitle ?? "", "phone": p.fields.phones.first ?? ""]
            }
        }
        var logErrors: [String: String] = [:]
        for issue in logIssues { logErrors[issue.field] = [logErrors[issue.field], issue.reason].compactMap { $0 }.joined(separator: "; ") }
        let kindDefault = logForm?["kind"] ?? "call"

        let header: [String: Any] = [
            "id": customer.id, "name": f.name, "givenName": f.givenName ?? false, "familyName": f.familyName ?? false,
            "kindLabel": views.catalogs.label("kind", f.kind.rawValue, lang), "isOrganisation": f.kind == .organisation,
            "stage": f.stage.rawValue, "stageLabel": views.catalogs.label("stage", f.stage.rawValue, lang),
            "phones": f.phones, "emails": f.emails, "city": f.city ?? false,
            "owner": f.ownerId.flatMap { owners[$0] } ?? false,
            "channelLabel": f.preferredChannel.map { views.catalogs.label("channel", $0.rawValue, lang) } ?? false,
            "consents": Consents.channels.filter { f.consents[$0] }.map { views.catalogs.label("channel", $0, lang) },
            "tags": f.tags, "jobTitle": f.jobTitle ?? false, "organisation": organisation,
            "customFields": f.customFields.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] },
            "created": views.formatting.dateTime(customer.createdAt, lang), "updated": views.formatting.dateTime(customer.updatedAt, lang),
            "deleted": customer.isDeleted, "flash": flash ?? false,
        ]
        let log: [String: Any] = [
            "kinds": InteractionKind.allCases.map { option($0.rawValue, "ikind", kindDefault, lang) },
            "directions": Direction.allCases.map { option($0.rawValue, "direction", logForm?["direction"] ?? "", lang) },
            "occurredAt": logForm?["occurredAt"] ?? FormDates.format(Date(), lang, timeZone: tz, withTime: true),
            "subject": logForm?["subject"] ?? "", "body": logForm?["body"] ?? "", "outcome": logForm?["outcome"] ?? "",
            "durationMinutes": logForm?["durationMinutes"] ?? "", "cost": logForm?["cost"] ?? "",
            "open": logForm != nil, "errors": logErrors,
        ]
        let staffOptions: [[String: Any]] = staff.map { ["value": String($0.id), "label": $0.name, "selected": $0.id == query.staffId] }
        let filters: [String: Any] = [
            "kinds": InteractionKind.allCases.map { option($0.rawValue, "ikind", query.kind?.rawValue ?? "", lang) },
            "channels": ContactChannel.allCases.map { option($0.rawValue, "channel", query.channel?.rawValue ?? "", lang) },
            "staff": staffOptions, "from": params.get("from") ?? "", "to": params.get("to") ?? "", "error": filterError ?? false,
            "active": query.kind != nil || query.channel != nil || query.staffId != nil || query.from != nil || query.to != nil,
        ]
        let relationRows: [[String: Any]] = try await CustomerRelations(customers.database).list(of: id, by: principal).map { r in
            ["label": views.t("relation_\(r.kind.rawValue.replacingOccurrences(of: "-", with: "_"))_\(r.incoming ? "in" : "out")", context),
             "id": r.other.id, "name": r.other.fields.name]
        }
        let entries: [[String: Any]] = page.items.map { timelineRow($0, customerId: id, lang) }
        let worth = try await CustomerValueQuery(customers.database).value(of: customer)
        let money = { (m: Money) in views.money(m, context) }
        let value: [String: Any] = [
            "revenue": money(worth.value.revenue), "costOfGoods": money(worth.value.costOfGoods), "costToServe": money(worth.value.costToServe),
            "profit": money(worth.value.profit), "loss": worth.value.profit.isNegative, "orders": views.formatting.number(worth.orders, lang),
            "interval": worth.repeatPurchaseIntervalDays.map { views.formatting.number(Int($0.rounded()), lang) } ?? false,
            "last": worth.lastOrderAt.map { views.formatting.dateTime($0, lang) } ?? false,
        ]
        var scores: Any = false
        let scoring = CustomerScores(customers.database)
        if let s = try await scoring.score(of: customer) {
            let segments = s.segmentNumber == nil ? nil : try await scoring.latestRun("segments")
            scores = [
                "behaviour": s.segmentNumber.flatMap { n in segments.map {
                    views.formatting.number(n, lang) + ". " + AnalyticsPages.segmentName($0.parameters, n, views.catalogs, lang) } } ?? false,
                "churn": s.churnRisk.map { views.formatting.number(Int(($0 * 100).rounded()), lang) + (lang == .fa ? "٪" : "%") } ?? false,
                "churnReasons": s.churnReasons.isEmpty ? false as Any
                    : s.churnReasons.map { views.catalogs.label("churnfeat", $0, lang) }.joined(separator: lang == .fa ? "، " : ", "),
                "segment": s.segment.rawValue, "segmentLabel": views.catalogs.label("rfmseg", s.segment.rawValue, lang),
                "rfm": views.formatting.number(s.r, lang) + " · " + views.formatting.number(s.f, lang) + " · " + views.formatting.number(s.m, lang),
                "alive": s.probabilityAlive.map { views.formatting.number(Int(($0 * 100).rounded()), lang) + (lang == .fa ? "٪" : "%") } ?? "—",
                "expected": s.expectedPurchases.map { lang == .fa ? PersianText.persianDigits(String(format: "%.1f", $0)) : String(format: "%.1f", $0) } ?? "—",
                "clv": s.lifetimeValue.map { money($0) } ?? "—", "computed": views.formatting.dateTime(s.computedAt, lang),
            ] as [String: Any]
        }
        let recentOrders: [[String: Any]] = try await OrderRepository(customers.database).summaries(of: customer, limit: 5).map { o in
            ["id": o.id, "status": o.status.rawValue, "statusLabel": views.catalogs.label("ostatus", o.status.rawValue, lang),
             "total": money(o.total), "when": views.formatting.dateTime(o.orderedAt, lang)]
        }
        let changes: [[String: Any]] = audit.map { auditRow($0, context) }
        return views.page("customer", request, context, title: f.name, current: "customers", status: status, [
            "canWrite": principal.may(.customersWrite), "canDelete": principal.may(.customersDelete),
            "canLog": principal.may(.interactionsLog) && !customer.isDeleted,
            "customer": header, "people": people, "log": log, "filters": filters, "value": value, "recentOrders": recentOrders, "scores": scores,
            "canOrder": principal.may(.ordersWrite) && !customer.isDeleted,
            "timeline": entries, "timelineNext": nextHref, "audit": changes, "merges": mergeRows,
            "documentError": documentError ?? false, "relations": relationRows,
            "relationKinds": RelationKind.allCases.map { ["value": $0.rawValue, "label": views.t("relation_\($0.rawValue.replacingOccurrences(of: "-", with: "_"))_out", context)] },
        ])
    }

    func timelineRow(_ e: TimelineEntry, customerId: Int64, _ lang: Language) -> [String: Any] {
        [
            "id": e.id, "source": e.source, "kind": e.kind, "kindLabel": views.catalogs.label("ikind", e.kind, lang),
            "isDocument": e.source == "document",
            "orderHref": e.source == "commerce" ? (e.detail?.split(separator: " ").last.map { "/orders/\($0)" } ?? false) as Any : false,
            "when": views.formatting.dateTime(e.at, lang), "staff": e.staffName ?? "",
            "channelLabel": e.channel.map { views.catalogs.label("channel", $0.rawValue, lang) } ?? false,
            "directionLabel": e.direction.map { views.catalogs.label("direction", $0.rawValue, lang) } ?? false,
            "title": e.title ?? false, "detail": e.source == "commerce" ? false : (e.detail ?? false) as Any, "outcome": e.outcome ?? false,
            "duration": e.durationSeconds.map { views.formatting.number(($0 + 59) / 60, lang) } ?? false,
            "cost": e.cost.map { $0.formatted(language: lang.rawValue) } ?? false,
            "otherCustomer": e.customerId != customerId ? e.customerId as Any : false,
        ]
    }

    func auditRow(_ e: AuditEntry, _ context: AppRequestContext) -> [String: Any] {
        let lang = context.language
        return [
            "when": views.formatting.dateTime(e.at, lang), "who": e.actorName ?? "",
            "action": views.catalogs.label("action", e.action, lang),
            "field": e.field.map { views.t("field_\($0)", context) } ?? "",
            "before": e.before ?? "", "after": e.after ?? "", "fieldKey": e.field ?? "", "actionKey": e.action,
        ]
    }
}
