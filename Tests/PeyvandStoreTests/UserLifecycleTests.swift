import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import Testing

@Suite("Staff accounts' life cycle")
struct UserLifecycleTests {
    static func users(_ db: Database) async throws -> (admin: User, rep: User) {
        let users = UserRepository(db)
        let admin = try await users.create(email: "admin@example.test", name: "Admin", role: .administrator, password: "0123456789")
        let rep = try await users.create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "0123456789")
        return (admin, rep)
    }

    @Test("deactivating ends every session and token at once; reactivating lets the user sign in again", arguments: TestDatabase.kinds)
    func deactivate(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, rep) = try await Self.users(db)
            let sessions = SessionRepository(db), tokens = TokenRepository(db)
            let lifecycle = UserLifecycle(db, sessions: sessions, tokens: tokens)
            let session = try await sessions.create(userId: rep.id)
            let token = try await tokens.create(userId: rep.id, name: "script").secret
            #expect(try await sessions.find(session.secret) != nil)  // now cached
            #expect(try await tokens.authenticate(token) != nil)
            #expect(try await lifecycle.sessions(of: rep.id, by: admin.principal).count == 1)
            let member = try await lifecycle.deactivate(rep.id, by: admin.principal)
            #expect(member.user.active == false)
            #expect(member.deactivatedAt != nil)
            #expect(try await sessions.find(session.secret) == nil)
            #expect(try await tokens.authenticate(token) == nil)
            #expect(try await lifecycle.sessions(of: rep.id, by: admin.principal).isEmpty)
            #expect(try await lifecycle.tokens(of: rep.id, by: admin.principal).allSatisfy { $0.revokedAt != nil })
            #expect(try await UserRepository(db).authenticate(email: "rep@example.test", password: "0123456789") == nil)
            let history = try await lifecycle.history(of: rep.id, by: admin.principal)
            #expect(history.first?.action == "deactivate")
            #expect(history.first?.actorId == admin.id)
            try await lifecycle.reactivate(rep.id, by: admin.principal)
            #expect(try await UserRepository(db).authenticate(email: "rep@example.test", password: "0123456789")?.id == rep.id)
            #expect(try await tokens.authenticate(token) == nil)  // revoked tokens stay revoked
            await #expect(throws: StoreError.forbidden("the role sales-rep may not manage users")) {
                try await lifecycle.deactivate(admin.id, by: rep.principal)
            }
            await #expect(throws: StoreError.notFound(entity: "user", id: "999")) {
                try await lifecycle.deactivate(999, by: admin.principal)
            }
        }
    }

    @Test("an administrator cannot deactivate themself, nor remove the last active administrator", arguments: TestDatabase.kinds)
    func lastAdministrator(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, rep) = try await Self.users(db)
            let lifecycle = UserLifecycle(db)
            let cli = Principal(userId: 0, name: "command line", role: .administrator)
            await #expect(throws: StoreError.conflict(UserLifecycle.Refusal.deactivateSelf.rawValue)) {
                try await lifecycle.deactivate(admin.id, by: admin.principal)
            }
            await #expect(throws: StoreError.conflict(UserLifecycle.Refusal.lastAdministrator.rawValue)) {
                try await lifecycle.deactivate(admin.id, by: cli)
            }
            await #expect(throws: StoreError.conflict(UserLifecycle.Refusal.lastAdministrator.rawValue)) {
                try await lifecycle.setRole(admin.id, .executive, by: admin.principal)
            }
            try await lifecycle.setRole(rep.id, .administrator, by: admin.principal)
            try await lifecycle.setRole(admin.id, .executive, by: admin.principal)
            let member = try await lifecycle.member(admin.id, by: rep.principal.promoted)
            #expect(member.user.role == .executive)
            let history = try await lifecycle.history(of: admin.id, by: rep.principal.promoted)
            #expect(history.first.map { [$0.field, $0.before, $0.after] } == ["role", "administrator", "executive"])
            try await lifecycle.signOut(admin.id, tokens: false, by: cli)
            let cliEntry = try await lifecycle.history(of: admin.id, by: cli).first
            #expect(cliEntry?.actorId == nil)
            #expect(cliEntry?.actorName == "command line")
        }
    }

    @Test("a reset link works once, and not after it expires", arguments: TestDatabase.kinds)
    func resetLink(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, rep) = try await Self.users(db)
            let sessions = SessionRepository(db)
            let resets = PasswordResets(db, sessions: sessions)
            let session = try await sessions.create(userId: rep.id)
            let link = try await resets.issue(for: rep.id, by: admin.principal)
            #expect(link.path.hasPrefix("/password-reset/r_"))
            let secret = String(link.path.dropFirst(PasswordResets.pathPrefix.count))
            let stored = try await db.sql.raw("SELECT token_hash FROM password_resets").first()?.decode(column: "token_hash", as: String.self)
            #expect(stored == Secrets.digest(secret))
            #expect(try await resets.pending(secret)?.id == rep.id)
            await #expect(throws: StoreError.self) { try await resets.complete(secret, password: "short") }
            try await resets.complete(secret, password: "a new long password")
            #expect(try await UserRepository(db).authenticate(email: "rep@example.test", password: "a new long password")?.id == rep.id)
            #expect(try await sessions.find(session.secret) == nil)
            #expect(try await resets.pending(secret) == nil)
            await #expect(throws: StoreError.conflict(UserLifecycle.Refusal.resetLinkUsed.rawValue)) {
                try await resets.complete(secret, password: "another long password")
            }
            // A second link replaces the first; an expired one does nothing.
            let first = String(try await resets.issue(for: rep.id, by: admin.principal).path.dropFirst(PasswordResets.pathPrefix.count))
            let second = String(try await resets.issue(for: rep.id, by: admin.principal).path.dropFirst(PasswordResets.pathPrefix.count))
            #expect(try await resets.pending(first) == nil)
            try await db.transaction { tx in try await tx.raw("UPDATE password_resets SET expires_at = 1").run() }
            #expect(try await resets.pending(second) == nil)
            await #expect(throws: StoreError.self) { try await resets.complete(second, password: "yet another password") }
            #expect(try await UserRepository(db).authenticate(email: "rep@example.test", password: "a new long password") != nil)
            await #expect(throws: StoreError.self) { try await resets.issue(for: admin.id, by: rep.principal) }
        }
    }

    @Test("one's own password changes only with the current one, and ends one's other sessions", arguments: TestDatabase.kinds)
    func ownPassword(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (_, rep) = try await Self.users(db)
            let sessions = SessionRepository(db)
            let lifecycle = UserLifecycle(db, sessions: sessions, tokens: TokenRepository(db))
            let here = try await sessions.create(userId: rep.id)
            let elsewhere = try await sessions.create(userId: rep.id)
            await #expect { try await lifecycle.changeOwnPassword(current: "wrong one!", new: "x", by: rep.principal) } throws: { error in
                guard case StoreError.invalid(let v) = error else { return false }
                return v.issues.map(\.field) == ["currentPassword", "newPassword"]
            }
            try await lifecycle.changeOwnPassword(current: "0123456789", new: "a better password", by: rep.principal, keepSession: here.secret)
            #expect(try await sessions.find(here.secret) != nil)
            #expect(try await sessions.find(elsewhere.secret) == nil)
            #expect(try await UserRepository(db).authenticate(email: "rep@example.test", password: "a better password") != nil)
        }
    }

    @Test("force sign-out ends sessions, and tokens only when asked", arguments: TestDatabase.kinds)
    func signOut(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, rep) = try await Self.users(db)
            let sessions = SessionRepository(db), tokens = TokenRepository(db)
            let lifecycle = UserLifecycle(db, sessions: sessions, tokens: tokens)
            let session = try await sessions.create(userId: rep.id)
            let token = try await tokens.create(userId: rep.id, name: "script")
            let first = try await lifecycle.signOut(rep.id, tokens: false, by: admin.principal)
            #expect(first.sessions == 1 && first.tokens == 0)
            #expect(try await sessions.find(session.secret) == nil)
            #expect(try await tokens.authenticate(token.secret) != nil)
            let second = try await lifecycle.signOut(rep.id, tokens: true, by: admin.principal)
            #expect(second.sessions == 0 && second.tokens == 1)
            #expect(try await tokens.authenticate(token.secret) == nil)
            let other = try await tokens.create(userId: rep.id, name: "other")
            try await lifecycle.revokeToken(other.token.id, of: rep.id, by: admin.principal)
            #expect(try await tokens.authenticate(other.secret) == nil)
            await #expect(throws: StoreError.notFound(entity: "token", id: String(other.token.id))) {
                try await lifecycle.revokeToken(other.token.id, of: admin.id, by: admin.principal)
            }
        }
    }
}

@Suite("Sessions' last-seen time")
struct SessionLastSeenTests {
    @Test("a session's last-seen time is refreshed when stale, in the background, without the request writing", arguments: TestDatabase.kinds)
    func lastSeen(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, rep) = try await UserLifecycleTests.users(db)
            let session = try await SessionRepository(db).create(userId: rep.id)
            func lastSeen() async throws -> Int64? {
                try await db.sql.raw("SELECT last_seen_at FROM sessions").first()?.decode(column: "last_seen_at", as: Int64?.self)
            }
            let fresh = try #require(try await lastSeen())
            _ = try await SessionRepository(db).find(session.secret)
            #expect(try await lastSeen() == fresh)  // fresh: nothing written
            try await db.transaction { tx in try await tx.raw("UPDATE sessions SET last_seen_at = 1000").run() }
            #expect(try await SessionRepository(db).find(session.secret)?.user.id == rep.id)
            var seen: Int64? = 1000
            for _ in 0..<50 where seen == 1000 {
                try await Task.sleep(nanoseconds: 20_000_000)
                seen = try await lastSeen()
            }
            #expect((seen ?? 0) >= fresh)
            let listed = try await UserLifecycle(db).sessions(of: rep.id, by: admin.principal)
            #expect(listed.first.map { $0.lastSeenAt.timeIntervalSince1970 * 1000 >= Double(fresh) - 1 } == true)
            let members = try await UserLifecycle(db).list(by: admin.principal).items
            #expect(members.first { $0.user.id == rep.id }?.lastSignInAt != nil)
        }
    }
}

extension Principal {
    /// The same person as an administrator (after a role change made by someone else).
    var promoted: Principal { Principal(userId: userId, name: name, role: .administrator) }
}
