/// Stable least-significant-digit radix sort on 64-bit keys (16-bit digits;
/// a digit that is the same for every key costs no pass).
enum RadixSort {
    /// Reorders `order` stably by `key(order[i])` ascending: equal keys keep
    /// their relative order in `order`.
    static func stableSort(_ order: inout [Int], key: (Int) -> UInt64) {
        let n = order.count
        if n < 2 { return }
        var keys = [UInt64](unsafeUninitializedCapacity: n) { buffer, count in
            order.withUnsafeBufferPointer { o in
                for i in 0..<n { buffer[i] = key(o[i]) }
            }
            count = n
        }
        if n < 64 {
            // Insertion sort (stable) for tiny inputs.
            for i in 1..<n {
                let k = keys[i], v = order[i]
                var j = i
                while j > 0 && keys[j - 1] > k {
                    keys[j] = keys[j - 1]
                    order[j] = order[j - 1]
                    j -= 1
                }
                keys[j] = k
                order[j] = v
            }
            return
        }
        var histogram = [Int](repeating: 0, count: 4 << 16)
        keys.withUnsafeBufferPointer { k in
            histogram.withUnsafeMutableBufferPointer { h in
                for i in 0..<n {
                    let x = k[i]
                    h[Int(x & 0xFFFF)] += 1
                    h[65_536 + Int((x >> 16) & 0xFFFF)] += 1
                    h[131_072 + Int((x >> 32) & 0xFFFF)] += 1
                    h[196_608 + Int(x >> 48)] += 1
                }
            }
        }
        var otherKeys = [UInt64](repeating: 0, count: n)
        var otherOrder = [Int](repeating: 0, count: n)
        let first = keys[0]
        for digit in 0..<4 {
            let shift = UInt64(16 * digit)
            let base = digit << 16
            if histogram[base + Int((first >> shift) & 0xFFFF)] == n { continue }
            histogram.withUnsafeMutableBufferPointer { h in
                var sum = 0
                for b in base..<(base + 65_536) {
                    let c = h[b]
                    h[b] = sum
                    sum += c
                }
                keys.withUnsafeBufferPointer { ks in
                    order.withUnsafeBufferPointer { os in
                        otherKeys.withUnsafeMutableBufferPointer { kd in
                            otherOrder.withUnsafeMutableBufferPointer { od in
                                for i in 0..<n {
                                    let x = ks[i]
                                    let b = base + Int((x >> shift) & 0xFFFF)
                                    let at = h[b]
                                    h[b] = at + 1
                                    kd[at] = x
                                    od[at] = os[i]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &otherKeys)
            swap(&order, &otherOrder)
        }
    }

    /// A key whose unsigned order is the numeric order of `x` (not NaN), with
    /// −0 and +0 mapped to the same key, so `key(a) < key(b)` ⇔ `a < b` and
    /// `key(a) == key(b)` ⇔ `a == b`.
    @inline(__always)
    static func orderKey(_ x: Double) -> UInt64 {
        let bits = (x == 0 ? 0.0 : x).bitPattern
        return bits >> 63 != 0 ? ~bits : bits | (1 << 63)
    }
}
