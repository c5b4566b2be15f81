/// One problem with one input field.
///
/// `field` is a stable machine name (e.g. `"phone"`, `"email"`, `"amount"`,
/// `"date"`); `reason` is a short English explanation suitable for logs and
/// for mapping to a localized message.
public struct FieldIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public var field: String
    public var reason: String
    /// A stable name for the reason (`phone.tooShort.mobile`, `text.tooLong`), when it has one,
    /// so a page can say it in the reader's language from its catalog, with `params` filled in.
    public var code: String?
    public var params: [String: String]?

    public init(field: String, reason: String, code: String? = nil, params: [String: String]? = nil) {
        self.field = field
        self.reason = reason
        self.code = code
        self.params = params
    }

    /// `"field: reason"`.
    public var description: String { "\(field): \(reason)" }

    /// The same problem under another field name (a line's `quantity` as `lines[2].quantity`).
    public func at(_ field: String) -> FieldIssue {
        FieldIssue(field: field, reason: reason, code: code, params: params)
    }

    /// Written as `field`, `reason` and `code` (every member a string, as API clients read it);
    /// the parameters stay with the pages that fill messages in.
    enum CodingKeys: String, CodingKey { case field, reason, code }
}

/// A validation failure carrying one or more ``FieldIssue``s.
///
/// All parsing initialisers in PeyvandCore throw this type (typed throws),
/// so callers can collect issues from several fields into one error.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [FieldIssue]

    public init(_ issues: [FieldIssue]) {
        self.issues = issues
    }

    public init(field: String, reason: String, code: String? = nil, params: [String: String]? = nil) {
        self.issues = [FieldIssue(field: field, reason: reason, code: code, params: params)]
    }

    /// The issues for a single field, in order.
    public func reasons(for field: String) -> [String] {
        issues.filter { $0.field == field }.map(\.reason)
    }

    /// This error's issues followed by `other`'s.
    public func merging(_ other: ValidationError) -> ValidationError {
        ValidationError(issues + other.issues)
    }

    /// `"field: reason; field: reason"`.
    public var description: String {
        issues.map(\.description).joined(separator: "; ")
    }
}
