/// A small, fast, deterministic pseudo-random generator: SplitMix64.
///
/// Steele, G. L., Lea, D. & Flood, C. H. (2014), "Fast Splittable
/// Pseudorandom Number Generators", *OOPSLA '14*, 453–472 (the 64-bit finaliser
/// constants are those of Stafford's "Mix13" variant used by SplitMix64).
/// Every randomised method in this module (k-means++ seeding, silhouette
/// sampling, train/test splits) draws from this generator, so the same seed
/// gives the same result on every platform and Swift version: bounded integers
/// and doubles are derived here rather than through the standard library's
/// `random(in:using:)`, whose algorithm is not specified.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform integer in `0..<bound` without modulo bias, by Lemire's
    /// multiply-and-reject method (Lemire, D. (2019), "Fast Random Integer
    /// Generation in an Interval", *ACM TOMACS* 29(1), 3).
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let n = UInt64(bound)
        var m = next().multipliedFullWidth(by: n)
        if m.low < n {
            let threshold = (0 &- n) % n
            while m.low < threshold { m = next().multipliedFullWidth(by: n) }
        }
        return Int(m.high)
    }

    /// Uniform double in `[0, 1)` with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Fisher–Yates shuffle (Knuth, *TAOCP* vol. 2, Algorithm 3.4.2 P).
    mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = next(below: i + 1)
            if i != j { array.swapAt(i, j) }
        }
    }

    /// `count` distinct indices of `0..<n`, in the order drawn (partial Fisher–Yates).
    mutating func sample(_ count: Int, from n: Int) -> [Int] {
        var pool = Array(0..<n)
        let m = min(count, n)
        for i in 0..<m {
            let j = i + next(below: n - i)
            pool.swapAt(i, j)
        }
        return Array(pool[0..<m])
    }
}
