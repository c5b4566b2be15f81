import SQLKit

extension Settings {
    /// The address people reach this Peyvand at (`serve --public-url`, else its host and port),
    /// recorded by each server as it starts so that whatever writes a link into a message — a lead
    /// imported from the command line as much as one assigned by the server — writes it whole.
    static func publicURL(_ db: any SQLDatabase) async throws -> String {
        let row = try await db.raw("SELECT value FROM settings WHERE key = 'public_url'").first()
        let url = try row?.decode(column: "value", as: String.self) ?? ""
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}

/// Records the server's public address (see `Settings.publicURL`).
public enum PublicAddress {
    public static func record(_ database: Database, _ url: String) async throws {
        try await database.sql.raw("""
            INSERT INTO settings (key, value) VALUES ('public_url', \(bind: url))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """).run()
    }
}
