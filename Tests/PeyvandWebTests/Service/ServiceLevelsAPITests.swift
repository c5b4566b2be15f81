import Foundation
import HTTPTypes
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// `/api/v1/sla-policies`, `/api/v1/service-holidays` and a team's hours, through the router; a
/// ticket opened after shows the due instants they make.
@Suite struct ServiceLevelsAPITests {
    struct PolicyBody: Decodable { let id: String, priority: String, minValue: String, firstResponseMinutes: Int, warnPercent: Int, version: Int }
    struct HolidayBody: Decodable { let id: String, date: String, jalaliDate: String, kind: String, source: String? }
    struct HolidaysBody: Decodable { let year: String, lunarDataShipped: Bool, items: [HolidayBody] }
    struct TicketBody: Decodable { let id: String, firstResponseDueAt: Date?, resolutionDueAt: Date? }

    @Test("policies listed, added, changed with If-Match and deleted; holidays by Jalali year, added and removed; a team's hours; refusals as problem+json")
    func serviceLevels() async throws {
        try await TestApp.with { app, client in
            let list = try await client.send(.get, "/api/v1/sla-policies", headers: app.auth)
            let standard = try list.decoded(ListOf<PolicyBody>.self).items
            #expect(standard.map(\.priority) == ["urgent", "high", "normal", "low"] && standard.allSatisfy { $0.warnPercent == 80 })
            let bad = try await client.send(.post, "/api/v1/sla-policies", headers: app.auth,
                                            json: #"{"name":"","priority":"soon","minValue":"-5","firstResponseMinutes":0,"colour":"red"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.decoded(ProblemBody.self).fields.isSuperset(of: ["priority", "minValue", "firstResponseMinutes", "nextResponseMinutes", "colour"]))
            let made = try await client.send(.post, "/api/v1/sla-policies", headers: app.auth, json: """
                {"name":"ویژه","priority":"urgent","minValue":"50000000","firstResponseMinutes":15,"nextResponseMinutes":30,"resolutionMinutes":120}
                """)
            #expect(made.status == .created && made.headers[.location] != nil)
            let vip = try made.decoded(PolicyBody.self)
            let twice = try await client.send(.post, "/api/v1/sla-policies", headers: app.auth, json: """
                {"name":"again","priority":"urgent","minValue":"50000000","firstResponseMinutes":15,"nextResponseMinutes":30,"resolutionMinutes":120}
                """)
            #expect(twice.status == .conflict)
            var stale = app.auth
            stale[.ifMatch] = "\"\(vip.version + 1)\""
            #expect(try await client.send(.patch, "/api/v1/sla-policies/\(vip.id)", headers: stale, json: #"{"warnPercent":70}"#).status == .preconditionFailed)
            let changed = try await client.send(.patch, "/api/v1/sla-policies/\(vip.id)", headers: app.auth, json: #"{"warnPercent":70}"#)
            #expect(try changed.decoded(PolicyBody.self).warnPercent == 70)
            #expect(try await client.send(.delete, "/api/v1/sla-policies/\(vip.id)", headers: app.auth).status == .noContent)
            #expect(try await client.send(.delete, "/api/v1/sla-policies/\(vip.id)", headers: app.auth).status == .notFound)

            let holidays = try await client.send(.get, "/api/v1/service-holidays?year=1405", headers: app.auth).decoded(HolidaysBody.self)
            #expect(holidays.lunarDataShipped && holidays.items.contains { $0.jalaliDate == "1405-11-22" && $0.kind == "fixedSolar" })
            #expect(holidays.items.contains { $0.kind == "lunar" && $0.source?.contains("holidays") == true })
            #expect(try await client.send(.get, "/api/v1/service-holidays?year=abc", headers: app.auth).status == .badRequest)
            let noDate = try await client.send(.post, "/api/v1/service-holidays", headers: app.auth, json: #"{"date":"2026-13-40","nameFa":"x","nameEn":"x"}"#)
            #expect(try noDate.status == .unprocessableContent && (try noDate.decoded(ProblemBody.self)).fields == ["date"])
            // 2026-12-13 is Sunday 22 Azar 1405: a day off moves a Saturday ticket's resolution a working day on.
            let day = try await client.send(.post, "/api/v1/service-holidays", headers: app.auth, json: #"{"date":"2026-12-13","nameFa":"تعطیلی شرکت","nameEn":"Company day off"}"#)
            #expect(day.status == .created)
            let added = try day.decoded(HolidayBody.self)
            #expect(added.jalaliDate == "1405-09-22" && added.kind == "custom")

            let team = try await client.send(.post, "/api/v1/service-teams", headers: app.auth, json: #"{"name":"پشتیبانی"}"#)
            let teamId = try team.decoded(IdBody.self).id
            let badHours = try await client.send(.put, "/api/v1/service-teams/\(teamId)/hours", headers: app.auth, json: #"{"hours":"sat-wed 17:00-08:00"}"#)
            #expect(badHours.status == .unprocessableContent)
            let hours = try await client.send(.put, "/api/v1/service-teams/\(teamId)/hours", headers: app.auth, json: #"{"hours":"sat-wed ۰۹:۰۰-۱۷:۰۰"}"#)
            #expect(hours.status == .ok)
            #expect(try await client.send(.delete, "/api/v1/service-holidays/\(added.id)", headers: app.auth).status == .noContent)

            // Which inbound channels open tickets, and the default team.
            struct SettingsBody: Decodable { let inboundChannels: [String], defaultTeamId: String? }
            #expect(try await client.send(.get, "/api/v1/service-settings", headers: app.auth).decoded(SettingsBody.self).inboundChannels == ["email", "sms", "messenger"])
            let badSettings = try await client.send(.put, "/api/v1/service-settings", headers: app.auth, json: #"{"inboundChannels":["fax"],"defaultTeamId":"x"}"#)
            #expect(try badSettings.status == .unprocessableContent && (try badSettings.decoded(ProblemBody.self)).fields == ["defaultTeamId"])
            let noTeam = try await client.send(.put, "/api/v1/service-settings", headers: app.auth, json: #"{"inboundChannels":["fax"],"defaultTeamId":"999"}"#)
            #expect(noTeam.status == .unprocessableContent)
            let set = try await client.send(.put, "/api/v1/service-settings", headers: app.auth, json: #"{"inboundChannels":["sms","email"],"defaultTeamId":"\#(teamId)"}"#)
            let stored = try set.decoded(SettingsBody.self)
            #expect(stored.inboundChannels == ["email", "sms"] && stored.defaultTeamId == teamId)

            // An agent reads the levels but may not change them.
            let (_, agentToken) = try await app.token(for: .supportAgent, email: "agent@example.test")
            let agentAuth: HTTPFields = [.authorization: "Bearer \(agentToken)", .contentType: "application/json"]
            #expect(try await client.send(.get, "/api/v1/sla-policies", headers: agentAuth).status == .ok)
            #expect(try await client.send(.post, "/api/v1/service-holidays", headers: agentAuth, json: #"{"date":"2026-12-14","nameFa":"x","nameEn":"x"}"#).status == .forbidden)
            #expect(try await client.send(.put, "/api/v1/service-settings", headers: agentAuth, json: #"{"inboundChannels":[]}"#).status == .forbidden)
        }
    }
}
