import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import Testing

@Suite("Documents")
struct DocumentTests {
    static let pdf = Array("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)

    @Test("a document is stored once by SHA-256, typed by its content, on the timeline, and moves with a merge", arguments: TestDatabase.kinds)
    func attach(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let root = NSTemporaryDirectory() + "docs-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: root) }
            let documents = DocumentRepository(db, root: root, maxSize: 1 << 20)
            let customers = CustomerRepository(db)
            let a = try await customers.create(CustomerInput(name: "A"), by: admin)
            let b = try await customers.create(CustomerInput(name: "B"), by: admin)
            let doc = try await documents.attach(Self.pdf, filename: "قرارداد ۱۴۰۵.pdf", customerId: b.id, by: admin)
            #expect(doc.mediaType == "application/pdf")
            #expect(doc.size == Self.pdf.count)
            #expect(FileManager.default.fileExists(atPath: root + "/" + doc.sha256.prefix(2) + "/" + doc.sha256))
            let again = try await documents.attach(Self.pdf, filename: "copy.pdf", customerId: a.id, by: admin)
            #expect(again.sha256 == doc.sha256)
            #expect(try await documents.content(doc.id, by: admin).1 == Data(Self.pdf))
            let timeline = try await Timeline(db, sources: [InteractionRepository(db), documents]).page(of: b.id, InteractionQuery(), by: admin)
            #expect(timeline.items.map(\.title) == ["قرارداد ۱۴۰۵.pdf"])
            _ = try await MergeService(db).merge(b.id, into: a.id, by: admin)
            #expect(try await documents.get(doc.id, by: admin).customerId == a.id)
        }
    }

    @Test("empty, oversized, disguised and executable files are refused with a reason; others' customers are out of reach", arguments: TestDatabase.kinds)
    func refusals(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let rep = try await UserRepository(db).create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "long enough pw").principal
            let root = NSTemporaryDirectory() + "docs-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: root) }
            let documents = DocumentRepository(db, root: root, maxSize: 1024)
            let c = try await CustomerRepository(db).create(CustomerInput(name: "A"), by: admin)
            func reason(_ bytes: [UInt8], _ name: String) async -> String? {
                do { _ = try await documents.attach(bytes, filename: name, customerId: c.id, by: admin); return nil } catch {
                    if case StoreError.invalid(let v) = error { return v.issues.first?.reason }
                    return "\(error)"
                }
            }
            #expect(await reason([], "a.pdf") == "is empty")
            #expect(await reason(Array(repeating: 0x41, count: 2048), "big.txt")?.contains("larger") == true)
            #expect(await reason(Array("hello".utf8), "invoice.pdf")?.contains("named .pdf") == true)
            #expect(await reason([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1], "report.pdf")?.contains("not an accepted") == true)
            #expect(await reason(Array("<html><script>alert(1)</script>".utf8), "page.txt")?.contains("not an accepted") == true)
            let doc = try await documents.attach(Self.pdf, filename: "ok.pdf", customerId: c.id, by: admin)
            await #expect(throws: StoreError.notFound(entity: "customer", id: String(c.id))) { _ = try await documents.content(doc.id, by: rep) }
        }
    }
}
