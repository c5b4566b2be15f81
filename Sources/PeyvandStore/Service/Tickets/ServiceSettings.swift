import Foundation
import PeyvandCore
import SQLKit

/// The settings of customer service: which inbound channels open a ticket for a message that
/// belongs to none (email, SMS and messenger by default), the team that takes tickets no
/// routing rule matches, and the surveys (``SurveySettings``).
public struct ServiceSettings: Sendable, Hashable {
    public var inboundChannels: Set<TicketChannel>
    public var defaultTeamId: Int64?
    public var surveys: SurveySettings = SurveySettings()

    /// The channels a setting may name.
    public static let inboundChoices: [TicketChannel] = [.email, .sms, .messenger]
}

public struct ServiceSettingsStore: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func read(by principal: Principal) async throws -> ServiceSettings {
        try principal.require(.ticketsRead, to: "read the service settings")
        return try await Self.read(database.sql)
    }

    static func read(_ db: any SQLDatabase) async throws -> ServiceSettings {
        guard let row = try await db.raw("""
            SELECT inbound_channels, default_team_id, survey_after_resolution, survey_after_delivery, survey_questions, survey_link_days
            FROM service_settings WHERE id = 1
            """).first() else {
            return ServiceSettings(inboundChannels: Set(ServiceSettings.inboundChoices), defaultTeamId: nil)
        }
        let channels = try row.decode(column: "inbound_channels", as: String.self).split(separator: ",")
            .compactMap { TicketChannel(rawValue: String($0)) }
        let surveys = SurveySettings(afterResolution: try row.decode(column: "survey_after_resolution", as: Bool.self),
                                     afterDelivery: try row.decode(column: "survey_after_delivery", as: Bool.self),
                                     questions: SurveyQuestions(rawValue: try row.decode(column: "survey_questions", as: String.self)) ?? .both,
                                     linkDays: try row.decode(column: "survey_link_days", as: Int.self))
        return ServiceSettings(inboundChannels: Set(channels), defaultTeamId: try row.decode(column: "default_team_id", as: Int64?.self),
                               surveys: surveys)
    }

    /// Changes the settings (`service.configure`); `surveys` nil leaves the survey settings as they are.
    public func update(inboundChannels: [String], defaultTeamId: Int64?, surveys: SurveySettings? = nil,
                       by principal: Principal) async throws -> ServiceSettings {
        try principal.require(.serviceConfigure, to: "change the service settings")
        var issues: [FieldIssue] = surveys?.issues() ?? []
        var channels: [TicketChannel] = []
        for raw in inboundChannels.prefix(10) {
            guard let c = TicketChannel(rawValue: raw), ServiceSettings.inboundChoices.contains(c) else {
                issues.append(FieldIssue(field: "inboundChannels", reason: "must be email, sms or messenger", code: "choice.unknown",
                                         params: ["allowed": "email, sms, messenger"]))
                continue
            }
            if !channels.contains(c) { channels.append(c) }
        }
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
        let chosen = channels
        try await database.transaction { db in
            if let defaultTeamId, try await db.raw("SELECT id FROM service_teams WHERE id = \(bind: defaultTeamId)").first() == nil {
                throw StoreError.invalid(ValidationError(field: "defaultTeamId", reason: "no team has this id", code: "ref.unknown"))
            }
            let text = chosen.map(\.rawValue).joined(separator: ",")
            let now = Clock.nowMillis()
            try await db.raw("""
                UPDATE service_settings SET inbound_channels = \(bind: text), default_team_id = \(bind: defaultTeamId), updated_at = \(bind: now) WHERE id = 1
                """).run()
            try await AuditLog.record(db, entity: "service-settings", entityId: 1, by: principal, action: "update", field: "inboundChannels",
                                      after: text + (defaultTeamId.map { " · team \($0)" } ?? ""), at: now)
            if let surveys { try await Self.save(db, surveys, by: principal, at: now) }
        }
        return try await Self.read(database.sql)
    }

    /// Changes the survey settings alone (`service.configure`): the settings page's survey form.
    public func updateSurveys(_ surveys: SurveySettings, by principal: Principal) async throws -> ServiceSettings {
        try principal.require(.serviceConfigure, to: "change the service settings")
        let issues = surveys.issues()
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
        try await database.transaction { db in try await Self.save(db, surveys, by: principal, at: Clock.nowMillis()) }
        return try await Self.read(database.sql)
    }

    static func save(_ db: any SQLDatabase, _ s: SurveySettings, by principal: Principal, at now: Int64) async throws {
        try await db.raw("""
            UPDATE service_settings SET survey_after_resolution = \(bind: s.afterResolution), survey_after_delivery = \(bind: s.afterDelivery),
              survey_questions = \(bind: s.questions.rawValue), survey_link_days = \(bind: s.linkDays), updated_at = \(bind: now)
            WHERE id = 1
            """).run()
        let summary = "after resolution \(s.afterResolution ? "on" : "off") · after delivery \(s.afterDelivery ? "on" : "off") · "
            + "\(s.questions.rawValue) · \(s.linkDays) days"
        try await AuditLog.record(db, entity: "service-settings", entityId: 1, by: principal, action: "update", field: "surveys",
                                  after: summary, at: now)
    }
}
