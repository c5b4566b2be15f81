import Foundation
import PeyvandAnalytics

/// The demo's generator: SplitMix64, whose sequence depends only on the seed, so
/// `peyvand demo --seed S` makes the same data on every machine.
public typealias SeededRandom = SplitMix64

extension SplitMix64 {
    /// Offsets the seed the way the demo always has, so a seed keeps making the same data.
    init(demoSeed seed: UInt64) { self.init(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    /// A standard normal draw (Box–Muller).
    mutating func normal() -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &self), v = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
