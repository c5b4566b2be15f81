import ArgumentParser
import Foundation
import PeyvandCore
import PeyvandExchange
import PeyvandStore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export records to files.", subcommands: [Customers.self])

    struct Customers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export customers as CSV (opens in Excel with Persian text), vCard 4 or JSON Lines, streamed page by page.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "csv, vcf or jsonl.") var format: String = "csv"
        @Option(help: "Write to this file instead of standard output.") var output: String?
        @Option(help: "Only customers matching this search.") var q: String?
        @Option(help: "Only this lifecycle stage.") var stage: String?
        @Option(help: "Only customers with this tag.") var tag: String?
        @Option(help: "Only this city.") var city: String?
        @Flag(help: "Include deleted customers.") var includeDeleted = false

        func validate() throws {
            guard ["csv", "vcf", "jsonl"].contains(format) else { throw ValidationError("--format must be csv, vcf or jsonl") }
            if let stage, LifecycleStage(rawValue: stage) == nil { throw ValidationError("unknown stage \(stage)") }
        }

        func run() async throws {
            let handle: FileHandle
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: nil), let h = FileHandle(forWritingAtPath: output) else {
                    throw CLIError("cannot write \(output)")
                }
                handle = h
            } else {
                handle = FileHandle.standardOutput
            }
            var query = CustomerQuery(q: q, stage: stage.flatMap(LifecycleStage.init(rawValue:)), tag: tag, city: city,
                                      includeDeleted: includeDeleted, limit: 500)
            let count = try await withDatabase(database) { db in
                let principal = try await ImportCommand.Customers.principal(db, email: nil)
                var exporter = CustomerExporter(format: format, handle: handle)
                try exporter.begin()
                var total = 0
                while true {
                    let page = try await CustomerRepository(db).list(query, by: principal)
                    for customer in page.items { try exporter.write(customer) }
                    total += page.items.count
                    guard let next = page.next else { break }
                    query.after = Cursor.decode(next)
                }
                try exporter.finish()
                return total
            }
            if output != nil { print("exported \(count) customers to \(output!)") }
        }
    }
}

/// Writes customers one by one in the chosen format.
struct CustomerExporter {
    let format: String
    let handle: FileHandle
    var csv: CSVWriter?

    static let columns = [
        "id", "kind", "name", "givenName", "familyName", "phones", "emails", "city", "stage", "ownerId", "tags",
        "preferredChannel", "consent_email", "consent_sms", "consent_phone", "consent_letter", "jobTitle", "organisationId",
        "customFields", "createdAt", "updatedAt", "deletedAt",
    ]

    init(format: String, handle: FileHandle) {
        self.format = format
        self.handle = handle
        if format == "csv" { csv = CSVWriter(fileHandle: handle, byteOrderMark: true) }
    }

    mutating func begin() throws {
        try csv?.write(Self.columns)
    }

    mutating func write(_ c: Customer) throws {
        let f = c.fields
        switch format {
        case "csv":
            let custom = f.customFields.isEmpty ? "" : String(decoding: try JSONEncoder.sorted.encode(f.customFields), as: UTF8.self)
            try csv?.write([
                String(c.id), f.kind.rawValue, f.name, f.givenName ?? "", f.familyName ?? "", f.phones.joined(separator: "; "),
                f.emails.joined(separator: "; "), f.city ?? "", f.stage.rawValue, f.ownerId.map(String.init) ?? "",
                f.tags.joined(separator: ", "), f.preferredChannel?.rawValue ?? "", String(f.consents.email), String(f.consents.sms),
                String(f.consents.phone), String(f.consents.letter), f.jobTitle ?? "", f.organisationId.map(String.init) ?? "", custom,
                Self.instant(c.createdAt), Self.instant(c.updatedAt), c.deletedAt.map(Self.instant) ?? "",
            ])
        case "vcf":
            let card = VCardContact(
                formattedName: f.name, givenName: f.givenName, familyName: f.familyName,
                organisation: f.kind == .organisation ? f.name : nil, title: f.jobTitle, phones: f.phones, emails: f.emails,
                city: f.city, note: nil, categories: f.tags)
            handle.write(Data(VCardWriter(version: .v4).string(for: card).utf8))
        default:
            var object: [String: Any] = [
                "id": String(c.id), "kind": f.kind.rawValue, "name": f.name, "phones": f.phones, "emails": f.emails,
                "stage": f.stage.rawValue, "tags": f.tags, "customFields": f.customFields, "version": c.version,
                "consents": ["email": f.consents.email, "sms": f.consents.sms, "phone": f.consents.phone, "letter": f.consents.letter],
                "createdAt": Self.instant(c.createdAt), "updatedAt": Self.instant(c.updatedAt),
            ]
            object["givenName"] = f.givenName ?? NSNull()
            object["familyName"] = f.familyName ?? NSNull()
            object["city"] = f.city ?? NSNull()
            object["ownerId"] = f.ownerId.map(String.init) ?? NSNull()
            object["preferredChannel"] = f.preferredChannel?.rawValue ?? NSNull()
            object["jobTitle"] = f.jobTitle ?? NSNull()
            object["organisationId"] = f.organisationId.map(String.init) ?? NSNull()
            object["deletedAt"] = c.deletedAt.map(Self.instant) ?? NSNull()
            var data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            data.append(0x0A)
            handle.write(data)
        }
    }

    mutating func finish() throws {
        try csv?.finish()
    }

    static func instant(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
