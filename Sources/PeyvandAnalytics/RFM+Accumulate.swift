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

    /// Any ids: one `String`-keyed dictionary from id to customer index.
    static func aggregateGeneric(_ transactions: [Transaction], asOf: Int) throws(AnalyticsError) -> Aggregate {
        var index: [String: Int] = [:]
        var ids: [String] = [], last: [Int] = [], count: [Int] = [], spend: [Double] = []
        for t in transactions where t.day <= asOf {
            if !(t.amount > 0) || !t.amount.isFinite { throw .nonPositiveAmount(customerID: t.customerID, amount: t.amount) }
            if let c = index[t.customerID] {
                last[c] = max(last[c], t.day)
                count[c] += 1
                spend[c] += t.amount
            } else {
                index[t.customerID] = ids.count
                ids.append(t.customerID)
                last.append(t.day)
                count.append(1)
                spend.append(0 + t.amount)
            }
        }
        // Sorted exactly as `[String: Int].keys.sorted()` sorts them: for
        // ids that are not in NFC, `String`'s `<` is not always a strict
        // weak order, so the result can depend on the order the keys come in.
        let order = index.keys.sorted().map { index[$0]! }
        return Aggregate(ids: ids, last: last, count: count, spend: spend, order: order)
    }

    // MARK: - ASCII fast path

    /// A transaction of the fast path.
    struct Record {
        /// Id key: for ids of at most 16 bytes, the bytes as two little-endian
        /// words (zero-padded); for longer ids, the first 8 bytes and a hash of
        /// all bytes. The length (17 for "longer") is stored in the top bit of
        /// bytes 0…4 of `w0`, free because ASCII bytes are below 0x80.
        var w0: UInt64
        var w1: UInt64
        var amount: Double
        /// Day (low 32 bits, two's complement) and log index (high 32 bits).
        var dayAndIndex: UInt64
    }

    /// A customer of one bucket.
    struct BucketCustomer {
        var w0: UInt64
        var w1: UInt64
        /// Log index of the customer's first transaction.
        var first: UInt32
        var last: Int32
        var count: Int
        var spend: Double
    }

    static let lengthBits: UInt64 = 0x80_8080_8080
    static let longLength = 17

    @inline(__always)
    static func lengthCode(_ n: Int) -> UInt64 {
        let m = UInt64(n)
        var code: UInt64 = (m & 1) << 7
        code |= (m & 2) << 14
        code |= (m & 4) << 21
        code |= (m & 8) << 28
        code |= (m & 16) << 35
        return code
    }

    /// The record key of an id and whether the id is ASCII.
    @inline(__always)
    static func recordKey(_ b: UnsafeBufferPointer<UInt8>) -> (w0: UInt64, w1: UInt64, ascii: Bool) {
        let n = b.count
        guard let raw = UnsafeRawPointer(b.baseAddress) else { return (lengthCode(0), 0, true) }
        var w0: UInt64 = 0, w1: UInt64 = 0
        if n >= 8 {
            w0 = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            if n > 16 {
                var high = w0
                var h = mix(w0 ^ 0x243F_6A88_85A3_08D3, UInt64(n) ^ 0x1319_8A2E_0370_7344)
                var j = 8
                while j + 8 <= n {
                    let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: j, as: UInt64.self))
                    high |= w
                    h = mix(h ^ w, 0xA409_3822_299F_31D0)
                    j += 8
                }
                if j < n {
                    let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
                    high |= w
                    h = mix(h ^ w, 0x082E_FA98_EC4E_6C89)
                }
                return (w0 | lengthCode(longLength), h, high & 0x8080_8080_8080_8080 == 0)
            }
            if n == 16 {
                w1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            } else if n > 8 {
                // Bytes n-8..<n, shifted so that byte 8 lands at bit 0.
                w1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) &>> UInt64(8 * (16 - n))
            }
        } else if n >= 4 {
            let lo = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
            let hi = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)))
            w0 = lo | (hi &<< UInt64(8 * (n - 4)))
        } else {
            for j in 0..<n { w0 |= UInt64(b[j]) &<< UInt64(8 * j) }
        }
        return (w0 | lengthCode(n), w1, (w0 | w1) & 0x8080_8080_8080_8080 == 0)
    }

    @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let p = a.multipliedFullWidth(by: b)
        return p.high ^ p.low
    }

    @inline(__always)
    static func keyHash(_ w0: UInt64, _ w1: UInt64) -> UInt64 {
        mix(mix(w0 ^ 0x4528_21E6_38D0_1377, w1 ^ 0xBE54_66CF_34E9_0C6C), 0xC0AC_29B7_C97C_50DD)
    }

    enum ChunkOutcome {
        case done
        /// Log index of the chunk's first transaction with a bad amount.
        case badAmount(Int)
        /// An id that is not ASCII or not contiguous UTF-8, or a day outside
        /// 32 bits: use the generic path.
        case unsupported
    }

    /// The customers of one bucket: an open-addressing (linear probing) table.
    struct BucketTable {
        var customers: UnsafeMutablePointer<BucketCustomer>?
        var count = 0
        var capacity = 0
        /// Customer index + 1; 0 is empty.
        var slots: UnsafeMutablePointer<UInt32>?
        var mask = -1

        mutating func deallocate() {
            customers?.deallocate()
            slots?.deallocate()
            customers = nil
            slots = nil
        }

        /// Makes room for one more customer.
        mutating func reserveOne() {
            if count == capacity {
                let newCapacity = max(64, capacity * 2)
                let grown = UnsafeMutablePointer<BucketCustomer>.allocate(capacity: newCapacity)
                if let customers { grown.moveInitialize(from: customers, count: count) }
                customers?.deallocate()
                customers = grown
                capacity = newCapacity
            }
            if 2 * (count + 1) > mask + 1 {
                let size = max(256, 2 * (mask + 1))
                slots?.deallocate()
                let table = UnsafeMutablePointer<UInt32>.allocate(capacity: size)
                table.initialize(repeating: 0, count: size)
                mask = size - 1
                for c in 0..<count {
                    var p = Int(truncatingIfNeeded: keyHash(customers![c].w0, customers![c].w1)) & mask
                    while table[p] != 0 { p = (p + 1) & mask }
                    table[p] = UInt32(c + 1)
                }
                slots = table
            }
        }
    }

    /// State shared by the workers; each writes only its own parts.
    struct Shared: @unchecked Sendable {
        let log: UnsafeBufferPointer<Transaction>
        let asOf: Int
        /// The transactions of this round.
        let round: Range<Int>
        let chunks: Int
        let bucketBits: Int
        /// `chunks × buckets` counts, then write offsets.
        let offsets: UnsafeMutablePointer<Int>
        let outcomes: UnsafeMutablePointer<ChunkOutcome>
        let records: UnsafeMutablePointer<Record>
        /// `buckets + 1` record offsets.
        let bucketStart: UnsafeMutablePointer<Int>
        let tables: UnsafeMutablePointer<BucketTable>
        var buckets: Int { 1 << bucketBits }

        func chunk(_ c: Int) -> Range<Int> {
            let r = Parallel.chunk(round.count, c, of: chunks)
            return (round.lowerBound + r.lowerBound)..<(round.lowerBound + r.upperBound)
        }
    }

    /// Pass 1: counts the chunk's records per bucket, checks ids and amounts.
    static func countChunk(_ s: Shared, _ chunk: Int) {
        let counts = s.offsets + chunk * s.buckets
        for b in 0..<s.buckets { counts[b] = 0 }
        let shift = UInt64(64 - s.bucketBits)
        for i in s.chunk(chunk) {
            let t = s.log.baseAddress! + i
            let day = t.pointee.day
            if day > s.asOf { continue }
            let amount = t.pointee.amount
            if !(amount > 0) || !amount.isFinite {
                s.outcomes[chunk] = .badAmount(i)
                return
            }
            if day < Int(Int32.min) || day > Int(Int32.max) {
                s.outcomes[chunk] = .unsupported
                return
            }
            let bucket: Int? = t.pointee.customerID.utf8.withContiguousStorageIfAvailable { b -> Int in
                let key = recordKey(b)
                if !key.ascii { return -1 }
                return s.bucketBits == 0 ? 0 : Int(truncatingIfNeeded: keyHash(key.w0, key.w1) &>> shift)
            }
            guard let bucket, bucket >= 0 else {
                s.outcomes[chunk] = .unsupported
                return
            }
            counts[bucket] += 1
        }
        s.outcomes[chunk] = .done
    }

    /// Pass 2: writes the chunk's records to their buckets (offsets from pass 1).
    static func scatterChunk(_ s: Shared, _ chunk: Int) {
        let next = s.offsets + chunk * s.buckets
        let shift = UInt64(64 - s.bucketBits)
        for i in s.chunk(chunk) {
            let t = s.log.baseAddress! + i
            let day = t.pointee.day
            if day > s.asOf { continue }
            let amount = t.pointee.amount
            let key = t.pointee.customerID.utf8.withContiguousStorageIfAvailable { recordKey($0) }!
            let bucket = s.bucketBits == 0 ? 0 : Int(truncatingIfNeeded: keyHash(key.w0, key.w1) &>> shift)
            let at = next[bucket]
            next[bucket] = at + 1
            s.records[at] = Record(
                w0: key.w0, w1: key.w1, amount: amount,
                dayAndIndex: UInt64(UInt32(truncatingIfNeeded: day)) | UInt64(i) << 32)
        }
    }

    /// Pass 3: adds one bucket's records of this round (in log order) to its customers.
    static func aggregateBucket(_ s: Shared, _ bucket: Int) {
        let start = s.bucketStart[bucket], end = s.bucketStart[bucket + 1]
        if start == end { return }
        let longCode = lengthCode(longLength)
        var table = s.tables[bucket]
        defer { s.tables[bucket] = table }
        for r in start..<end {
            let record = s.records[r]
            let day = Int32(truncatingIfNeeded: record.dayAndIndex)
            let index = UInt32(truncatingIfNeeded: record.dayAndIndex >> 32)
            let hash = keyHash(record.w0, record.w1)
            if table.slots == nil { table.reserveOne() }
            var position = Int(truncatingIfNeeded: hash) & table.mask
            while true {
                let slot = Int(table.slots![position])
                if slot == 0 {
                    table.reserveOne()  // may grow the slots
                    position = Int(truncatingIfNeeded: hash) & table.mask
                    while table.slots![position] != 0 { position = (position + 1) & table.mask }
                    (table.customers! + table.count).initialize(to: BucketCustomer(
                        w0: record.w0, w1: record.w1, first: index, last: day, count: 1, spend: 0 + record.amount))
                    table.count += 1
                    table.slots![position] = UInt32(table.count)
                    break
                }
                let c = table.customers! + (slot - 1)
                if c.pointee.w0 == record.w0 && c.pointee.w1 == record.w1
                    && (record.w0 & lengthBits != longCode
                        // Same length, first 8 bytes and hash: compare the ids themselves.
                        || s.log[Int(c.pointee.first)].customerID == s.log[Int(index)].customerID) {
                    if day > c.pointee.last { c.pointee.last = day }
                    c.pointee.count += 1
                    c.pointee.spend += record.amount
                    break
                }
                position = (position + 1) & table.mask
            }
        }
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

