import PeyvandCore

/// The areas of the product (REQUIREMENTS.md), grouped as the texts group them. The navigation
/// shows the built areas a role may use, grouped; the areas not built yet follow quietly in one
/// collapsed "coming later" group, each saying so on its page.
enum Navigation {
    struct Area: Sendable {
        let key: String
        let href: String
        let built: Bool
        /// Shown only to roles with this permission (nil: everyone).
        var permission: Permission? = nil

        func visible(to principal: Principal) -> Bool { permission.map(principal.may) ?? true }
    }

    struct Group: Sendable {
        let key: String
        let areas: [Area]
    }

    static let groups: [Group] = [
        Group(key: "operational", areas: [
            Area(key: "customers", href: "/customers", built: true, permission: .customersRead),
            Area(key: "interactions", href: "/interactions", built: true, permission: .customersRead),
            Area(key: "leads", href: "/leads", built: true, permission: .salesRead),
            Area(key: "sales", href: "/deals", built: true, permission: .salesRead),
            Area(key: "tasks", href: "/tasks", built: true, permission: .salesRead),
            Area(key: "calendar", href: "/calendar", built: true, permission: .salesRead),
            Area(key: "quotes", href: "/quotes", built: true, permission: .salesRead),
            Area(key: "contracts", href: "/contracts", built: true, permission: .salesRead),
            Area(key: "orders", href: "/orders", built: true, permission: .customersRead),
            Area(key: "service", href: "/tickets", built: true, permission: .ticketsRead),
            Area(key: "loyalty", href: "/areas/loyalty", built: false),
            Area(key: "campaigns", href: "/areas/campaigns", built: false),
        ]),
        Group(key: "analytical", areas: [
            Area(key: "segments", href: "/analytics#segments", built: true, permission: .analyticsRead),
            Area(key: "value", href: "/analytics#value", built: true, permission: .analyticsRead),
            Area(key: "clv", href: "/analytics#clv", built: true, permission: .analyticsRead),
            Area(key: "churn", href: "/analytics#churn", built: true, permission: .analyticsRead),
            Area(key: "servicereports", href: "/reports/service", built: true, permission: .analyticsRead),
            Area(key: "crosssell", href: "/areas/crosssell", built: false),
            Area(key: "forecast", href: "/forecast", built: true, permission: .salesRead),
            Area(key: "scorecard", href: "/areas/scorecard", built: false),
        ]),
        Group(key: "collaborative", areas: [
            Area(key: "channels", href: "/channels", built: true, permission: .templatesManage),
            Area(key: "routing", href: "/settings/service#service-rules", built: true, permission: .serviceConfigure),
            Area(key: "partners", href: "/areas/partners", built: false),
            Area(key: "satisfaction", href: "/recovery", built: true, permission: .ticketsRead),
        ]),
        Group(key: "admin", areas: [
            Area(key: "account", href: "/account", built: true),
            Area(key: "users", href: "/admin/users", built: true, permission: .usersManage),
        ]),
    ]

    /// The built areas this person may use, by group (groups left empty are left out).
    static func built(for principal: Principal) -> [Group] {
        groups.map { Group(key: $0.key, areas: $0.areas.filter { $0.built && $0.visible(to: principal) }) }.filter { !$0.areas.isEmpty }
    }

    /// The areas not built yet, in the order of their groups.
    static var later: [Area] { groups.flatMap(\.areas).filter { !$0.built } }

    static func area(_ key: String) -> Area? {
        groups.flatMap(\.areas).first { $0.key == key && !$0.built }
    }
}
