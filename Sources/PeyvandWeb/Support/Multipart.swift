import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import PeyvandStore

/// A `multipart/form-data` body (RFC 7578): the few fields and the one file an upload form sends.
///
/// The body is parsed as it arrives by multipart-kit's streaming `MultipartParser`: each file part
/// goes straight to a temporary file and is never held whole in memory; text fields are kept (each
/// at most `fieldLimit` bytes). The whole body is refused past its limit (413).
final class Multipart {
    struct Part {
        let name: String
        let filename: String?
        let contentType: String?
        /// A text field's bytes; empty for a file part.
        let value: Data
        /// Where a file part's bytes were written.
        let path: String?

        /// A file part's bytes, mapped from its temporary file (not copied into memory).
        var data: Data {
            guard let path else { return value }
            return (try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)) ?? Data()
        }

        var size: Int {
            guard let path else { return value.count }
            return ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        }
    }

    static let fieldLimit = 64 * 1024
    private(set) var parts: [Part] = []

    private init() {}

    /// Removes the temporary files of the file parts (also done when the value is released).
    deinit { for part in parts { if let path = part.path { try? FileManager.default.removeItem(atPath: path) } } }

    func value(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.value, as: UTF8.self) }
    }

    func file(_ name: String) -> Part? { parts.first { $0.name == name && $0.filename != nil } }

    /// Every file part named `name`, in order (an `<input type="file" multiple>`).
    func files(_ name: String) -> [Part] { parts.filter { $0.name == name && $0.filename != nil } }

    /// The text fields, in order, as a urlencoded form would hold them (to re-render what was typed).
    var fields: FormData { FormData(pairs: parts.filter { $0.filename == nil && $0.path == nil }.map { ($0.name, String(decoding: $0.value, as: UTF8.self)) }) }

    /// Moves a file part's temporary file to `destination` (it is then no longer removed).
    func move(_ name: String, to destination: String) throws {
        guard let index = parts.firstIndex(where: { $0.name == name && $0.path != nil }), let path = parts[index].path else { return }
        try FileManager.default.moveItem(atPath: path, toPath: destination)
        let part = parts[index]
        parts[index] = Part(name: part.name, filename: part.filename, contentType: part.contentType, value: Data(), path: nil)
    }

    /// Streams and parses the request's body; 415 when it is not `multipart/form-data`, 400 when it
    /// is malformed, 413 past `limit` bytes.
    static func read(_ request: Request, limit: Int) async throws -> Multipart {
        let boundary = try boundary(request.headers[.contentType])
        try FileManager.default.createDirectory(atPath: KeptUploads.folder, withIntermediateDirectories: true)
        let form = Multipart()
        let reader = PartWriter(form: form)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { reader.header($0, $1) }
        parser.onBody = { reader.body(&$0) }
        parser.onPartComplete = { reader.complete() }
        var received = 0
        do {
            for try await chunk in request.body {
                received += chunk.readableBytes
                guard received <= limit else { throw HTTPError(.contentTooLarge) }
                try parser.execute(chunk)
                if let failure = reader.failure { throw failure }
            }
        } catch let error as HTTPError {
            reader.finish()
            throw error
        } catch {
            reader.finish()
            throw HTTPError(.badRequest, message: "the upload is malformed")
        }
        let unfinished = reader.inPart
        reader.finish()
        guard !unfinished, !form.parts.isEmpty else { throw HTTPError(.badRequest, message: "the upload is malformed") }
        return form
    }

    static func boundary(_ contentType: String?) throws -> String {
        guard let type = contentType, type.lowercased().hasPrefix("multipart/form-data"),
              let range = type.range(of: "boundary=") else {
            throw HTTPError(.unsupportedMediaType, message: "send the form as multipart/form-data")
        }
        let boundary = String(type[range.upperBound...]).split(separator: ";").first.map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        } ?? ""
        guard !boundary.isEmpty, boundary.count <= 70 else { throw HTTPError(.badRequest, message: "the upload is malformed") }
        return boundary
    }

    /// Receives the parser's events for one body: headers, then body bytes (to a file for a file
    /// part), then the part's end.
    private final class PartWriter {
        let form: Multipart
        var headers: [(String, String)] = []
        var handle: FileHandle?
        var path: String?
        var value = Data()
        var failure: HTTPError?
        var started = false

        /// A part has begun and not ended.
        var inPart: Bool { !headers.isEmpty || started }

        init(form: Multipart) { self.form = form }

        func header(_ name: String, _ value: String) { headers.append((name.lowercased(), value)) }

        var disposition: String { headers.first { $0.0 == "content-disposition" }?.1 ?? "" }

        func body(_ buffer: inout ByteBuffer) {
            guard failure == nil else { return }
            if !started {
                started = true
                if Multipart.attribute("filename", in: disposition) != nil {
                    let file = KeptUploads.folder + "part-" + Secrets.token(prefix: "") + ".tmp"
                    if FileManager.default.createFile(atPath: file, contents: nil) {
                        path = file
                        handle = FileHandle(forWritingAtPath: file)
                    }
                    if handle == nil { failure = HTTPError(.internalServerError) }
                }
            }
            if let handle {
                do { try handle.write(contentsOf: buffer.readableBytesView) } catch { failure = HTTPError(.internalServerError) }
            } else if value.count + buffer.readableBytes > Multipart.fieldLimit {
                failure = HTTPError(.contentTooLarge)
            } else {
                value.append(contentsOf: buffer.readableBytesView)
            }
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        }

        func complete() {
            let filename = Multipart.attribute("filename", in: disposition)
            if filename != nil, path == nil {
                // An empty file part: an empty file, so the part still names what was chosen.
                let file = KeptUploads.folder + "part-" + Secrets.token(prefix: "") + ".tmp"
                if FileManager.default.createFile(atPath: file, contents: nil) { path = file }
            }
            try? handle?.close()
            form.parts.append(Part(name: Multipart.attribute("name", in: disposition) ?? "", filename: filename,
                                   contentType: headers.first { $0.0 == "content-type" }?.1, value: value, path: path))
            headers = []; handle = nil; path = nil; value = Data(); started = false
        }

        /// Closes a part left open when the body ended early or failed (its file is removed with the form).
        func finish() {
            try? handle?.close()
            if let path { form.parts.append(Part(name: "", filename: nil, contentType: nil, value: Data(), path: path)) }
            handle = nil; path = nil
        }
    }

    static func attribute(_ key: String, in line: String) -> String? {
        // `name="…"` must not match inside `filename="…"`.
        var search = line[...]
        while let range = search.range(of: "\(key)=\"") {
            let before = search[..<range.lowerBound].last
            let rest = search[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            if before == nil || before == " " || before == ";" || before == "\t" { return String(rest[..<end]) }
            search = rest[end...]
        }
        return nil
    }
}
