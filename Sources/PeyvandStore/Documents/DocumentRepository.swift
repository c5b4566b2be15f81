import Crypto
import Foundation
import PeyvandCore
import SQLKit

/// A stored document (its bytes are on disk under their SHA-256).
public struct Document: Sendable, Hashable {
    public let id: Int64
    public let customerId: Int64
    public let interactionId: Int64?
    public let sha256: String
    public let size: Int
    public let mediaType: String
    public let filename: String
    public let uploadedBy: String?
    public let createdAt: Date
}

/// Documents: checked (size, real type), stored once per content (SHA-256 names the file), and
/// served only to those who may see the customer.
public struct DocumentRepository: Sendable {
    let database: Database
    public let root: String
    public let maxSize: Int

    public init(_ database: Database, root: String, maxSize: Int = 20 << 20) {
        self.database = database
        self.root = root.hasSuffix("/") ? root : root + "/"
        self.maxSize = maxSize
    }

    public func attach(_ bytes: [UInt8], filename rawName: String, customerId: Int64, interactionId: Int64? = nil,
                       by principal: Principal) async throws -> Document {
        try principal.require(.interactionsLog, to: "attach documents")
        let customer = try await CustomerRepository(database).get(customerId, by: principal)
        if customer.isDeleted { throw StoreError.conflict("the customer is deleted; restore it first") }
        let file = try check(bytes, filename: rawName)
        if let interactionId {
            let interaction = try await InteractionRepository(database).get(interactionId, by: principal)
            guard interaction.customerId == customerId else {
                throw StoreError.invalid(ValidationError(field: "interactionId", reason: "belongs to another customer", code: "ref.otherCustomer"))
            }
        }
        try keep(file)
        let now = Clock.nowMillis()
        let id = try await database.transaction { db in
            try await Self.insert(db, file, customerId: customerId, interactionId: interactionId, by: principal, at: now)
        }
        return try await get(id, by: principal)
    }

    /// The document and its bytes, if the person may see its customer.
    public func content(_ id: Int64, by principal: Principal) async throws -> (Document, Data) {
        let document = try await get(id, by: principal)
        guard let data = FileManager.default.contents(atPath: path(document.sha256)) else {
            throw StoreError.conflict("the stored file of document \(id) is missing")
        }
        return (document, data)
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> Document {
        guard let row = try await database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by
            WHERE d.id = \(bind: id) AND d.deleted_at IS NULL
            """).first() else { throw StoreError.notFound(entity: "document", id: String(id)) }
        let document = try Self.document(row)
        _ = try await CustomerRepository(database).get(document.customerId, by: principal)
        return document
    }

    /// A customer's live documents, newest first (what an email to them may attach).
    public func list(customerId: Int64, limit: Int = 100, by principal: Principal) async throws -> [Document] {
        _ = try await CustomerRepository(database).get(customerId, by: principal)
        return try await database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by
            WHERE d.customer_id = \(bind: customerId) AND d.deleted_at IS NULL ORDER BY d.id DESC LIMIT \(bind: max(1, min(limit, 500)))
            """).all().map(Self.document)
    }

    public func delete(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.customersWrite, to: "remove documents")
        let document = try await get(id, by: principal)
        try await AuditLog.softRemove(database, table: "documents", id: id, customerId: document.customerId, by: principal,
                                      action: "detach", field: "document", before: "\(document.filename) #\(id)")
    }

    static let columns = """
        d.id, d.customer_id, d.interaction_id, d.sha256, d.size, d.media_type, d.filename, d.created_at, u.name AS uploader
        """

    static func document(_ row: any SQLRow) throws -> Document {
        Document(
            id: try row.decode(column: "id", as: Int64.self), customerId: try row.decode(column: "customer_id", as: Int64.self),
            interactionId: try row.decode(column: "interaction_id", as: Int64?.self), sha256: try row.decode(column: "sha256", as: String.self),
            size: Int(try row.decode(column: "size", as: Int64.self)), mediaType: try row.decode(column: "media_type", as: String.self),
            filename: try row.decode(column: "filename", as: String.self), uploadedBy: try row.decode(column: "uploader", as: String?.self),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)))
    }

    func path(_ hash: String) -> String { root + String(hash.prefix(2)) + "/" + hash }

    /// Writes the bytes once: a temporary file renamed into place, so a crash never leaves half a file.
    func store(_ bytes: [UInt8], hash: String) throws {
        let target = path(hash)
        if FileManager.default.fileExists(atPath: target) { return }
        let folder = root + String(hash.prefix(2))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = folder + "/.upload-" + UUID().uuidString
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        if rename(temporary, target) != 0 {
            try? FileManager.default.removeItem(atPath: temporary)
            if !FileManager.default.fileExists(atPath: target) { throw StoreError.conflict("the document could not be stored") }
        }
    }
}

extension DocumentRepository: TimelineSource {
    public func entries(customerIds: [Int64], _ query: InteractionQuery) async throws -> [TimelineEntry] {
        guard !customerIds.isEmpty, query.kind == nil || query.kind?.rawValue == "document", query.channel == nil else { return [] }
        var sql: SQLQueryString = """
            SELECT \(unsafeRaw: Self.columns) FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by
            WHERE d.customer_id IN (\(binds: customerIds)) AND d.deleted_at IS NULL
            """
        sql += query.window(time: "d.created_at", id: "d.id", staff: "d.uploaded_by")
        return try await database.sql.raw(sql).all().map(Self.document).map { d in
            TimelineEntry(source: "document", id: d.id, customerId: d.customerId, at: d.createdAt, kind: "document", channel: nil,
                          direction: nil, staffId: nil, staffName: d.uploadedBy, title: d.filename, detail: d.mediaType, outcome: nil,
                          durationSeconds: nil, cost: nil)
        }
    }
}
