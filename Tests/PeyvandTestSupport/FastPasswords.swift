import Foundation

/// Password hashing at the lowest cost for tests (`PEYVAND_BCRYPT_COST=4`). `scripts/test` sets
/// it for `swift test`, so nothing is written to the environment while tests run: `setenv` while another thread
/// starts a process (`Process.run` copies the environment) can crash the test run. Only a run
/// without it (a bare `swift test`) sets it, once.
public enum FastPasswords {
    private static let once: Void = {
        if getenv("PEYVAND_BCRYPT_COST") == nil { setenv("PEYVAND_BCRYPT_COST", "4", 1) }
    }()

    public static func use() { _ = once }
}
