/// Per-line record of what an order asked for, what has been shipped and
/// what has come back.
///
/// Invariants, for every line: `0 < ordered`, `shipped ≤ ordered`,
/// `returned ≤ shipped`. A return does not reduce `shipped` and does not
/// reopen the line for shipping (a replacement is a new order).
///
/// Lines are identified by `Int64` ids (the order line's id). Validation
/// collects one issue per bad line; fields: `"lines"` (no lines),
/// `"shipment"` (empty shipment), `"line"` (unknown line id),
/// `"quantity"` (zero, or more than allowed). `record…` methods validate
/// first, so a rejected operation changes nothing.
///
/// JSON shape: `{"lines":[{"line":1,"ordered":"2","shipped":"1.5","returned":"0"}]}`.
public struct FulfilmentLedger: Sendable, Hashable, Codable {
    /// One order line's quantities.
    public struct Line: Sendable, Hashable, Codable {
        public let line: Int64
        public let ordered: Quantity
        public internal(set) var shipped: Quantity
        public internal(set) var returned: Quantity

        /// `ordered − shipped`.
        public var remainingToShip: Quantity { Quantity(unchecked: ordered.thousandths - shipped.thousandths) }
        /// `shipped − returned`: what the customer holds and may return.
        public var returnable: Quantity { Quantity(unchecked: shipped.thousandths - returned.thousandths) }
    }

    /// Lines by id.
    public private(set) var lines: [Int64: Line]

    /// A ledger with nothing shipped. Throws if `ordered` is empty or a
    /// quantity is zero.
    public init(ordered: [Int64: Quantity]) throws(ValidationError) {
        guard !ordered.isEmpty else { throw ValidationError(field: "lines", reason: "an order needs at least one line", code: "order.noLines") }
        var problems: [FieldIssue] = []
        for (id, quantity) in ordered.sorted(by: { $0.key < $1.key }) where !quantity.isPositive {
            problems.append(FieldIssue(field: "quantity", reason: "ordered quantity of line \(id) must be greater than zero", code: "amount.positive"))
        }
        guard problems.isEmpty else { throw ValidationError(problems) }
        lines = Dictionary(uniqueKeysWithValues: ordered.map { id, quantity in
            (id, Line(line: id, ordered: quantity, shipped: .zero, returned: .zero))
        })
    }

    // MARK: Shipping

    /// Checks a shipment of `quantities` by line id: non-empty, every line
    /// known, every quantity positive and at most what remains to ship.
    public func validateShipment(_ quantities: [Int64: Quantity]) throws(ValidationError) {
        guard !quantities.isEmpty else {
            throw ValidationError(field: "shipment", reason: "a shipment must include at least one line", code: "shipment.nothingLeft")
        }
        var problems: [FieldIssue] = []
        for (id, quantity) in quantities.sorted(by: { $0.key < $1.key }) {
            guard let line = lines[id] else {
                problems.append(FieldIssue(field: "line", reason: "unknown order line \(id)", code: "ref.unknown"))
                continue
            }
            if !quantity.isPositive {
                problems.append(FieldIssue(field: "quantity", reason: "shipped quantity of line \(id) must be greater than zero", code: "amount.positive"))
            } else if quantity > line.remainingToShip {
                problems.append(FieldIssue(field: "quantity", reason: "shipping \(quantity) of line \(id) but only \(line.remainingToShip) remain to be shipped", code: "shipment.tooMany", params: ["remaining": "\(line.remainingToShip)"]))
            }
        }
        guard problems.isEmpty else { throw ValidationError(problems) }
    }

    /// The ledger after the shipment, leaving `self` unchanged.
    public func recordingShipment(_ quantities: [Int64: Quantity]) throws(ValidationError) -> FulfilmentLedger {
        try validateShipment(quantities)
        var copy = self
        for (id, quantity) in quantities {
            // Validated: shipped + quantity ≤ ordered, so this cannot overflow.
            copy.lines[id]!.shipped = Quantity(unchecked: copy.lines[id]!.shipped.thousandths + quantity.thousandths)
        }
        return copy
    }

    /// Records the shipment and returns the ``OrderEvent`` to apply to the
    /// order's status: `.ship(.full)` if every line is now fully shipped.
    @discardableResult
    public mutating func recordShipment(_ quantities: [Int64: Quantity]) throws(ValidationError) -> OrderEvent {
        self = try recordingShipment(quantities)
        return .ship(shipmentExtent ?? .partial)
    }

    // MARK: Returns

    /// Checks a return: known line, positive quantity, at most
    /// `shipped − returned` ("returning more than was delivered").
    public func validateReturn(line id: Int64, quantity: Quantity) throws(ValidationError) {
        guard let line = lines[id] else { throw ValidationError(field: "line", reason: "unknown order line \(id)", code: "ref.unknown") }
        guard quantity.isPositive else {
            throw ValidationError(field: "quantity", reason: "returned quantity of line \(id) must be greater than zero", code: "amount.positive")
        }
        guard quantity <= line.returnable else {
            throw ValidationError(field: "quantity", reason: "returning more than was delivered: \(quantity) of line \(id) but only \(line.returnable) delivered and not yet returned", code: "return.tooMany", params: ["returnable": "\(line.returnable)"])
        }
    }

    /// Records a validated return.
    public mutating func recordReturn(line id: Int64, quantity: Quantity) throws(ValidationError) {
        try validateReturn(line: id, quantity: quantity)
        lines[id]!.returned = Quantity(unchecked: lines[id]!.returned.thousandths + quantity.thousandths)
    }

    // MARK: State

    /// `nil` if nothing has shipped, `.full` if every line is fully shipped,
    /// otherwise `.partial`.
    public var shipmentExtent: ShipmentExtent? {
        guard hasShipped else { return nil }
        return lines.values.allSatisfy { $0.shipped == $0.ordered } ? .full : .partial
    }

    /// Whether any quantity of any line has shipped.
    public var hasShipped: Bool { lines.values.contains { $0.shipped.isPositive } }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey { case lines }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let decoded = try container.decode([Line].self, forKey: .lines)
        var byID: [Int64: Line] = [:]
        for line in decoded {
            guard line.ordered.isPositive, line.shipped <= line.ordered, line.returned <= line.shipped, byID[line.line] == nil else {
                throw DecodingError.dataCorruptedError(forKey: .lines, in: container, debugDescription: "inconsistent or duplicate ledger line \(line.line)")
            }
            byID[line.line] = line
        }
        guard !byID.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .lines, in: container, debugDescription: "an order needs at least one line")
        }
        lines = byID
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lines.values.sorted { $0.line < $1.line }, forKey: .lines)
    }
}

extension FulfilmentLedger {
    /// The ledger of stored order lines: (line id, ordered, shipped, returned).
    public init(stored lines: [(Int64, Quantity, Quantity, Quantity)]) {
        self.lines = [:]
        for (id, ordered, shipped, returned) in lines {
            self.lines[id] = Line(line: id, ordered: ordered, shipped: shipped, returned: returned)
        }
    }
}
