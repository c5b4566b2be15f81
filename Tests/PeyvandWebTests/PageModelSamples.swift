import Foundation
import PeyvandCore
import PeyvandStore
@testable import PeyvandWeb

/// A fully populated model of every page, built here without a database: every optional present,
/// every list with one element, every string written for the reader by `PageText`. The key test
/// resolves each template's names against these; the view tests render them.
enum PageModelSamples {
    static func all(_ x: PageText) -> [(template: String, model: Any)] {
        [
            ("customer-360", customer360(x)), ("customers-list", customersList(x)), ("customer-form", customerForm(x)),
            ("duplicates", duplicates(x)), ("customer-import", customerImport(x)), ("orders-list", ordersList(x)),
            ("order", order(x)), ("order-form", orderForm(x)), ("invoice", invoice(x)), ("products", products(x)),
            ("receivables", receivables(x)), ("history-import", historyImport(x)), ("home", home(x)), ("area", area(x)), ("interactions-list", interactionsList(x)),
            ("account", account(x)), ("admin-users", adminUsers(x)), ("admin-user", adminUser(x)), ("login", login(x)),
            ("password-reset", passwordReset(x)), ("error-page", errorPage(x)),
        ] + MessagingSamples.all(x) + LeadsSamples.all(x) + DealsSamples.all(x) + TasksSamples.all(x) + QuotesSamples.all(x)
            + ForecastSamples.all(x) + ServiceSamples.all(x) + RecoverySamples.all(x) + ServiceReportSamples.all(x) + SatisfactionSamples.all(x)
    }

    static let instant = Date(timeIntervalSince1970: 1_765_000_000)
    static func when(_ x: PageText) -> String { x.when(instant) }
    static func rial(_ x: PageText, _ minor: Int64) -> String { x.money(Money(minorUnits: minor, currency: .irr)) }
    static func error(_ x: PageText, _ field: String) -> FieldError {
        FieldError(field: field, fieldLabel: x.t("field_name"), message: x.views.issueText(FieldIssue(field: field, reason: "is required", code: "required"), x.lang))
    }
    static func choices(_ x: PageText, _ group: String, _ value: String) -> [Choice] { [x.choice(value, group, selected: true)] }

    static func customer360(_ x: PageText) -> Customer360Model {
        typealias M = Customer360Model
        let w = when(x)
        let option = M.Option(value: "call", label: x.label("ikind", "call"), selected: true)
        let logErrors = M.LogErrors(Dictionary(uniqueKeysWithValues: ["kind", "occurredAt", "subject", "body", "durationMinutes", "cost"].map { ($0, error(x, $0)) }))
        return M(
            canWrite: true, canDelete: true, canLog: true, canOrder: true, canSend: true, canAudit: true,
            customer: .init(id: 42, name: "مریم احمدی", givenName: "مریم", familyName: "احمدی", kindLabel: x.label("kind", "person"),
                            isOrganisation: false, stage: "customer", stageLabel: x.label("stage", "customer"),
                            phones: [.init(text: x.phone("+989121234567"), href: x.phoneLink("+989121234567"))],
                            // The bounced address first: the key check steps into an array's first element.
                            emails: [.init(address: "old@example.com", bounce: .init(label: x.t("email_bounced"), hint: x.t("email_bounced_hint"),
                                                                                      hard: true)), "maryam@example.com"],
                            city: "تهران", owner: "سارا", channelLabel: x.label("channel", "sms"),
                            consents: [x.label("channel", "sms")], tags: ["VIP"], jobTitle: "مدیر خرید", organisation: .init(id: 3, name: "شرکت نمونه"),
                            customFields: [.init(key: "کد", value: "۱۲")], created: w, updated: w, deleted: false, flash: x.t("customer_saved")),
            people: [.init(id: 5, name: "علی", jobTitle: "کارشناس", phone: .init(text: x.phone("+989121111111"), href: x.phoneLink("+989121111111")))],
            log: .init(kinds: [option], directions: [option], occurredAt: w, subject: "پیگیری", body: "متن", outcome: "خوب",
                       durationMinutes: "۵", cost: "۱۰۰", open: true, errors: logErrors),
            filters: .init(kinds: [option], channels: [option], staff: [option], from: "", to: "", error: error(x, "filters"), active: true),
            value: .init(revenue: rial(x, 12_500_000), costOfGoods: rial(x, 1), costToServe: rial(x, 1), profit: rial(x, 2_500_000), loss: false,
                         orders: x.number(3), interval: x.number(30), last: w),
            scores: .init(behaviour: x.number(1) + ". " + "وفادار", churn: x.percent(0.42), churnReasons: x.label("churnfeat", "recency"),
                          segment: "champions", segmentLabel: x.label("rfmseg", "champions"), rfm: x.number(5), alive: x.percent(0.9),
                          expected: x.number(2), clv: rial(x, 9_000_000), computed: w),
            recentOrders: [.init(id: 7, number: x.number(7), status: "confirmed", statusLabel: x.label("ostatus", "confirmed"), total: rial(x, 4_000_000), when: w)],
            timeline: [.init(id: 9, source: "interaction", kind: "call", kindLabel: x.label("ikind", "call"), isDocument: true, orderHref: "/orders/7",
                             when: w, staff: "سارا", channelLabel: x.label("channel", "sms"), directionLabel: x.label("direction", "in"),
                             title: "پیگیری سفارش", detail: "جزئیات", outcome: "خوب", duration: x.number(4), cost: rial(x, 100), otherCustomer: 5,
                             reference: "1405-000287", deliveryStatus: "delivered", deliveryLabel: x.label("delivery", "delivered"),
                             surveyScores: [.init(label: x.t("survey_csat"), value: SurveyBox.score(2, of: 5, x), key: "low")])],
            timelineNext: "/customers/42?after=x#timeline",
            audit: [.init(when: w, who: "سارا", action: x.label("action", "update"), field: x.t("field_city"), before: "قم", after: "تهران",
                          fieldKey: "city", actionKey: "update")],
            merges: [.init(id: 1, sourceId: 8, sourceNumber: x.number(8), when: w)], documentError: error(x, "file"),
            relations: [.init(label: x.t("relation_referred_by_out"), id: 6, name: "رضا")],
            relationKinds: [.init(value: "referred-by", label: x.t("relation_referred_by_out"))],
            messenger: .init(platform: x.t("messenger_platform_bale"), chats: [.init(name: "@maryam", linked: w, active: false)],
                             code: "K7PX3MQA", deepLink: "https://ble.ir/peyvand_bot?start=K7PX3MQA", expires: w, canCreate: true),
            deals: DealsSamples.customerBox(x), sales: TasksSamples.salesBox(x), tickets: ServiceSamples.customerBox(x),
            recovery: RecoverySamples.customerBox(x), satisfaction: SatisfactionSamples.box(x), angryBanner: SatisfactionSamples.banner(x))
    }

    static func customersList(_ x: PageText) -> CustomersListModel {
        CustomersListModel(
            exports: .init(csv: "/customers/export.csv?rfm=at_risk", csvMachine: "/customers/export.csv?rfm=at_risk&headers=machine",
                           vcf: "/customers/export.vcf?rfm=at_risk", jsonl: "/customers/export.jsonl?rfm=at_risk"),
            filterError: error(x, "filters"), q: "مریم", showDeleted: true, canWrite: true, canFindDuplicates: true,
            nextHref: "/customers?rfm=at_risk&after=x",
            f: .init(city: "تهران", tag: "VIP", createdFrom: "", createdTo: "", updatedFrom: "1405/01/01", updatedTo: ""), advanced: true,
            chips: [.init(param: "rfm", label: x.t("score_segment"), value: x.label("rfmseg", "at_risk"), removeHref: "/customers")],
            hiddenFilters: [.init(name: "rfm", value: "at_risk")],
            stages: choices(x, "stage", "customer"), ownerOptions: [Choice(value: "1", label: "سارا", selected: true)],
            consentOptions: choices(x, "channel", "sms"), satisfactionOptions: choices(x, "satisfaction", "angry"), savedViews: [.init(id: 1, name: "مشتریان تهران", shared: true, selected: true, mine: true)],
            filtersForSave: [.init(name: "city", value: "تهران")],
            customers: [.init(id: 42, name: "مریم احمدی", phone: .init(text: x.phone("+989121234567"), href: x.phoneLink("+989121234567")),
                              city: "تهران", stage: "customer", stageLabel: x.label("stage", "customer"), owner: "سارا", updated: when(x), deleted: true,
                              satisfaction: "angry", satisfactionLabel: x.satisfactionLabel(.angry), angry: true)])
    }

    static func customerForm(_ x: PageText) -> CustomerFormModel {
        let fields = ["kind", "name", "givenName", "familyName", "phones", "emails", "organisationId", "jobTitle", "city", "stage", "ownerId",
                      "preferredChannel", "tags", "consents", "customFields"]
        return CustomerFormModel(
            formTitle: x.t("customer_new"), formError: x.t("form_has_errors"), action: "/customers", cancelHref: "/customers", version: 1,
            errors: .init(Dictionary(uniqueKeysWithValues: fields.map { ($0, error(x, $0)) })),
            v: .init(name: "مریم", givenName: "", familyName: "", phones: "0912", emails: "", city: "", tags: "", organisationId: "", jobTitle: "",
                     customFields: ""),
            kinds: choices(x, "kind", "person"), stages: choices(x, "stage", "lead"), channels: choices(x, "channel", "sms"),
            consents: choices(x, "channel", "sms"), duplicates: [.init(id: 5, name: "مریم احمدی", phones: [.init(text: "0912 123 4567", href: "tel:+989121234567")], reasons: x.label("dupreason", "phone"))],
            owners: [Choice(value: "1", label: "سارا", selected: true)])
    }

    static func duplicates(_ x: PageText) -> DuplicatesModel {
        let side = DuplicatesModel.Side(id: 1, name: "مریم", phones: [.init(text: "0912 123 4567", href: "tel:+989121234567")], emails: "", city: "تهران", created: when(x))
        return DuplicatesModel(pairs: [.init(first: side, second: side, score: x.percent(0.9), reasons: x.label("dupreason", "phone"))], canMerge: true)
    }

    static func customerImport(_ x: PageText) -> CustomerImportModel {
        var model = CustomerImportModel(text: x)
        model.formError = x.t("import_no_file")
        model.errors = [error(x, "file")]
        model.result = .init(dryRun: true, committed: true, refused: true, rows: x.number(3), created: x.number(2), updated: x.number(0),
                             skipped: x.number(0), invalid: x.number(1), encoding: "UTF-8", ignored: "x",
                             problems: [.init(line: x.number(2), parts: [.init(text: "12345", data: true), .init(text: ": کوتاه", data: false)])],
                             canImport: true, token: "imp_c1", canImportValid: true, valid: x.number(2))
        model.skipInvalid = true
        return model
    }

    static func ordersList(_ x: PageText) -> OrdersListModel {
        OrdersListModel(orders: [.init(id: 7, number: x.id(7), customerId: 42, customer: "مریم", status: "confirmed", statusLabel: x.label("ostatus", "confirmed"),
                                       total: rial(x, 4_000_000), when: when(x))],
                        next: "/orders?after=x", statuses: [.init(value: "confirmed", label: x.label("ostatus", "confirmed"), selected: true)])
    }

    static func order(_ x: PageText) -> OrderModel {
        let m = rial(x, 1_000_000), w = when(x)
        return OrderModel(
            order: .init(id: 7, number: x.id(7), status: "confirmed", statusLabel: x.label("ostatus", "confirmed"), when: w, currency: "IRR", channel: "web",
                         net: m, tax: m, total: m, note: "یادداشت", version: 2),
            customer: .init(id: 42, name: "مریم"),
            lines: [.init(id: 1, no: x.number(1), description: "کتاب", quantity: "2", unitPrice: m, discount: m, taxRate: "10", net: m, tax: m,
                          total: m, shipped: "1", returned: "0", remaining: "1", canShip: true, canReturn: true, toShip: "1")],
            shipments: [.init(id: 1, carrier: "پست", tracking: "T1", when: w, delivered: w, canDeliver: true,
                              lines: [.init(description: "کتاب", quantity: x.number(1))])],
            invoices: [.init(id: 3, number: "1405-000001", kindLabel: x.t("invoice"), total: m, outstanding: m, due: w)],
            returns: [.init(line: "کتاب", quantity: "1", reason: "خراب", restock: true, amount: m, when: w)],
            flash: x.t("order_done_created"), errors: [error(x, "lines")], ship: .init(carrier: "پست", tracking: "T1"), canConfirm: true, canCancel: true, canClose: true, canShip: true,
            canInvoice: true, canReturn: true, returnable: [.init(id: 1, label: "1. کتاب")])
    }

    static func orderForm(_ x: PageText) -> OrderFormModel {
        OrderFormModel(
            customer: .init(id: 42, name: "مریم"),
            lines: [.init(n: 0, number: x.number(1), products: [.init(value: "B1", label: "B1 — کتاب", selected: true, price: "1000")], quantity: "1",
                          unitPrice: "", discountPercent: "", taxRate: "10", description: "")],
            currency: "IRR", currencyLabel: "ریال", totalDivisor: 1, defaultTaxRate: "10", note: "", confirm: true, errors: [error(x, "currency")])
    }

    static func invoice(_ x: PageText) -> InvoiceModel {
        let m = rial(x, 1_000_000), w = when(x)
        return InvoiceModel(
            invoice: .init(id: 3, number: "1405-000001", isCreditNote: false, issued: w, due: w, terms: x.number(30), net: m, tax: m, total: m,
                           paid: m, credited: m, outstanding: m, refundDue: m, settled: true),
            order: .init(id: 7, number: x.id(7)), customer: .init(id: 42, name: "مریم"),
            lines: [.init(no: x.number(1), description: "کتاب", quantity: "1", unitPrice: m, discount: m, taxRate: "10", total: m)],
            payments: [.init(when: w, amount: m, how: x.label("method", "cheque"), cheque: .init(number: x.digits("778899"), bank: "ملت", due: w))], flash: x.t("invoice_done_paid"), canPay: true,
            pay: .init(amount: "100", reference: "", chequeBank: "", chequeDueDate: "", methods: choices(x, "method", "cash")),
            errors: [error(x, "amount")], disputes: SatisfactionSamples.disputes(x))
    }

    static func products(_ x: PageText) -> ProductsModel {
        ProductsModel(
            products: [.init(id: 1, sku: "B1", name: "کتاب", unit: "عدد", category: "فرهنگی", active: true, cost: rial(x, 500), prices: [.init(list: "عمومی", amount: rial(x, 1))])],
            priceLists: [.init(id: 1, name: "عمومی", currency: "IRR")], rates: [.init(equation: "1 USD = 600000 IRR", from: when(x))],
            q: "", next: "/products?after=x", canManage: true, canSetRates: true,
            form: .init(sku: "", name: "", unit: "", category: "", cost: "", price: ""), errors: [error(x, "sku")])
    }

    static func receivables(_ x: PageText) -> ReceivablesModel {
        ReceivablesModel(buckets: [x.label("bucket", "not_due")], ageing: [.init(currency: "IRR", amounts: [rial(x, 1)], total: rial(x, 1))],
                         overdue: [.init(id: 3, number: "1405-000001", customerId: 42, customer: "مریم", due: when(x), days: x.number(12),
                                         outstanding: rial(x, 1))],
                         next: "/receivables?after=x")
    }

    static func historyImport(_ x: PageText) -> HistoryImportModel {
        HistoryImportModel(formError: x.t("import_no_file"), errors: [error(x, "file")], skipInvalid: true,
                           result: .init(dryRun: true, committed: true, refused: true, rows: x.number(3), orders: x.number(2), already: x.number(0),
                                         invalid: x.number(1), encoding: "UTF-8", problems: [.init(line: x.number(2), parts: [.init(text: "مبلغ: ", data: false), .init(text: "abc", data: true)])],
                                         canImport: true, token: "imp_t1"))
    }

    /// The dashboard as a manager sees it: every figure, both revenue months, two currencies overdue, one change.
    static let dashboard = DashboardFigures(
        customers: 1234, active: 456, revenueThisMonth: Money(minorUnits: 12_500_000, currency: .irr),
        revenueLastMonth: Money(minorUnits: 9_000_000, currency: .irr), overdueInvoices: 3,
        overdueAmounts: [Money(minorUnits: 4_200_000, currency: .irr), Money(minorUnits: 1250, currency: Currency(rawValue: "EUR"))], atRisk: 17,
        recent: [RecentChange(id: 9, at: instant, customerId: 42, customerName: "مریم رضایی", actorName: "Admin", action: "merge", field: "mergedFrom")])
    static let dashboardPeriod = DashboardPeriod(now: instant, thisMonthStart: instant.addingTimeInterval(-86_400),
                                                 lastMonthStart: instant.addingTimeInterval(-31 * 86_400), activeSince: instant.addingTimeInterval(-90 * 86_400))

    static func home(_ x: PageText) -> HomeModel {
        var model = HomeModel(dashboard, period: dashboardPeriod, principal: Principal(userId: 1, name: "Admin", role: .administrator), text: x)
        model.tasks = TasksSamples.home(x)
        return model
    }

    static func interactionsList(_ x: PageText) -> InteractionsListModel {
        let fields = InteractionFields(kind: .call, channel: .phone, direction: .inbound, occurredAt: instant, staffId: 1, subject: "پیگیری سفارش",
                                       body: nil, outcome: "قرار ملاقات", durationSeconds: 120, cost: nil)
        let item = InteractionListItem(interaction: Interaction(id: 7, customerId: 42, fields: fields, staffName: "Admin", createdAt: instant),
                                       customerName: "مریم رضایی")
        let data = InteractionsListData(page: Page(items: [item], next: "t1"), staff: [])
        var filter = InteractionQuery()
        filter.kind = .call
        var model = InteractionsListModel(data, filter: filter, filterError: "bad date", params: FormData("kind=call&from=1405/01/01&to=1405/02/01"), text: x)
        model = InteractionsListModel(rows: model.rows, next: model.next, kinds: model.kinds, channels: model.channels,
                                      staff: [Choice(value: "1", label: "Admin", selected: true)], from: "1405/01/01", to: "1405/02/01",
                                      active: true, error: FieldError(field: "filters", fieldLabel: x.t("field_date"), message: "bad date"))
        return model
    }

    static func area(_ x: PageText) -> AreaModel { AreaModel(areaTitle: x.t("area_sales"), areaPurpose: x.t("purpose_sales")) }

    static func account(_ x: PageText) -> AccountModel {
        AccountModel(newToken: "pv_secret", tokenErrors: [error(x, "name")], passwordNotice: x.t("password_changed"),
                     passwordErrors: [error(x, "confirm")], passwordHint: x.views.passwordHint(x.lang),
                     tokens: [.init(id: 1, name: "ci", created: when(x), lastUsed: "—", revoked: false)])
    }

    static func adminUsers(_ x: PageText) -> AdminUsersModel {
        AdminUsersModel(users: [.init(id: 1, name: "سارا", email: "sara@example.test", active: true, roleLabel: x.label("role", "administrator"),
                                      lastSignIn: when(x))],
                        next: "/admin/users?after=1", form: .init(email: "", name: ""), roles: choices(x, "role", "sales-rep"),
                        languages: [Choice(value: "fa", label: x.t("language_fa"), selected: true)], errors: [error(x, "email")],
                        passwordHint: x.views.passwordHint(x.lang))
    }

    static func adminUser(_ x: PageText) -> AdminUserModel {
        let w = when(x)
        return AdminUserModel(
            member: .init(id: 2, name: "سارا", email: "sara@example.test", active: true, roleLabel: x.label("role", "sales-rep"), created: w,
                          lastSignIn: w, deactivated: w, isSelf: false, locked: x.t("user_locked_minutes"), phoneExtension: "201"),
            userId: 2, roles: choices(x, "role", "sales-rep"), sessions: [.init(created: w, lastSeen: w, expires: w)],
            tokens: [.init(id: 1, name: "ci", created: w, lastUsed: w, revoked: false)],
            history: [.init(at: w, actor: "مدیر", action: x.label("user_action", "create"), change: "")],
            resetLink: "/password-reset/r_x", notice: "ok", formError: x.t("error_conflict"))
    }

    static func login(_ x: PageText) -> LoginModel { LoginModel(loginCsrf: "c", email: "a@example.test", next: "/customers", formError: x.t("login_failed")) }

    static func passwordReset(_ x: PageText) -> PasswordResetModel {
        PasswordResetModel(resetCsrf: "c", action: "/password-reset/r_x", passwordHint: x.views.passwordHint(x.lang), invalid: true, done: true,
                           showForm: true, email: "a@example.test", errors: [error(x, "password")])
    }

    static func errorPage(_ x: PageText) -> ErrorPageModel { ErrorPageModel(errorTitle: x.t("error_not_found"), errorDetail: "no such customer") }
}
