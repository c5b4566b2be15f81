import PeyvandAnalytics

/// Kaplan–Meier retention curves of the customers' lifetimes (a customer has lapsed after
/// `lapseDays` without a purchase): one for all customers and one per behavioural segment.
public struct SurvivalResult: Sendable, Hashable, Codable {
    public struct Point: Sendable, Hashable, Codable {
        /// Days after the first purchase.
        public var day: Int
        /// Share of customers still buying.
        public var retained: Double
    }

    public struct Curve: Sendable, Hashable, Codable {
        /// The behavioural segment; nil for all customers.
        public var segment: Int?
        public var customers: Int
        /// Every 30 days up to the longest observed lifetime.
        public var points: [Point]
        /// Days until half the customers have lapsed; nil when not reached.
        public var medianDays: Double?

        /// The share retained after `day` days, when the curve reaches it.
        public func retained(at day: Int) -> Double? { points.first { $0.day == day }?.retained }
    }

    public var lapseDays: Int
    public var curves: [Curve]

    /// Days after the first purchase at which the curves are read.
    static let curveDays = Array(stride(from: 0, through: 720, by: 30))

    /// The curves of `history` as of day `asOf`, overall and per segment (`segments[i]` of customer i).
    static func fit(_ history: PurchaseHistory, segments: [Int]?, asOf: Int, lapseDays: Int = 180) throws(AnalyticsError) -> SurvivalResult {
        let (durations, events) = history.lifetimes(asOf: asOf, lapseDays: lapseDays)
        var curves: [Curve] = []
        func add(_ segment: Int?, _ rows: [Int]) throws(AnalyticsError) {
            guard !rows.isEmpty else { return }
            let km = try KaplanMeier.fit(durations: rows.map { durations[$0] }, events: rows.map { events[$0] })
            let horizon = rows.map { durations[$0] }.max() ?? 0
            let points = curveDays.filter { Double($0) <= horizon }.compactMap { d in
                finite(km.survival(at: Double(d))).map { Point(day: d, retained: $0) }
            }
            curves.append(Curve(segment: segment, customers: rows.count, points: points, medianDays: km.median.flatMap(finite)))
        }
        try add(nil, Array(0..<history.customerCount))
        if let segments {
            for s in Set(segments).sorted() { try add(s, segments.indices.filter { segments[$0] == s }) }
        }
        return SurvivalResult(lapseDays: lapseDays, curves: curves)
    }
}
