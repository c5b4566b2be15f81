import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import Testing

@Suite("Accounts, tokens, sessions, login throttle")
struct AccountsTests {
    @Test("passwords are checked by bcrypt; emails are unique regardless of case", arguments: TestDatabase.kinds)
    func users(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let users = UserRepository(db)
            let u = try await users.create(email: "Sara@Example.test", name: "سارا", role: .salesRep, password: "correct horse", language: .en)
            #expect(try await users.authenticate(email: "sara@example.test", password: "correct horse")?.id == u.id)
            #expect(try await users.authenticate(email: "sara@example.test", password: "wrong horse") == nil)
            #expect(try await users.authenticate(email: "nobody@example.test", password: "correct horse") == nil)
            await #expect { _ = try await users.create(email: "SARA@example.test", name: "x", role: .marketer, password: "0123456789") } throws: { error in
                guard case StoreError.invalid(let v) = error else { return false }
                return v.issues.map(\.field) == ["email"]
            }
            await #expect { _ = try await users.create(email: "bad", name: "", role: .marketer, password: "short") } throws: { error in
                guard case StoreError.invalid(let v) = error else { return false }
                return Set(v.issues.map(\.field)) == ["email", "name", "password"]
            }
        }
    }

    @Test("API tokens are stored hashed, work until revoked", arguments: TestDatabase.kinds)
    func tokens(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let user = try await UserRepository(db).create(email: "a@example.test", name: "A", role: .administrator, password: "0123456789")
            let tokens = TokenRepository(db)
            let issued = try await tokens.create(userId: user.id, name: "script")
            #expect(issued.secret.hasPrefix("pvd_"))
            let stored = try await db.sql.raw("SELECT token_hash FROM api_tokens").first()?.decode(column: "token_hash", as: String.self)
            #expect(stored == Secrets.digest(issued.secret))
            #expect(stored != issued.secret)
            #expect(try await tokens.authenticate(issued.secret)?.id == user.id)
            #expect(try await tokens.authenticate(issued.secret + "x") == nil)
            try await tokens.revoke(id: issued.token.id, userId: user.id)
            #expect(try await tokens.authenticate(issued.secret) == nil)
            #expect(try await tokens.list(userId: user.id).first?.revokedAt != nil)
            await #expect(throws: StoreError.self) { try await tokens.revoke(id: issued.token.id, userId: user.id + 1) }
        }
    }

    @Test("sessions find their user until deleted", arguments: TestDatabase.kinds)
    func sessions(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let user = try await UserRepository(db).create(email: "a@example.test", name: "A", role: .marketer, password: "0123456789")
            let sessions = SessionRepository(db)
            let s = try await sessions.create(userId: user.id)
            let found = try await sessions.find(s.secret)
            #expect(found?.user.id == user.id)
            #expect(found?.csrf == s.csrf)
            try await sessions.delete(s.secret)
            #expect(try await sessions.find(s.secret) == nil)
        }
    }

    @Test("failures for one account from one address back off; other addresses and accounts are not locked", arguments: TestDatabase.kinds)
    func throttle(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            var throttle = LoginThrottle(db)
            // A first wait long enough that a slow, busy machine cannot outlast it between two calls.
            throttle.firstWait = 60_000
            for _ in 0..<3 { #expect(try await throttle.begin(email: "x@example.test", ip: "10.0.0.1") == nil) }
            let wait = try await throttle.begin(email: "X@example.test ", ip: "10.0.0.1")
            #expect(wait != nil && wait! >= 1 && wait! <= 60)
            // The owner at another address is not locked out by a guesser.
            #expect(try await throttle.begin(email: "x@example.test", ip: "10.0.0.2") == nil)
            #expect(try await throttle.begin(email: "other@example.test", ip: "10.0.0.1") == nil)
            try await throttle.succeeded(email: "x@example.test", ip: "10.0.0.1")
            #expect(try await throttle.begin(email: "x@example.test", ip: "10.0.0.1") == nil)
        }
    }

    @Test("parallel guesses are counted before any password is checked: only the free ones go ahead", arguments: TestDatabase.kinds)
    func throttleRace(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let throttle = LoginThrottle(db)
            // Under heavy load some attempts may not even get the database in time (busy, a 503):
            // those are refused too. What must never happen is more than the free attempts going ahead.
            let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do { return try await throttle.begin(email: "race@example.test", ip: "10.0.0.9") == nil } catch StoreError.busy { return false }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(allowed >= 1 && allowed <= throttle.freePairFailures)
        }
    }

    @Test("the per-address and per-account limits lock; an administrator unlocks", arguments: TestDatabase.kinds)
    func throttleLimits(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            var throttle = LoginThrottle(db)
            throttle.perAddress = 6
            throttle.perAccount = 4
            for n in 0..<4 { #expect(try await throttle.begin(email: "acct@example.test", ip: "10.1.0.\(n)") == nil) }
            let locked = try await throttle.begin(email: "acct@example.test", ip: "10.1.0.99")
            #expect(locked != nil && locked! > 800)
            #expect(try await throttle.lockedFor(email: "acct@example.test") != nil)
            try await throttle.unlock(email: "acct@example.test")
            #expect(try await throttle.lockedFor(email: "acct@example.test") == nil)
            #expect(try await throttle.begin(email: "acct@example.test", ip: "10.1.0.99") == nil)
            for n in 0..<5 { _ = try await throttle.begin(email: "u\(n)@example.test", ip: "10.2.0.1") }
            #expect(try await throttle.begin(email: "fresh@example.test", ip: "10.2.0.1") == nil)
            #expect(try await throttle.begin(email: "fresh2@example.test", ip: "10.2.0.1") != nil)
            try await throttle.unlock(address: "10.2.0.1")
            #expect(try await throttle.begin(email: "fresh3@example.test", ip: "10.2.0.1") == nil)
        }
    }
}
