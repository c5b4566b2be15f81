import Foundation

/// The records, keys and bucket tables of RFM's ASCII fast path (`RFM+Accumulate.swift`).
extension RFM {
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
        /// Kahan's running compensation of `spend`.
        var compensation: Double
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

    /// The bucket of a key: the top `bits` bits of its hash.
    @inline(__always)
    static func bucketIndex(_ w0: UInt64, _ w1: UInt64, bits: Int) -> Int {
        bits == 0 ? 0 : Int(truncatingIfNeeded: keyHash(w0, w1) &>> UInt64(64 - bits))
    }

    /// Pass 1: counts the chunk's records per bucket, checks ids and amounts.
    static func countChunk(_ s: Shared, _ chunk: Int) {
        let counts = s.offsets + chunk * s.buckets
        for b in 0..<s.buckets { counts[b] = 0 }
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
                return bucketIndex(key.w0, key.w1, bits: s.bucketBits)
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
        for i in s.chunk(chunk) {
            let t = s.log.baseAddress! + i
            let day = t.pointee.day
            if day > s.asOf { continue }
            let amount = t.pointee.amount
            let key = t.pointee.customerID.utf8.withContiguousStorageIfAvailable { recordKey($0) }!
            let bucket = bucketIndex(key.w0, key.w1, bits: s.bucketBits)
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
                        w0: record.w0, w1: record.w1, first: index, last: day, count: 1, spend: 0 + record.amount, compensation: 0))
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
                    RFM.kahanAdd(&c.pointee.spend, &c.pointee.compensation, record.amount)
                    break
                }
                position = (position + 1) & table.mask
            }
        }
    }
}
