import PeyvandCore

/// Runs `body` and returns the issues it threw, or `nil` if it succeeded.
func issues<T>(_ body: () throws(ValidationError) -> T) -> [FieldIssue]? {
    do {
        _ = try body()
        return nil
    } catch {
        return error.issues
    }
}

/// The single reason `body` failed with for `field`, or `nil`.
func reason<T>(_ field: String, _ body: () throws(ValidationError) -> T) -> String? {
    guard let found = issues(body), found.count == 1, found[0].field == field else { return nil }
    return found[0].reason
}
