import PeyvandCore

extension Principal {
    /// Refuses with `StoreError.forbidden` ("the role sales-rep may not issue invoices") unless
    /// the role has `permission`; `action` says what was attempted, in words.
    public func require(_ permission: Permission, to action: String? = nil) throws {
        guard may(permission) else {
            throw StoreError.forbidden("the role \(role.rawValue) may not \(action ?? "do \(permission.rawValue)")")
        }
    }
}
