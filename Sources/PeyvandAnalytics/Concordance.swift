/// Harrell's concordance index (Harrell, Lee & Mark 1996, "Multivariable
/// prognostic models", *Statistics in Medicine* 15, 361–387), with the pair
/// rules of lifelines' `concordance_index`:
///
/// - a pair is admissible when the earlier of the two times is an observed
///   event, or when the times are equal and exactly one of them is an event
///   (the event is then taken as earlier);
/// - it is concordant when the subject that failed first has the smaller
///   predicted score (scores are predicted survival times: higher = longer);
/// - tied scores count one half.
///
/// Runs in O(n log n) with a Fenwick tree over the ranks of the event scores.
/// Throws if the lengths differ or there is no admissible pair.
public func concordanceIndex(
    times: [Double], predictedScores: [Double], events: [Bool]
) throws(AnalyticsError) -> Double {
    let n = times.count
    guard n > 0 else { throw .emptyInput("concordance data") }
    guard predictedScores.count == n, events.count == n else {
        throw .invalidInput("times, scores and events must have the same length")
    }
    let eventScores = Array(Set((0..<n).filter { events[$0] }.map { predictedScores[$0] })).sorted()
    var tree = [Int](repeating: 0, count: eventScores.count + 1)
    var inserted = 0
    func add(_ rank: Int) {
        var i = rank + 1
        while i < tree.count { tree[i] += 1; i += i & -i }
    }
    func countBelow(_ rank: Int) -> Int {  // events with score rank < rank
        var i = rank, s = 0
        while i > 0 { s += tree[i]; i -= i & -i }
        return s
    }
    func lowerBound(_ s: Double) -> Int {
        var lo = 0, hi = eventScores.count
        while lo < hi { let mid = (lo + hi) / 2; if eventScores[mid] < s { lo = mid + 1 } else { hi = mid } }
        return lo
    }
    /// (number of inserted scores < s, number == s)
    func rank(_ s: Double) -> (Int, Int) {
        let lo = lowerBound(s)
        let below = countBelow(lo)
        let equal = lo < eventScores.count && eventScores[lo] == s ? countBelow(lo + 1) - below : 0
        return (below, equal)
    }
    let order = (0..<n).sorted { times[$0] < times[$1] }
    var pairs = 0, correct = 0, tied = 0
    var start = 0
    while start < n {
        var end = start
        while end < n && times[order[end]] == times[order[start]] { end += 1 }
        let group = order[start..<end]
        // Events at this time against earlier events, then add them,
        // then censored subjects at this time against all events so far.
        for i in group where events[i] {
            let (below, equal) = rank(predictedScores[i])
            pairs += inserted; correct += below; tied += equal
        }
        for i in group where events[i] {
            add(lowerBound(predictedScores[i]))
            inserted += 1
        }
        for i in group where !events[i] {
            let (below, equal) = rank(predictedScores[i])
            pairs += inserted; correct += below; tied += equal
        }
        start = end
    }
    guard pairs > 0 else { throw .undefined("no admissible pairs for the concordance index") }
    return (Double(correct) + Double(tied) / 2) / Double(pairs)
}
