import Foundation
import HummingbirdTesting

/// The API's answers as a client decodes them: a test that reads a member the API does not send,
/// or sends with another type, fails to decode instead of comparing with nil.
struct ProblemBody: Decodable {
    struct FieldError: Decodable { let field: String; let reason: String; let code: String?; let message: String? }
    let type: String
    let title: String
    let status: Int
    let detail: String?
    let errors: [FieldError]?

    var fields: Set<String> { Set((errors ?? []).map(\.field)) }
    func error(_ field: String) -> FieldError? { errors?.first { $0.field == field } }
}

struct ListOf<Item: Decodable>: Decodable { let items: [Item]; let next: String? }

struct IdBody: Decodable { let id: String }

struct CustomerBody: Decodable {
    let id: String, kind: String, name: String, givenName: String?, familyName: String?
    let phones: [String], emails: [String], city: String?, stage: String, ownerId: String?, tags: [String]
    let customFields: [String: String], preferredChannel: String?, consents: [String: Bool]
    let organisationId: String?, jobTitle: String?, version: Int
    let createdAt: Date, updatedAt: Date, deletedAt: Date?
}

struct AuditRowBody: Decodable { let field: String?; let action: String }

extension TestResponse {
    /// The body decoded as the API documents it (RFC 3339 instants).
    func decoded<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            let plain = ISO8601DateFormatter(), fractional = ISO8601DateFormatter()
            fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            guard let date = plain.date(from: text) ?? fractional.date(from: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not RFC 3339: \(text)"))
            }
            return date
        }
        return try decoder.decode(T.self, from: Data(buffer: body))
    }
}
