/// The per-customer aggregation behind `RFM.analyze`: last day, count and
/// spend of every customer, and the distinct ids in ascending order.
///
/// Results are exactly those of one `[String: …]` dictionary per measure:
/// each customer's transactions are added in log order (so the floating-point
/// spend is the same sum), ids are compared with `String` equality, ordered
/// with `String` order, and the first bad amount in log order is the one
/// reported.
///
/// Fast path, when every id (of the transactions up to `asOf`) is contiguous
/// ASCII — where `String` equality is byte equality and `String` order is
/// byte order — and days fit in 32 bits: a cache-friendly radix-partitioned
/// aggregation. The log is read in rounds of up to 2 M transactions; each
/// round is cut into one contiguous chunk per thread, every transaction
/// becomes a 32-byte record (id key, amount, day, log index) written to the
/// bucket given by the id's hash, chunk after chunk, so each bucket holds its
/// records in log order; then each bucket's records are added to that
/// bucket's customers, a small hash table that stays in cache (buckets are
/// shared out between threads; a customer lives in exactly one bucket).
/// Ids of up to 16 bytes are compared as their bytes; longer ones by a hash
/// and then as `String`s. The ids returned are equal, byte for byte, to the
/// logged ones. Otherwise (any other id, a day beyond 32 bits) one
/// `[String: Int]` index is used (`aggregateGeneric`).
extension RFM {
    struct Aggregate {
        /// Distinct ids, in the order of `last`/`count`/`spend`.
        var ids: [String]
        var last: [Int]
        var count: [Int]
        var spend: [Double]
        /// Indices into the arrays above, ids ascending.
        var order: [Int]
    }

    static func aggregate(_ transactions: [Transaction], asOf: Int) throws(AnalyticsError) -> Aggregate {
        if let fast = try aggregateASCII(transactions, asOf: asOf) { return fast }
        return try aggregateGeneric(transactions, asOf: asOf)
    }

    /// `sum += x` with Kahan's (1965) compensation, in the exact form of pandas' grouped sums
    /// (`y = x − c; t = sum + y; c = (t − sum) − y; sum = t`), so a customer's spend is the same
    /// double pandas computes from the same rows in the same order, and equal totals tie as
    /// they do there.
    @inline(__always)
    static func kahanAdd(_ sum: inout Double, _ c: inout Double, _ x: Double) {
        let y = x - c
        let t = sum + y
        c = (t - sum) - y
        sum = t
    }

    /// Any ids: one `String`-keyed dictionary from id to customer index.
    static func aggregateGeneric(_ transactions: [Transaction], asOf: Int) throws(AnalyticsError) -> Aggregate {
        var index: [String: Int] = [:]
        var ids: [String] = [], last: [Int] = [], count: [Int] = [], spend: [Double] = [], compensation: [Double] = []
        for t in transactions where t.day <= asOf {
            if !(t.amount > 0) || !t.amount.isFinite { throw .nonPositiveAmount(customerID: t.customerID, amount: t.amount) }
            if let c = index[t.customerID] {
                last[c] = max(last[c], t.day)
                count[c] += 1
                kahanAdd(&spend[c], &compensation[c], t.amount)
            } else {
                index[t.customerID] = ids.count
                ids.append(t.customerID)
                last.append(t.day)
                count.append(1)
                spend.append(0 + t.amount)
                compensation.append(0)
            }
        }
        // Sorted exactly as `[String: Int].keys.sorted()` sorts them: for
        // ids that are not in NFC, `String`'s `<` is not always a strict
        // weak order, so the result can depend on the order the keys come in.
        let order = index.keys.sorted().map { index[$0]! }
        return Aggregate(ids: ids, last: last, count: count, spend: spend, order: order)
    }

    static func aggregateASCII(_ transactions: [Transaction], asOf: Int) throws(AnalyticsError) -> Aggregate? {
        let n = transactions.count
        if n >= Int(UInt32.max) { return nil }
        let workers = Parallel.workerCount
        let chunks = n < 100_000 ? 1 : workers
        // About 32 K records per bucket over the whole log, at most 1024 buckets.
        var bucketBits = 0
        while bucketBits < 10 && (n >> bucketBits) > 32_768 { bucketBits += 1 }
        let buckets = 1 << bucketBits
        // The log is processed in rounds of at most 2 M transactions, so the
        // record buffer (32 bytes a record) stays small.
        let roundLength = min(n, 1 << 21)

        let offsets = UnsafeMutablePointer<Int>.allocate(capacity: chunks * buckets)
        offsets.initialize(repeating: 0, count: chunks * buckets)
        let outcomes = UnsafeMutablePointer<ChunkOutcome>.allocate(capacity: chunks)
        outcomes.initialize(repeating: .done, count: chunks)
        let bucketStart = UnsafeMutablePointer<Int>.allocate(capacity: buckets + 1)
        bucketStart.initialize(repeating: 0, count: buckets + 1)
        let tables = UnsafeMutablePointer<BucketTable>.allocate(capacity: buckets)
        tables.initialize(repeating: BucketTable(), count: buckets)
        let records = UnsafeMutablePointer<Record>.allocate(capacity: max(roundLength, 1))
        defer {
            offsets.deallocate()
            outcomes.deallocate()
            bucketStart.deallocate()
            for b in 0..<buckets { tables[b].deallocate() }
            tables.deallocate()
            records.deallocate()
        }

        let stopped: Bool = transactions.withUnsafeBufferPointer { log in
            var roundStart = 0
            while roundStart < n {
                let round = roundStart..<min(n, roundStart + roundLength)
                roundStart = round.upperBound
                let shared = Shared(
                    log: log, asOf: asOf, round: round, chunks: chunks, bucketBits: bucketBits, offsets: offsets,
                    outcomes: outcomes, records: records, bucketStart: bucketStart, tables: tables)
                Parallel.run(chunks) { countChunk(shared, $0) }
                for c in 0..<chunks {
                    if case .done = outcomes[c] { continue }
                    return true
                }
                // Bucket b: chunk 0's records, then chunk 1's, … (log order).
                var total = 0
                for b in 0..<buckets {
                    bucketStart[b] = total
                    for c in 0..<chunks {
                        let count = offsets[c * buckets + b]
                        offsets[c * buckets + b] = total
                        total += count
                    }
                }
                bucketStart[buckets] = total
                Parallel.run(chunks) { scatterChunk(shared, $0) }
                let parts = buckets == 1 ? 1 : workers
                Parallel.run(parts) { worker in
                    for b in stride(from: worker, to: buckets, by: parts) { aggregateBucket(shared, b) }
                }
            }
            return false
        }
        if stopped {
            // Every earlier round was clean, so the first bad amount in log
            // order is the first bad amount of the first chunk that has one,
            // provided no earlier chunk stopped on an unsupported id or day.
            for c in 0..<chunks {
                switch outcomes[c] {
                case .done: continue
                case .unsupported: return nil
                case .badAmount(let i):
                    throw .nonPositiveAmount(customerID: transactions[i].customerID, amount: transactions[i].amount)
                }
            }
            return nil
        }

        // Concatenate the buckets.
        var total = 0
        for b in 0..<buckets { total += tables[b].count }
        var ids = [String](), last = [Int](), count = [Int](), spend = [Double]()
        var k0 = [UInt64](), k1 = [UInt64]()
        ids.reserveCapacity(total); last.reserveCapacity(total); count.reserveCapacity(total)
        spend.reserveCapacity(total); k0.reserveCapacity(total); k1.reserveCapacity(total)
        let longCode = lengthCode(longLength)
        for b in 0..<buckets {
            for c in UnsafeBufferPointer(start: tables[b].customers, count: tables[b].count) {
                last.append(Int(c.last))
                count.append(c.count)
                spend.append(c.spend)
                if c.w0 & lengthBits == longCode {
                    let id = transactions[Int(c.first)].customerID
                    ids.append(id)
                    var words: (UInt64, UInt64) = (0, 0)
                    withUnsafeMutableBytes(of: &words) { w in
                        for (j, byte) in id.utf8.prefix(16).enumerated() { w[j] = byte }
                    }
                    k0.append(UInt64(littleEndian: words.0).byteSwapped)
                    k1.append(UInt64(littleEndian: words.1).byteSwapped)
                } else {
                    let w0 = c.w0 & ~lengthBits
                    let length = lengthOf(c.w0)
                    ids.append(withUnsafeBytes(of: (w0.littleEndian, c.w1.littleEndian)) {
                        String(decoding: $0.prefix(length), as: UTF8.self)
                    })
                    k0.append(w0.byteSwapped)
                    k1.append(c.w1.byteSwapped)
                }
            }
        }
        // ASCII ids order as byte strings: radix sort on the first 16 bytes
        // (big-endian words, zero-padded), then order any run of ids that agree
        // on them by their full bytes (ids of at most 16 bytes then differ
        // only in length).
        var order = Array(0..<total)
        RadixSort.stableSort(&order) { k1[$0] }
        RadixSort.stableSort(&order) { k0[$0] }
        var start = 0
        while start < total {
            var end = start + 1
            while end < total && k0[order[end]] == k0[order[start]] && k1[order[end]] == k1[order[start]] { end += 1 }
            if end - start > 1 {
                let run = order[start..<end].sorted { a, b in ids[a].utf8.lexicographicallyPrecedes(ids[b].utf8) }
                order.replaceSubrange(start..<end, with: run)
            }
            start = end
        }
        return Aggregate(ids: ids, last: last, count: count, spend: spend, order: order)
    }

    @inline(__always)
    static func lengthOf(_ w0: UInt64) -> Int {
        var m: UInt64 = (w0 >> 7) & 1
        m |= (w0 >> 14) & 2
        m |= (w0 >> 21) & 4
        m |= (w0 >> 28) & 8
        m |= (w0 >> 35) & 16
        return Int(m)
    }
}

