import PeyvandCore

/// The areas of the product (REQUIREMENTS.md), grouped as the texts group them. An area that is
/// not built yet is listed and says so plainly on its page.
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
            Area(key: "customers", href: "/customers", built: true),
            Area(key: "interactions", href: "/areas/interactions", built: false),
            Area(key: "sales", href: "/areas/sales", built: false),
            Area(key: "orders", href: "/orders", built: true),
            Area(key: "service", href: "/areas/service", built: false),
            Area(key: "loyalty", href: "/areas/loyalty", built: false),
            Area(key: "campaigns", href: "/areas/campaigns", built: false),
        ]),
        Group(key: "analytical", areas: [
            Area(key: "segments", href: "/analytics#segments", built: true, permission: .analyticsRead),
            Area(key: "value", href: "/analytics#value", built: true, permission: .analyticsRead),
            Area(key: "clv", href: "/analytics#clv", built: true, permission: .analyticsRead),
            Area(key: "churn", href: "/areas/churn", built: false),
            Area(key: "crosssell", href: "/areas/crosssell", built: false),
            Area(key: "forecast", href: "/areas/forecast", built: false),
            Area(key: "scorecard", href: "/areas/scorecard", built: false),
        ]),
        Group(key: "collaborative", areas: [
            Area(key: "channels", href: "/areas/channels", built: false),
            Area(key: "routing", href: "/areas/routing", built: false),
            Area(key: "partners", href: "/areas/partners", built: false),
            Area(key: "satisfaction", href: "/areas/satisfaction", built: false),
        ]),
        Group(key: "admin", areas: [
            Area(key: "account", href: "/account", built: true),
            Area(key: "users", href: "/admin/users", built: true, permission: .usersManage),
        ]),
    ]

    static func area(_ key: String) -> Area? {
        groups.flatMap(\.areas).first { $0.key == key && !$0.built }
    }
}
