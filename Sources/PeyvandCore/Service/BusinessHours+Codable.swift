/// JSON as `{"offsetSeconds": 12600, "days": {"sat": [[480, 1020]], "thu": [[480, 780]]}}`: minutes
/// as numbers so a script can build it, day codes as keys so a person can read it. Decoding runs
/// the same checks as the initialiser, so a stored schedule that no longer passes them is refused
/// rather than trusted.
extension BusinessHours: Codable {
    enum CodingKeys: String, CodingKey { case offsetSeconds, days }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let offset = try container.decodeIfPresent(Int.self, forKey: .offsetSeconds) ?? Self.tehranOffsetSeconds
        let days = try container.decodeIfPresent([String: [[Int]]].self, forKey: .days) ?? [:]
        var pairs = Array(repeating: [(Int, Int)](), count: 7)
        for (code, list) in days {
            guard let day = Day(code: code) else {
                throw DecodingError.dataCorruptedError(forKey: .days, in: container, debugDescription: "unknown day '\(code.prefix(20))'")
            }
            for pair in list {
                guard pair.count == 2 else {
                    throw DecodingError.dataCorruptedError(forKey: .days, in: container, debugDescription: "an interval is [start, end] in minutes")
                }
                pairs[day.rawValue].append((pair[0], pair[1]))
            }
        }
        do {
            self = try BusinessHours(pairs: pairs, offsetSeconds: offset)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .days, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(offsetSeconds, forKey: .offsetSeconds)
        var days: [String: [[Int]]] = [:]
        for day in Day.allCases where !week[day.rawValue].isEmpty {
            days[day.code] = week[day.rawValue].map { [$0.lowerBound, $0.upperBound] }
        }
        try container.encode(days, forKey: .days)
    }
}
