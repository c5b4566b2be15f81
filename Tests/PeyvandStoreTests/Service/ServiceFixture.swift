import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit

/// Agents, a team and a customer who writes by email, for the service tests.
struct ServiceFixture {
    let admin: Principal
    let agents: [User]
    let team: ServiceTeam
    let customer: Customer

    static func agent(_ db: Database, _ n: Int, language: Language = .fa) async throws -> User {
        try await UserRepository(db).create(email: "agent\(n)@example.test", name: "Agent \(n)", role: .supportAgent, password: "long enough pw",
                                            language: language)
    }

    static func make(_ db: Database, agents count: Int = 3, routing: String = "round-robin", skills: [String] = []) async throws -> ServiceFixture {
        let admin = try await TestDatabase.admin(db)
        var agents: [User] = []
        for i in 1...count { agents.append(try await agent(db, i)) }
        let teams = ServiceTeams(db)
        var team = try await teams.create(name: "پشتیبانی", leadId: agents[0].id, managerId: admin.userId, routing: routing, by: admin)
        team = try await teams.setMembers(team.id, agents.enumerated().map { (i, a) -> (userId: Int64, skills: String, active: Bool) in (a.id, i < skills.count ? skills[i] : "", true) }, by: admin)
        let customer = try await CustomerRepository(db).create(CustomerInput(name: "مریم احمدی", phones: ["09121234567"], emails: ["maryam@example.test"],
                                                                            preferredChannel: "sms", consents: ["sms": true]), by: admin)
        return ServiceFixture(admin: admin, agents: agents, team: team, customer: customer)
    }

    static func count(_ db: Database, _ sql: SQLQueryString) async throws -> Int {
        try await db.sql.raw(sql).first()?.decode(column: "n", as: Int.self) ?? -1
    }

    /// A rule sending everything to the fixture's team.
    func catchAll(_ db: Database) async throws {
        _ = try await RoutingRules(db).create(RoutingRuleInput(name: "همه", teamId: String(team.id)), by: admin)
    }
}
