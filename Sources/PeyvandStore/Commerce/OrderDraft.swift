import Foundation
import PeyvandCore
import SQLKit

/// An order's input checked against the database: products found, prices taken from the price
/// list when not given, every line priced exactly, and the rate to the organisation's currency for
/// the order's day found. Every problem is reported at once, with the line it is on.
struct OrderDraft {
    struct Line {
        var productId: Int64?
        var description: String
        var pricing: LinePricing
        var unitCost: Money
        var baseNet: Money
        var baseCost: Money
    }

    var currency: Currency
    var rate: ExchangeRate
    var priceListId: Int64?
    var channel: String
    var orderedAt: Date
    var lines: [Line]
    var totals: OrderTotals

    static func validate(_ db: any SQLDatabase, _ input: OrderInput) async throws -> OrderDraft {
        var issues: [FieldIssue] = []
        let base = try await Settings.baseCurrency(db)
        var priceList: PriceList?
        if let id = input.priceListId {
            priceList = try await ProductRepository.priceList(db, id)
            if priceList == nil { issues.append(FieldIssue(field: "priceListId", reason: "no price list has this id", code: "ref.unknown")) }
        }
        var currency = priceList?.currency ?? base
        if let code = input.currency {
            do { currency = try Currency(code: code) } catch { issues += error.issues }
            if let list = priceList, list.currency != currency {
                issues.append(FieldIssue(field: "currency", reason: "the price list is in \(list.currency.rawValue)", code: "currency.priceList", params: ["currency": list.currency.rawValue]))
            }
        }
        if priceList == nil, input.priceListId == nil { priceList = try await ProductRepository.defaultPriceList(db, currency) }
        let channel = input.channel ?? "web"
        if !OrderInput.channels.contains(channel) {
            issues.append(FieldIssue(field: "channel", reason: "must be one of \(OrderInput.channels.sorted().joined(separator: ", "))", code: "choice.unknown"))
        }
        if let ref = input.externalRef, ref.isEmpty || ref.count > 100 {
            issues.append(FieldIssue(field: "externalRef", reason: "must be 1 to 100 characters", code: "text.length", params: ["max": "100"]))
        }
        if let note = input.note, note.count > 4000 { issues.append(FieldIssue(field: "note", reason: "at most 4000 characters", code: "text.tooLong", params: ["max": "4000"])) }
        let orderedAt = input.orderedAt ?? Date()
        if orderedAt > Date().addingTimeInterval(86_400) { issues.append(FieldIssue(field: "orderedAt", reason: "is in the future", code: "date.future")) }
        if input.lines.isEmpty { issues.append(FieldIssue(field: "lines", reason: "an order needs at least one line", code: "order.noLines")) }
        if input.lines.count > 500 { issues.append(FieldIssue(field: "lines", reason: "at most 500 lines", code: "list.tooMany", params: ["max": "500"])) }
        var rate = ExchangeRate.one
        if currency != base {
            do { rate = try await ExchangeRates.rate(db, currency, base: base, on: orderedAt) } catch let error as ValidationError { issues += error.issues }
        }
        var lines: [Line] = []
        for (i, line) in input.lines.prefix(500).enumerated() {
            do throws(ValidationError) {
                lines.append(try await Self.line(db, line, at: "lines[\(i)]", currency: currency, priceList: priceList, rate: rate, base: base))
            } catch { issues += error.issues }
        }
        guard issues.isEmpty else { throw StoreError.invalid(ValidationError(issues)) }
        let totals: OrderTotals
        do { totals = try OrderTotals(currency: currency, lines: lines.map(\.pricing)) } catch { throw StoreError.invalid(error) }
        return OrderDraft(currency: currency, rate: rate, priceListId: priceList?.id, channel: channel, orderedAt: orderedAt,
                          lines: lines, totals: totals)
    }

    private static func line(_ db: any SQLDatabase, _ input: OrderLineInput, at path: String, currency: Currency, priceList: PriceList?,
                             rate: ExchangeRate, base: Currency) async throws(ValidationError) -> Line {
        var issues: [FieldIssue] = []
        func note(_ error: ValidationError) { issues += error.issues.map { $0.at("\(path).\($0.field)") } }
        var product: Product?
        do {
            if let id = input.productId {
                product = try await ProductRepository.fetch(db, id: id)
                if product == nil { issues.append(FieldIssue(field: "\(path).productId", reason: "no product has this id", code: "ref.unknown")) }
            } else if let sku = input.sku {
                product = try await ProductRepository.fetch(db, sku: sku)
                if product == nil { issues.append(FieldIssue(field: "\(path).sku", reason: "no product has this SKU", code: "ref.unknown")) }
            }
        } catch { issues.append(FieldIssue(field: "\(path).productId", reason: "could not be read: \(error)", code: "ref.unreadable")) }
        if let p = product, !p.active { issues.append(FieldIssue(field: "\(path).productId", reason: "product \(p.sku) is archived", code: "product.archived", params: ["sku": p.sku])) }
        let description = (input.description?.trimmingCharacters(in: .whitespacesAndNewlines)).flatMap { $0.isEmpty ? nil : $0 } ?? product?.name
        if description == nil { issues.append(FieldIssue(field: "\(path).description", reason: "a line needs a product or a description", code: "order.lineDescription")) }
        if let d = description, d.count > 500 { issues.append(FieldIssue(field: "\(path).description", reason: "at most 500 characters", code: "text.tooLong", params: ["max": "500"])) }
        var quantity: Quantity?
        do { quantity = try Quantity(input.quantity) } catch { note(ValidationError(error.issues.map { $0.at("quantity") })) }
        var unitPrice: Money?
        if let text = input.unitPrice {
            do { unitPrice = try Money(major: text, currency: currency) } catch { note(ValidationError(error.issues.map { $0.at("unitPrice") })) }
            if let u = unitPrice, u.isNegative { issues.append(FieldIssue(field: "\(path).unitPrice", reason: "must not be negative", code: "amount.negative")) }
        } else if let p = product {
            unitPrice = p.prices.first { $0.priceListId == priceList?.id }?.unitPrice
            if unitPrice == nil { issues.append(FieldIssue(field: "\(path).unitPrice", reason: "product \(p.sku) has no price on this price list; give unitPrice", code: "product.noPrice", params: ["sku": p.sku])) }
        } else {
            issues.append(FieldIssue(field: "\(path).unitPrice", reason: "is required for a line without a product", code: "required"))
        }
        var discount = LineDiscount.none
        if input.discount != nil, input.discountPercent != nil {
            issues.append(FieldIssue(field: "\(path).discount", reason: "give an amount or a percentage, not both", code: "discount.both"))
        } else if let text = input.discount {
            do { discount = .amount(try Money(major: text, currency: currency)) } catch { note(ValidationError(error.issues.map { $0.at("discount") })) }
        } else if let text = input.discountPercent {
            do { discount = .percent(try BasisPoints(percent: text, field: "discountPercent")) } catch { note(error) }
        }
        var taxRate = BasisPoints.zero
        if let text = input.taxRate {
            do { taxRate = try BasisPoints(percent: text, field: "taxRate") } catch { note(error) }
        }
        guard issues.isEmpty, let quantity, let unitPrice, let description else { throw ValidationError(issues) }
        let pricing: LinePricing
        do { pricing = try LinePricing(quantity: quantity, unitPrice: unitPrice, discount: discount, taxRate: taxRate) } catch {
            throw ValidationError(error.issues.map { $0.at("\(path).\($0.field)") })
        }
        let unitCost = product?.cost ?? .zero(base)
        let baseCost = try LinePricing(quantity: quantity, unitPrice: unitCost).gross
        let baseNet = try rate.convert(pricing.net, to: base)
        return Line(productId: product?.id, description: description, pricing: pricing, unitCost: unitCost, baseNet: baseNet, baseCost: baseCost)
    }
}
