import Foundation
import PeyvandCore
import PeyvandStore

extension PageText {
    func option(_ value: String, _ group: String, _ selected: String) -> Customer360Model.Option {
        .init(value: value, label: label(group, value), selected: value == selected)
    }
}

extension Customer360Model {
    /// The model of the page from what the query read; no I/O.
    init(_ data: Customer360Data, principal: Principal, filter: InteractionQuery, filterError: String?, params: FormData,
         logForm: FormData?, logIssues: [FieldIssue], documentIssues: [FieldIssue], text x: PageText) {
        let customer = data.customer, f = customer.fields, id = customer.id
        let owners = Dictionary(uniqueKeysWithValues: data.staff.map { ($0.id, $0.name) })
        let flashKey = [("saved", "customer_saved"), ("logged", "interaction_logged"), ("merged", "merge_done"),
                        ("attached", "document_attached"), ("unmerged", "merge_undone"),
                        ("sent", "message_queued"), ("held", "message_held")].last { params.get($0.0) != nil }?.1
        canWrite = principal.may(.customersWrite)
        canDelete = principal.may(.customersDelete)
        canLog = principal.may(.interactionsLog) && !customer.isDeleted
        canOrder = principal.may(.ordersWrite) && !customer.isDeleted
        canSend = principal.may(.messagesSend) && !customer.isDeleted
        canAudit = principal.may(.auditRead)
        self.customer = Header(
            id: id, name: f.name, givenName: f.givenName, familyName: f.familyName, kindLabel: x.label("kind", f.kind.rawValue),
            isOrganisation: f.kind == .organisation, stage: f.stage.rawValue, stageLabel: x.label("stage", f.stage.rawValue),
            phones: f.phones.map { Phone(text: x.phone($0), href: x.phoneLink($0)) }, emails: f.emails.map { Email($0, data.bounces, x) }, city: f.city, owner: f.ownerId.flatMap { owners[$0] },
            channelLabel: f.preferredChannel.map { x.label("channel", $0.rawValue) },
            consents: Consents.channels.filter { f.consents[$0] }.map { x.label("channel", $0) }, tags: f.tags, jobTitle: f.jobTitle,
            organisation: data.organisation.map { Link(id: $0.id, name: $0.fields.name) },
            customFields: f.customFields.sorted { $0.key < $1.key }.map {
                KeyValue(key: CustomerExportColumns.customFieldLabel($0.key, views: x.views, lang: x.lang), value: $0.value)
            },
            created: x.when(customer.createdAt), updated: x.when(customer.updatedAt), deleted: customer.isDeleted, flash: flashKey.map(x.t))
        people = data.people.map { Person(id: $0.id, name: $0.fields.name, jobTitle: $0.fields.jobTitle ?? "", phone: $0.fields.phones.first.map { Phone(text: x.phone($0), href: x.phoneLink($0)) }) }
        let kindDefault = logForm?["kind"] ?? "call"
        log = LogForm(
            kinds: InteractionKind.allCases.map { x.option($0.rawValue, "ikind", kindDefault) },
            directions: Direction.allCases.map { x.option($0.rawValue, "direction", logForm?["direction"] ?? "") },
            occurredAt: logForm?["occurredAt"] ?? FormDates.format(Date(), x.lang, timeZone: x.views.formatting.timeZone, withTime: true),
            subject: logForm?["subject"] ?? "", body: logForm?["body"] ?? "", outcome: logForm?["outcome"] ?? "",
            durationMinutes: logForm?["durationMinutes"] ?? "", cost: logForm?["cost"] ?? "", open: logForm != nil, errors: LogErrors(x.fieldErrorMap(logIssues)))
        filters = Filters(
            kinds: InteractionKind.allCases.map { x.option($0.rawValue, "ikind", filter.kind?.rawValue ?? "") },
            channels: ContactChannel.allCases.map { x.option($0.rawValue, "channel", filter.channel?.rawValue ?? "") },
            staff: data.staff.map { Option(value: String($0.id), label: $0.name, selected: $0.id == filter.staffId) },
            from: params.get("from") ?? "", to: params.get("to") ?? "", error: filterError.map { FieldError(field: "filters", fieldLabel: nil, message: $0) },
            active: filter.kind != nil || filter.channel != nil || filter.staffId != nil || filter.from != nil || filter.to != nil)
        let worth = data.worth
        value = Value(
            revenue: x.money(worth.value.revenue), costOfGoods: x.money(worth.value.costOfGoods), costToServe: x.money(worth.value.costToServe),
            profit: x.money(worth.value.profit), loss: worth.value.profit.isNegative, orders: x.number(worth.orders),
            interval: worth.repeatPurchaseIntervalDays.map { x.number(Int($0.rounded())) }, last: worth.lastOrderAt.map(x.when))
        scores = data.score.map { s in
            Scores(
                behaviour: s.segmentNumber.flatMap { n in data.segmentLevels[n].map { x.number(n) + ". " + x.segmentName($0) } },
                churn: s.churnRisk.map(x.percent),
                churnReasons: s.churnReasons.isEmpty ? nil : s.churnReasons.map { x.label("churnfeat", $0) }.joined(separator: x.lang == .fa ? "، " : ", "),
                segment: s.segment.rawValue, segmentLabel: x.label("rfmseg", s.segment.rawValue),
                rfm: x.number(s.r) + " · " + x.number(s.f) + " · " + x.number(s.m),
                alive: s.probabilityAlive.map(x.percent) ?? "—",
                expected: s.expectedPurchases.map { x.lang == .fa ? PersianText.persianDigits(String(format: "%.1f", $0)) : String(format: "%.1f", $0) } ?? "—",
                clv: s.lifetimeValue.map(x.money) ?? "—", computed: x.when(s.computedAt))
        }
        recentOrders = data.recentOrders.map {
            OrderRow(id: $0.id, number: x.number(Int($0.id)), status: $0.status.rawValue, statusLabel: x.label("ostatus", $0.status.rawValue), total: x.money($0.total), when: x.when($0.orderedAt))
        }
        timeline = data.timeline.items.map { Self.entry($0, customerId: id, x) }
        if let next = data.timeline.next {
            let kept = params.pairs.filter { $0.0 != "after" && $0.0 != "saved" && $0.0 != "logged" }
            var c = URLComponents()
            c.queryItems = (kept + [("after", next)]).map { URLQueryItem(name: $0.0, value: $0.1) }
            timelineNext = "/customers/\(id)?" + (c.percentEncodedQuery ?? "") + "#timeline"
        } else {
            timelineNext = nil
        }
        audit = data.audit.map {
            AuditRow(when: x.when($0.at), who: $0.actorName ?? "", action: x.label("action", $0.action), field: $0.field.map { x.t("field_\($0)") } ?? "",
                     before: Self.auditValue($0.field, $0.before, x), after: Self.auditValue($0.field, $0.after, x),
                     fieldKey: $0.field ?? "", actionKey: $0.action)
        }
        merges = data.merges.map { MergeRow(id: $0.id, sourceId: $0.sourceId, sourceNumber: x.number(Int($0.sourceId)), when: x.when($0.mergedAt)) }
        documentError = documentIssues.isEmpty ? nil : FieldError(
            field: "file", fieldLabel: nil, message: documentIssues.map { x.views.issueText($0, x.lang) }.joined(separator: x.lang == .fa ? "؛ " : "; "))
        relations = data.relations.map {
            Relation(label: x.t("relation_\($0.kind.rawValue.replacingOccurrences(of: "-", with: "_"))_\($0.incoming ? "in" : "out")"),
                     id: $0.other.id, name: $0.other.fields.name)
        }
        relationKinds = RelationKind.allCases.map {
            RelationKindOption(value: $0.rawValue, label: x.t("relation_\($0.rawValue.replacingOccurrences(of: "-", with: "_"))_out"))
        }
        let mayLink = principal.may(.customersWrite) && !customer.isDeleted  // messenger bots
        messenger = data.messenger.flatMap { Messenger($0, canCreate: mayLink, x) }
        deals = Customer360Deals(data.openDeals, customer: customer, principal: principal, text: x)  // sales
        sales = data.sales.map { SalesBox($0, customerId: customer.id, principal: principal, x) }
        tickets = Customer360Tickets(data.openTickets, customer: customer, principal: principal, text: x)  // service
        recovery = Customer360Recovery(data.recoveryCases, customer: customer, principal: principal, text: x)  // service recovery
        satisfaction = Customer360Satisfaction(data.satisfaction, customer: customer, principal: principal, text: x)  // satisfaction classes
        angryBanner = SatisfactionBanner(data.satisfaction?.angry, text: x)
    }

    static func entry(_ e: TimelineEntry, customerId: Int64, _ x: PageText) -> Entry {
        if let survey = e.survey { return surveyEntry(e, survey, customerId: customerId, x) }
        if e.source == "satisfaction" { return satisfactionEntry(e, customerId: customerId, x) }
        let commerce = e.source == "commerce"
        let orderId = commerce ? e.detail?.split(separator: " ").last.flatMap { Int64($0) } : nil
        // A quote's or contract's entry links to it; its number is in the reader's digits.
        let agreement = e.source == "agreement"
        let agreementHref = agreement ? e.detail.flatMap { detail -> String? in
            let parts = detail.split(separator: " ")
            guard parts.count == 2, let id = Int64(parts[1]) else { return nil }
            return "/\(parts[0])s/\(id)"
        } : nil
        return Entry(
            id: e.id, source: e.source, kind: e.kind, kindLabel: x.label("ikind", e.kind), isDocument: e.source == "document",
            orderHref: orderId.map { "/orders/\($0)" } ?? agreementHref,
            when: x.when(e.at), staff: e.staffName ?? "", channelLabel: e.channel.map { x.label("channel", $0.rawValue) },
            directionLabel: e.direction.map { x.label("direction", $0.rawValue) },
            // A commerce entry's stored title is English ("order #578", "payment on 1405-000287"): the page
            // says it from what it names instead — the order's number, and the invoice's, isolated.
            title: commerce ? orderId.map { x.t("order") + " #" + x.number(Int($0)) } ?? x.label("ikind", e.kind) : agreement ? e.title.map(x.digits) : e.title,
            detail: commerce || agreement ? nil : e.detail, outcome: callOutcome(e, x),
            duration: e.durationSeconds.map { x.number(($0 + 59) / 60) }, cost: e.cost.map(x.money),
            otherCustomer: e.customerId != customerId ? e.customerId : nil,
            reference: commerce ? e.title.flatMap(Self.invoiceNumber).map(x.digits) : nil,
            deliveryStatus: e.deliveryStatus?.rawValue, deliveryLabel: e.deliveryStatus.map { x.label("delivery", $0.rawValue) })
    }

    /// A survey answer: what it was about (linked), its scores and the customer's comment.
    static func surveyEntry(_ e: TimelineEntry, _ s: TimelineSurvey, customerId: Int64, _ x: PageText) -> Entry {
        var scores: [SurveyScore] = []
        if let v = s.csat {
            scores.append(SurveyScore(label: x.t("survey_csat"), value: SurveyBox.score(v, of: 5, x), key: v <= 2 ? "low" : v >= 4 ? "high" : "mid"))
        }
        if let v = s.nps {
            scores.append(SurveyScore(label: x.t("survey_nps"), value: SurveyBox.score(v, of: 10, x), key: v <= 6 ? "low" : v >= 9 ? "high" : "mid"))
        }
        let title = s.ticketNumber.map { x.t("survey_about_ticket").replacingOccurrences(of: "{number}", with: "\u{2066}" + x.digits($0) + "\u{2069}") }
            ?? s.orderId.map { x.t("survey_about_order").replacingOccurrences(of: "{number}", with: x.number(Int($0))) }
        var entry = Entry(id: e.id, source: e.source, kind: e.kind, kindLabel: x.label("ikind", e.kind), isDocument: false,
                          orderHref: s.ticketId.map { "/tickets/\($0)" } ?? s.orderId.map { "/orders/\($0)" }, when: x.when(e.at), staff: "",
                          channelLabel: e.channel.map { x.label("channel", $0.rawValue) }, directionLabel: nil, title: title, detail: e.detail,
                          outcome: nil, duration: nil, cost: nil, otherCustomer: e.customerId != customerId ? e.customerId : nil, reference: nil)
        entry.surveyScores = scores.isEmpty ? nil : scores
        return entry
    }

    /// A logged call's outcome as the PBX connector stores it (`answered`, `missed`) in the reader's words.
    static func callOutcome(_ e: TimelineEntry, _ x: PageText) -> String? {
        guard e.kind == InteractionKind.call.rawValue, let outcome = e.outcome, outcome == "answered" || outcome == "missed" else { return e.outcome }
        return x.t("call_outcome_" + outcome)
    }

    /// A value in the audit log as the reader knows it: a stage, kind or channel by its label, else as stored.
    static func auditValue(_ field: String?, _ value: String?, _ x: PageText) -> String {
        guard let value, !value.isEmpty else { return "" }
        let group = ["stage": "stage", "kind": "kind", "preferredChannel": "channel"][field ?? ""]
        guard let group else { return value }
        let text = x.label(group, value)
        return text.hasPrefix(group + "_") ? value : text
    }

    /// The invoice number (`1405-000287`) a commerce entry's title names, if any.
    static func invoiceNumber(_ title: String) -> String? {
        let words: [Substring] = title.split(separator: Character(" "))
        for word in words {
            let parts: [Substring] = word.split(separator: Character("-"))
            if parts.count == 2, parts[0].count == 4, parts[1].count >= 4, word.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) {
                return String(word)
            }
        }
        return nil
    }

}

extension Customer360Model.Email {
    /// The address with its bounce badge: the status and when, in the reader's language and calendar.
    init(_ address: String, _ bounces: [String: EmailBounce], _ x: PageText) {
        guard let b = bounces[address.lowercased()] else {
            self.init(address: address)
            return
        }
        let hint = x.t(b.hard ? "email_bounced_hint" : "email_bounced_soft_hint")
            .replacingOccurrences(of: "{status}", with: b.summary).replacingOccurrences(of: "{when}", with: x.when(b.lastAt))
        self.init(address: address, bounce: .init(label: x.t(b.hard ? "email_bounced" : "email_bounced_soft"), hint: hint, hard: b.hard))
    }
}
