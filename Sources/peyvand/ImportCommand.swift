import ArgumentParser
import Foundation
import PeyvandCore
import PeyvandStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import records from files.", subcommands: [Customers.self, Transactions.self, Products.self])

    struct Customers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import customers from a CSV file (UTF-8 with or without BOM, UTF-16, or Windows-1256 as Persian Excel saves it) or a vCard 3/4 file (.vcf).",
            discussion: """
                Columns are recognised by their header in Persian or English (نام, نام خانوادگی, تلفن, موبایل, ایمیل, شهر, \
                برچسب‌ها, name, first name, last name, phone, mobile, email, city, tags, stage, …); map others with \
                --map "COLUMN=FIELD" (FIELD: \(ColumnMapping.fields.joined(separator: ", ")), custom:NAME, or ignore). \
                The import is one transaction: with invalid rows and no --skip-invalid, nothing is stored. \
                Exit status: 0 done, 2 rows with problems (listed on stderr), 1 other errors.
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String
        @Option(name: .customLong("map"), help: "COLUMN=FIELD; repeatable.") var maps: [String] = []
        @Flag(help: "Check every row and report what would happen; store nothing.") var dryRun = false
        @Flag(help: "Import the valid rows and report the invalid ones.") var skipInvalid = false
        @Option(help: "A row whose phone or email exists already: skip, update or create.") var onDuplicate: String = "skip"
        @Option(name: .customLong("as"), help: "Email of the member of staff the import is recorded as (default: the first administrator).")
        var actor: String?

        func validate() throws {
            guard DuplicatePolicy(rawValue: onDuplicate) != nil else { throw ValidationError("--on-duplicate must be skip, update or create") }
            for m in maps where !m.contains("=") { throw ValidationError("--map takes COLUMN=FIELD, got '\(m)'") }
        }

        func run() async throws {
            guard let handle = FileHandle(forReadingAtPath: file) else { throw CLIError("cannot read \(file)") }
            var mapping: [String: String] = [:]
            for m in maps {
                let parts = m.split(separator: "=", maxSplits: 1).map(String.init)
                mapping[parts[0]] = parts[1]
            }
            let options = ImportOptions(mapping: mapping, dryRun: dryRun, skipInvalid: skipInvalid,
                                        onDuplicate: DuplicatePolicy(rawValue: onDuplicate)!)
            let started = Date()
            let report: ImportReport = try await withDatabase(database) { db in
                let principal = try await Self.principal(db, email: actor)
                do {
                    if file.lowercased().hasSuffix(".vcf") || file.lowercased().hasSuffix(".vcard") {
                        let bytes = [UInt8](handle.readDataToEndOfFile())
                        return try await CustomerImporter(db).runVCard(bytes, options: options, by: principal)
                    }
                    return try await CustomerImporter(db).run(file: handle, options: options, by: principal) { rows in
                        let rate = Int(Double(rows) / max(Date().timeIntervalSince(started), 0.001))
                        FileHandle.standardError.write(Data("\rread \(rows) rows, \(rate) rows/s".utf8))
                    }
                } catch StoreError.invalid(let error) {
                    throw CLIError(error.issues.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
                }
            }
            ProgressBar.finish()
            let seconds = Date().timeIntervalSince(started)
            for problem in report.problems.prefix(1000) {
                FileHandle.standardError.write(Data("line \(problem.line): \(problem.reasons.joined(separator: "; "))\n".utf8))
            }
            if report.problems.count > 1000 {
                FileHandle.standardError.write(Data("… and \(report.problems.count - 1000) more rows with problems\n".utf8))
            }
            if !report.ignoredColumns.isEmpty { print("ignored columns: \(report.ignoredColumns.joined(separator: ", "))") }
            let verb = report.committed ? "imported" : (dryRun ? "dry run, nothing stored" : "refused, nothing stored")
            print("\(verb): \(report.rows) rows (\(report.encoding)), \(report.created) created, \(report.updated) updated, "
                  + "\(report.duplicatesSkipped) duplicates skipped, \(report.problems.count) with problems; "
                  + "\(Int(Double(report.rows) / max(seconds, 0.001))) rows/s")
            if report.refused { print("fix the rows above, or pass --skip-invalid to import the valid rows") }
            if !report.problems.isEmpty { throw ExitCode(2) }
        }

        static func principal(_ db: Database, email: String?) async throws -> Principal {
            let users = UserRepository(db)
            if let email {
                guard let user = try await users.find(email: email) else { throw CLIError("no user with email \(email)") }
                return user.principal
            }
            guard let admin = try await users.list(limit: 500).items.first(where: { $0.role == .administrator && $0.active }) else {
                throw CLIError("no administrator exists; add one with `peyvand user add` or pass --as EMAIL")
            }
            return admin.principal
        }
    }

    /// Prints a history or product import's problems and outcome; exit 2 when rows had problems.
    static func finish(_ report: TransactionImporter.Report, dryRun: Bool, started: Date, stored: String) throws {
        ProgressBar.finish()
        for problem in report.problems.prefix(1000) {
            FileHandle.standardError.write(Data("line \(problem.line): \(problem.reasons.joined(separator: "; "))\n".utf8))
        }
        if report.problems.count > 1000 {
            FileHandle.standardError.write(Data("… and \(report.problems.count - 1000) more rows with problems\n".utf8))
        }
        let verb = report.committed ? "imported" : (dryRun ? "dry run, nothing stored" : "refused, nothing stored")
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        print("\(verb): \(report.rows) rows (\(report.encoding)), \(report.orders) \(stored), \(report.alreadyImported) already imported, "
              + "\(report.problems.count) with problems; \(Int(Double(report.rows) / seconds)) rows/s")
        if report.refused { print("fix the rows above, or pass --skip-invalid to import the rest") }
        if !report.problems.isEmpty { throw ExitCode(2) }
    }

    struct Transactions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import past sales from a CSV file: customer, date, order id, product, quantity, amount — one line per row.",
            discussion: """
                The customer cell is a customer id, a phone number in any form, or an email. Dates are Gregorian \
                (2024-03-20) or Jalali (1403/01/01). amount is the line's total before tax in the organisation's currency. \
                Rows of one order must be together. Orders are stored closed and delivered, marked import:ORDER, so the \
                same file again skips what is there. Headers in English or Persian (مشتری, تاریخ, شماره سفارش, کالا, \
                تعداد, مبلغ); --map COLUMN=FIELD for others. One transaction: with bad rows and no --skip-invalid, nothing \
                is stored; with it, an order with a bad row is left out whole. Exit status: 0 done, 2 rows with problems.
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String
        @Option(name: .customLong("map"), help: "COLUMN=FIELD (customer, date, order, product, quantity, amount); repeatable.") var maps: [String] = []
        @Flag(help: "Check every row and report what would happen; store nothing.") var dryRun = false
        @Flag(help: "Import the good orders and report the bad rows.") var skipInvalid = false
        @Option(name: .customLong("as"), help: "Email of the member of staff the import is recorded as (default: the first administrator).")
        var actor: String?

        func validate() throws {
            for m in maps where !m.contains("=") { throw ValidationError("--map takes COLUMN=FIELD, got '\(m)'") }
        }

        func run() async throws {
            guard let handle = FileHandle(forReadingAtPath: file) else { throw CLIError("cannot read \(file)") }
            var mapping: [String: String] = [:]
            for m in maps {
                let parts = m.split(separator: "=", maxSplits: 1).map(String.init)
                mapping[parts[0]] = parts[1]
            }
            let started = Date()
            let (dryRun, skipInvalid) = (self.dryRun, self.skipInvalid)
            let report = try await withDatabase(database) { db in
                let principal = try await Customers.principal(db, email: actor)
                do {
                    return try await TransactionImporter(db).run(file: handle, mapping: mapping, dryRun: dryRun, skipInvalid: skipInvalid,
                                                                 by: principal) { rows in
                        let rate = Int(Double(rows) / max(Date().timeIntervalSince(started), 0.001))
                        FileHandle.standardError.write(Data("\rread \(rows) rows, \(rate) rows/s".utf8))
                    }
                } catch StoreError.invalid(let error) {
                    throw CLIError(error.issues.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
                }
            }
            try ImportCommand.finish(report, dryRun: dryRun, started: started, stored: "orders")
        }
    }

    struct Products: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import or update products from a CSV file: sku, name, kind, unit, category, cost and price:LIST columns.",
            discussion: "A product whose SKU exists is updated. Exit status: 0 done, 2 rows with problems (listed on stderr).")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Check every row; store nothing.") var dryRun = false
        @Flag(help: "Store the good rows and report the bad ones.") var skipInvalid = false
        @Option(name: .customLong("as"), help: "Email of the member of staff the import is recorded as (default: the first administrator).")
        var actor: String?

        func run() async throws {
            guard let handle = FileHandle(forReadingAtPath: file) else { throw CLIError("cannot read \(file)") }
            let started = Date()
            let (dryRun, skipInvalid) = (self.dryRun, self.skipInvalid)
            let report = try await withDatabase(database) { db in
                let principal = try await Customers.principal(db, email: actor)
                do {
                    return try await ProductImporter(db).run(file: handle, dryRun: dryRun, skipInvalid: skipInvalid, by: principal)
                } catch StoreError.invalid(let error) {
                    throw CLIError(error.issues.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
                }
            }
            try ImportCommand.finish(report, dryRun: dryRun, started: started, stored: "products")
        }
    }
}
