import Foundation
import PeyvandCore
import SQLKit

/// A deal's input checked against the database and merged over what is stored: the stage in the
/// pipeline, the customer and contacts within reach, the owner active, the products in the
/// catalogue and not archived, every amount and quantity in range, the amount in the
/// organisation's currency. Every problem is reported at once.
struct DealDraft: Sendable {
    struct Line: Sendable {
        var productId: Int64?
        var description: String
        var quantity: Quantity
        var unitPrice: Money
        var total: Money
    }

    var title: String
    var pipelineId: Int64
    var stageId: Int64
    var customerId: Int64
    var ownerId: Int64?
    var amount: Money
    var amountBase: Money
    var probability: Int?
    var expectedCloseDay: Int64?
    var nextStep: String?
    var source: String?
    var contactIds: [Int64]
    var lines: [Line]

    static let maxLines = 200
    static let maxContacts = 50

    /// `current`: the stored deal an update starts from (nil to create); `reach`: the caller's
    /// customer scope (`c.` qualified).
    static func validate(_ db: any SQLDatabase, _ input: DealInput, current: Deal?, reach: SQLQueryString, by principal: Principal) async throws -> DealDraft {
        var issues: [FieldIssue] = []
        let base = try await Settings.baseCurrency(db)
        func text(_ value: String?, _ field: String, max: Int, required: Bool = false) -> String? {
            let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines)
            if required, trimmed?.isEmpty ?? true { issues.append(FieldIssue(field: field, reason: "is required", code: "required")) }
            if let t = trimmed, t.count > max { issues.append(FieldIssue(field: field, reason: "must be at most \(max) characters", code: "text.tooLong", params: ["max": "\(max)"])) }
            return trimmed.flatMap { $0.isEmpty ? nil : $0 }
        }
        let title = text(input.title ?? current?.title, "title", max: 200, required: true) ?? ""
        let keep = { (field: String) in !input.clearing.contains(field) }

        // Where it sits: a new deal's stage is in its pipeline (the first open stage by default).
        var pipelineId = current?.pipelineId ?? 0
        var stageId = current?.stageId ?? 0
        if current == nil {
            let pipeline: Pipeline?
            if let id = input.pipelineId {
                pipeline = try await Pipelines.fetch(db, id)
                if pipeline == nil { issues.append(FieldIssue(field: "pipelineId", reason: "no pipeline has this id", code: "ref.unknown")) }
            } else if let stage = input.stageId {
                let owner = try await db.raw("SELECT pipeline_id FROM pipeline_stages WHERE id = \(bind: stage)").first()?
                    .decode(column: "pipeline_id", as: Int64.self)
                if let owner { pipeline = try await Pipelines.fetch(db, owner) } else { pipeline = nil }
            } else {
                pipeline = try await Pipelines.all(db, includeArchived: false).first
            }
            if let pipeline {
                if pipeline.archived { issues.append(FieldIssue(field: "pipelineId", reason: "the pipeline is archived", code: "pipeline.archived")) }
                pipelineId = pipeline.id
                if let id = input.stageId {
                    if let stage = pipeline.stages.first(where: { $0.id == id }) {
                        if stage.archived { issues.append(FieldIssue(field: "stageId", reason: "the stage is archived", code: "deal.stageArchived")) }
                        stageId = stage.id
                    } else {
                        issues.append(FieldIssue(field: "stageId", reason: "the stage is not in this deal's pipeline", code: "deal.stagePipeline"))
                    }
                } else if let first = pipeline.activeStages.first {
                    stageId = first.id
                }
            } else if input.pipelineId == nil {
                issues.append(FieldIssue(field: input.stageId == nil ? "pipelineId" : "stageId", reason: "no pipeline or stage has this id", code: "ref.unknown"))
            }
        }

        // Whose deal: a customer within reach and not deleted.
        let customerId = input.customerId ?? current?.customerId
        if let id = customerId, id != current?.customerId {
            let row = try await db.raw("SELECT c.id, c.deleted_at FROM customers c WHERE c.id = \(bind: id)" + reach).first()
            if row == nil {
                issues.append(FieldIssue(field: "customerId", reason: "no customer has this id", code: "ref.unknown"))
            } else if try row?.decode(column: "deleted_at", as: Int64?.self) != nil {
                issues.append(FieldIssue(field: "customerId", reason: "the customer is deleted", code: "deal.customerDeleted"))
            }
        } else if customerId == nil {
            issues.append(FieldIssue(field: "customerId", reason: "is required", code: "required"))
        }

        // Who works it: an active user; a new deal is the creator's unless given.
        var ownerId = keep("ownerId") ? (input.ownerId ?? current?.ownerId) : nil
        if current == nil, ownerId == nil, !input.clearing.contains("ownerId"), principal.userId > 0 { ownerId = principal.userId }
        if let id = ownerId, id != current?.ownerId {
            let row = try await db.raw("SELECT id FROM users WHERE id = \(bind: id) AND active = \(bind: true)").first()
            if row == nil { issues.append(FieldIssue(field: "ownerId", reason: "no active user has this id", code: "id.user")) }
        }

        var probability = keep("probability") ? (input.probability ?? current?.probabilityOverride?.percent) : nil
        if let p = input.probability {
            do { probability = try Probability(p).percent } catch { issues += error.issues; probability = nil }
        }

        let expected = keep("expectedClose") ? (input.expectedClose ?? current?.expectedClose) : nil
        // The forecast counts deals by month from 1970 to 2199 (`calendar_months`); a close date
        // outside that would count nowhere.
        if let day = input.expectedClose,
           !(ForecastPeriod.firstDay(year: 1970, month: 1, .gregorian)..<ForecastPeriod.firstDay(year: 2200, month: 1, .gregorian)).contains(day.daysSinceUnixEpoch) {
            issues.append(FieldIssue(field: "expectedClose", reason: "must be a date from 1970 to 2199", code: "date.years",
                                     params: ["from": "1970", "to": "2199"]))
        }
        let nextStep = keep("nextStep") ? text(input.nextStep ?? current?.nextStep, "nextStep", max: 500) : nil
        let source = keep("source") ? text(input.source ?? current?.source, "source", max: 100) : nil

        // The currency, then the lines priced in it, then the amount (the lines' total by default).
        var currency = current?.amount.currency ?? base
        if let code = input.currency {
            do { currency = try Currency(code: code) } catch { issues += error.issues }
        }
        var lines: [Line] = []
        if let inputs = input.lines {
            if inputs.count > maxLines {
                issues.append(FieldIssue(field: "lines", reason: "at most \(maxLines) items", code: "list.tooMany", params: ["max": "\(maxLines)"]))
            } else {
                let priceList = try await ProductRepository.defaultPriceList(db, currency)
                for (i, line) in inputs.enumerated() {
                    if let l = try await Self.line(db, line, at: "lines[\(i)]", currency: currency, priceList: priceList, issues: &issues) { lines.append(l) }
                }
            }
        } else if let current {
            lines = current.lines.map { Line(productId: $0.productId, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice, total: $0.total) }
            if currency != current.amount.currency, !lines.isEmpty {
                issues.append(FieldIssue(field: "currency", reason: "the lines are priced in \(current.amount.currency.rawValue); send the lines again in the new currency", code: "currency.mismatch"))
            }
        }
        var amount = Money.zero(currency)
        if let text = input.amount {
            do {
                amount = try Money(major: text, currency: currency)
                if amount.isNegative { issues.append(FieldIssue(field: "amount", reason: "must not be negative", code: "amount.negative")) }
            } catch { issues += error.issues }
        } else if input.lines != nil, !lines.isEmpty {
            do {
                for line in lines { amount = try amount.adding(line.total) }
            } catch { issues += error.issues }
        } else if let current, current.amount.currency == currency {
            amount = current.amount
        }
        var amountBase = amount
        if currency != base, issues.isEmpty {
            do {
                let rate = try await ExchangeRates.rate(db, currency, base: base, on: Date())
                amountBase = try rate.convert(amount, to: base)
            } catch let error as ValidationError { issues += error.issues }
        }

        // Who on the customer's side: people (not organisations) within reach.
        var contactIds = current?.contacts.map(\.id) ?? []
        if let ids = input.contactIds {
            let unique = Array(NSOrderedSet(array: ids).compactMap { $0 as? Int64 })
            if unique.count > maxContacts {
                issues.append(FieldIssue(field: "contactIds", reason: "at most \(maxContacts) items", code: "list.tooMany", params: ["max": "\(maxContacts)"]))
            } else if !unique.isEmpty {
                let rows = try await db.raw("SELECT c.id, c.kind, c.deleted_at FROM customers c WHERE c.id IN (\(binds: unique))" + reach).all()
                var found: [Int64: (String, Int64?)] = [:]
                for row in rows {
                    found[try row.decode(column: "id", as: Int64.self)] = (try row.decode(column: "kind", as: String.self), try row.decode(column: "deleted_at", as: Int64?.self))
                }
                for (i, id) in unique.enumerated() {
                    guard let (kind, deleted) = found[id] else {
                        issues.append(FieldIssue(field: "contactIds[\(i)]", reason: "no customer has this id", code: "ref.unknown")); continue
                    }
                    if kind != CustomerKind.person.rawValue || deleted != nil {
                        issues.append(FieldIssue(field: "contactIds[\(i)]", reason: "a contact must be a person who is not deleted", code: "deal.contactKind"))
                    }
                }
            }
            contactIds = unique
        }

        guard issues.isEmpty, let customerId else { throw StoreError.invalid(ValidationError(issues)) }
        return DealDraft(title: title, pipelineId: pipelineId, stageId: stageId, customerId: customerId, ownerId: ownerId, amount: amount,
                         amountBase: amountBase, probability: probability, expectedCloseDay: expected.map { Int64($0.daysSinceUnixEpoch) },
                         nextStep: nextStep, source: source, contactIds: contactIds, lines: lines)
    }

    private static func line(_ db: any SQLDatabase, _ input: DealLineInput, at path: String, currency: Currency, priceList: PriceList?,
                             issues: inout [FieldIssue]) async throws -> Line? {
        var problems: [FieldIssue] = []
        var product: Product?
        if let id = input.productId {
            product = try await ProductRepository.fetch(db, id: id)
            if product == nil { problems.append(FieldIssue(field: "\(path).productId", reason: "no product has this id", code: "ref.unknown")) }
        } else if let sku = input.sku, !sku.isEmpty {
            product = try await ProductRepository.fetch(db, sku: sku)
            if product == nil { problems.append(FieldIssue(field: "\(path).sku", reason: "no product has this SKU", code: "ref.unknown")) }
        }
        if let p = product, !p.active {
            problems.append(FieldIssue(field: "\(path).productId", reason: "product \(p.sku) is archived", code: "product.archived", params: ["sku": p.sku]))
        }
        let typed = input.description?.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = (typed?.isEmpty == false ? typed : nil) ?? product?.name
        if description == nil { problems.append(FieldIssue(field: "\(path).description", reason: "a line needs a product or a description", code: "order.lineDescription")) }
        if let d = description, d.count > 500 { problems.append(FieldIssue(field: "\(path).description", reason: "must be at most 500 characters", code: "text.tooLong", params: ["max": "500"])) }
        var quantity: Quantity?
        do {
            let q = try Quantity(input.quantity)
            if q.isPositive { quantity = q } else { problems.append(FieldIssue(field: "\(path).quantity", reason: "must be more than zero", code: "amount.positive")) }
        } catch { problems += error.issues.map { $0.at("\(path).quantity") } }
        var unitPrice: Money?
        if let text = input.unitPrice, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                let price = try Money(major: text, currency: currency)
                if price.isNegative { problems.append(FieldIssue(field: "\(path).unitPrice", reason: "must not be negative", code: "amount.negative")) } else { unitPrice = price }
            } catch { problems += error.issues.map { $0.at("\(path).unitPrice") } }
        } else if let p = product {
            unitPrice = p.prices.first { $0.priceListId == priceList?.id }?.unitPrice
            if unitPrice == nil {
                problems.append(FieldIssue(field: "\(path).unitPrice", reason: "product \(p.sku) has no price in \(currency.rawValue); give unitPrice", code: "product.noPrice", params: ["sku": p.sku]))
            }
        } else {
            problems.append(FieldIssue(field: "\(path).unitPrice", reason: "is required for a line without a product", code: "required"))
        }
        guard problems.isEmpty, let quantity, let unitPrice, let description else {
            issues += problems
            return nil
        }
        do {
            let total = try LinePricing(quantity: quantity, unitPrice: unitPrice).gross
            return Line(productId: product?.id, description: description, quantity: quantity, unitPrice: unitPrice, total: total)
        } catch {
            issues += error.issues.map { $0.at("\(path).\($0.field)") }
            return nil
        }
    }
}
