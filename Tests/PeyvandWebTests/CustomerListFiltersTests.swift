import Foundation
import HummingbirdTesting
import PeyvandCore
import PeyvandExchange
import PeyvandStore
import SQLKit
import Testing

/// A filtered customers list keeps its filters on every page, shows each as a chip that removes
/// it alone, and exports exactly the customers it lists — in a file a person opens, or with
/// machine headers that the import reads back.
@Suite struct CustomerListFiltersTests {
    /// 130 customers: every third in Shiraz, every other one at risk (by the latest scoring run).
    static func seed(_ app: TestApp) async throws -> Set<Int64> {
        let admin = Principal(userId: app.admin.id, name: "Admin", role: .administrator)
        let repository = CustomerRepository(app.database)
        var expected: Set<Int64> = []
        for n in 0..<130 {
            let phone = String(format: "0912%07d", 1_000_000 + n)
            let phones = n % 5 == 0 ? [phone, String(format: "0935%07d", 2_000_000 + n)] : [phone]
            let customer = try await repository.create(CustomerInput(
                kind: "person", name: "Customer \(n)", phones: phones, city: n % 3 == 0 ? "Shiraz" : "Tabriz", stage: n % 2 == 0 ? "customer" : "lead",
                customFields: n % 4 == 0 ? ["ageBand": "25-34"] : [:]), by: admin)
            let segment = n % 2 == 0 ? "at_risk" : "champions"
            try await app.database.sql.raw("""
                INSERT INTO customer_scores (customer_id, recency_days, purchases, monetary_minor, r, f, m, segment, repeat_purchases, computed_at, churn_risk)
                VALUES (\(bind: customer.id), 10, 2, 1000, 3, 3, 3, \(bind: segment), 1, 0, \(bind: n % 2 == 0 ? 0.8 : 0.1))
                """).run()
            if segment == "at_risk" && n % 3 == 0 { expected.insert(customer.id) }
        }
        return expected
    }

    static func ids(_ html: String) -> [Int64] {
        let regex = try! Regex(#"class="customer-link" href="/customers/(\d+)""#, as: (Substring, Substring).self)
        return html.matches(of: regex).compactMap { Int64($0.1) }
    }

    /// The `href` of the link with this id, as the browser would follow it.
    static func link(_ id: String, in html: String) -> String? {
        html.firstMatch(of: try! Regex("id=\"\(id)\"[^>]*href=\"([^\"]+)\"", as: (Substring, Substring).self))
            .map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
    }

    @Test("every page of /customers?rfm=at_risk&city=Shiraz and its exports hold those customers and no others")
    func filtersStick() async throws {
        try await TestApp.with { app, client in
            let expected = try await Self.seed(app)
            var browser = Browser(client)
            _ = try await browser.logIn()
            var seen: [Int64] = []
            var next: String? = "/customers?rfm=at_risk&city=Shiraz&limit=5&lang=en"
            var pages = 0
            var first = ""
            while let uri = next, pages < 50 {
                let page = try await browser.request(.get, uri)
                #expect(page.status == .ok)
                if pages == 0 { first = page.text }
                seen += Self.ids(page.text)
                next = Self.link("next-page", in: page.text)
                if let next { #expect(next.contains("rfm=at_risk") && next.contains("city=Shiraz"), "the next page keeps the filters: \(next)") }
                pages += 1
            }
            #expect(pages > 1, "the list was paged")
            #expect(Set(seen) == expected && seen.count == expected.count, "every row of every page matches the filters, and each once")

            // Each filter is a chip whose link removes only that filter.
            #expect(first.contains("data-filter=\"rfm\"") && first.contains("data-filter=\"city\""))
            let chip = try Regex(#"data-filter="rfm">[^×]*?href="([^"]+)""#, as: (Substring, Substring).self)
            let removeRFM = try #require(first.firstMatch(of: chip)).1.replacingOccurrences(of: "&amp;", with: "&")
            #expect(removeRFM.contains("city=Shiraz") && !removeRFM.contains("rfm="))
            // The search form keeps the segment, which it has no field for.
            #expect(first.contains("<input type=\"hidden\" name=\"rfm\" value=\"at_risk\">"))

            // The export as a person opens it: English headers, labels, every phone cell the same way.
            let csvLink = try #require(Self.link("export-csv", in: first))
            #expect(csvLink.contains("rfm=at_risk") && csvLink.contains("city=Shiraz"))
            let csv = try await browser.request(.get, csvLink)
            #expect(csv.status == .ok)
            let rows = CSVReader.parse(csv.text.replacingOccurrences(of: "\u{FEFF}", with: ""), delimiter: .comma).map(\.fields)
            let header = try #require(rows.first)
            #expect(header.first == "Number" && header.contains("Phones") && header.contains("Stage"))
            let body = rows.dropFirst()
            #expect(Set(body.compactMap { Int64($0[0]) }) == expected && body.count == expected.count)
            let phoneColumn = try #require(header.firstIndex(of: "Phones"))
            #expect(body.allSatisfy { $0[phoneColumn].hasPrefix("0912 ") }, "phones in the national form, never with an apostrophe")
            let stageColumn = try #require(header.firstIndex(of: "Stage"))
            #expect(body.allSatisfy { $0[stageColumn] == "Customer" }, "stage by its label")
            let segmentColumn = try #require(header.firstIndex(of: "Segment"))
            #expect(body.allSatisfy { $0[segmentColumn] == "At risk" }, "the RFM segment by its label")
            #expect(body.contains { $0.joined().contains("Age band: 25-34") }, "custom fields by their label")

            // With machine headers: the columns `peyvand export` writes and the import reads.
            let machineLink = try #require(Self.link("export-csv-machine", in: first))
            let machine = try await browser.request(.get, machineLink)
            let machineRows = CSVReader.parse(machine.text.replacingOccurrences(of: "\u{FEFF}", with: ""), delimiter: .comma).map(\.fields)
            #expect(machineRows.first == CustomerFormats.csvHeader)
            let phones = try #require(CustomerFormats.csvHeader.firstIndex(of: "phones"))
            #expect(machineRows.dropFirst().allSatisfy { $0[phones].hasPrefix("+98") }, "E.164, no apostrophe, one number or several")
            #expect(Set(machineRows.dropFirst().compactMap { Int64($0[0]) }) == expected)

            // vCard and JSON Lines keep the filters too.
            for (id, count) in [("export-vcf", "BEGIN:VCARD"), ("export-jsonl", "\"id\"")] {
                let link = try #require(Self.link(id, in: first))
                let file = try await browser.request(.get, link)
                #expect(file.text.components(separatedBy: count).count - 1 == expected.count, "\(id)")
            }

            // In Persian: Persian headers, Jalali dates.
            let fa = try await browser.request(.get, csvLink + "&lang=fa")
            let faHeader = try #require(CSVReader.parse(fa.text.replacingOccurrences(of: "\u{FEFF}", with: ""), delimiter: .comma).first?.fields)
            #expect(faHeader.first == "شماره" && faHeader.contains("بخش"))
            #expect(fa.text.contains(",در معرض ریزش,"), "the segment by its Persian label")
            #expect(fa.text.contains(try Regex(#",14\d\d/\d\d/\d\d \d\d:\d\d,"#)), "Jalali dates in the server's time zone")
            let iso = try await browser.request(.get, csvLink + "&lang=fa&dates=iso")
            #expect(iso.text.contains(try Regex(#",20\d\d-\d\d-\d\dT"#)), "ISO dates on request")
        }
    }

    @Test("a sales rep, who may not find duplicates, is not offered the button; an administrator is")
    func buttonsFollowAccess() async throws {
        try await TestApp.with { app, client in
            _ = try await app.token(for: .salesRep, email: "rep@example.test")
            var admin = Browser(client)
            _ = try await admin.logIn()
            let adminPage = try await admin.request(.get, "/customers")
            #expect(adminPage.text.contains("id=\"find-duplicates\""))
            var rep = Browser(client)
            _ = try await rep.logIn("rep@example.test")
            let page = try await rep.request(.get, "/customers")
            #expect(page.status == .ok)
            #expect(!page.text.contains("id=\"find-duplicates\""))
            let duplicates = try await rep.request(.get, "/customers/duplicates")
            #expect(duplicates.status == .forbidden)
        }
    }

    @Test("an import preview with bad rows offers to import the good ones from the kept file, and says the problems in Persian")
    func importValidRows() async throws {
        try await TestApp.with { app, client in
            var owner = Browser(client)
            _ = try await owner.logIn()
            let page = try await owner.request(.get, "/customers/import?lang=fa")
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let cookie = owner.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let body = "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                + "name,mobile\r\nمریم,09125551234\r\nرضا,12345\r\nسارا,09125551235\r\n--b--\r\n"
            let preview = try await client.send(.post, "/customers/import?lang=fa",
                                                headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=b"], json: body)
            #expect(preview.status == .ok)
            #expect(preview.text.contains("id=\"import-valid\""))
            #expect(preview.text.contains("<bdi>12345</bdi>"), "what the file held, isolated")
            #expect(preview.text.contains("کوتاه است"), "the problem in Persian")
            #expect(!preview.text.contains("too short"))
            let token = try #require(Browser.hidden("token", in: preview.text))
            let done = try await owner.request(.post, "/customers/import/confirm?lang=fa",
                                               form: [("_csrf", csrf), ("token", token), ("skipInvalid", "1"), ("onDuplicate", "skip")])
            #expect(done.status == .ok)
            #expect(done.text.contains("id=\"import-created\">۲<"))
        }
    }
}
