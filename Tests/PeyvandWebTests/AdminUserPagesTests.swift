import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

@Suite("Administrators' user pages")
struct AdminUserPagesTests {
    @Test("the pages render in fa (Persian, right to left) and en; the link is in the navigation only for administrators")
    func render() async throws {
        try await TestApp.with { app, client in
            let rep = try await UserRepository(app.database).create(email: "rep@example.test", name: "نرگس", role: .salesRep, password: "correct horse battery")
            var admin = Browser(client)
            _ = try await admin.logIn()
            let en = try await admin.request(.get, "/admin/users?lang=en")
            #expect(en.status == .ok)
            #expect(en.text.contains("Staff accounts"))
            #expect(en.text.contains("href=\"/admin/users\""))
            #expect(en.text.contains("rep@example.test"))
            let fa = try await admin.request(.get, "/admin/users/\(rep.id)?lang=fa")
            #expect(fa.status == .ok)
            #expect(fa.text.contains("dir=\"rtl\""))
            #expect(fa.text.contains("کارشناس فروش"))
            #expect(fa.text.contains("غیرفعال کردن"))
            #expect(!fa.text.contains("Deactivate"))
            let list = try await admin.request(.get, "/admin/users?lang=fa")
            #expect(list.text.contains("حساب‌های کارکنان"))
            #expect(list.text.contains("۱۰"))  // the password rule, in Persian digits
            var other = Browser(client)
            _ = try await other.logIn("rep@example.test", "correct horse battery")
            let home = try await other.request(.get, "/customers")
            #expect(!home.text.contains("href=\"/admin/users\""))
            #expect(try await other.request(.get, "/admin/users").status == .forbidden)
        }
    }

    @Test("deactivating through the page sends the user's session cookie to /login; refusals are shown")
    func deactivate() async throws {
        try await TestApp.with { app, client in
            let rep = try await UserRepository(app.database).create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "correct horse battery")
            var user = Browser(client)
            _ = try await user.logIn("rep@example.test", "correct horse battery")
            #expect(try await user.request(.get, "/customers").status == .ok)
            var admin = Browser(client)
            _ = try await admin.logIn()
            let page = try await admin.request(.get, "/admin/users/\(rep.id)?lang=en")
            #expect(page.text.contains("Signed-in browsers"))
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let forged = try await admin.request(.post, "/admin/users/\(rep.id)/active", form: [("active", "false")])
            #expect(forged.status == .forbidden)
            let done = try await admin.request(.post, "/admin/users/\(rep.id)/active", form: [("_csrf", csrf), ("active", "false")])
            #expect(done.status == .seeOther)
            let after = try await user.request(.get, "/customers")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location]?.hasPrefix("/login") == true)
            let selfRefused = try await admin.request(.post, "/admin/users/\(app.admin.id)/role", form: [("_csrf", csrf), ("role", "executive")])
            #expect(selfRefused.status == .conflict)
            #expect(selfRefused.text.contains("id=\"user-refusal\""))
            let reset = try await admin.request(.post, "/admin/users/\(app.admin.id)/password-reset", form: [("_csrf", csrf)])
            #expect(reset.text.contains("/password-reset/r_"))
            let again = try await admin.request(.get, "/admin/users/\(app.admin.id)")
            #expect(!again.text.contains("/password-reset/r_"))
            let added = try await admin.request(.post, "/admin/users", form: [("_csrf", csrf), ("email", "new@example.test"), ("name", "New"),
                                                                              ("role", "marketer"), ("language", "en"), ("password", "short")])
            #expect(added.status == .unprocessableContent)
            #expect(added.text.contains("value=\"new@example.test\""))
        }
    }

    @Test("one's own password changes on the account page with the current one")
    func ownPassword() async throws {
        try await TestApp.with { _, client in
            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "/account?lang=en")
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let wrong = try await browser.request(.post, "/account/password", form: [("_csrf", csrf), ("currentPassword", "nope"),
                                                                                    ("newPassword", "a new password"), ("confirm", "a new password")])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("The current password is wrong."))
            let ok = try await browser.request(.post, "/account/password", form: [("_csrf", csrf), ("currentPassword", "correct horse battery"),
                                                                                 ("newPassword", "a new password"), ("confirm", "a new password")])
            #expect(ok.status == .ok)
            #expect(ok.text.contains("id=\"password-changed\""))
            #expect(try await browser.request(.get, "/customers").status == .ok)  // this session stays
        }
    }
}
