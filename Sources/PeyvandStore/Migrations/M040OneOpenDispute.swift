import SQLKit

extension Migration {
    /// A payment has at most one open dispute: two people opening one at once get one dispute
    /// and a 409, on both databases.
    static let m040OneOpenDispute = Migration(40, "one open dispute per payment") { _ in
        [
            "CREATE UNIQUE INDEX payment_disputes_one_open ON payment_disputes (payment_id) WHERE closed_at IS NULL",
        ]
    }
}
