import Foundation
import Hummingbird
import PeyvandStore

/// A `multipart/form-data` body (RFC 7578): the few fields and the one file an upload form sends.
struct Multipart {
    struct Part {
        let name: String
        let filename: String?
        let contentType: String?
        let data: Data
    }

    let parts: [Part]

    func value(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.data, as: UTF8.self) }
    }

    func file(_ name: String) -> Part? { parts.first { $0.name == name && $0.filename != nil } }

    /// Streams the body to a temporary file (refused past `limit`, 413) and parses it from there.
    static func read(_ request: Request, limit: Int) async throws -> Multipart {
        try FileManager.default.createDirectory(atPath: KeptUploads.folder, withIntermediateDirectories: true)
        let raw = KeptUploads.folder + "body-" + Secrets.token(prefix: "") + ".tmp"
        defer { try? FileManager.default.removeItem(atPath: raw) }
        try await KeptUploads.stream(request.body, to: raw, limit: limit)
        return try read(request, file: raw)
    }

    /// Parses a body already streamed to `file` (mapped, not read into memory).
    static func read(_ request: Request, file: String) throws -> Multipart {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
              let range = type.range(of: "boundary=") else {
            throw HTTPError(.unsupportedMediaType, message: "send the form as multipart/form-data")
        }
        let boundary = String(type[range.upperBound...]).split(separator: ";").first.map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        } ?? ""
        guard !boundary.isEmpty, boundary.count <= 70,
              let body = try? Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped),
              let parsed = parse(body, boundary: boundary) else {
            throw HTTPError(.badRequest, message: "the upload is malformed")
        }
        return parsed
    }

    static func parse(_ body: Data, boundary: String) -> Multipart? {
        let delimiter = Data("--\(boundary)".utf8)
        var parts: [Part] = []
        var cursor = body.startIndex
        guard let first = body.range(of: delimiter, in: cursor..<body.endIndex) else { return nil }
        cursor = first.upperBound
        while true {
            // After a delimiter: "--" ends the body, otherwise CRLF then the part.
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard body[cursor...].starts(with: Data("\r\n".utf8)) else { return nil }
            cursor += 2
            guard let headerEnd = body.range(of: Data("\r\n\r\n".utf8), in: cursor..<body.endIndex),
                  let next = body.range(of: Data("\r\n".utf8) + delimiter, in: headerEnd.upperBound..<body.endIndex) else { return nil }
            let headers = String(decoding: body[cursor..<headerEnd.lowerBound], as: UTF8.self)
            var name = "", filename: String?, contentType: String?
            for line in headers.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = attribute("name", in: line) ?? ""
                    filename = attribute("filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            parts.append(Part(name: name, filename: filename, contentType: contentType, data: Data(body[headerEnd.upperBound..<next.lowerBound])))
            cursor = next.upperBound
        }
        return Multipart(parts: parts)
    }

    static func attribute(_ key: String, in line: String) -> String? {
        guard let range = line.range(of: "\(key)=\"") else { return nil }
        let rest = line[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
