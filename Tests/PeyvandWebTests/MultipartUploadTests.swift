import Foundation
import HummingbirdTesting
import PeyvandCore
import Testing

@testable import PeyvandWeb

/// Document uploads from the browser: the form is parsed as it streams (multipart-kit), the file
/// part written to a temporary file that is gone once the request is answered.
@Suite struct MultipartUploadTests {
    static func leftovers() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: KeptUploads.folder)) ?? []).filter { $0.hasPrefix("part-") }
    }

    /// Temporary part files that appeared since `before` and are still there once uploads other
    /// tests run at the same time have had 10 s to end: files this process leaked.
    static func leaked(since before: Set<String>) async throws -> Set<String> {
        var left = Set(leftovers()).subtracting(before)
        for _ in 0..<100 where !left.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            left = Set(leftovers()).subtracting(before)
        }
        return left
    }

    @Test("a document comes through byte for byte, whatever the order of the disposition's attributes; no temporary file stays")
    func exactBytes() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"مریم"}"#)
            let id = try created.decoded(IdBody.self).id
            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "/customers/\(id)")
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let cookie = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let before = Set(Self.leftovers())
            // Content that looks like a boundary without being one, and CRLFs inside the file.
            let content = "شماره,مبلغ\r\n--b is not the end\r\n1,2\r\n"
            let body = "--xyz\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n"
                + "--xyz\r\nContent-Disposition: form-data; filename=\"note.txt\"; name=\"file\"\r\nContent-Type: text/plain\r\n\r\n"
                + content + "\r\n--xyz--\r\n"
            let uploaded = try await client.send(.post, "/customers/\(id)/documents",
                                                 headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=xyz"], json: body)
            #expect(uploaded.status == .seeOther)
            let after = try await browser.request(.get, "/customers/\(id)")
            let link = try #require(after.text.range(of: #"/documents/[0-9]+"#, options: .regularExpression).map { String(after.text[$0]) })
            let download = try await browser.request(.get, link)
            #expect(download.text == content)
            #expect(try await Self.leaked(since: before).isEmpty)
        }
    }

    @Test("a body cut off before its closing boundary, or not multipart at all, is refused and stores nothing")
    func malformed() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Cut"}"#)
            let id = try created.decoded(IdBody.self).id
            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "/customers/\(id)")
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let cookie = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let before = Set(Self.leftovers())
            let cut = "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhalf a fi"
            let truncated = try await client.send(.post, "/customers/\(id)/documents",
                                                  headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=b"], json: cut)
            #expect(truncated.status == .badRequest)
            let plain = try await client.send(.post, "/customers/\(id)/documents",
                                              headers: [.cookie: cookie, .contentType: "text/plain"], json: "hello")
            #expect(plain.status == .unsupportedMediaType)
            let noBoundary = try await client.send(.post, "/customers/\(id)/documents",
                                                   headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=b"], json: "garbage")
            #expect(noBoundary.status == .badRequest)
            let after = try await browser.request(.get, "/customers/\(id)")
            #expect(after.text.range(of: #"/documents/[0-9]+"#, options: .regularExpression) == nil)
            #expect(try await Self.leaked(since: before).isEmpty)
        }
    }
}
