import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/customers/{id}/documents` (upload: the raw bytes, `?filename=`), `/api/v1/documents/{id}`
/// (metadata, `DELETE`) and `/api/v1/documents/{id}/content` (download).
struct DocumentsController {
    let documents: DocumentRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("customers/:id/documents", use: upload)
        group.get("documents/:id", use: show)
        group.get("documents/:id/content", use: content)
        group.delete("documents/:id", use: delete)
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let customerId = try RouteID.require(context, resource: "customer")
        let query = FormData.query(request)
        guard let filename = query.get("filename"), !filename.isEmpty else {
            throw Problem.validation(ValidationError(field: "filename", reason: "is required (?filename=contract.pdf)", code: "required"))
        }
        var interactionId: Int64?
        if let raw = query.get("interactionId"), !raw.isEmpty {
            guard let id = Int64(raw) else { throw Problem.validation(ValidationError(field: "interactionId", reason: "must be an id", code: "json.id")) }
            interactionId = id
        }
        // The permission before the body: a role that may not attach never makes the server read 20 MB.
        try context.principal().require(.interactionsLog, to: "attach documents")
        let body = try await request.body.collect(upTo: documents.maxSize + 1)
        let document = try await documents.attach(Array(buffer: body), filename: filename, customerId: customerId,
                                                  interactionId: interactionId, by: try context.principal())
        return try JSONResponse.make(DocumentDTO(document), status: .created, headers: [.location: "/api/v1/documents/\(document.id)"])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(DocumentDTO(try await documents.get(try RouteID.require(context, resource: "document"), by: try context.principal())))
    }

    @Sendable func content(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (document, data) = try await documents.content(try RouteID.require(context, resource: "document"), by: try context.principal())
        return Self.download(document, data)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await documents.delete(try RouteID.require(context, resource: "document"), by: try context.principal())
        return Response(status: .noContent)
    }

    /// The file as an attachment, with its sniffed type and no chance of being run as a page.
    static func download(_ document: Document, _ data: Data) -> Response {
        let ascii = document.filename.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? String($0) : "_" }.joined()
        let encoded = document.filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "document"
        return Response(status: .ok, headers: [
            .contentType: document.mediaType,
            .contentDisposition: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)",
            .init("X-Content-Type-Options")!: "nosniff",
            .init("Content-Security-Policy")!: "default-src 'none'; sandbox",
            .cacheControl: "private, no-store",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

struct DocumentDTO: Encodable {
    let id: String
    let customerId: String
    let interactionId: String?
    let filename: String
    let mediaType: String
    let size: Int
    let sha256: String
    let uploadedBy: String?
    let createdAt: Date

    init(_ d: Document) {
        id = String(d.id)
        customerId = String(d.customerId)
        interactionId = d.interactionId.map(String.init)
        filename = d.filename
        mediaType = d.mediaType
        size = d.size
        sha256 = d.sha256
        uploadedBy = d.uploadedBy
        createdAt = d.createdAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(customerId, forKey: .customerId)
        try c.encode(interactionId, forKey: .interactionId)
        try c.encode(filename, forKey: .filename)
        try c.encode(mediaType, forKey: .mediaType)
        try c.encode(size, forKey: .size)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(uploadedBy, forKey: .uploadedBy)
        try c.encode(createdAt, forKey: .createdAt)
    }

    enum CodingKeys: String, CodingKey { case id, customerId, interactionId, filename, mediaType, size, sha256, uploadedBy, createdAt }
}
