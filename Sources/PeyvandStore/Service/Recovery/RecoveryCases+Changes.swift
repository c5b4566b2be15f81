import Foundation
import PeyvandCore
import SQLKit

extension RecoveryCases {
    /// Changes the fields given (`recovery.manage`), refusing a lost update (the version read) and
    /// a closed case. A replacement links a return of this customer and makes the replacement
    /// order, in the same transaction.
    public func update(_ id: Int64, _ change: RecoveryCaseChange, expectedVersion: Int?, by principal: Principal,
                       now: Date = Date()) async throws -> RecoveryCase {
        try principal.require(.recoveryManage, to: "change recovery cases")
        _ = try await get(id, by: principal)
        let cause = try Self.text(change.cause, field: "cause"), remedy = try Self.text(change.remedy, field: "remedy")
        let outcome = try Self.text(change.outcome, field: "outcome")
        try await database.transaction { db in
            let old = try await Self.fetch(db, id)
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            guard old.status == .open else { throw StoreError.conflict("the case \(old.number) is closed") }
            if let owner = change.ownerId, owner != old.ownerId { try await SalesReach.checkUser(db, owner, field: "ownerId") }
            let comp = try await Self.compensation(db, old, change)
            var replacementOrderId = old.replacementOrderId
            if comp.kind == .replacement, let returnId = comp.returnId, replacementOrderId == nil {
                replacementOrderId = try await Self.replacementOrder(db, old, returnId: returnId, by: principal, now: now)
            }
            let at = Clock.millis(now)
            let updated = try await db.raw("""
                UPDATE recovery_cases SET cause = \(bind: change.cause == nil ? old.cause : cause),
                  remedy = \(bind: change.remedy == nil ? old.remedy : remedy), outcome = \(bind: change.outcome == nil ? old.outcome : outcome),
                  owner_id = \(bind: change.ownerId ?? old.ownerId), compensation_kind = \(bind: comp.kind.rawValue),
                  compensation_minor = \(bind: comp.amount?.minorUnits), compensation_currency = \(bind: comp.amount?.currency.rawValue),
                  compensation_points = \(bind: comp.points), return_id = \(bind: comp.returnId), replacement_order_id = \(bind: replacementOrderId),
                  version = version + 1, updated_at = \(bind: at)
                WHERE id = \(bind: id) AND version = \(bind: Int64(old.version))
                RETURNING id
                """).first()
            if updated == nil { throw StoreError.versionMismatch(current: old.version + 1) }
            let new = try await Self.fetch(db, id)
            for (field, before, after) in Self.changes(old, new) {
                try await AuditLog.record(db, entity: "recovery-case", entityId: id, by: principal, action: "update", field: field,
                                          before: before, after: after, at: at)
            }
        }
        return try await Self.fetch(database.sql, id)
    }

    /// Closes an open case as recovered or not, with what came of it. Recovered: the customer is
    /// reassessed at once (the classes then ignore the evidence dated before the recovery), and
    /// the class they are in afterwards is stored as `class_after`, measured now.
    public func close(_ id: Int64, recovered: Bool, outcome: String?, expectedVersion: Int?, by principal: Principal,
                      now: Date = Date()) async throws -> RecoveryCase {
        try principal.require(.recoveryManage, to: "close recovery cases")
        _ = try await get(id, by: principal)
        let outcome = try Self.text(outcome, field: "outcome")
        try await database.transaction { db in
            let old = try await Self.fetch(db, id)
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            guard old.status == .open else { throw StoreError.conflict("the case \(old.number) is already closed") }
            let at = Clock.millis(now)
            let status: RecoveryStatus = recovered ? .recovered : .notRecovered
            let closed = try await db.raw("""
                UPDATE recovery_cases SET status = \(bind: status.rawValue), outcome = \(bind: outcome ?? old.outcome), closed_at = \(bind: at),
                  version = version + 1, updated_at = \(bind: at)
                WHERE id = \(bind: id) AND version = \(bind: Int64(old.version)) AND status = 'open'
                RETURNING id
                """).first()
            if closed == nil { throw StoreError.versionMismatch(current: old.version + 1) }
            if recovered { try await SatisfactionAssessment.reassess(db, customerId: old.customerId, cause: "recovery", now: now) }
            let after: String? = try await db.raw("SELECT class FROM customer_satisfaction WHERE customer_id = \(bind: old.customerId)").first()?
                .decode(column: "class", as: String?.self) ?? nil
            try await db.raw("""
                UPDATE recovery_cases SET class_after = \(bind: after), measured_at = \(bind: at) WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, entity: "recovery-case", entityId: id, by: principal, action: "close", field: "status",
                                      before: old.status.rawValue, after: status.rawValue + (after.map { " · class \($0)" } ?? ""), at: at)
            if let ticketId = old.ticketId {
                try await SatisfactionResponse.note(db, ticketId: ticketId, at: now,
                                                    fa: "پرونده جبران خدمت \u{2068}\(old.number)\u{2069} بسته شد: \(recovered ? "مشتری بازگشت" : "جبران نشد").",
                                                    en: "Recovery case \u{2068}\(old.number)\u{2069} closed: \(recovered ? "recovered" : "not recovered").")
            }
        }
        return try await Self.fetch(database.sql, id)
    }

    /// The cases of one customer, newest first (the 360 page's box).
    public func of(customerId: Int64, limit: Int = 10, by principal: Principal) async throws -> [RecoveryCase] {
        try await list(RecoveryQuery(customerId: customerId, limit: limit), by: principal).items
    }

    /// The compensation after the change, checked: amounts non-negative in the organisation's
    /// currency, points a whole non-negative number, a replacement's return this customer's.
    static func compensation(_ db: any SQLDatabase, _ old: RecoveryCase, _ change: RecoveryCaseChange) async throws
        -> (kind: CompensationKind, amount: Money?, points: Int64?, returnId: Int64?) {
        let kind = change.compensationKind ?? old.compensationKind
        var issues: [FieldIssue] = []
        if old.replacementOrderId != nil, kind != .replacement || (change.returnId.map { $0 != old.returnId } ?? false) {
            issues.append(FieldIssue(field: "compensationKind", reason: "a replacement order was already made for this case",
                                     code: "recovery.replacementMade", params: ["order": String(old.replacementOrderId ?? 0)]))
        }
        var amount: Money?, points: Int64?, returnId: Int64?
        switch kind {
        case .none:
            break
        case .discount:
            let base = try await Settings.baseCurrency(db)
            if let code = change.compensationCurrency, code.uppercased() != base.rawValue {
                issues.append(FieldIssue(field: "compensationAmount", reason: "must be in \(base.rawValue), the organisation's currency",
                                         code: "currency.organisation", params: ["currency": base.rawValue]))
            } else if let raw = change.compensationAmount {
                do {
                    let money = try Money(major: PersianText.latinDigits(raw), currency: base)
                    if money.isNegative {
                        issues.append(FieldIssue(field: "compensationAmount", reason: "must not be negative", code: "number.negative"))
                    } else { amount = money }
                } catch {
                    issues += error.issues.map { FieldIssue(field: "compensationAmount", reason: $0.reason, code: $0.code, params: $0.params) }
                }
            } else if old.compensationKind == .discount, let kept = old.compensationAmount {
                amount = kept
            } else {
                issues.append(FieldIssue(field: "compensationAmount", reason: "a discount needs an amount", code: "required"))
            }
        case .points:
            if let p = change.compensationPoints {
                if p < 0 || p > 1_000_000_000 {
                    issues.append(FieldIssue(field: "compensationPoints", reason: "from 0 to 1000000000 points", code: "number.range",
                                             params: ["min": "0", "max": "1000000000"]))
                } else { points = p }
            } else if old.compensationKind == .points, let kept = old.compensationPoints {
                points = kept
            } else {
                issues.append(FieldIssue(field: "compensationPoints", reason: "a number of points is required", code: "required"))
            }
        case .replacement:
            if let id = change.returnId ?? (old.compensationKind == .replacement ? old.returnId : nil) {
                if let row = try await db.raw("SELECT customer_id FROM returns WHERE id = \(bind: id)").first() {
                    if try row.decode(column: "customer_id", as: Int64.self) != old.customerId {
                        issues.append(FieldIssue(field: "returnId", reason: "the return is another customer's", code: "recovery.returnOtherCustomer"))
                    } else { returnId = id }
                } else {
                    issues.append(FieldIssue(field: "returnId", reason: "no return has this id", code: "ref.unknown"))
                }
            } else {
                issues.append(FieldIssue(field: "returnId", reason: "a replacement needs the return of the goods", code: "required"))
            }
        }
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
        return (kind, amount, points, returnId)
    }

    /// The replacement order: the returned line again (same product, the quantity returned) at
    /// price 0 and no tax, confirmed, through the order repository's own insert.
    static func replacementOrder(_ db: any SQLDatabase, _ c: RecoveryCase, returnId: Int64, by principal: Principal, now: Date) async throws -> Int64 {
        guard let row = try await db.raw("""
            SELECT r.quantity_milli, l.product_id, l.description FROM returns r JOIN order_lines l ON l.id = r.order_line_id
            WHERE r.id = \(bind: returnId)
            """).first() else { throw StoreError.invalid(ValidationError(field: "returnId", reason: "no return has this id", code: "ref.unknown")) }
        let milli = try row.decode(column: "quantity_milli", as: Int64.self)
        let quantity = "\(milli / 1000)." + String(String(milli % 1000 + 1000).dropFirst())
        let base = try await Settings.baseCurrency(db)
        let input = OrderInput(currency: base.rawValue, note: "Replacement for return #\(returnId) · \(c.number)",
                               lines: [OrderLineInput(productId: try row.decode(column: "product_id", as: Int64?.self),
                                                      description: try row.decode(column: "description", as: String.self),
                                                      quantity: quantity, unitPrice: "0", taxRate: "0")],
                               confirm: true)
        let draft: OrderDraft
        do { draft = try await OrderDraft.validate(db, input) } catch StoreError.invalid(let error) {
            throw StoreError.invalid(ValidationError(error.issues.map { FieldIssue(field: "returnId", reason: "the replacement order: \($0.reason)", code: $0.code, params: $0.params) }))
        }
        let orderId = try await OrderRepository.insert(db, customerId: c.customerId, draft, status: .confirmed, externalRef: nil, note: input.note,
                                                       by: principal)
        try await CommerceEvents.record(db, customerId: c.customerId, at: Clock.millis(draft.orderedAt), kind: "order-confirmed", orderId: orderId,
                                        title: "order #\(orderId)", amount: draft.totals.total, by: principal, publish: false)
        for type in ["order.created", "order.confirmed"] {
            try await CommerceEvents.publish(db, type, customerId: c.customerId, orderId: orderId, amount: draft.totals.total)
        }
        try await AuditLog.record(db, entity: "order", entityId: orderId, by: principal, action: "create",
                                  after: "confirmed · replacement for \(c.number)", at: Clock.millis(now))
        return orderId
    }

    static func changes(_ old: RecoveryCase, _ new: RecoveryCase) -> [(String, String?, String?)] {
        var out: [(String, String?, String?)] = []
        func add(_ field: String, _ a: String?, _ b: String?) { if a != b { out.append((field, a, b)) } }
        add("cause", old.cause, new.cause)
        add("remedy", old.remedy, new.remedy)
        add("outcome", old.outcome, new.outcome)
        add("ownerId", old.ownerId.map(String.init), new.ownerId.map(String.init))
        add("compensationKind", old.compensationKind.rawValue, new.compensationKind.rawValue)
        add("compensationAmount", old.compensationAmount.map { $0.majorString + " " + $0.currency.rawValue },
            new.compensationAmount.map { $0.majorString + " " + $0.currency.rawValue })
        add("compensationPoints", old.compensationPoints.map(String.init), new.compensationPoints.map(String.init))
        add("returnId", old.returnId.map(String.init), new.returnId.map(String.init))
        add("replacementOrderId", old.replacementOrderId.map(String.init), new.replacementOrderId.map(String.init))
        return out
    }
}
