import ArgumentParser
import Foundation
import PeyvandStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill the database with deterministic bilingual demo data (staff and customers).")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "How many customers to create.") var customers: Int = 2_000
    @Option(help: "Average interactions per customer (0 for none).") var interactions: Int = 20
    @Option(help: "Random seed: the same seed makes the same data.") var seed: UInt64 = 1405
    @Flag(inversion: .prefixedNo, help: "Also make order history: products, orders, shipments, invoices, payments, returns.")
    var orders = true
    @Flag(help: "Only add order history to the customers already in the database (made earlier without it); resumes after the last customer with orders.")
    var ordersOnly = false

    func validate() throws {
        guard (0...5_000_000).contains(customers) else { throw ValidationError("--customers must be between 0 and 5000000") }
        guard (0...200).contains(interactions) else { throw ValidationError("--interactions must be between 0 and 200") }
    }

    func run() async throws {
        let started = Date()
        let total = customers
        let perCustomer = interactions
        let (orders, ordersOnly, seed) = (self.orders, self.ordersOnly, self.seed)
        try await withDatabase(database) { db in
            var after: Int64 = 0
            if !ordersOnly {
                after = try await CustomerRepository(db).highestId()
                try await DemoGenerator(database: db, seed: seed).run(customers: total, interactionsPerCustomer: perCustomer) { made in
                    ProgressBar.show(made, of: total, since: started, unit: "customers")
                }
                ProgressBar.finish()
            }
            if orders || ordersOnly {
                // --orders-only resumes after the last customer who has orders (an interrupted run goes on).
                let resume = ordersOnly ? try await DemoCommerce(database: db, seed: seed).lastCustomerWithOrders() : after
                try await DemoHistory.add(db, seed: seed, customers: ordersOnly ? Int(try await CustomerRepository(db).highestId()) : total,
                                          after: resume)
            }
        }
        DemoLogins.print()
    }
}

/// Order history for the demo customers, with its own progress bar.
enum DemoHistory {
    static func add(_ db: Database, seed: UInt64, customers total: Int, after: Int64 = 0) async throws {
        let started = Date()
        try await DemoCommerce(database: db, seed: seed).run(afterCustomer: after) { done, lines in
            ProgressBar.show(done, of: total, since: started, unit: "customers' history (\(lines) order lines)")
        }
        ProgressBar.finish()
        try await DemoQuotes(database: db).run()
    }
}

enum DemoLogins {
    /// Prints the logins at once, whether the output is a terminal, a file or a pipe.
    static func print() {
        Console.line((["Demo logins (password after the email):"] + DemoGenerator.logins.map { entry in
            "  \(entry.login.email)  \(entry.login.password)  (\(entry.login.role.rawValue))"
        }).joined(separator: "\n"))
    }
}

/// A one-line progress bar on stderr with the rate so far.
enum ProgressBar {
    static func show(_ done: Int, of total: Int, since start: Date, unit: String) {
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let width = 30
        let filled = Int(fraction * Double(width))
        let elapsed = max(Date().timeIntervalSince(start), 0.001)
        let rate = Int(Double(done) / elapsed)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total) \(unit), \(rate)/s".utf8))
    }

    static func finish() { FileHandle.standardError.write(Data("\n".utf8)) }
}
