import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import Testing

@Suite("Importing customers from CSV")
struct ImportTests {
    static func file(_ text: String, bom: Bool = false) throws -> FileHandle {
        let path = NSTemporaryDirectory() + "import-\(UUID().uuidString).csv"
        var data = bom ? Data([0xEF, 0xBB, 0xBF]) : Data()
        data.append(Data(text.utf8))
        try data.write(to: URL(fileURLWithPath: path))
        return FileHandle(forReadingAtPath: path)!
    }

    static let csv = """
        نام,نام خانوادگی,موبایل,ایمیل,شهر,برچسب‌ها,یادداشت\r
        مریم,احمدی,۰۹۱۲ ۵۵۵ ۱۲۳۴,maryam@example.com,تهران,VIP,hello\r
        Bad,Row,12ab,nope,x,,\r
        رضا,کریمی,+98 935 111 2233,,اصفهان,"عمده‌فروش, VIP",'=cmd|calc\r
        short,row\r

        """

    @Test("a dry run and a refused import report every bad row by line and store nothing", arguments: TestDatabase.kinds)
    func refused(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let importer = CustomerImporter(db)
            let dry = try await importer.run(file: try Self.file(Self.csv, bom: true), options: ImportOptions(dryRun: true), by: admin)
            #expect(dry.rows == 4)
            #expect(dry.created == 2)
            #expect(dry.problems.map(\.line) == [3, 5])
            #expect(dry.problems[0].reasons.joined().contains("phones"))
            #expect(dry.ignoredColumns == ["یادداشت"])
            #expect(!dry.committed)
            let refused = try await importer.run(file: try Self.file(Self.csv), options: ImportOptions(), by: admin)
            #expect(refused.refused)
            #expect(try await CustomerRepository(db).list(CustomerQuery(includeDeleted: true), by: admin).items.isEmpty)
        }
    }

    @Test("--skip-invalid imports the good rows; duplicates are skipped, updated or created as asked", arguments: TestDatabase.kinds)
    func skipAndDuplicates(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let importer = CustomerImporter(db)
            let repo = CustomerRepository(db)
            let first = try await importer.run(file: try Self.file(Self.csv), options: ImportOptions(mapping: ["یادداشت": "custom:note"], skipInvalid: true), by: admin)
            #expect(first.committed)
            #expect(first.created == 2)
            let maryam = try #require(try await repo.list(CustomerQuery(q: "maryam@example.com"), by: admin).items.first)
            #expect(maryam.fields.name == "مریم احمدی")
            #expect(maryam.fields.givenName == "مریم")
            #expect(maryam.fields.phones == ["+989125551234"])
            #expect(maryam.fields.customFields == ["note": "hello"])
            let reza = try #require(try await repo.list(CustomerQuery(q: "کریمی"), by: admin).items.first)
            #expect(reza.fields.tags == ["عمده‌فروش", "VIP"])
            #expect(reza.fields.customFields["note"] == "=cmd|calc")

            let skipped = try await importer.run(file: try Self.file(Self.csv), options: ImportOptions(skipInvalid: true), by: admin)
            #expect(skipped.duplicatesSkipped == 2)
            #expect(skipped.created == 0)
            let updated = try await importer.run(file: try Self.file("name,phone,city\nMaryam A.,09125551234,Shiraz\n"),
                                                 options: ImportOptions(onDuplicate: .update), by: admin)
            #expect(updated.updated == 1)
            #expect(try await repo.get(maryam.id, by: admin).fields.city == "Shiraz")
            let created = try await importer.run(file: try Self.file("name,phone\nTwin,09125551234\n"), options: ImportOptions(onDuplicate: .create), by: admin)
            #expect(created.created == 1)
            #expect(try await repo.list(CustomerQuery(includeDeleted: true), by: admin).items.count == 3)
        }
    }

    @Test("Windows-1256 files from Persian Excel import with their Persian text", arguments: TestDatabase.kinds)
    func windows1256(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            // "نام,تلفن\r\nعلي رضايي,09121234567\r\n" in Windows-1256 (which has Arabic yeh, not Persian).
            let bytes: [UInt8] = [0xE4, 0xC7, 0xE3, 0x2C, 0xCA, 0xE1, 0xDD, 0xE4, 0x0D, 0x0A, 0xDA, 0xE1, 0xED, 0x20, 0xD1, 0xD6, 0xC7, 0xED, 0xED,
                                  0x2C] + Array("09121234567\r\n".utf8)
            let path = NSTemporaryDirectory() + "cp1256-\(UUID().uuidString).csv"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let report = try await CustomerImporter(db).run(file: FileHandle(forReadingAtPath: path)!, options: ImportOptions(), by: admin)
            #expect(report.encoding == "windows1256")
            #expect(report.created == 1)
            let customer = try #require(try await CustomerRepository(db).list(CustomerQuery(q: "علی رضایی"), by: admin).items.first)
            #expect(customer.fields.name == "علي رضايي")
            #expect(customer.fields.phones == ["+989121234567"])
        }
    }

    @Test("a file without a name column, or an unknown --map field, is refused up front", arguments: TestDatabase.kinds)
    func badMapping(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let importer = CustomerImporter(db)
            await #expect(throws: StoreError.self) { _ = try await importer.run(file: try Self.file("foo,bar\n1,2\n"), options: ImportOptions(), by: admin) }
            await #expect(throws: StoreError.self) {
                _ = try await importer.run(file: try Self.file("name\nA\n"), options: ImportOptions(mapping: ["name": "shoe size"]), by: admin)
            }
            await #expect(throws: StoreError.self) { _ = try await importer.run(file: try Self.file(""), options: ImportOptions(), by: admin) }
        }
    }
}

@Suite("Importing vCards")
struct VCardImportTests {
    @Test("vCard 3 (quoted-printable Persian) and 4 contacts become customers; a broken card is reported", arguments: TestDatabase.kinds)
    func vcards(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let text = """
                BEGIN:VCARD\r
                VERSION:3.0\r
                N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D8=B1=D8=B6=D8=A7=DB=8C=DB=8C;=D8=B9=D9=84=DB=8C;;;\r
                FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D8=B9=D9=84=DB=8C =D8=B1=D8=B6=D8=A7=DB=8C=DB=8C\r
                TEL;TYPE=CELL:0912 123 4567\r
                END:VCARD\r
                BEGIN:VCARD\r
                VERSION:4.0\r
                FN:Sara Smith\r
                N:Smith;Sara;;;\r
                EMAIL:sara@example.com\r
                TEL:+44 20 7946 0958\r
                ORG:Atlas Ltd\r
                TITLE:Buyer\r
                END:VCARD\r
                BEGIN:VCARD\r
                VERSION:4.0\r
                FN:Broken Phone\r
                TEL:12ab\r
                END:VCARD\r

                """
            let importer = CustomerImporter(db)
            let refused = try await importer.runVCard(Array(text.utf8), options: ImportOptions(), by: admin)
            #expect(refused.refused)
            #expect(refused.problems.count == 1)
            let report = try await importer.runVCard(Array(text.utf8), options: ImportOptions(skipInvalid: true), by: admin)
            #expect(report.created == 2)
            let repo = CustomerRepository(db)
            let ali = try #require(try await repo.list(CustomerQuery(q: "09121234567"), by: admin).items.first)
            #expect(ali.fields.name == "علی رضایی")
            #expect(ali.fields.givenName == "علی")
            let sara = try #require(try await repo.list(CustomerQuery(q: "sara@example.com"), by: admin).items.first)
            #expect(sara.fields.jobTitle == "Buyer")
            #expect(sara.fields.phones == ["+442079460958"])
            let garbage = try await importer.runVCard(Array("hello".utf8), options: ImportOptions(), by: admin)
            #expect(garbage.refused && garbage.created == 0 && !garbage.problems.isEmpty)
            await #expect(throws: StoreError.self) { _ = try await importer.runVCard([], options: ImportOptions(), by: admin) }
        }
    }
}

@Suite("Bulk import details")
struct BulkImportTests {
    @Test("rows sharing a phone inside one file, large batches, and ids after existing customers", arguments: TestDatabase.kinds)
    func inFileDuplicatesAndIds(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            let before = try await repo.create(CustomerInput(name: "Before"), by: admin)
            try await repo.delete(before.id, by: admin)
            var text = "name,phone,city\n"
            for i in 0..<1203 { text += "Person \(i),0912\(String(format: "%07d", i)),Tehran\n" }
            text += "Person 7 again,09120000007,Shiraz\n"
            let report = try await CustomerImporter(db).run(file: try ImportTests.file(text), options: ImportOptions(onDuplicate: .update), by: admin)
            #expect(report.created == 1203)
            #expect(report.updated == 1)
            let seven = try #require(try await repo.list(CustomerQuery(q: "09120000007"), by: admin).items.first)
            #expect(seven.fields.city == "Shiraz")
            #expect(seven.fields.name == "Person 7 again")
            #expect(seven.id > before.id)
            let after = try await repo.create(CustomerInput(name: "After"), by: admin)
            #expect(after.id > seven.id)
            #expect(try await repo.list(CustomerQuery(q: "person", limit: 500), by: admin).items.count == 500)
            let skipped = try await CustomerImporter(db).run(file: try ImportTests.file(text), options: ImportOptions(), by: admin)
            #expect(skipped.duplicatesSkipped == 1204)
        }
    }
}
