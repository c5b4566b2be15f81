import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

@Suite("Leads: capture, scoring, assignment, conversion, disqualification, import")
struct LeadsTests {
    static func rep(_ db: Database, _ n: Int, language: Language = .fa) async throws -> User {
        try await UserRepository(db).create(email: "rep\(n)@example.test", name: "Rep \(n)", role: .salesRep, password: "long enough pw", language: language)
    }

    static func count(_ db: Database, _ sql: SQLQueryString) async throws -> Int {
        try await db.sql.raw(sql).first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("a lead's score is its rules' points, including the rep's judgement; changing the judgement rescores it", arguments: TestDatabase.kinds)
    func scoring(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let rules = LeadRules(db)
            _ = try await rules.addScoringRule(field: "budget", condition: "present", value: nil, points: 25, by: admin)
            _ = try await rules.addScoringRule(field: "source", condition: "equals", value: "معرفی", points: 15, by: admin)
            _ = try await rules.addScoringRule(field: "message", condition: "contains", value: "قیمت", points: 5, by: admin)
            _ = try await rules.addScoringRule(field: "email", condition: "present", value: nil, points: -3, by: admin)
            let leads = Leads(db)
            // Arabic ي in the source still equals the rule's Persian ی.
            let lead = try await leads.create(LeadInput(name: "مریم", message: "استعلام قیمت ۵۰ دستگاه", source: "معرفي"), channel: .manual, by: admin)
            #expect(lead.score == 20)
            var input = LeadInput(lead)
            input.budget = true
            let judged = try await leads.update(lead.id, with: input, status: .qualified, expectedVersion: lead.version, by: admin)
            #expect(judged.score == 45 && judged.status == .qualified && judged.budget == true && judged.version == lead.version + 1)
            do {
                _ = try await leads.update(lead.id, with: input, expectedVersion: lead.version, by: admin)
                Issue.record("a stale version was accepted")
            } catch StoreError.versionMismatch(let current) { #expect(current == judged.version) }
            do {
                _ = try await rules.addScoringRule(field: "need", condition: "equals", value: "x", points: 5, by: admin)
                Issue.record("a judgement rule with equals was accepted")
            } catch StoreError.invalid(let e) { #expect(e.issues.contains { $0.code == "lead.judgementCondition" }) }
            // Rules changed later rescore the open leads (past one batch), not the closed ones.
            var open: [Int64] = []
            for i in 0..<(LeadRules.rescoreBatch + 20) {
                open.append(try await leads.create(LeadInput(name: "سرنخ \(i)", message: i % 2 == 0 ? "قیمت" : "سلام"), channel: .manual, by: admin).id)
            }
            let closed = try await leads.disqualify(open[0], reason: "تکراری", by: admin)
            let cityRule = try await rules.addScoringRule(field: "message", condition: "contains", value: "سلام", points: 7, by: admin)
            #expect(try await leads.get(open[1], by: admin).score == 7)
            #expect(try await leads.get(open.last!, by: admin).score == 7)
            #expect(try await leads.get(open[2], by: admin).score == 5)
            #expect(try await leads.get(lead.id, by: admin).score == 45)
            #expect(try await leads.get(closed.id, by: admin).score == closed.score)
            try await rules.removeScoringRule(cityRule.id, by: admin)
            #expect(try await leads.get(open.last!, by: admin).score == 0)
        }
    }

    @Test("invalid leads are refused with every problem named, and nothing is stored", arguments: TestDatabase.kinds)
    func validation(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            do {
                _ = try await Leads(db).create(LeadInput(name: " ", email: "a@", phone: "12345"), channel: .api, by: admin)
                Issue.record("an invalid lead was stored")
            } catch StoreError.invalid(let e) {
                #expect(Set(e.issues.map(\.field)) == ["name", "email", "phone"])
            }
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM leads") == 0)
            let ok = try await Leads(db).create(LeadInput(name: "Ali", email: "Ali@Example.com", phone: "0912 123 4567"), channel: .api, by: admin)
            #expect(ok.phone == "+989121234567" && ok.email?.lowercased() == "ali@example.com" && ok.channel == .api && ok.source == "api")
        }
    }

    @Test("territory by normalised province and city, then round-robin; the rep is told by email through the outbox", arguments: TestDatabase.kinds)
    func territoryThenRoundRobin(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let (a, b, c) = (try await Self.rep(db, 1), try await Self.rep(db, 2, language: .en), try await Self.rep(db, 3))
            let rules = LeadRules(db)
            _ = try await rules.addAssignmentRule(kind: "round-robin", province: nil, city: nil, repIds: [String(b.id), String(c.id)], by: admin)
            // Added later but placed first.
            _ = try await rules.addAssignmentRule(kind: "territory", province: "اصفهان", city: "كاشان", repIds: [String(a.id)], position: 1, by: admin)
            let leads = Leads(db)
            let kashan = try await leads.create(LeadInput(name: "x", province: "اصفهان ", city: "کاشان"), channel: .manual, by: admin)
            #expect(kashan.ownerId == a.id && kashan.assignedAt != nil)
            var owners: [Int64?] = []
            for i in 0..<4 { owners.append(try await leads.create(LeadInput(name: "l\(i)", province: "تهران"), channel: .manual, by: admin).ownerId) }
            #expect(owners == [b.id, c.id, b.id, c.id])
            let mails = try await db.sql.raw("SELECT recipient, payload FROM outbox_messages WHERE channel = 'email' ORDER BY id").all()
            #expect(mails.count == 5)
            let first = try mails[0].decode(column: "payload", as: String.self)
            #expect(try mails[0].decode(column: "recipient", as: String.self) == a.email && first.contains("سرنخ"))
            #expect(try mails[1].decode(column: "payload", as: String.self).contains("New lead for you"), "in the rep's own language")
            #expect(try await leads.newCount(for: b.principal) == 2)
            // A rep sees only their own leads.
            let seen = try await leads.list(LeadQuery(), by: b.principal).items.map(\.ownerId)
            #expect(seen.count == 2 && seen.allSatisfy { $0 == b.id })
        }
    }

    @Test("round-robin stays fair when leads arrive at the same moment", arguments: TestDatabase.kinds)
    func concurrentRoundRobin(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            var reps: [User] = []
            for i in 1...3 { reps.append(try await Self.rep(db, i)) }
            _ = try await LeadRules(db).addAssignmentRule(kind: "round-robin", province: nil, city: nil, repIds: reps.map { String($0.id) }, by: admin)
            let leads = Leads(db)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<30 {
                    group.addTask {
                        // As a client would: a busy database (the machine loaded by other suites, one
                        // connection for thirty writers) is tried again, unless the lead was stored and only
                        // reading it back failed; the counts below still check fairness.
                        for attempt in 1...20 {
                            do {
                                _ = try await leads.create(LeadInput(name: "c\(i)"), channel: .api, by: admin)
                                return
                            } catch where attempt < 20 {
                                try await Task.sleep(for: .milliseconds(100))
                                if let stored = try? await db.sql.raw("SELECT id FROM leads WHERE name = \(bind: "c\(i)")").first(), stored != nil { return }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            // Every arrival is stored; each rep's turn comes once per round. A client that gave up on
            // an arrival whose commit was still under way and sent it again stores it twice, and that
            // second arrival takes the next turn: the reps still differ by one at most.
            let names = try await db.sql.raw("SELECT COUNT(DISTINCT name) AS n FROM leads").first()?.decode(column: "n", as: Int.self)
            #expect(names == 30)
            let rows = try await db.sql.raw("SELECT owner_id, COUNT(*) AS n FROM leads GROUP BY owner_id").all()
            let counts = try rows.map { try $0.decode(column: "n", as: Int.self) }
            #expect(counts.count == 3 && (counts.max() ?? 0) - (counts.min() ?? 0) <= 1 && counts.reduce(0, +) >= 30)
        }
    }

    @Test("by load: the rep with the fewest open leads gets the next one", arguments: TestDatabase.kinds)
    func byLoad(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let (a, b) = (try await Self.rep(db, 1), try await Self.rep(db, 2))
            let leads = Leads(db)
            for i in 0..<2 { _ = try await leads.create(LeadInput(name: "a\(i)", ownerId: String(a.id)), channel: .manual, by: admin) }
            let closed = try await leads.create(LeadInput(name: "b0", ownerId: String(b.id)), channel: .manual, by: admin)
            _ = try await leads.create(LeadInput(name: "b1", ownerId: String(b.id)), channel: .manual, by: admin)
            _ = try await leads.disqualify(closed.id, reason: "spam", by: admin)
            _ = try await LeadRules(db).addAssignmentRule(kind: "load", province: nil, city: nil, repIds: [String(a.id), String(b.id)], by: admin)
            let next = try await leads.create(LeadInput(name: "n1"), channel: .manual, by: admin)
            #expect(next.ownerId == b.id, "b has one open lead, a two")
            let after = try await leads.create(LeadInput(name: "n2"), channel: .manual, by: admin)
            #expect(after.ownerId == a.id || after.ownerId == b.id)
        }
    }

    @Test("conversion finds the existing customer by email and the organisation by name, opens the deal, copies the history", arguments: TestDatabase.kinds)
    func conversionFindsExisting(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let customers = CustomerRepository(db)
            let org = try await customers.create(CustomerInput(kind: "organisation", name: "صنایع پارس"), by: admin)
            let person = try await customers.create(CustomerInput(name: "سارا رضایی", emails: ["sara@pars.example"]), by: admin)
            let leads = Leads(db)
            let lead = try await leads.create(LeadInput(name: "سارا رضایی", company: "صنايع  پارس", email: "SARA@pars.example", message: "پیش‌فاکتور بفرستید",
                                                        source: "نمایشگاه", campaign: "پاییز"), channel: .manual, by: admin)
            _ = try await leads.addNote(lead.id, body: "تماس گرفتم؛ جلسه هفتهٔ بعد", by: admin)
            let match = try await LeadConversion(db).match(lead.id, by: admin)
            #expect(match.contactId == person.id && match.organisationId == org.id)
            let before = try await Self.count(db, "SELECT COUNT(*) AS n FROM customers")
            let result = try await LeadConversion(db).convert(lead.id, LeadConversionInput(dealTitle: "۵۰ دستگاه", amount: "125000000"), by: admin)
            #expect(result.foundContact && result.foundOrganisation && result.contactId == person.id && result.organisationId == org.id)
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM customers") == before, "no duplicate customer")
            #expect(result.lead.status == .converted && result.lead.customerId == org.id && result.lead.dealId == result.dealId)
            let deal = try #require(try await db.sql.raw("""
                SELECT d.status, d.title, d.customer_id, d.currency, d.amount_minor, d.amount_base_minor, d.source, d.campaign, d.lead_id, s.position
                FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.id = \(bind: result.dealId)
                """).first())
            #expect(try deal.decode(column: "status", as: String.self) == "open" && deal.decode(column: "title", as: String.self) == "۵۰ دستگاه")
            #expect(try deal.decode(column: "customer_id", as: Int64.self) == org.id && deal.decode(column: "currency", as: String.self) == "IRR")
            #expect(try deal.decode(column: "amount_minor", as: Int64.self) == 125_000_000 && deal.decode(column: "amount_base_minor", as: Int64.self) == 125_000_000)
            #expect(try deal.decode(column: "source", as: String.self) == "نمایشگاه" && deal.decode(column: "lead_id", as: Int64.self) == lead.id)
            #expect(try deal.decode(column: "position", as: Int.self) == 1)
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM deal_stage_history WHERE deal_id = \(bind: result.dealId) AND left_at IS NULL") == 1)
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM deal_contacts WHERE deal_id = \(bind: result.dealId) AND contact_id = \(bind: person.id)") == 1)
            let timeline = try await db.sql.raw("SELECT body FROM interactions WHERE customer_id = \(bind: person.id)").all()
            let body = try timeline.first?.decode(column: "body", as: String?.self) ?? ""
            #expect(timeline.count == 1 && body.contains("پیش‌فاکتور بفرستید") && body.contains("جلسه هفتهٔ بعد"))
        }
    }

    @Test("converting twice is a conflict and changes nothing; a new lead makes its organisation, contact with consent, and deal", arguments: TestDatabase.kinds)
    func conversionTwice(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let lead = try await Leads(db).create(LeadInput(name: "Ali Karimi", company: "Globex", email: "ali@globex.example", phone: "09121234567",
                                                            consent: true, consentText: "I agree"), channel: .manual, by: admin)
            let conversion = LeadConversion(db)
            let made = try await conversion.convert(lead.id, LeadConversionInput(), by: admin)
            #expect(!made.foundContact && !made.foundOrganisation && made.organisationId != nil)
            let contact = try await CustomerRepository(db).get(made.contactId, by: admin)
            #expect(contact.fields.organisationId == made.organisationId && contact.fields.consents.email && contact.fields.consents.sms)
            let counts = { () async throws -> [Int] in
                [try await Self.count(db, "SELECT COUNT(*) AS n FROM customers"), try await Self.count(db, "SELECT COUNT(*) AS n FROM deals"),
                 try await Self.count(db, "SELECT COUNT(*) AS n FROM interactions"), try await Self.count(db, "SELECT COUNT(*) AS n FROM audit_log")]
            }
            let before = try await counts()
            do {
                _ = try await conversion.convert(lead.id, LeadConversionInput(), by: admin)
                Issue.record("a converted lead was converted again")
            } catch StoreError.conflict(let why) { #expect(why.contains("already converted")) }
            #expect(try await counts() == before)
            do {
                _ = try await Leads(db).disqualify(lead.id, reason: "late", by: admin)
                Issue.record("a converted lead was disqualified")
            } catch StoreError.conflict {}
            // A bad amount leaves nothing half-made.
            let other = try await Leads(db).create(LeadInput(name: "Other", company: "Initech"), channel: .manual, by: admin)
            do {
                _ = try await conversion.convert(other.id, LeadConversionInput(amount: "twelve"), by: admin)
                Issue.record("a bad amount was accepted")
            } catch StoreError.invalid(let e) { #expect(e.issues.first?.field == "amount") }
            let after = try await counts()
            #expect(after[0] == before[0] && after[1] == before[1])
            #expect(try await Leads(db).get(other.id, by: admin).status == .new)
        }
    }

    @Test("disqualify needs a reason and closes the lead", arguments: TestDatabase.kinds)
    func disqualify(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let leads = Leads(db)
            let lead = try await leads.create(LeadInput(name: "x"), channel: .manual, by: admin)
            do { _ = try await leads.disqualify(lead.id, reason: "  ", by: admin); Issue.record("no reason accepted") } catch StoreError.invalid {}
            let closed = try await leads.disqualify(lead.id, reason: "بودجه ندارد", by: admin)
            #expect(closed.status == .disqualified && closed.disqualifyReason == "بودجه ندارد")
            do { _ = try await LeadConversion(db).convert(lead.id, LeadConversionInput(), by: admin); Issue.record("converted a disqualified lead") }
            catch StoreError.conflict {}
            let history = try await leads.audit(lead.id, by: admin).map(\.action)
            #expect(history.contains("create") && history.contains("disqualify"))
        }
    }

    @Test("web-to-lead: the honeypot stores nothing, a flood from one address is refused while another address is stored", arguments: TestDatabase.kinds)
    func webToLead(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let forms = LeadForms(db)
            let form = try await forms.create(LeadFormInput(name: "Site", source: "website", campaign: "spring", consentFa: "می‌پذیرم",
                                                            consentChannels: ["email"], perMinute: 3, perHour: 10), by: admin)
            let t = Date(timeIntervalSince1970: 1_790_000_010)
            let trapped = try await forms.submit(form: form, LeadInput(name: "bot"), address: "10.0.0.9", honeypot: true, now: t)
            guard case .ignored = trapped else { Issue.record("honeypot: \(trapped)"); return }
            var stored: [Int64] = []
            var refused = 0
            for i in 0..<6 {
                switch try await forms.submit(form: form, LeadInput(name: "n\(i)", email: "n\(i)@example.com", consent: true), address: "10.0.0.1", honeypot: false, now: t) {
                case .stored(let id): stored.append(id)
                case .throttled(let wait): refused += 1; #expect(wait > 0 && wait <= 60)
                default: Issue.record("unexpected outcome")
                }
            }
            #expect(stored.count == 3 && refused == 3)
            guard case .stored(let other) = try await forms.submit(form: form, LeadInput(name: "someone else"), address: "10.0.0.2", honeypot: false, now: t)
            else { Issue.record("another address was refused"); return }
            stored.append(other)
            guard case .invalid(let e) = try await forms.submit(form: form, LeadInput(name: ""), address: "10.0.0.3", honeypot: false, now: t)
            else { Issue.record("an invalid submission passed"); return }
            #expect(e.issues.first?.field == "name")
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM leads") == stored.count)
            let lead = try await Leads(db).get(stored[0], by: admin)
            #expect(lead.channel == .webForm && lead.source == "website" && lead.campaign == "spring" && lead.consentText == "می‌پذیرم" && lead.formId == form.id)
            // The next minute lets the address in again.
            guard case .stored = try await forms.submit(form: form, LeadInput(name: "later"), address: "10.0.0.1", honeypot: false, now: t.addingTimeInterval(61))
            else { Issue.record("the window did not move on"); return }
        }
    }

    @Test("CSV import: Persian headers in Windows-1256, bad rows reported by line, good rows stored and assigned", arguments: TestDatabase.kinds)
    func importFile(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let rep = try await Self.rep(db, 1)
            _ = try await LeadRules(db).addAssignmentRule(kind: "round-robin", province: nil, city: nil, repIds: [String(rep.id)], by: admin)
            // "نام,ایمیل,تلفن,منبع,رنگ / مریم,maryam@…,0912…,نمایشگاه,آبی / ,nobody@… / علی,bad@ / رضا,,021…" in Windows-1256 (Arabic yeh).
            let bytes: [UInt8] = [0xE4, 0xC7, 0xE3, 0x2C, 0xC7, 0xED, 0xE3, 0xED, 0xE1, 0x2C, 0xCA, 0xE1, 0xDD, 0xE4, 0x2C, 0xE3, 0xE4, 0xC8, 0xDA, 0x2C, 0xD1, 0xE4, 0x90, 0x0D, 0x0A, 0xE3, 0xD1, 0xED, 0xE3, 0x2C, 0x6D, 0x61, 0x72, 0x79, 0x61, 0x6D, 0x40, 0x65, 0x78, 0x61, 0x6D, 0x70, 0x6C, 0x65, 0x2E, 0x63, 0x6F, 0x6D, 0x2C, 0x30, 0x39, 0x31, 0x32, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x2C, 0xE4, 0xE3, 0xC7, 0xED, 0xD4, 0x90, 0xC7, 0xE5, 0x2C, 0xC2, 0xC8, 0xED, 0x0D, 0x0A, 0x2C, 0x6E, 0x6F, 0x62, 0x6F, 0x64, 0x79, 0x40, 0x65, 0x78, 0x61, 0x6D, 0x70, 0x6C, 0x65, 0x2E, 0x63, 0x6F, 0x6D, 0x2C, 0x2C, 0x2C, 0x0D, 0x0A, 0xDA, 0xE1, 0xED, 0x2C, 0x62, 0x61, 0x64, 0x40, 0x2C, 0x2C, 0x2C, 0x0D, 0x0A, 0xD1, 0xD6, 0xC7, 0x2C, 0x2C, 0x30, 0x32, 0x31, 0x38, 0x38, 0x37, 0x37, 0x36, 0x36, 0x35, 0x35, 0x2C, 0x2C, 0x0D, 0x0A]
            let report = try await LeadImporter(db).run(bytes, by: admin)
            #expect(report.imported == 2 && report.ignoredHeaders == ["رنگ"])
            #expect(try await Leads(db).list(LeadQuery(q: "مریم"), by: admin).items.count == 1, "Arabic yeh from the file matches Persian yeh")
            #expect(report.problems.map(\.line) == [3, 4])
            #expect(report.problems.first?.issues.first?.field == "name" && report.problems.last?.issues.first?.field == "email")
            let leads = try await Leads(db).list(LeadQuery(), by: admin).items
            #expect(leads.count == 2 && leads.allSatisfy { $0.channel == .import && $0.ownerId == rep.id })
            #expect(leads.contains { $0.source == "نمايشگاه" } && leads.contains { $0.source == "import" })
            do { _ = try await LeadImporter(db).run(Array("email\nx@y.z\n".utf8), by: admin); Issue.record("a file without a name column") }
            catch StoreError.invalid(let e) { #expect(e.issues.first?.code == "lead.importHeader") }
        }
    }

    @Test("roles: a reader cannot write, a rep reaches only their own leads", arguments: TestDatabase.kinds)
    func access(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let exec = try await UserRepository(db).create(email: "ex@example.test", name: "Exec", role: .executive, password: "long enough pw").principal
            let (a, b) = (try await Self.rep(db, 1), try await Self.rep(db, 2))
            let lead = try await Leads(db).create(LeadInput(name: "x", ownerId: String(a.id)), channel: .manual, by: admin)
            do { _ = try await Leads(db).create(LeadInput(name: "y"), channel: .manual, by: exec); Issue.record("a reader wrote") } catch StoreError.forbidden {}
            #expect(try await Leads(db).get(lead.id, by: exec).id == lead.id)
            do { _ = try await Leads(db).get(lead.id, by: b.principal); Issue.record("another rep's lead was read") } catch StoreError.notFound {}
            do { _ = try await LeadConversion(db).convert(lead.id, LeadConversionInput(), by: b.principal); Issue.record("converted another's lead") }
            catch StoreError.notFound {}
            let mine = try await LeadConversion(db).convert(lead.id, LeadConversionInput(), by: a.principal)
            #expect(try await CustomerRepository(db).get(mine.contactId, by: a.principal).id == mine.contactId)
        }
    }
}
