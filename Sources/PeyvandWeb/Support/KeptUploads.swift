import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// Import files uploaded from the browser, kept on disk between the preview and the import.
///
/// The caller's permission is checked before a byte of the body is read. The body is parsed as it
/// arrives by `Multipart`, its file part written to a temporary file (never held whole in memory),
/// up to `maxUpload`; the file is kept under a token that names its owner, so only they can confirm it; kept files are removed after the
/// import, when the preview shows nothing to import, or after `lifetime`; and each person may
/// keep at most `quotaPerUser` bytes at a time.
enum KeptUploads {
    static let maxUpload = 20 << 20
    static let quotaPerUser = 60 << 20
    static let lifetime: TimeInterval = 3600
    static var folder: String { NSTemporaryDirectory() + "peyvand-imports/" }

    /// The person already keeps `quotaPerUser` bytes of uploads awaiting import.
    struct QuotaExceeded: Error {}

    /// Streams the upload to disk after checking `allowed`, checks the form's CSRF token and keeps
    /// its file; nil when no file came.
    static func keep(_ request: Request, _ context: AppRequestContext, allowed: (Principal) throws -> Void,
                     prefix: (String?) -> String) async throws -> (token: String, form: Multipart)? {
        let principal = try context.principal()
        try allowed(principal)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        sweep()
        guard keptBytes(of: principal.userId) < quotaPerUser else { throw QuotaExceeded() }
        let form = try await Multipart.read(request, limit: maxUpload)
        guard let csrf = context.csrf, let given = form.value("_csrf"), Secrets.equal(given, csrf) else {
            throw HTTPError(.forbidden, message: "the form has expired; reload the page and try again")
        }
        guard let file = form.file("file"), file.size > 0 else { return nil }
        let token = "\(prefix(file.filename))-\(principal.userId)-" + Secrets.token(prefix: "")
        try form.move("file", to: path(token))
        return (token, form)
    }

    /// The token of a kept upload named in a confirm form, if it is the caller's and still there.
    static func kept(_ form: FormData, prefix: String, by principal: Principal) -> String? {
        guard let token = form["token"], token.hasPrefix(prefix), token.count < 200,
              token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }),
              token.split(separator: "-", maxSplits: 2).dropFirst().first == Substring(String(principal.userId)),
              FileManager.default.fileExists(atPath: path(token)) else { return nil }
        return token
    }

    static func path(_ token: String) -> String { folder + token + ".csv" }

    static func remove(_ token: String) { try? FileManager.default.removeItem(atPath: path(token)) }

    /// Removes kept files older than `lifetime`, and body files a crash left behind.
    static func sweep(now: Date = Date()) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] {
            let path = folder + name
            guard let modified = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { continue }
            if now.timeIntervalSince(modified) > lifetime { try? fm.removeItem(atPath: path) }
        }
    }

    static func keptBytes(of userId: Int64) -> Int {
        let fm = FileManager.default
        let marker = "-\(userId)-"
        return ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.contains(marker) && $0.hasSuffix(".csv") }.reduce(0) {
            $0 + (((try? fm.attributesOfItem(atPath: folder + $1))?[.size] as? Int) ?? 0)
        }
    }
}
