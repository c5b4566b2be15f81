import Foundation
import PeyvandCore
import PeyvandStore

/// What the printable invoice or credit note (`invoice.mustache`) renders, with its payments and
/// the payment form as it was filled.
struct InvoiceModel {
    struct Header {
        let id: Int64, number: String, isCreditNote: Bool, issued: String, due: String, terms: String, net: String, tax: String
        let total: String, paid: String, credited: String, outstanding: String, refundDue: String?, settled: Bool
    }
    struct OrderLink { let id: Int64, number: String }
    struct CustomerLink { let id: Int64, name: String }
    struct Line { let no: String, description: String, quantity: String, unitPrice: String, discount: String, taxRate: String, total: String }
    /// A payment: its method, and for a cheque its number, bank and the day it may be cashed (each
    /// isolated on the page, so a Latin number and a Persian bank never scramble the line).
    struct Cheque { let number: String, bank: String, due: String }
    struct PaymentRow { let when: String, amount: String, how: String, cheque: Cheque? }
    struct PaymentForm { let amount: String, reference: String, chequeBank: String, chequeDueDate: String, methods: [Choice] }

    let invoice: Header
    let order: OrderLink
    let customer: CustomerLink
    let lines: [Line]
    let payments: [PaymentRow]
    let flash: String?
    let canPay: Bool
    let pay: PaymentForm
    let errors: [FieldError]
    /// Payment disputes: the list and the forms to open and close one.
    var disputes: InvoiceDisputes? = nil
}

extension InvoiceModel {
    init(_ data: InvoiceData, principal: Principal, done: String?, form: FormData?, issues: [FieldIssue], text x: PageText) {
        let invoice = data.invoice
        self.invoice = Header(
            id: invoice.id, number: x.digits(invoice.number), isCreditNote: invoice.kind == .creditNote, issued: x.when(invoice.issuedAt),
            due: x.when(invoice.dueAt), terms: x.number(invoice.termsDays), net: x.money(invoice.net), tax: x.money(invoice.tax),
            total: x.money(invoice.total), paid: x.money(invoice.paid), credited: x.money(invoice.credited), outstanding: x.money(invoice.outstanding),
            refundDue: invoice.refundDue.isZero ? nil : x.money(invoice.refundDue), settled: invoice.kind == .invoice && invoice.outstanding.isZero)
        order = OrderLink(id: data.order.id, number: x.id(data.order.id))
        customer = CustomerLink(id: data.customer.id, name: data.customer.fields.name)
        lines = invoice.kind == .invoice ? data.order.lines.map { l in
            Line(no: x.number(l.lineNo), description: l.description, quantity: x.quantity(l.quantity), unitPrice: x.money(l.unitPrice),
                 discount: x.money(l.discount), taxRate: x.percent(l.taxRate), total: x.money(l.total))
        } : []
        payments = data.payments.map { p in
            var cheque: Cheque?
            if case .cheque(let c) = p.method {
                cheque = Cheque(number: x.digits(c.number), bank: c.bankName, due: x.views.formatting.day(c.dueDate, x.lang))
            }
            return PaymentRow(when: x.when(p.receivedAt), amount: x.money(p.amount), how: x.label("method", p.method.kind), cheque: cheque)
        }
        flash = done.map { x.t("invoice_done_\($0)") }
        canPay = principal.may(.financeWrite) && invoice.kind == .invoice && !invoice.outstanding.isZero
        pay = PaymentForm(
            amount: form?["amount"] ?? invoice.outstanding.majorString, reference: form?["reference"] ?? "", chequeBank: form?["chequeBank"] ?? "",
            chequeDueDate: form?["chequeDueDate"] ?? "",
            methods: ["cash", "card", "bankTransfer", "cheque"].map { x.choice($0, "method", selected: $0 == (form?["method"] ?? "cash")) })
        errors = x.fieldErrorList(issues)
        disputes = InvoiceDisputes(data, principal: principal, form: form, text: x)
    }
}
