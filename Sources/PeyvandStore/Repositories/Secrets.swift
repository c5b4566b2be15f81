import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Random secrets (API and session tokens, CSRF tokens) and their stored hashes.
public enum Secrets {
    /// A new random secret with a readable prefix, 256 bits of entropy, URL-safe.
    public static func token(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    /// Tokens are stored as SHA-256 digests: a leaked table gives no usable token.
    public static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Constant-time comparison of two strings (CSRF tokens).
    public static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// bcrypt cost for new password hashes. 12 in production; tests lower it through the environment.
    static var bcryptCost: UInt8 {
        ProcessInfo.processInfo.environment["PEYVAND_BCRYPT_COST"].flatMap(UInt8.init).map { max(4, min($0, 16)) } ?? 12
    }

    /// bcrypt is deliberately slow, so it runs on the thread pool, never on an event loop.
    static func hashPassword(_ password: String) async throws -> String {
        let cost = bcryptCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    static func verifyPassword(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
