import ArgumentParser
import Foundation
import PeyvandCore
import PeyvandStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import records from files.", subcommands: [Customers.self])

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
}
