/// Small dense linear algebra on row-major `[[Double]]` (a few covariates at most).
enum Matrix {
    /// Cholesky factor `L` (lower triangular, `A = L Lᵀ`) or `nil` if `A` is
    /// not numerically positive definite. `failedColumn` receives the index of
    /// the first pivot that collapsed relative to the diagonal.
    static func cholesky(_ a: [[Double]], relativeTolerance: Double = 1e-12, failedColumn: inout Int?) -> [[Double]]? {
        let n = a.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            var d = a[j][j]
            for k in 0..<j { d -= l[j][k] * l[j][k] }
            if !(d > relativeTolerance * abs(a[j][j])) || !d.isFinite {
                failedColumn = j
                return nil
            }
            let ljj = d.squareRoot()
            l[j][j] = ljj
            for i in (j + 1)..<max(n, j + 1) {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                l[i][j] = s / ljj
            }
        }
        return l
    }

    /// Solves `A x = b` for symmetric positive-definite `A`, or `nil`.
    static func solveSymmetricPositiveDefinite(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var failed: Int?
        guard let l = cholesky(a, failedColumn: &failed) else { return nil }
        return choleskySolve(l, b)
    }

    static func choleskySolve(_ l: [[Double]], _ b: [Double]) -> [Double] {
        let n = b.count
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i][k] * y[k] }
            y[i] /= l[i][i]
        }
        var x = y
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(n, i + 1) { x[i] -= l[k][i] * x[k] }
            x[i] /= l[i][i]
        }
        return x
    }

    /// Inverse of a symmetric positive-definite matrix, or `nil`.
    static func inverseSymmetricPositiveDefinite(_ a: [[Double]]) -> [[Double]]? {
        var failed: Int?
        guard let l = cholesky(a, failedColumn: &failed) else { return nil }
        let n = a.count
        var inv = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            let col = choleskySolve(l, e)
            for i in 0..<n { inv[i][j] = col[i] }
        }
        return inv
    }
}
