import Foundation
import PeyvandCore
import SQLKit

extension ServiceTeams {
    /// Sets a team's business hours from their written form (`sat-wed 08:00-17:00; thu 08:00-13:00`,
    /// Persian digits too), or back to the standard week with nil or blank. The open tickets of
    /// the team keep their due instants until they next move; new ones follow the new hours.
    public func setHours(_ id: Int64, text: String?, by principal: Principal) async throws -> ServiceTeam {
        try principal.require(.serviceConfigure, to: "set up service teams")
        var json: String?
        if let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            let hours: BusinessHours
            do { hours = try BusinessHours(text: text) } catch { throw StoreError.invalid(error) }
            if hours.isNeverOpen {
                throw StoreError.invalid(ValidationError(field: "hours", reason: "the team must be open at some time of the week", code: "hours.week"))
            }
            json = String(decoding: try JSONEncoder().encode(hours), as: UTF8.self)
        }
        let stored = json
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT business_hours FROM service_teams WHERE id = \(bind: id)").first() else {
                throw StoreError.notFound(entity: "service team", id: String(id))
            }
            let now = Clock.nowMillis()
            try await db.raw("""
                UPDATE service_teams SET business_hours = \(bind: stored), version = version + 1, updated_at = \(bind: now) WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, entity: "service-team", entityId: id, by: principal, action: "update", field: "businessHours",
                                      before: try row.decode(column: "business_hours", as: String?.self), after: stored, at: now)
        }
        return try await get(id, by: principal)
    }
}
