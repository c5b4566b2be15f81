import Foundation
import PeyvandCore
import PeyvandExchange
import SQLKit

/// What to do with a row whose phone or email already belongs to a customer.
public enum DuplicatePolicy: String, Sendable, CaseIterable {
    /// Leave the existing customer alone and count the row as skipped.
    case skip
    /// Fill the existing customer with the row's non-empty values.
    case update
    /// Create a new customer anyway.
    case create
}

public struct ImportOptions: Sendable {
    public var mapping: [String: String]
    public var dryRun: Bool
    public var skipInvalid: Bool
    public var onDuplicate: DuplicatePolicy

    public init(mapping: [String: String] = [:], dryRun: Bool = false, skipInvalid: Bool = false, onDuplicate: DuplicatePolicy = .skip) {
        self.mapping = mapping
        self.dryRun = dryRun
        self.skipInvalid = skipInvalid
        self.onDuplicate = onDuplicate
    }
}

/// The outcome of an import (or of a dry run: what would happen).
public struct ImportReport: Sendable, ImportOutcome {
    public struct RowProblem: Sendable, Hashable {
        public let line: Int
        /// In English, for the command line and logs.
        public let reasons: [String]
        /// The same problems with their codes, when the row was read but refused, so a page says
        /// them in its reader's language.
        public let issues: [FieldIssue]

        /// A row refused for `issues`: their English reasons for the command line, their codes for pages.
        static func problem(_ line: Int, _ issues: [FieldIssue]) -> RowProblem {
            RowProblem(line: line, reasons: issues.map { "\($0.field): \($0.reason)" }, issues: issues)
        }

        public init(line: Int, reasons: [String], issues: [FieldIssue] = []) {
            self.line = line
            self.reasons = reasons
            self.issues = issues
        }
    }

    public var rows = 0
    public var created = 0
    public var updated = 0
    public var duplicatesSkipped = 0
    public var problems: [RowProblem] = []
    public var ignoredColumns: [String] = []
    public var encoding = ""
    public var committed = false
    /// True when invalid rows stopped the import (nothing was stored).
    public var refused = false
}

/// Imports customers from a CSV file: UTF-8 (with or without BOM), UTF-16 or Windows-1256,
/// columns recognised by Persian or English headers. Every row is checked with the same rules
/// as the API. All or nothing: a bad row (without `skipInvalid`), an error or a killed process
/// stores nothing. A dry run only reads (it never takes the write lock); an import first checks
/// the whole file the same way, then writes in chunks of a few hundred rows, each its own short
/// transaction with an undo record (``ImportJournal``), so other users keep working meanwhile.
public struct CustomerImporter: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// How rows are stored: not at all (a preview, reads only), or in chunked transactions.
    enum Mode: Sendable {
        case preview(Database)
        case write(Database, ImportJournal)
    }

    public func run(file: FileHandle, options: ImportOptions, by principal: Principal,
                    progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> ImportReport {
        try authorize(options, principal)
        return try await ImportJournal.run(database, kind: "customers", dryRun: options.dryRun, skipInvalid: options.skipInvalid,
                                           by: principal) { mode in
            try file.seek(toOffset: 0)
            return try await Self.process(mode, file, options, principal, progress)
        }
    }

    func authorize(_ options: ImportOptions, _ principal: Principal) throws {
        try principal.require(.customersWrite, to: "import customers")
        if options.onDuplicate == .update, principal.customerScope != .all {
            throw StoreError.forbidden("updating existing customers from a file needs a role that reaches every customer")
        }
    }

    static func process(_ mode: Mode, _ file: FileHandle, _ options: ImportOptions, _ principal: Principal,
                        _ progress: @Sendable (Int) -> Void) async throws -> ImportReport {
        var rows = ImportRows(file)
        var report = ImportReport()
        var mapping: ColumnMapping?
        var pending = Pending()
        while let item = try rows.next() {
            report.encoding = rows.encoding
            switch item {
            case .header(let header):
                do { mapping = try ColumnMapping(header: header, overrides: options.mapping) } catch { throw StoreError.invalid(error) }
                report.ignoredColumns = mapping?.ignoredHeaders ?? []
            case .problem(let problem):
                report.rows += 1
                report.problems.append(problem)
            case .row(let line, let cells):
                guard let map = mapping else { continue }
                report.rows += 1
                if report.rows % 1000 == 0 { progress(report.rows) }
                try await Self.store(mode, map.input(cells), line: line, keepStage: !map.maps("stage"), keepKind: !map.maps("kind"),
                                     options, principal, &report, &pending)
            }
        }
        try await settle(mode, options, principal, &report, &pending)
        if mapping == nil { throw StoreError.invalid(ValidationError(field: "file", reason: "the file is empty: no header row", code: "import.noHeader")) }
        progress(report.rows)
        if !report.problems.isEmpty, !options.skipInvalid { report.refused = true }
        return report
    }

    /// Rows waiting to be checked and stored together, and the keys already seen in this file.
    struct Pending: Sendable {
        /// Ids standing for rows a preview would create (negative, below `pendingMark`).
        var previewId: Int64 = -1
        var checked: [(fields: CustomerFields, keys: [String], keepStage: Bool, keepKind: Bool)] = []
        var rows: [(fields: CustomerFields, keys: [String])] = []
        var seenKeys: [String: Int64] = [:]
        static let pendingMark: Int64 = -1
        static let batch = 500
    }

    /// Checks one row and queues it; every few hundred rows the queue is matched against the
    /// database's keys in one query and stored.
    static func store(_ mode: Mode, _ input: CustomerInput, line: Int, keepStage: Bool, keepKind: Bool,
                      _ options: ImportOptions, _ principal: Principal, _ report: inout ImportReport,
                      _ pending: inout Pending) async throws {
        let fields: CustomerFields
        do { fields = try input.validated() } catch {
            report.problems.append(.init(line: line, reasons: error.issues.map { "\($0.field): \($0.reason)" }, issues: error.issues))
            return
        }
        let keys = fields.phones.map { "phone:\($0)" } + fields.emails.map { "email:\($0.lowercased())" }
        pending.checked.append((fields, keys, keepStage, keepKind))
        if pending.checked.count >= Pending.batch { try await settle(mode, options, principal, &report, &pending) }
    }

    /// Settles the checked rows: in a preview by reading only, in an import in one transaction
    /// of its own (a chunk), with its undo record.
    static func settle(_ mode: Mode, _ options: ImportOptions, _ principal: Principal, _ report: inout ImportReport,
                       _ pending: inout Pending) async throws {
        switch mode {
        case .preview(let database):
            try await settle(database.sql, nil, options, principal, &report, &pending)
        case .write(let database, let journal):
            let (before, waiting) = (report, pending)
            (report, pending) = try await database.transaction { db in
                var (report, pending) = (before, waiting)
                try await settle(db, journal, options, principal, &report, &pending)
                return (report, pending)
            }
        }
    }

    /// Decides each checked row — new, duplicate to skip, or existing customer to fill — and stores them.
    static func settle(_ db: any SQLDatabase, _ journal: ImportJournal?, _ options: ImportOptions, _ principal: Principal,
                       _ report: inout ImportReport, _ pending: inout Pending) async throws {
        let batch = pending.checked
        pending.checked.removeAll(keepingCapacity: true)
        var known: [String: Int64] = [:]
        if options.onDuplicate != .create {
            let wanted = Set(batch.flatMap(\.keys)).filter { pending.seenKeys[$0] == nil }
            for kind in ["phone", "email"] {
                let values = wanted.filter { $0.hasPrefix(kind + ":") }.map { String($0.dropFirst(kind.count + 1)) }
                guard !values.isEmpty else { continue }
                let rows = try await db.raw("""
                    SELECT k.key, k.customer_id FROM customer_keys k JOIN customers c ON c.id = k.customer_id
                    WHERE k.kind = \(bind: kind) AND k.key IN (\(binds: values)) AND c.deleted_at IS NULL
                    """).all()
                for row in rows {
                    known["\(kind):\(try row.decode(column: "key", as: String.self))"] = try row.decode(column: "customer_id", as: Int64.self)
                }
            }
        }
        let owners = Set(batch.compactMap(\.fields.ownerId))
        for owner in owners { try await CustomerRepository.checkOwner(db, owner) }
        for item in batch {
            var existing: Int64?
            if options.onDuplicate != .create {
                for key in item.keys {
                    if let id = pending.seenKeys[key] ?? known[key] { existing = id; break }
                }
            }
            if existing == Pending.pendingMark {
                if options.onDuplicate == .skip { report.duplicatesSkipped += 1; continue }
                try await flush(db, journal, principal, &report, &pending)
                let seen = pending.seenKeys
                existing = item.keys.compactMap { seen[$0] }.first
            }
            if let existing {
                if options.onDuplicate == .skip { report.duplicatesSkipped += 1; continue }
                guard let journal, existing > 0 else {
                    report.updated += 1
                    for key in item.keys { pending.seenKeys[key] = existing }
                    continue
                }
                let old = try await CustomerRepository.fetch(db, existing)
                try await journal.changed(db, customer: old)
                var merged = item.fields.absorbing(old.fields)
                if item.keepStage { merged.stage = old.fields.stage }
                if item.keepKind { merged.kind = old.fields.kind }
                try await CustomerRepository.updateRow(db, old: old, merged, by: principal)
                report.updated += 1
                for key in item.keys { pending.seenKeys[key] = existing }
                continue
            }
            pending.rows.append((item.fields, item.keys))
            for key in item.keys { pending.seenKeys[key] = Pending.pendingMark }
            report.created += 1
        }
        try await flush(db, journal, principal, &report, &pending)
    }

    /// Stores the queued rows in a few statements (in a preview, only numbers them).
    static func flush(_ db: any SQLDatabase, _ journal: ImportJournal?, _ principal: Principal, _ report: inout ImportReport,
                      _ pending: inout Pending) async throws {
        guard !pending.rows.isEmpty else { return }
        let ids: [Int64]
        if let journal {
            let now = Date()
            ids = try await CustomerRepository.insertRows(db, pending.rows.map { ($0.fields, now) }, by: principal)
            try await journal.created(db, "customer", ids)
        } else {
            ids = pending.rows.indices.map { _ in pending.previewId -= 1; return pending.previewId }
        }
        for (id, row) in zip(ids, pending.rows) { for key in row.keys { pending.seenKeys[key] = id } }
        pending.rows.removeAll(keepingCapacity: true)
    }

    /// Imports contacts from a vCard 3 or 4 file (as phones and address books export them),
    /// with the same checks, duplicate policy and all-or-nothing transaction as CSV.
    public func runVCard(_ bytes: [UInt8], options: ImportOptions, by principal: Principal) async throws -> ImportReport {
        try authorize(options, principal)
        let parsed = VCardParser.parse(bytes: bytes)
        if parsed.entries.isEmpty, parsed.issues.isEmpty {
            throw StoreError.invalid(ValidationError(field: "file", reason: "the file holds no vCard (BEGIN:VCARD … END:VCARD)", code: "import.noVCard"))
        }
        return try await ImportJournal.run(database, kind: "vcard", dryRun: options.dryRun, skipInvalid: options.skipInvalid,
                                           by: principal) { mode in
                var report = ImportReport()
                report.encoding = "vcard"
                var pending = Pending()
                for issue in parsed.issues {
                    report.rows += 1
                    report.problems.append(.init(line: issue.line, reasons: ["\(issue)"]))
                }
                for entry in parsed.entries {
                    report.rows += 1
                    let c = entry.contact
                    let person = c.givenName != nil || c.familyName != nil || c.organisation == nil
                    let input = CustomerInput(
                        kind: person ? "person" : "organisation",
                        name: person ? c.formattedName : (c.organisation ?? c.formattedName),
                        givenName: c.givenName, familyName: c.familyName, phones: c.phones, emails: c.emails, city: c.city,
                        tags: c.categories, customFields: c.note.map { ["note": String($0.prefix(1000))] } ?? [:], jobTitle: c.title)
                    try await Self.store(mode, input, line: entry.line, keepStage: true, keepKind: true, options, principal, &report, &pending)
                }
                try await Self.settle(mode, options, principal, &report, &pending)
                if !report.problems.isEmpty, !options.skipInvalid { report.refused = true }
                return report
        }
    }
}
