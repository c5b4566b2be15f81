import ArgumentParser
import Foundation
import PeyvandStore

struct DedupeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedupe",
        abstract: "Report likely duplicate customers (same phone, email or Persian-normalised name), or merge one pair.",
        discussion: "Merges are recorded and can be undone from the customer's page, the API, or `peyvand dedupe --undo MERGE_ID`.")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "List candidate pairs with their score (tab-separated).") var report = false
    @Option(help: "How many pairs to list.") var limit: Int = 200
    @Option(help: "Merge customer SOURCE into TARGET: --merge SOURCE:TARGET.") var merge: String?
    @Option(help: "Undo a merge by its id.") var undo: Int64?
    @Option(name: .customLong("as"), help: "Email of the member of staff acting (default: the first administrator).") var actor: String?

    func validate() throws {
        guard report || merge != nil || undo != nil else { throw ValidationError("pass --report, --merge SOURCE:TARGET or --undo ID") }
        if let merge, merge.split(separator: ":").compactMap({ Int64($0) }).count != 2 {
            throw ValidationError("--merge takes SOURCE:TARGET customer ids, e.g. --merge 42:17")
        }
        guard (1...5000).contains(limit) else { throw ValidationError("--limit must be 1…5000") }
    }

    func run() async throws {
        try await withDatabase(database) { db in
            let principal = try await ImportCommand.Customers.principal(db, email: actor)
            if let merge {
                let ids = merge.split(separator: ":").compactMap { Int64($0) }
                let record = try await MergeService(db).merge(ids[0], into: ids[1], by: principal)
                print("merged \(ids[0]) into \(ids[1]) (merge \(record.id); undo with --undo \(record.id))")
            }
            if let undo {
                let record = try await MergeService(db).undo(undo, by: principal)
                print("undid merge \(record.id): customer \(record.sourceId) is back")
            }
            if report {
                print("score\treasons\tfirst\tsecond")
                for pair in try await DuplicateFinder(db).pairs(limit: limit, by: principal) {
                    print(String(format: "%.2f", pair.score) + "\t\(pair.reasons.joined(separator: ","))\t"
                          + "\(pair.first.id) \(pair.first.fields.name)\t\(pair.second.id) \(pair.second.fields.name)")
                }
            }
        }
    }
}
