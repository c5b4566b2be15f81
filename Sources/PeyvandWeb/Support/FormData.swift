import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// A submitted `application/x-www-form-urlencoded` form. Reading one checks its CSRF token.
struct FormData: Sendable {
    private(set) var pairs: [(String, String)] = []

    init(_ body: String) {
        for part in body.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            pairs.append((decode(kv[0]), kv.count > 1 ? decode(kv[1]) : ""))
        }
    }

    init(pairs: [(String, String)]) {
        self.pairs = pairs
    }

    /// The query string of a GET request, decoded as browsers encode forms (`+` is a space).
    static func query(_ request: Request) -> FormData {
        FormData(request.uri.query ?? "")
    }

    func get(_ name: String) -> String? { self[name] }

    subscript(_ name: String) -> String? { pairs.first { $0.0 == name }?.1 }

    func has(_ name: String) -> Bool { pairs.contains { $0.0 == name } }

    /// Reads the body and refuses (403) when its `_csrf` does not match `expected`.
    static func read(_ request: Request, _ context: AppRequestContext, csrf expected: String?) async throws -> FormData {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let form = FormData(String(buffer: buffer))
        guard let expected, let given = form["_csrf"], Secrets.equal(given, expected) else {
            throw HTTPError(.forbidden, message: "the form has expired or did not come from this site; reload the page and try again")
        }
        return form
    }
}

extension FormData {
    /// A record's id chosen or typed in field `name` (Persian digits accepted): nil when the field
    /// is empty; nil and an issue (`ref.unknown`) when it is not an id.
    func id(_ name: String, issues: inout [FieldIssue]) -> Int64? {
        guard let raw = self[name], !raw.isEmpty else { return nil }
        guard let id = Int64(PersianText.latinDigits(raw)), id > 0 else {
            issues.append(FieldIssue(field: name, reason: "does not exist", code: "ref.unknown"))
            return nil
        }
        return id
    }
}
