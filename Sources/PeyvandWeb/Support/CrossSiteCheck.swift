import Hummingbird
import PeyvandStore

/// Cookie-authenticated API writes must come from this site: browsers send the session cookie with
/// requests that other sites start, so a write (POST, PUT, PATCH, DELETE) is accepted only when
/// the browser says it is same-origin (`Sec-Fetch-Site`), or its `Origin` is this host, or it
/// carries the session's CSRF token in `X-CSRF-Token`; and a body must be `application/json`
/// (document uploads excepted), which a cross-site form cannot send without a preflight.
/// Bearer-token callers are not browsers and are not checked.
enum CrossSiteCheck {
    static func require(_ request: Request, csrf: String?) throws {
        guard ![.get, .head, .options].contains(request.method) else { return }
        let forbidden = { (why: String) in Problem(.forbidden, "cross-site", "Cross-site request refused", detail: why) }
        let sameSite: Bool
        if let given = request.headers[.init("X-CSRF-Token")!], let csrf, Secrets.equal(given, csrf) {
            sameSite = true
        } else if let site = request.headers[.init("Sec-Fetch-Site")!] {
            sameSite = site == "same-origin" || site == "none"
        } else if let origin = request.headers[.origin] {
            sameSite = Self.host(ofOrigin: origin) == request.head.authority.map { $0.lowercased() }
        } else {
            sameSite = false
        }
        guard sameSite else {
            throw forbidden("an API write signed in by the browser session must come from this site (Origin or Sec-Fetch-Site) or carry X-CSRF-Token")
        }
        let isUpload = request.uri.path.hasSuffix("/documents")
        if !isUpload, request.headers[.contentLength].map({ $0 != "0" }) ?? (request.headers[.transferEncoding] != nil) {
            let type = request.headers[.contentType]?.lowercased() ?? ""
            guard type.hasPrefix("application/json") || type.hasPrefix("application/merge-patch+json") else {
                throw Problem(.unsupportedMediaType, "unsupported-media-type", "Unsupported media type", detail: "send the body as application/json")
            }
        }
    }

    /// `https://host:port` → `host:port`.
    static func host(ofOrigin origin: String) -> String? {
        guard let range = origin.range(of: "://") else { return nil }
        return origin[range.upperBound...].lowercased()
    }
}
