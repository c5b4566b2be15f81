/// Something a member of staff may do. Checked by the store layer on every read and write.
public enum Permission: String, CaseIterable, Sendable, Hashable {
    case customersRead = "customers.read"
    case customersWrite = "customers.write"
    case customersDelete = "customers.delete"
    case auditRead = "audit.read"
    /// Log interactions and attach documents for customers in reach.
    case interactionsLog = "interactions.log"
    /// Log an interaction as another member of staff's (a manager recording their team's calls).
    case interactionsAttribute = "interactions.attribute"
    case usersManage = "users.manage"
    /// Take, confirm, ship, cancel orders and record returns for customers in reach.
    case ordersWrite = "orders.write"
    /// Issue invoices and credit notes, record payments.
    case financeWrite = "finance.write"
    /// Set the organisation-wide exchange rates.
    case ratesManage = "rates.manage"
    /// Create and edit products and price lists.
    case productsManage = "products.manage"
    /// Read organisation-wide figures: segment counts, profit concentration, model runs, the
    /// analytics page. Only for roles that reach every customer; the others read the scores and
    /// retention lists of their own customers.
    case analyticsRead = "analytics.read"
    /// Manage webhook subscriptions and read and replay the outbox's dead letters.
    case channelsManage = "channels.manage"
    /// Write message and letter templates, and set the channel rules (order, quiet hours).
    case templatesManage = "templates.manage"
    /// Send a service message to a customer in reach (an answer, a reminder, a letter).
    case messagesSend = "messages.send"
    /// Send a marketing message (an offer), which waits out quiet hours and carries an unsubscribe.
    case messagesMarketing = "messages.marketing"
    /// Report the telephone's calls (a PBX connector's API token): ringing, answered, ended.
    case callsReport = "calls.report"
    /// Hand the CRM a received email (`POST /api/v1/mail/inbound`): the account a hosted mail
    /// service or a relay posts with. It lands messages on any customer's timeline, and makes
    /// new contacts, so only administrators and channel managers have it.
    case mailReceive = "mail.receive"
    /// Read the sales area: leads, deals and the board, quotes, contracts and the forecast, for the
    /// records in reach (a deal is reached through its owner or its customer).
    case salesRead = "sales.read"
    /// Capture leads by hand or by file, qualify, assign, convert and disqualify them.
    case leadsManage = "leads.manage"
    /// Create deals, move them across stages, mark them won or lost.
    case dealsWrite = "deals.write"
    /// Build, send and settle quotes (an accepted quote becomes an order).
    case quotesWrite = "quotes.write"
    /// Record contracts and their renewals.
    case contractsWrite = "contracts.write"
    /// Create tasks and meetings, for oneself or for others.
    case tasksWrite = "tasks.write"
    /// Set up selling: pipelines and stages, lead scoring and assignment rules, web-to-lead forms,
    /// quotas, the quotes' tax rate and seller details.
    case salesConfigure = "sales.configure"
    /// Read customer-service tickets, their threads (internal notes included) and the queues, for
    /// the customers in reach.
    case ticketsRead = "tickets.read"
    /// Open tickets (a call or a visit logged, through the API), reply, keep internal notes, change
    /// a ticket's status, priority and category.
    case ticketsWrite = "tickets.write"
    /// Hand a ticket to another agent or team (with the reason), and merge duplicates.
    case ticketsAssign = "tickets.assign"
    /// Set up customer service: teams, their members and skills, the routing rules, which inbound
    /// channels open tickets.
    case serviceConfigure = "service.configure"
    /// Work service-recovery cases: open one by hand, record cause, remedy and compensation (a
    /// replacement order included), close it as recovered or not. Reading them is `tickets.read`.
    case recoveryManage = "recovery.manage"
}

/// Which records of an aggregate a role reaches.
public enum RecordScope: String, Sendable, Hashable {
    /// Every record.
    case all
    /// Records the person owns, or that were shared with them.
    case ownedOrShared = "owned-or-shared"
}

/// What each role may do: the one table in code. The store enforces it; handlers only translate
/// its refusals into 403s and hidden buttons.
public enum AccessPolicy {
    public struct Grant: Sendable {
        public let permissions: Set<Permission>
        public let customerScope: RecordScope
    }

    private static let read: Set<Permission> = [.customersRead, .auditRead, .analyticsRead, .salesRead, .ticketsRead]
    /// Working tickets: open, answer, note, hand on, merge.
    private static let service: Set<Permission> = [.ticketsWrite, .ticketsAssign]
    private static let edit: Set<Permission> = read.union([.customersWrite, .interactionsLog, .messagesSend, .tasksWrite])
    private static let readAndLog: Set<Permission> = read.union([.interactionsLog, .messagesSend, .tasksWrite])
    private static let marketing: Set<Permission> = [.templatesManage, .messagesMarketing, .leadsManage]
    /// Selling itself: leads, deals, quotes and contracts.
    private static let selling: Set<Permission> = [.leadsManage, .dealsWrite, .quotesWrite, .contractsWrite]

    public static let table: [Role: Grant] = [
        .administrator: Grant(permissions: Set(Permission.allCases), customerScope: .all),
        .executive: Grant(permissions: read, customerScope: .all),
        .crmAnalyst: Grant(permissions: read, customerScope: .all),
        .segmentManager: Grant(permissions: edit.union([.interactionsAttribute, .messagesMarketing]), customerScope: .all),
        .channelManager: Grant(permissions: edit.union([.interactionsAttribute, .ordersWrite, .financeWrite, .ratesManage, .productsManage,
                                                        .callsReport, .mailReceive, .salesConfigure, .serviceConfigure, .recoveryManage])
                                                        .union(marketing).union(selling).union(service),
                               customerScope: .all),
        .campaignManager: Grant(permissions: readAndLog.union(marketing), customerScope: .all),
        .salesRep: Grant(permissions: edit.union([.customersDelete, .ordersWrite, .financeWrite]).union(selling).union([.ticketsWrite])
                            .subtracting([.analyticsRead]),
                         customerScope: .ownedOrShared),
        .supportAgent: Grant(permissions: edit.union([.ordersWrite, .recoveryManage]).union(service), customerScope: .all),
        .marketer: Grant(permissions: readAndLog.union(marketing), customerScope: .all),
        .partner: Grant(permissions: edit.union([.ordersWrite, .leadsManage, .dealsWrite, .quotesWrite]).subtracting([.analyticsRead, .ticketsRead]),
                        customerScope: .ownedOrShared),
    ]

    public static func grant(for role: Role) -> Grant {
        table[role] ?? Grant(permissions: [], customerScope: .ownedOrShared)
    }

    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        grant(for: role).permissions.contains(permission)
    }
}
