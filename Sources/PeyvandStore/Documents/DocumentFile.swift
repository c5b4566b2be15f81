import Crypto
import Foundation
import PeyvandCore
import SQLKit

/// A file checked as a document (its name, that it is not empty, its size, its real kind) and
/// not yet stored: what a form or an email hands over before the transaction that keeps it.
public struct DocumentFile: Sendable {
    public let bytes: [UInt8]
    public let filename: String
    public let mediaType: String
    public let sha256: String
    public var size: Int { bytes.count }
}

extension DocumentRepository {
    /// Checks one file as a document. Each refusal is a `StoreError.invalid` on field `file`
    /// (`filename` for `file.name`; `file.empty`, `file.tooLarge`, `file.kind`, `file.mismatch`) whose parameters
    /// name the file (`filename`), so a form with several files says which one.
    public func check(_ bytes: [UInt8], filename rawName: String) throws -> DocumentFile {
        let filename = String(rawName.split(separator: "/").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        func refuse(_ reason: String, _ code: String, _ params: [String: String] = [:], field: String = "file") -> StoreError {
            var all = params
            all["filename"] = String(rawName.prefix(200))
            return StoreError.invalid(ValidationError(field: field, reason: reason, code: code, params: all))
        }
        guard !filename.isEmpty, filename.count <= 200, !filename.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw refuse("must be a file name of 1 to 200 characters", "file.name", field: "filename")
        }
        guard !bytes.isEmpty else { throw refuse("is empty", "file.empty") }
        guard bytes.count <= maxSize else { throw refuse("is larger than \(maxSize >> 20) MB", "file.tooLarge", ["max": "\(maxSize >> 20)"]) }
        guard let sniffed = MediaType.sniff(Array(bytes.prefix(8192))) else {
            throw refuse("is not an accepted kind of document (PDF, images, Office files, plain text)", "file.kind")
        }
        let ext = filename.split(separator: ".").count > 1 ? String(filename.split(separator: ".").last!).lowercased() : ""
        if !ext.isEmpty, !sniffed.extensions.contains(ext) {
            throw refuse("is named .\(ext) but its content is \(sniffed.mediaType)", "file.mismatch", ["ext": ext, "type": sniffed.mediaType])
        }
        let hash = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        return DocumentFile(bytes: bytes, filename: filename, mediaType: sniffed.mediaType, sha256: hash)
    }

    /// Writes a checked file's bytes under its hash (once; a file no row names is harmless and
    /// is named again by the next upload of the same content). Done before the transaction that
    /// records the document, so a committed row always has its bytes.
    public func keep(_ file: DocumentFile) throws {
        try store(file.bytes, hash: file.sha256)
    }

    /// The document's row and its audit entry, in the caller's transaction; the bytes must be kept already.
    static func insert(_ db: any SQLDatabase, _ file: DocumentFile, customerId: Int64, interactionId: Int64?, by principal: Principal,
                       at now: Int64) async throws -> Int64 {
        guard let row = try await db.raw("""
            INSERT INTO documents (customer_id, interaction_id, sha256, size, media_type, filename, uploaded_by, created_at)
            VALUES (\(bind: customerId), \(bind: interactionId), \(bind: file.sha256), \(bind: Int64(file.size)), \(bind: file.mediaType),
                    \(bind: file.filename), \(bind: principal.userId), \(bind: now)) RETURNING id
            """).first() else { throw StoreError.conflict("the document was not stored") }
        let id = try row.decode(column: "id", as: Int64.self)
        try await AuditLog.record(db, entity: "customer", entityId: customerId, by: principal, action: "attach",
                                  field: "document", after: "\(file.filename) #\(id)", at: now)
        return id
    }
}
