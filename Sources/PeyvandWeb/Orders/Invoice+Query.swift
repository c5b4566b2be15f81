import Foundation
import PeyvandCore
import PeyvandStore

/// What the invoice page reads: the invoice (it decides what the caller may see), then its order,
/// customer and payments at once.
struct InvoiceData: Sendable {
    let invoice: Invoice
    let order: Order
    let customer: Customer
    let payments: [Payment]
    /// Disputes of its payments, oldest first.
    var disputes: [PaymentDispute] = []
}

struct InvoiceQuery: Sendable {
    let invoices: InvoiceRepository
    let orders: OrderRepository
    let customers: CustomerRepository

    func read(_ id: Int64, by principal: Principal) async throws -> InvoiceData {
        let invoice = try await invoices.get(id, by: principal)
        async let order = orders.get(invoice.orderId, by: principal)
        async let customer = customers.get(invoice.customerId, by: principal)
        async let payments = invoice.kind == .invoice ? invoices.payments(of: id, by: principal) : []
        async let disputes = invoice.kind == .invoice ? PaymentDisputes(customers.database).of(invoiceId: id, by: principal) : []
        return InvoiceData(invoice: invoice, order: try await order, customer: try await customer, payments: try await payments,
                           disputes: try await disputes)
    }
}
