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
        @Option(help: "Only the customers of this owner (user id).") var owner: String?
        @Option(help: "Only customers who consented to this channel (email, sms, phone, letter).") var consent: String?
        @Option(help: "Only customers created on or after this day (2026-03-20 or 1405/01/01).") var createdFrom: String?
        @Option(help: "Only customers created on or before this day.") var createdTo: String?
        @Option(help: "Only customers last changed on or after this day.") var updatedFrom: String?
        @Option(help: "Only customers last changed on or before this day.") var updatedTo: String?
        @Option(help: "Only this RFM segment of the latest scoring run (champions, at_risk, …).") var rfm: String?
        @Option(help: "Only this behavioural segment (its number) of the latest scoring run.") var behaviour: String?
        @Option(help: "Only customers whose churn risk is at least this (0 to 1).") var minChurnRisk: String?
        @Flag(help: "Include deleted customers.") var includeDeleted = false
        @Option(help: "Only the customers of this saved view (by name).") var view: String?

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
            // The same filters, read the same way, as the list page and its export links.
            let pairs: [(String, String?)] = [
                ("q", q), ("stage", stage), ("tag", tag), ("city", city), ("ownerId", owner), ("consent", consent),
                ("createdFrom", createdFrom), ("createdTo", createdTo), ("updatedFrom", updatedFrom), ("updatedTo", updatedTo),
                ("rfm", rfm), ("behaviour", behaviour), ("minChurnRisk", minChurnRisk), ("includeDeleted", includeDeleted ? "true" : nil),
            ]
            var query: CustomerQuery
            do { query = try CustomerQuery.parse(pairs.compactMap { name, value in value.map { (name, $0) } }, defaultLimit: 500) } catch {
                throw CLIError("invalid filters: " + error.issues.map { "--\($0.field): \($0.reason)" }.joined(separator: "; "))
            }
            let count = try await withDatabase(database) { db in
                let principal = try await ImportCommand.Customers.principal(db, email: nil)
                if let view {
                    guard let saved = try await SavedViewRepository(db).find(name: view, by: principal) else {
                        throw CLIError("no saved view named \(view)")
                    }
                    do { query = try CustomerQuery.parse(saved.pairs, defaultLimit: 500) } catch { throw CLIError("the view's filters are invalid: \(error)") }
                }
                var exporter = CustomerExporter(format: format, handle: handle)
                try exporter.begin()
                var total = 0
                while true {
                    let page = try await CustomerRepository(db).list(query, by: principal)
                    for customer in page.items { try exporter.write(customer) }
                    total += page.items.count
                    guard let next = page.next else { break }
                    guard query.resume(after: next) else { break }
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

    init(format: String, handle: FileHandle) {
        self.format = format
        self.handle = handle
        if format == "csv" { csv = CSVWriter(fileHandle: handle, byteOrderMark: true) }
    }

    mutating func begin() throws {
        try csv?.write(CustomerFormats.csvHeader)
    }

    mutating func write(_ c: Customer) throws {
        switch format {
        case "csv": try csv?.write(CustomerFormats.csvRow(c))
        case "vcf": handle.write(Data(CustomerFormats.vCard(c).utf8))
        default: handle.write(Data(CustomerFormats.jsonLine(c).utf8))
        }
    }

    mutating func finish() throws {
        try csv?.finish()
    }
}
