import Foundation
import Testing
@testable import PeyvandCore

@Suite struct OrderStatusTests {
    static let events: [OrderEvent] = [.confirm, .ship(.partial), .ship(.full), .close, .cancel]

    /// The whole transition table, written out independently of the implementation.
    static let expected: [OrderStatus: [OrderEvent: OrderStatus]] = [
        .draft: [.confirm: .confirmed, .cancel: .cancelled],
        .confirmed: [.ship(.partial): .partiallyFulfilled, .ship(.full): .fulfilled, .cancel: .cancelled],
        .partiallyFulfilled: [.ship(.partial): .partiallyFulfilled, .ship(.full): .fulfilled],
        .fulfilled: [.close: .closed],
        .closed: [:],
        .cancelled: [:],
    ]

    @Test(arguments: OrderStatus.allCases)
    func transitionTable(status: OrderStatus) throws {
        let table = Self.expected[status]!
        for event in Self.events {
            if let target = table[event] {
                #expect(try status.applying(event) == target, "\(status) + \(event)")
            } else {
                #expect(rejectedFields { () throws(ValidationError) in try status.applying(event) } == ["status"], "\(status) + \(event)")
            }
        }
        #expect(Set(status.allowedEvents) == Set(table.keys))
        #expect(status.isTerminal == table.isEmpty)
    }

    @Test func explainsIllegalMoves() {
        #expect(rejection("status") { () throws(ValidationError) in try OrderStatus.draft.applying(.ship(.full)) }
            == "a draft order cannot be shipped; confirm it first")
        #expect(rejection("status") { () throws(ValidationError) in try OrderStatus.partiallyFulfilled.applying(.cancel) }
            == "an order with shipped goods cannot be cancelled")
        #expect(rejection("status") { () throws(ValidationError) in try OrderStatus.fulfilled.applying(.cancel) }
            == "an order with shipped goods cannot be cancelled")
        #expect(rejection("status") { () throws(ValidationError) in try OrderStatus.closed.applying(.cancel) }
            == "a closed order cannot be cancelled")
        #expect(rejection("status") { () throws(ValidationError) in try OrderStatus.partiallyFulfilled.applying(.close) }
            == "only a fulfilled order can be closed; this order is partially-fulfilled")
        #expect(rejection("status") { () throws(ValidationError) in try OrderStatus.confirmed.applying(.confirm) }
            == "only a draft order can be confirmed; this order is confirmed")
        #expect(rejection("status") { () throws(ValidationError) in try OrderStatus.cancelled.applying(.ship(.partial)) }
            == "only a confirmed or partially fulfilled order can be shipped; this order is cancelled")
    }

    @Test func codable() throws {
        #expect(try jsonText(OrderStatus.partiallyFulfilled) == "\"partially-fulfilled\"")
        #expect(try jsonText(OrderEvent.ship(.partial)) == #"{"extent":"partial","kind":"ship"}"#)
        #expect(try jsonText(OrderEvent.cancel) == #"{"kind":"cancel"}"#)
        for event in Self.events { #expect(try roundTrip(event) == event) }
        #expect(throws: DecodingError.self) { try decodeJSON(OrderEvent.self, #"{"kind":"explode"}"#) }
        #expect(throws: DecodingError.self) { try decodeJSON(OrderEvent.self, #"{"kind":"ship"}"#) }
        #expect(OrderEvent.ship(.full).description == "ship (full)")
    }
}

@Suite struct FulfilmentLedgerTests {
    func ledger() throws -> FulfilmentLedger {
        try FulfilmentLedger(ordered: [1: qty("2"), 2: qty("1.5")])
    }

    @Test func shipsPartlyThenFully() throws {
        var ledger = try ledger()
        #expect(ledger.shipmentExtent == nil && !ledger.hasShipped)
        #expect(try ledger.recordShipment([1: qty("1")]) == .ship(.partial))
        #expect(ledger.lines[1]!.shipped == (try qty("1")))
        #expect(ledger.lines[1]!.remainingToShip == (try qty("1")))
        #expect(ledger.shipmentExtent == .partial && ledger.hasShipped)
        #expect(try ledger.recordShipment([1: qty("1"), 2: qty("1")]) == .ship(.partial))
        #expect(try ledger.recordShipment([2: qty("0.5")]) == .ship(.full))
        #expect(ledger.shipmentExtent == .full)
        #expect(ledger.lines[2]!.remainingToShip == .zero)
    }

    @Test func recordingShipmentLeavesOriginalUnchanged() throws {
        let original = try ledger()
        let shipped = try original.recordingShipment([2: qty("1.5")])
        #expect(original == (try ledger()))
        #expect(shipped.lines[2]!.shipped == (try qty("1.5")))
        #expect(shipped.shipmentExtent == .partial)
    }

    @Test func rejectsBadLedgers() {
        #expect(rejection("lines") { () throws(ValidationError) in try FulfilmentLedger(ordered: [:]) } == "an order needs at least one line")
        #expect(rejection("quantity") { () throws(ValidationError) in try FulfilmentLedger(ordered: [1: qty("1"), 7: .zero]) }
            == "ordered quantity of line 7 must be greater than zero")
    }

    @Test func rejectsBadShipmentsWithoutChangingAnything() throws {
        var ledger = try ledger()
        try ledger.recordShipment([1: qty("1.5")])
        let before = ledger
        #expect(rejection("shipment") { () throws(ValidationError) in try ledger.recordShipment([:]) } == "a shipment must include at least one line")
        #expect(rejection("line") { () throws(ValidationError) in try ledger.recordShipment([9: qty("1")]) } == "unknown order line 9")
        #expect(rejection("quantity") { () throws(ValidationError) in try ledger.recordShipment([2: .zero]) }
            == "shipped quantity of line 2 must be greater than zero")
        #expect(rejection("quantity") { () throws(ValidationError) in try ledger.recordShipment([1: qty("0.501")]) }
            == "shipping 0.501 of line 1 but only 0.5 remain to be shipped")
        // A valid line alongside a bad one: the whole shipment is rejected, all issues reported.
        #expect(commerceIssues { () throws(ValidationError) in try ledger.recordShipment([1: qty("3"), 2: qty("1"), 9: qty("1")]) }
            == [FieldIssue(field: "quantity", reason: "shipping 3 of line 1 but only 0.5 remain to be shipped",
                           code: "shipment.tooMany", params: ["remaining": "0.5"]),
                FieldIssue(field: "line", reason: "unknown order line 9", code: "ref.unknown")])
        #expect(ledger == before)
    }

    @Test func returns() throws {
        var ledger = try ledger()
        #expect(rejection("quantity") { () throws(ValidationError) in try ledger.validateReturn(line: 1, quantity: qty("1")) }
            == "returning more than was delivered: 1 of line 1 but only 0 delivered and not yet returned")
        try ledger.recordShipment([1: qty("2")])
        try ledger.recordReturn(line: 1, quantity: qty("0.5"))
        #expect(ledger.lines[1]!.returned == (try qty("0.5")))
        #expect(ledger.lines[1]!.returnable == (try qty("1.5")))
        #expect(ledger.lines[1]!.shipped == (try qty("2")))   // a return does not reduce shipped
        let before = ledger
        #expect(rejection("quantity") { () throws(ValidationError) in try ledger.recordReturn(line: 1, quantity: qty("1.501")) }
            == "returning more than was delivered: 1.501 of line 1 but only 1.5 delivered and not yet returned")
        #expect(rejection("quantity") { () throws(ValidationError) in try ledger.recordReturn(line: 1, quantity: .zero) }
            == "returned quantity of line 1 must be greater than zero")
        #expect(rejection("line") { () throws(ValidationError) in try ledger.recordReturn(line: 3, quantity: qty("1")) } == "unknown order line 3")
        #expect(ledger == before)
        try ledger.recordReturn(line: 1, quantity: qty("1.5"))
        #expect(ledger.lines[1]!.returnable == .zero)
    }

    @Test func codable() throws {
        var ledger = try ledger()
        try ledger.recordShipment([1: qty("1.5")])
        try ledger.recordReturn(line: 1, quantity: qty("0.25"))
        #expect(try jsonText(ledger)
            == #"{"lines":[{"line":1,"ordered":"2","returned":"0.25","shipped":"1.5"},{"line":2,"ordered":"1.5","returned":"0","shipped":"0"}]}"#)
        #expect(try roundTrip(ledger) == ledger)
        #expect(throws: DecodingError.self) {
            try decodeJSON(FulfilmentLedger.self, #"{"lines":[{"line":1,"ordered":"2","returned":"0","shipped":"3"}]}"#)
        }
        #expect(throws: DecodingError.self) {
            try decodeJSON(FulfilmentLedger.self, #"{"lines":[{"line":1,"ordered":"2","returned":"1","shipped":"0.5"}]}"#)
        }
        #expect(throws: DecodingError.self) { try decodeJSON(FulfilmentLedger.self, #"{"lines":[]}"#) }
    }
}
