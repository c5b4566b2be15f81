import Foundation
import PeyvandCore
import SQLKit

/// A named customer list: its filters as a URL query (`stage=lead&city=تهران`).
public struct SavedView: Sendable, Hashable {
    public let id: Int64
    public let userId: Int64
    public let name: String
    public let filters: String
    public let shared: Bool

    /// The filters as name/value pairs, ready for `CustomerQuery.parse`.
    public var pairs: [(String, String)] {
        (URLComponents(string: "?" + filters)?.queryItems ?? []).map { ($0.name, $0.value ?? "") }
    }
}

/// Saved views: one's own, and those others shared.
public struct SavedViewRepository: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public static let filterNames = Set(CustomerQuery.filterParameters)

    public func create(name rawName: String, filters: [(String, String)], shared: Bool, by principal: Principal) async throws -> SavedView {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else {
            throw StoreError.invalid(ValidationError(field: "name", reason: "must be 1 to 100 characters", code: "text.length", params: ["max": "100"]))
        }
        let kept = filters.filter { Self.filterNames.contains($0.0) && !$0.1.isEmpty }
        do { _ = try CustomerQuery.parse(kept) } catch { throw StoreError.invalid(error) }
        var components = URLComponents()
        components.queryItems = kept.map { URLQueryItem(name: $0.0, value: $0.1) }
        let text = components.percentEncodedQuery ?? ""
        let row = try await database.transaction { db in
            try await db.raw("""
                INSERT INTO saved_views (user_id, name, filters, shared, created_at)
                VALUES (\(bind: principal.userId), \(bind: name), \(bind: text), \(bind: shared), \(bind: Clock.nowMillis())) RETURNING id
                """).first()
        }
        return SavedView(id: try row?.decode(column: "id", as: Int64.self) ?? 0, userId: principal.userId, name: name, filters: text, shared: shared)
    }

    /// The views a person may use: their own and shared ones.
    public func list(by principal: Principal) async throws -> [SavedView] {
        try await database.sql.raw("""
            SELECT id, user_id, name, filters, shared FROM saved_views
            WHERE user_id = \(bind: principal.userId) OR shared = \(bind: true) ORDER BY name, id LIMIT 200
            """).all().map(Self.view)
    }

    public func find(name: String, by principal: Principal) async throws -> SavedView? {
        try await list(by: principal).first { $0.name == name }
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> SavedView {
        guard let view = try await list(by: principal).first(where: { $0.id == id }) else {
            throw StoreError.notFound(entity: "view", id: String(id))
        }
        return view
    }

    public func delete(_ id: Int64, by principal: Principal) async throws {
        let view = try await get(id, by: principal)
        guard view.userId == principal.userId || principal.may(.usersManage) else {
            throw StoreError.forbidden("only the person who saved a view, or an administrator, may delete it")
        }
        try await database.transaction { db in try await db.raw("DELETE FROM saved_views WHERE id = \(bind: id)").run() }
    }

    static func view(_ row: any SQLRow) throws -> SavedView {
        SavedView(id: try row.decode(column: "id", as: Int64.self), userId: try row.decode(column: "user_id", as: Int64.self),
                  name: try row.decode(column: "name", as: String.self), filters: try row.decode(column: "filters", as: String.self),
                  shared: try row.decode(column: "shared", as: Bool.self))
    }
}
