import PeyvandCore

extension Principal {
    /// Organisation-wide figures (segment counts, profit totals, the churn histogram, model runs)
    /// count every customer, so only roles with `analytics.read` that also reach every customer
    /// may read them. The second check keeps that true if the access table ever grants
    /// `analytics.read` to a role that reaches only its own customers.
    public func requireOrganisationWide() throws {
        try require(.analyticsRead, to: "read organisation-wide analytics")
        guard customerScope == .all else {
            throw StoreError.forbidden("the role \(role.rawValue) reaches only its own customers, so it may not read organisation-wide analytics")
        }
    }

    /// Whether the person may read organisation-wide figures (`requireOrganisationWide`).
    public var readsOrganisationWide: Bool { may(.analyticsRead) && customerScope == .all }
}
