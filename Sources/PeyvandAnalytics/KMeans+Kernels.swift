import Foundation

/// Squared distances for fixed row lengths, used by the k-means engine (`KMeans+Engine.swift`).
extension KMeans {
    // MARK: - Distance kernels

    /// `squaredDistance` for a fixed row length: the same operations in the
    /// same order (`s = 0; s += d₀²; s += d₁²; …`).
    protocol Kernel {
        static func squared(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ p: Int) -> Double
        /// `sums[j] += row[j]` for every `j`.
        static func add(_ row: UnsafePointer<Double>, to sums: UnsafeMutablePointer<Double>, _ p: Int)
    }

    enum Kernel1: Kernel {
        @inline(__always)
        static func squared(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ p: Int) -> Double {
            let d0 = a[0] - b[0]
            var s = 0.0
            s += d0 * d0
            return s
        }
        @inline(__always)
        static func add(_ row: UnsafePointer<Double>, to sums: UnsafeMutablePointer<Double>, _ p: Int) {
            sums[0] += row[0]
        }
    }

    enum Kernel2: Kernel {
        @inline(__always)
        static func squared(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ p: Int) -> Double {
            let d0 = a[0] - b[0], d1 = a[1] - b[1]
            var s = 0.0
            s += d0 * d0
            s += d1 * d1
            return s
        }
        @inline(__always)
        static func add(_ row: UnsafePointer<Double>, to sums: UnsafeMutablePointer<Double>, _ p: Int) {
            sums[0] += row[0]
            sums[1] += row[1]
        }
    }

    enum Kernel3: Kernel {
        @inline(__always)
        static func squared(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ p: Int) -> Double {
            let d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2]
            var s = 0.0
            s += d0 * d0
            s += d1 * d1
            s += d2 * d2
            return s
        }
        @inline(__always)
        static func add(_ row: UnsafePointer<Double>, to sums: UnsafeMutablePointer<Double>, _ p: Int) {
            sums[0] += row[0]
            sums[1] += row[1]
            sums[2] += row[2]
        }
    }

    enum Kernel4: Kernel {
        @inline(__always)
        static func squared(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ p: Int) -> Double {
            let d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2], d3 = a[3] - b[3]
            var s = 0.0
            s += d0 * d0
            s += d1 * d1
            s += d2 * d2
            s += d3 * d3
            return s
        }
        @inline(__always)
        static func add(_ row: UnsafePointer<Double>, to sums: UnsafeMutablePointer<Double>, _ p: Int) {
            sums[0] += row[0]
            sums[1] += row[1]
            sums[2] += row[2]
            sums[3] += row[3]
        }
    }

    enum KernelN: Kernel {
        @inline(__always)
        static func squared(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ p: Int) -> Double {
            var s = 0.0
            for j in 0..<p {
                let d = a[j] - b[j]
                s += d * d
            }
            return s
        }
        @inline(__always)
        static func add(_ row: UnsafePointer<Double>, to sums: UnsafeMutablePointer<Double>, _ p: Int) {
            for j in 0..<p { sums[j] += row[j] }
        }
    }
}
