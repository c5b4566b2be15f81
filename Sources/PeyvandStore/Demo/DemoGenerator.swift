import Foundation
import PeyvandCore

/// Makes a deterministic, realistic bilingual demo: staff in several roles and customers with
/// Persian and English names, Iranian cities and phone numbers, a spread of lifecycle stages,
/// owners, tags, consents and preferred channels. The same seed gives the same data.
public struct DemoGenerator: Sendable {
    public struct Login: Sendable {
        public let email: String
        public let password: String
        public let role: Role
    }

    /// The demo staff. Passwords are public: demo databases are for trying the product only.
    public static let logins: [(name: String, login: Login, language: Language)] = [
        ("مدیر سامانه", Login(email: "admin@demo.peyvand.ir", password: "peyvand-admin", role: .administrator), .fa),
        ("سارا فروش", Login(email: "sales@demo.peyvand.ir", password: "peyvand-sales", role: .salesRep), .fa),
        ("Omid Support", Login(email: "support@demo.peyvand.ir", password: "peyvand-support", role: .supportAgent), .en),
        ("نیما تحلیلگر", Login(email: "analyst@demo.peyvand.ir", password: "peyvand-analyst", role: .crmAnalyst), .fa),
        ("Partner Atlas", Login(email: "partner@demo.peyvand.ir", password: "peyvand-partner", role: .partner), .en),
    ]

    let database: Database
    let seed: UInt64

    public init(database: Database, seed: UInt64) {
        self.database = database
        self.seed = seed
    }

    /// Adds the demo staff (those not already there) and `customers` customers, reporting progress
    /// after each batch. Memory stays bounded: customers are generated and stored a batch at a time.
    public func run(customers: Int, interactionsPerCustomer: Int = 20, batchSize: Int = 500, now: Date = Date(),
                    progress: @Sendable (Int) -> Void = { _ in }) async throws {
        let users = UserRepository(database)
        var staff: [User] = []
        for entry in Self.logins {
            if let existing = try await users.find(email: entry.login.email) {
                staff.append(existing)
            } else {
                staff.append(try await users.create(email: entry.login.email, name: entry.name, role: entry.login.role,
                                                    password: entry.login.password, language: entry.language))
            }
        }
        let admin = staff[0].principal
        let owners = staff.filter { $0.role == .salesRep || $0.role == .administrator || $0.role == .partner }.map(\.id)
        var random = SeededRandom(demoSeed: seed)
        var made = 0
        var organisations: [Int64] = []
        let staffIds = staff.map(\.id)
        while made < customers {
            let count = min(batchSize, customers - made)
            var batch: [(fields: CustomerFields, createdAt: Date)] = []
            batch.reserveCapacity(count)
            for _ in 0..<count {
                var item = Self.customer(&random, owners: owners, now: now)
                if item.fields.kind == .person, !organisations.isEmpty, random.chance(0.25) {
                    item.fields.organisationId = random.pick(organisations)
                    item.fields.jobTitle = random.pick(DemoNames.jobTitles)
                }
                batch.append(item)
            }
            let interactionSeed = random
            _ = random.next()
            let finalBatch = batch
            let perCustomer = interactionsPerCustomer
            let ids = try await database.transaction { db in
                var seed = interactionSeed
                var ids: [Int64] = []
                var history: [(customerId: Int64, fields: InteractionFields)] = []
                ids = try await CustomerRepository.insertRows(db, finalBatch, by: admin)
                for (id, item) in zip(ids, finalBatch) {
                    let persian = item.fields.name.unicodeScalars.contains { ("\u{0600}"..."\u{06FF}").contains($0) }
                    let most = Int((Double(2 * perCustomer) * DemoInteractions.share(item.fields.stage)).rounded())
                    let n = most == 0 ? 0 : Int.random(in: 0...most, using: &seed)
                    history += DemoInteractions.make(&seed, customerId: id, persian: persian, since: item.createdAt, now: now,
                                                     staff: staffIds, count: n)
                }
                try await InteractionRepository.insertMany(db, history, createdBy: admin.userId)
                return ids
            }
            for (id, item) in zip(ids, batch) where item.fields.kind == .organisation {
                organisations.append(id)
                if organisations.count > 2000 { organisations.removeFirst(1000) }
            }
            made += count
            progress(made)
        }
        try await DemoLeads.make(database, admin: admin, reps: staff.filter { $0.role == .salesRep }.map(\.id), now: now)
        try await DemoDeals(database: database, seed: seed).run(staff: staff, now: now)  // sales: deals on the board
        try await DemoTasks.add(database, staff: staff, now: now)
        try await DemoService.add(database, staff: staff, now: now)  // service: a team, rules and tickets
    }

    static func customer(_ r: inout SeededRandom, owners: [Int64], now: Date) -> (fields: CustomerFields, createdAt: Date) {
        let persian = r.chance(0.75)
        let organisation = r.chance(0.15)
        let cityIndex = Int.random(in: 0..<DemoNames.persianCities.count, using: &r)
        var f = CustomerFields(name: "")
        if organisation {
            f.kind = .organisation
            f.name = persian ? "\(r.pick(DemoNames.companyKinds)) \(r.pick(DemoNames.companyWords)) \(r.pick(DemoNames.companyWords))"
                             : "\(r.pick(DemoNames.englishCompanies)) \(r.pick(DemoNames.englishCompanyKinds)) Ltd"
        } else if persian {
            let given = r.chance(0.08) ? r.pick(Array(DemoNames.arabicVariants.prefix(5)))
                : (r.chance(0.5) ? r.pick(DemoNames.persianMale) : r.pick(DemoNames.persianFemale))
            let family = r.chance(0.08) ? r.pick(Array(DemoNames.arabicVariants.suffix(5))) : r.pick(DemoNames.persianFamily)
            f.givenName = given
            f.familyName = family
            f.name = "\(given) \(family)"
        } else {
            let given = r.pick(DemoNames.englishFirst), family = r.pick(DemoNames.englishLast)
            f.givenName = given
            f.familyName = family
            f.name = "\(given) \(family)"
        }
        f.city = persian ? DemoNames.persianCities[cityIndex] : r.pick(DemoNames.englishCities)
        let mobilePrefix = r.pick(["912", "935", "919", "901", "921", "936", "990", "917", "938", "911"])
        f.phones = ["+98\(mobilePrefix)\(String(format: "%07d", Int.random(in: 0..<10_000_000, using: &r)))"]
        if organisation || r.chance(0.2) {
            f.phones.append("+98\(DemoNames.areaCodes[cityIndex])\(Int.random(in: 2..<9, using: &r))\(String(format: "%07d", Int.random(in: 0..<10_000_000, using: &r)))")
        }
        if !persian || r.chance(0.45) {
            let local = organisation ? "info" : (persian ? "user\(Int.random(in: 100..<99_999, using: &r))"
                                                      : "\(f.givenName!.lowercased()).\(f.familyName!.lowercased())\(Int.random(in: 1..<999, using: &r))")
            let domain = organisation ? "company\(Int.random(in: 1..<9_999, using: &r)).ir" : r.pick(["gmail.com", "yahoo.com", "chmail.ir", "outlook.com"])
            f.emails = ["\(local)@\(domain)"]
        }
        let stageRoll = Double.random(in: 0..<1, using: &r)
        f.stage = stageRoll < 0.15 ? .prospect : stageRoll < 0.3 ? .lead : stageRoll < 0.8 ? .customer
            : stageRoll < 0.88 ? .atRisk : stageRoll < 0.95 ? .lost : .wonBack
        if !owners.isEmpty, r.chance(0.85) { f.ownerId = r.pick(owners) }
        if r.chance(0.35) { f.tags = [r.pick(DemoNames.tags)] }
        if r.chance(0.1) { f.tags.append(r.pick(DemoNames.tags)) }
        f.tags = Array(Set(f.tags)).sorted()
        if organisation { f.customFields["industry"] = r.pick(DemoNames.industries) }
        if r.chance(0.3) { f.customFields["ageBand"] = r.pick(["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]) }
        f.preferredChannel = r.chance(0.8) ? r.pick(ContactChannel.allCases) : nil
        f.consents = Consents(email: !f.emails.isEmpty && r.chance(0.6), sms: r.chance(0.7), phone: r.chance(0.8), letter: r.chance(0.2))
        let ageSeconds = Double.random(in: 0..<(3 * 365 * 86400), using: &r)
        return (f, now.addingTimeInterval(-ageSeconds))
    }
}
