import SQLKit

/// One step of the schema. Migrations are numbered, applied in order, each once, and recorded in
/// `schema_migrations`. The same source serves both dialects: a migration asks the dialect for the
/// few spellings that differ (key columns, integer and boolean types).
public struct Migration: Sendable {
    public let id: Int
    public let name: String
    let statements: @Sendable (Dialect) -> [String]
    /// Work SQL alone cannot do (e.g. computing normalised keys for existing rows), run inside
    /// the migration's transaction after its statements.
    let backfill: (@Sendable (any SQLDatabase) async throws -> Void)?

    init(_ id: Int, _ name: String, backfill: (@Sendable (any SQLDatabase) async throws -> Void)? = nil,
         _ statements: @escaping @Sendable (Dialect) -> [String]) {
        self.id = id
        self.name = name
        self.backfill = backfill
        self.statements = statements
    }

    /// Every migration of the product, in order. Append only; never edit one that has shipped.
    public static let all: [Migration] = [
        .m001Accounts,
        .m002Customers,
        .m003AuditLog,
        .m004Interactions,
        .m005Merges,
        .m006Search,
        .m007SavedViews,
        .m008Documents,
        .m009SearchPrefixes,
        .m010DuplicatePairs,
        .m011Commerce,
        .m012CustomerScores,
        .m013ReceivablesByDay,
        .m014RetentionLists,
        .m015SegmentsAndChurn,
        .m016Hardening,
        .m017UserLifecycle,
        .m018AnalyticsResults,
        .m019CompoundNameSearch,
        .m020DashboardIndexes,
        .m021Outbox,
        .m022ChannelMessages,
        .m023Calls,
        .m024EmailBounces,
        .m025SMSReports,
        .m026MessengerLinks,
        .m027MessageTemplates,
        .m028Sales,
        .m029Leads,
        .m030TasksCalendar,
        .m031QuotesAndContracts,
        .m032Forecast,
        .m033DealBoard,
        .m034ForecastFreshness,
        .m035Service,
        .m036ServiceSLA,
        .m037Surveys,
        .m038Satisfaction,
        .m039SurveySettings,
        .m040OneOpenDispute,
        .m041SatisfactionHandling,
        .m042ServiceReports,
        .m043DealStageTotalsTriggers,
        .m044ForecastMonthTotals,
        .m045TicketMessageDocuments,
        .m046DealForecastTriggerProbe,
        .m047ForecastChangeStamps,
    ]
}
