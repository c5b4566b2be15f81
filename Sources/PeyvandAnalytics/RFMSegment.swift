/// Named customer segments from the recency (R) and frequency (F) quintile
/// scores. RFM scoring goes back to Hughes, A. M. (1994), *Strategic Database
/// Marketing*; the names follow the R×F "segment map" common in marketing
/// practice (a convention, not a result of that book), extended with `lost`
/// for the R = 1, F = 1 corner:
///
/// | R \ F | 1           | 2           | 3              | 4            | 5            |
/// |-------|-------------|-------------|----------------|--------------|--------------|
/// | 5     | new         | potential loyalist | potential loyalist | champions | champions |
/// | 4     | promising   | potential loyalist | potential loyalist | loyal     | loyal     |
/// | 3     | about to sleep | about to sleep | need attention | loyal     | loyal     |
/// | 2     | hibernating | hibernating | at risk        | at risk      | can't lose   |
/// | 1     | lost        | hibernating | at risk        | at risk      | can't lose   |
///
/// The raw values are stable keys for translation.
public enum RFMSegment: String, CaseIterable, Sendable, Hashable, Codable {
    case champions
    case loyal
    case potentialLoyalist = "potential_loyalist"
    case new
    case promising
    case needAttention = "need_attention"
    case aboutToSleep = "about_to_sleep"
    case atRisk = "at_risk"
    case cantLose = "cant_lose"
    case hibernating
    case lost

    /// The segment of a customer with recency score `r` and frequency score
    /// `f`, both in 1…5 (values outside are clamped).
    public init(recencyScore r: Int, frequencyScore f: Int) {
        let r = min(max(r, 1), 5), f = min(max(f, 1), 5)
        switch (r, f) {
        case (1, 1): self = .lost
        case (1...2, 1...2): self = .hibernating
        case (1...2, 3...4): self = .atRisk
        case (1...2, 5): self = .cantLose
        case (3, 1...2): self = .aboutToSleep
        case (3, 3): self = .needAttention
        case (3...4, 4...5): self = .loyal
        case (4, 1): self = .promising
        case (5, 1): self = .new
        case (4...5, 2...3): self = .potentialLoyalist
        default: self = .champions  // (5, 4...5)
        }
    }
}
