import SQLKit

extension Migration {
    /// The survey settings, beside the other service settings in their one row: whether a survey
    /// goes out after a ticket is resolved and after a delivery, which questions it asks (`csat`,
    /// `nps` or `both`) and how many days its link works. On by default, both questions, 14 days.
    static let m039SurveySettings = Migration(39, "survey settings") { d in
        let yes = d == .sqlite ? "1" : "TRUE"
        return [
            "ALTER TABLE service_settings ADD COLUMN survey_after_resolution \(d.boolean) NOT NULL DEFAULT \(yes)",
            "ALTER TABLE service_settings ADD COLUMN survey_after_delivery \(d.boolean) NOT NULL DEFAULT \(yes)",
            "ALTER TABLE service_settings ADD COLUMN survey_questions TEXT NOT NULL DEFAULT 'both'",
            "ALTER TABLE service_settings ADD COLUMN survey_link_days INTEGER NOT NULL DEFAULT 14",
        ]
    }
}
