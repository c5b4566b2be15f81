import Foundation
import PeyvandCore
import PeyvandStore

/// What one's account page (`account.mustache`) renders: one's API tokens (a new one shown once),
/// and the password form with its problems.
struct AccountModel {
    struct Token { let id: Int64, name: String, created: String, lastUsed: String, revoked: Bool }

    var newToken: String? = nil
    var tokenErrors: [FieldError] = []
    var passwordNotice: String? = nil
    var passwordErrors: [FieldError] = []
    let passwordHint: String
    let tokens: [Token]
}

extension AccountModel {
    init(_ tokens: [APIToken], text x: PageText) {
        passwordHint = x.views.passwordHint(x.lang)
        self.tokens = tokens.map { t in
            Token(id: t.id, name: t.name, created: x.when(t.createdAt), lastUsed: t.lastUsedAt.map(x.when) ?? "—", revoked: t.revokedAt != nil)
        }
    }
}
