import PeyvandCore

/// The forecast page's table rows and select options, written in Swift rather than in
/// `forecast.mustache`: forty sellers make a few hundred rows of ten cells, and through mustache
/// (a context-stack lookup and dynamic cast per cell) and the reflection that hands it the model
/// they were most of the page's CPU under a stream of changes (perf, a deal moved every second).
/// The markup is the template's, cell for cell; every value is escaped (``HTMLText``).
enum ForecastRows {
    static func e(_ text: String) -> String { HTMLText.escape(text) }

    /// Each item's HTML, one after another.
    static func each<Item>(_ items: [Item], _ html: (Item) -> String) -> String {
        items.map(html).joined()
    }

    static func options(_ options: [ForecastModel.Option]) -> String {
        each(options) { o in "<option value=\"\(e(o.value))\"\(o.selected ? " selected" : "")>\(e(o.label))</option>" }
    }

    /// A person's, team's or pipeline's name, linked when it narrows the forecast.
    static func name(_ row: ForecastModel.FiguresRow) -> String {
        row.href.map { "<a href=\"\(e($0))\"><bdi>\(e(row.label))</bdi></a>" } ?? "<bdi>\(e(row.label))</bdi>"
    }

    static func nums(_ values: [String]) -> String {
        each(values) { "<td class=\"num\">\(e($0))</td>" }
    }

    static func periods(_ rows: [ForecastModel.FiguresRow]) -> String {
        each(rows) { r in
            "<tr class=\"forecast-period-row\(r.current ? " current" : "")\"\(r.current ? " aria-current=\"true\"" : "")>"
            + "<td><a href=\"\(e(r.href ?? ""))\">\(e(r.label))</a></td>"
            + nums([r.won, r.commit, r.bestCase, r.weighted, r.pipeline, r.quota, r.attainment]) + "</tr>"
        }
    }

    static func owners(_ rows: [ForecastModel.FiguresRow]) -> String {
        each(rows) { r in
            "<tr class=\"forecast-owner-row\"><td>\(name(r))</td><td><bdi>\(e(r.team ?? ""))</bdi></td>"
            + nums([r.won, r.commit, r.bestCase, r.weighted, r.openDeals, r.quota, r.attainment, r.winRate]) + "</tr>"
        }
    }

    static func teams(_ rows: [ForecastModel.FiguresRow]) -> String {
        each(rows) { r in
            "<tr class=\"forecast-team-row\"><td>\(name(r))</td>" + nums([r.won, r.commit, r.bestCase, r.weighted, r.quota, r.attainment]) + "</tr>"
        }
    }

    static func pipelines(_ rows: [ForecastModel.FiguresRow]) -> String {
        each(rows) { r in
            "<tr class=\"forecast-pipeline-row\"><td>\(name(r))</td>"
            + nums([r.won, r.commit, r.bestCase, r.weighted, r.pipeline, r.openDeals]) + "</tr>"
        }
    }

    /// A funnel's rows, or one row saying there were no leads.
    static func funnel(_ rows: [ForecastModel.FunnelRow], empty: String) -> String {
        guard !rows.isEmpty else { return "<tr><td colspan=\"5\" class=\"empty\">\(e(empty))</td></tr>" }
        return each(rows) { r in
            "<tr><td><bdi>\(e(r.label))</bdi></td><td class=\"num\">\(e(r.leads))</td>"
            + "<td class=\"num\">\(e(r.converted)) <small>(\(e(r.conversionRate)))</small></td>"
            + "<td class=\"num\">\(e(r.won)) <small>(\(e(r.winRate)))</small></td><td class=\"num\">\(e(r.wonAmount))</td></tr>"
        }
    }

    static func activity(_ rows: [ForecastModel.ActivityRow]) -> String {
        each(rows) { r in
            "<tr class=\"forecast-activity-row\"><td><bdi>\(e(r.name))</bdi></td>"
            + nums([r.calls, r.meetings, r.emails, r.messages, r.tasksDone, r.dealsWon]) + "</tr>"
        }
    }

    /// Each seller's team and quota as form fields, labelled in the reader's language.
    static func quotas(_ rows: [ForecastModel.QuotaRow], teamLabel: String, quotaLabel: String) -> String {
        each(rows) { r in
            "<tr><td><bdi>\(e(r.name))</bdi></td>"
            + "<td><input type=\"text\" name=\"team\(r.userId)\" value=\"\(e(r.team))\" maxlength=\"100\" dir=\"auto\" aria-label=\"\(e(teamLabel))\"></td>"
            + "<td><input type=\"text\" inputmode=\"decimal\" name=\"quota\(r.userId)\" value=\"\(e(r.quota))\" dir=\"ltr\" aria-label=\"\(e(quotaLabel))\"></td></tr>"
        }
    }
}
