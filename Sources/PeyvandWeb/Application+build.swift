import Foundation
import Hummingbird
import Logging
import PeyvandChannels
import PeyvandCore
import PeyvandStore
import Prometheus

/// Builds the web application over an open database. The CLI's `serve` calls it with real
/// configuration; tests call it with their own and drive it through `app.test(.router)`.
public func buildApplication(
    configuration: AppConfiguration, database: Database, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "peyvand")
    logger.logLevel = configuration.logLevel
    // One forecast for the API and the pages, so they share what it keeps (ForecastCache), the
    // boards included.
    let forecast = SalesForecast(database)
    let router = try await buildRouter(configuration: configuration, database: database, metrics: metrics, forecast: forecast)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Peyvand"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
    app.beforeServerStarts {
        try await Migrator(database).migrate()
        try await database.recoverAbandonedImports()
        if configuration.warmForecast {
            let log = Logger(label: "peyvand.forecast")
            Task { await forecast.warm(logger: log) }
        }
    }
    return app
}

public func buildRouter(configuration: AppConfiguration, database: Database, metrics: PrometheusCollectorRegistry,
                        forecast: SalesForecast? = nil) async throws -> Router<AppRequestContext> {
    var views = try await Views(formatting: Formatting(timeZone: configuration.timeZone))
    views.satisfaction = Satisfaction(database)  // the angry banner on every page showing a customer
    let users = UserRepository(database)
    let tokens = TokenRepository(database)
    let sessions = SessionRepository(database)
    // The same session and token repositories as the authentication, so ending a user's access
    // empties the caches it reads.
    let lifecycle = UserLifecycle(database, sessions: sessions, tokens: tokens)
    let resets = PasswordResets(database, sessions: sessions)
    let customers = CustomerRepository(database)
    var throttle = LoginThrottle(database)
    throttle.firstWait = configuration.loginFirstWait
    let documents = DocumentRepository(database, root: configuration.documentsPath)
    let timeline = Timeline(database, sources: [InteractionRepository(database), documents, CommerceEvents(database),
                                               AgreementEvents(database), Surveys(database), SatisfactionTimeline(database)])

    let router = Router(context: AppRequestContext.self)
    // Outermost: every answer, the error pages and problems `ErrorMiddleware` makes included.
    router.middlewares.add(SecurityHeadersMiddleware())
    router.middlewares.add(MetricsMiddleware())
    router.middlewares.add(ErrorMiddleware(views: views))
    router.middlewares.add(FileMiddleware(Views.resources.appendingPathComponent("static").path, urlBasePath: "/static",
                                          cacheControl: .init([(MediaType(type: .any), [.maxAge(3600)])])))
    router.middlewares.add(AuthMiddleware(tokens: tokens, sessions: sessions, secureCookies: configuration.secureCookies))

    SystemRoutes(database: database, metrics: metrics, metricsToken: configuration.metricsToken).addRoutes(to: router)
    LoginController(views: views, users: users, sessions: sessions, throttle: throttle, secureCookies: configuration.secureCookies)
        .addRoutes(to: router)
    PasswordResetPages(views: views, resets: resets, secureCookies: configuration.secureCookies).addRoutes(to: router)
    let messaging = CustomerMessaging(database, publicURL: configuration.baseURL, timeZone: configuration.timeZone)
    UnsubscribePages(views: views, links: UnsubscribeLinks(database, baseURL: configuration.baseURL), database: database).addRoutes(to: router)
    // Web-to-lead: the public end of the forms sites paste in (no sign-in; honeypot and per-address limit).
    WebToLeadPages(views: views, forms: LeadForms(database)).addRoutes(to: router)
    // Service: the public support form (no sign-in; honeypot and per-address limit).
    SupportPages(views: views, requests: SupportRequests(database)).addRoutes(to: router)
    PublicQuotePages(views: views, quotes: QuoteRepository(database), settings: QuoteSettingsStore(database), customers: customers).addRoutes(to: router)
    // Service: the customer's survey link (no sign-in: the token is the credential; honeypot and per-address limit).
    PublicSurveyPages(views: views, surveys: Surveys(database)).addRoutes(to: router)

    let api = router.group("api/v1")
    AuthController(users: users, tokens: tokens, throttle: throttle).addPublicRoutes(to: api)
    // Messenger bots: the platform's webhook is public (its secret is in the path).
    MessengerWebhookController(settings: MessengerSettings(database), inbox: MessengerInbox(database)).addRoutes(to: api)
    // Service: a survey answered through its link (public: the token is the credential).
    SurveysController(surveys: Surveys(database)).addPublicRoutes(to: api)
    let secured = api.group().add(middleware: RequireUser())
    AuthController(users: users, tokens: tokens, throttle: throttle).addRoutes(to: secured)
    CustomersController(customers: customers).addRoutes(to: secured)
    InteractionsController(interactions: InteractionRepository(database), timeline: timeline, customers: customers)
        .addRoutes(to: secured)
    UsersController(users: users, lifecycle: lifecycle, resets: resets).addRoutes(to: secured)
    DocumentsController(documents: documents).addRoutes(to: secured)
    RelationsController(relations: CustomerRelations(database)).addRoutes(to: secured)
    MergesController(finder: DuplicateFinder(database), merges: MergeService(database)).addRoutes(to: secured)
    ProductsController(products: ProductRepository(database), rates: ExchangeRates(database)).addRoutes(to: secured)
    OrdersController(orders: OrderRepository(database), invoices: InvoiceRepository(database)).addRoutes(to: secured)
    // Sales: pipelines, deals and the board.
    let forecast = forecast ?? SalesForecast(database)
    DealsController(deals: Deals(database)).addRoutes(to: secured)
    PipelinesController(pipelines: Pipelines(database), deals: Deals(database), forecast: forecast).addRoutes(to: secured)
    InvoicesController(invoices: InvoiceRepository(database), receivables: Receivables(database), value: CustomerValueQuery(database))
        .addRoutes(to: secured)
    AnalyticsController(scores: CustomerScores(database), catalogs: views.catalogs).addRoutes(to: secured)
    WebhooksController(subscriptions: WebhookSubscriptions(database), outbox: Outbox(database)).addRoutes(to: secured)
    MessagingController(messaging: messaging, templates: MessageTemplates(database), database: database).addRoutes(to: secured)
    let screenPop = ScreenPop()
    CallsController(calls: CallLog(database), extensions: StaffExtensions(database), notifier: CallNotifier(pop: screenPop, customers: customers))
        .addRoutes(to: secured)
    // Messenger bots: a customer's link code and linked chats.
    MessengerLinkController(links: MessengerLinks(database)).addRoutes(to: secured)
    // SMS
    let sms = SMSController(database: database, provider: configuration.smsProvider, sender: configuration.smsSender,
                            prices: configuration.smsPrices)
    sms.addRoutes(to: secured)
    sms.addPublicRoutes(to: api)
    MailController(inbox: MailInbox(database: database, documents: documents)).addRoutes(to: secured)
    // Leads
    LeadsController(leads: Leads(database), conversion: LeadConversion(database), importer: LeadImporter(database)).addRoutes(to: secured)
    LeadFormsController(forms: LeadForms(database), baseURL: configuration.baseURL).addRoutes(to: secured)
    LeadRulesController(rules: LeadRules(database)).addRoutes(to: secured)
    // Sales
    ForecastController(forecast: forecast, quotas: SalesQuotas(database)).addRoutes(to: secured)
    // Sales: tasks and meetings.
    TasksController(tasks: TaskRepository(database)).addRoutes(to: secured)
    MeetingsController(meetings: MeetingRepository(database)).addRoutes(to: secured)
    // Sales: quotes and contracts.
    QuotesController(quotes: QuoteRepository(database), messaging: messaging, publicURL: configuration.baseURL).addRoutes(to: secured)
    ContractsController(contracts: ContractRepository(database)).addRoutes(to: secured)
    // Service: tickets, teams and routing rules.
    TicketsController(tickets: Tickets(database)).addRoutes(to: secured)
    ServiceReportsController(reports: ServiceReports(database)).addRoutes(to: secured)
    ServiceSetupController(teams: ServiceTeams(database), rules: RoutingRules(database)).addRoutes(to: secured)
    SurveysController(surveys: Surveys(database)).addRoutes(to: secured)
    ServiceLevelsController(policies: SLAPolicies(database), holidays: ServiceHolidays(database), teams: ServiceTeams(database),
                            settings: ServiceSettingsStore(database)).addRoutes(to: secured)
    // Service: recovery cases.
    RecoveryCasesController(cases: RecoveryCases(database)).addRoutes(to: secured)
    // Satisfaction classes and payment disputes.
    SatisfactionController(satisfaction: Satisfaction(database), disputes: PaymentDisputes(database)).addRoutes(to: secured)

    let web = router.group().add(middleware: RequireUser()).add(middleware: TaskAttentionMiddleware(tasks: TaskRepository(database)))
    HomeController(views: views, dashboard: Dashboard(database), tasks: TaskRepository(database)).addRoutes(to: web)
    ExportPages(views: views, customers: customers, users: users, scores: CustomerScores(database)).addRoutes(to: web)
    ImportPages(views: views, importer: CustomerImporter(database)).addRoutes(to: web)
    DuplicatePages(views: views, finder: DuplicateFinder(database), merges: MergeService(database)).addRoutes(to: web)
    let customerPages = CustomerPages(views: views, customers: customers, users: users, timeline: timeline)
    customerPages.addRoutes(to: web)
    SatisfactionPages(satisfaction: Satisfaction(database)).addRoutes(to: web)  // satisfaction classes: reassess now
    SendMessagePages(views: views, customers: customers, messaging: messaging, templates: MessageTemplates(database), documents: documents).addRoutes(to: web)
    LetterPages(views: views, customers: customers, templates: MessageTemplates(database), letters: Letters(database, timeZone: configuration.timeZone),
                interactions: InteractionRepository(database), documents: documents).addRoutes(to: web)
    ChannelsPages(views: views, database: database, templates: MessageTemplates(database), outbox: Outbox(database),
                  configured: configuration.configuredChannels).addRoutes(to: web)
    InteractionPages(views: views, interactions: InteractionRepository(database), customerPages: customerPages).addRoutes(to: web)
    InteractionsListPage(views: views, interactions: InteractionRepository(database), users: users).addRoutes(to: web)
    AccountPages(views: views, tokens: tokens, lifecycle: lifecycle).addRoutes(to: web)
    AdminUserPages(views: views, users: users, lifecycle: lifecycle, resets: resets, extensions: StaffExtensions(database)).addRoutes(to: web)
    DealPages(views: views, deals: Deals(database), pipelines: Pipelines(database), customers: customers, products: ProductRepository(database),
              users: users).addRoutes(to: web)
    PipelineSettingsPages(views: views, pipelines: Pipelines(database)).addRoutes(to: web)
    OrderPages(views: views, orders: OrderRepository(database), invoices: InvoiceRepository(database), products: ProductRepository(database),
               customers: customers).addRoutes(to: web)
    InvoicePages(views: views, invoices: InvoiceRepository(database), orders: OrderRepository(database), customers: customers,
                 receivables: Receivables(database)).addRoutes(to: web)
    ProductPages(views: views, products: ProductRepository(database), rates: ExchangeRates(database)).addRoutes(to: web)
    HistoryImportPages(views: views, importer: TransactionImporter(database)).addRoutes(to: web)
    AnalyticsPages(views: views, scores: CustomerScores(database)).addRoutes(to: web)
    DocumentPages(documents: documents, customerPages: customerPages).addRoutes(to: web)
    EventsRoute(pop: screenPop, sessions: sessions, tokens: tokens).addRoutes(to: web)
    // Messenger bots: the 360 box's "make a link code".
    MessengerPages(links: MessengerLinks(database)).addRoutes(to: web)
    // Leads
    LeadPages(views: views, leads: Leads(database), rules: LeadRules(database), conversion: LeadConversion(database),
              importer: LeadImporter(database), users: users).addRoutes(to: web)
    LeadSettingsPages(views: views, forms: LeadForms(database), rules: LeadRules(database), users: users, baseURL: configuration.baseURL)
        .addRoutes(to: web)
    // Sales
    ForecastPages(views: views, forecast: forecast, quotas: SalesQuotas(database)).addRoutes(to: web)
    // Sales: tasks, the calendar and its feed (the feed itself is public: its token is the secret).
    TasksPages(views: views, tasks: TaskRepository(database), users: users, database: database).addRoutes(to: web)
    CalendarPages(views: views, meetings: MeetingRepository(database)).addRoutes(to: web)
    MeetingPages(views: views, meetings: MeetingRepository(database), customers: customers, users: users, database: database).addRoutes(to: web)
    CalendarFeedPages(views: views, feeds: CalendarFeeds(database), baseURL: configuration.baseURL).addRoutes(to: web)
    CalendarFeedRoute(feeds: CalendarFeeds(database), builder: CalendarFeedBuilder(meetings: MeetingRepository(database), tasks: TaskRepository(database),
                                                                                   baseURL: configuration.baseURL, zone: configuration.timeZone),
                      users: users).addRoutes(to: router)
    // Sales: quotes and contracts.
    QuotePages(views: views, quotes: QuoteRepository(database), customers: customers, products: ProductRepository(database),
               settings: QuoteSettingsStore(database), messaging: messaging, publicURL: configuration.baseURL).addRoutes(to: web)
    QuoteSettingsPages(views: views, settings: QuoteSettingsStore(database)).addRoutes(to: web)
    ContractPages(views: views, contracts: ContractRepository(database), customers: customers, documents: documents,
                  quotes: QuoteRepository(database)).addRoutes(to: web)
    // Service: tickets and their settings.
    TicketPages(views: views, tickets: Tickets(database), teams: ServiceTeams(database), customers: customers, users: users,
                documents: documents).addRoutes(to: web)
    RecoveryPages(views: views, cases: RecoveryCases(database)).addRoutes(to: web)
    ServiceReportPages(views: views, reports: ServiceReports(database)).addRoutes(to: web)
    SurveyPages(views: views, surveys: Surveys(database)).addRoutes(to: web)
    ServiceSettingsPages(views: views, settings: ServiceSettingsStore(database), teams: ServiceTeams(database), rules: RoutingRules(database),
                         users: users, policies: SLAPolicies(database), holidays: ServiceHolidays(database)).addRoutes(to: web)
    // Last, so it sees every route and runs only for requests no route took.
    router.middlewares.add(MethodNotAllowedMiddleware(routes: router.routes))
    return router
}
