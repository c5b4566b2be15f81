import Foundation
import Testing
@testable import PeyvandCore

@Suite struct AgeingReportTests {
    @Test func bucketBoundaries() {
        let cases: [(Int, AgeingBucket)] = [
            (-400, .notDue), (-1, .notDue), (0, .notDue),
            (1, .overdue1To30), (30, .overdue1To30),
            (31, .overdue31To60), (60, .overdue31To60),
            (61, .overdue61To90), (90, .overdue61To90),
            (91, .overdueOver90), (10_000, .overdueOver90),
        ]
        for (days, bucket) in cases { #expect(AgeingBucket(daysPastDue: days) == bucket, "\(days) days") }
        #expect(AgeingBucket.allCases.sorted() == AgeingBucket.allCases)
        #expect(AgeingBucket.notDue < AgeingBucket.overdueOver90)
        #expect(AgeingBucket.overdueOver90.rawValue == "90+")
    }

    @Test func bucketsAndTotalsExactly() throws {
        let asOf = try jday(1405, 5, 10)
        func open(_ id: Int64, _ customer: Int64, _ month: Int, _ day: Int, _ amount: Money) throws -> OpenInvoice {
            OpenInvoice(invoiceID: id, customerID: customer, dueDate: try jday(1405, month, day), outstanding: amount)
        }
        let invoices = [
            try open(1, 1, 5, 10, irr(1_000)),   // 0 days: not due
            try open(2, 2, 5, 20, irr(500)),     // −10: not due
            try open(3, 1, 5, 9, irr(200)),      // 1
            try open(4, 2, 4, 11, irr(300)),     // 30 (Tir has 31 days)
            try open(5, 1, 4, 10, usd(5_000)),   // 31
            try open(6, 3, 3, 12, irr(13)),      // 60
            try open(7, 3, 3, 11, irr(11)),      // 61
            try open(8, 3, 2, 13, irr(17)),      // 90
            try open(9, 3, 2, 12, irr(19)),      // 91
            try open(10, 3, 3, 10, irr(700)),    // 62
        ]
        let report = try AgeingReport(asOf: asOf, invoices: invoices)
        #expect(report.entries.map(\.daysPastDue) == [0, -10, 1, 30, 31, 60, 61, 90, 91, 62])
        #expect(report.entries.map(\.bucket) == [.notDue, .notDue, .overdue1To30, .overdue1To30, .overdue31To60,
                                                  .overdue31To60, .overdue61To90, .overdue61To90, .overdueOver90, .overdue61To90])
        let rial = report.totals(in: .irr)
        #expect(rial[.notDue] == irr(1_500))
        #expect(rial[.overdue1To30] == irr(500))
        #expect(rial[.overdue31To60] == irr(13))
        #expect(rial[.overdue61To90] == irr(728))
        #expect(rial[.overdueOver90] == irr(19))
        #expect(rial.total == irr(2_760))
        let dollar = report.totals(in: .usd)
        #expect(dollar[.overdue31To60] == usd(5_000) && dollar.total == usd(5_000) && dollar[.notDue] == usd(0))
        #expect(report.totals(in: .eur).total == Money.zero(.eur))
        #expect(report.totals.count == 2)
        let customer1 = try #require(report.customerTotals[1])
        #expect(customer1[.irr]?[.notDue] == irr(1_000))
        #expect(customer1[.irr]?[.overdue1To30] == irr(200))
        #expect(customer1[.usd]?.total == usd(5_000))
        #expect(report.customerTotals[3]?[.irr]?.total == irr(760))
        #expect(report.customerTotals[3]?[.usd] == nil)
    }

    @Test func dueInstantUsesTehranDay() throws {
        let invoice = OpenInvoice(invoiceID: 1, customerID: 1, dueAt: try instant("2026-03-20T20:45:00Z"), outstanding: irr(10))
        #expect(invoice.dueDate == (try jday(1405, 1, 1)))
        let report = try AgeingReport(asOf: jday(1405, 1, 31), invoices: [invoice])
        #expect(report.entries[0].daysPastDue == 30 && report.entries[0].bucket == .overdue1To30)
    }

    @Test func rejectsBadInput() throws {
        let due = try jday(1405, 1, 1)
        let asOf = try jday(1405, 2, 1)
        #expect(rejection("outstanding") { () throws(ValidationError) in
            try AgeingReport(asOf: asOf, invoices: [OpenInvoice(invoiceID: 5, customerID: 1, dueDate: due, outstanding: irr(-1))])
        } == "invoice 5 has a negative outstanding amount")
        #expect(rejection("invoice") { () throws(ValidationError) in
            try AgeingReport(asOf: asOf, invoices: [OpenInvoice(invoiceID: 5, customerID: 1, dueDate: due, outstanding: irr(1)),
                                                    OpenInvoice(invoiceID: 5, customerID: 2, dueDate: due, outstanding: irr(2))])
        } == "invoice 5 is listed more than once")
        #expect(rejection("amount") { () throws(ValidationError) in
            try AgeingReport(asOf: asOf, invoices: [OpenInvoice(invoiceID: 1, customerID: 1, dueDate: due, outstanding: irr(.max)),
                                                    OpenInvoice(invoiceID: 2, customerID: 2, dueDate: asOf, outstanding: irr(1))])
        } == "amount is too large")
        let empty = try AgeingReport(asOf: asOf, invoices: [])
        #expect(empty.entries.isEmpty && empty.totals.isEmpty)
    }
}
