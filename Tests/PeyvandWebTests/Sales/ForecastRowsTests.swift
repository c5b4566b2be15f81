import Testing
@testable import PeyvandWeb

/// The forecast's rows are written in Swift: names, teams, sources and options typed by people
/// must come out escaped exactly as the templates escape them, in the template's markup.
@Suite("Forecast rows written in Swift")
struct ForecastRowsTests {
    static let hostile = #"<script>alert("x")</script> & 'quoted' علی"#
    static let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; علی"

    @Test("text is escaped as mustache escapes it; text with nothing to escape is returned as it is")
    func escaping() {
        #expect(HTMLText.escape(Self.hostile) == Self.escaped)
        #expect(HTMLText.escape("فروش ۱۴۰۵") == "فروش ۱۴۰۵")
        #expect(HTMLText.escape("") == "")
    }

    @Test("a seller, team and source named with markup is shown as text in every row and option")
    func rowsEscapeEveryValue() {
        let row = ForecastModel.FiguresRow(label: Self.hostile, href: "/forecast?team=\(Self.hostile)", current: true, team: Self.hostile,
                                           won: "۱", commit: "۲", bestCase: "۳", weighted: "۴", pipeline: "۵", openDeals: "۶", quota: "—",
                                           attainment: "—", winRate: "۵۰٪")
        let funnel = ForecastModel.FunnelRow(label: Self.hostile, leads: "۱۰", converted: "۴", conversionRate: "۴۰٪", won: "۱",
                                             winRate: "۲۵٪", wonAmount: "۵")
        let activity = ForecastModel.ActivityRow(name: Self.hostile, calls: "۳", meetings: "۰", emails: "۰", messages: "۰", tasksDone: "۱", dealsWon: "۲")
        let quota = ForecastModel.QuotaRow(userId: 7, name: Self.hostile, team: Self.hostile, quota: "۱۰۰")
        let html = [
            ForecastRows.periods([row]), ForecastRows.owners([row]), ForecastRows.teams([row]), ForecastRows.pipelines([row]),
            ForecastRows.funnel([funnel], empty: "-"), ForecastRows.activity([activity]),
            ForecastRows.quotas([quota], teamLabel: Self.hostile, quotaLabel: "سهمیه"),
            ForecastRows.options([.init(value: Self.hostile, label: Self.hostile, selected: true)]),
        ]
        for part in html {
            #expect(!part.contains("<script>") && !part.contains(#"alert("x")"#), "\(part)")
            #expect(part.contains(Self.escaped), "\(part)")
        }
        #expect(html[0].hasPrefix(#"<tr class="forecast-period-row current" aria-current="true"><td><a href="/forecast?team=&lt;script&gt;"#))
        #expect(html[1].contains(#"<td class="num">۶</td>"#) && html[1].contains("<bdi>"))
        #expect(html[6].contains(#"name="team7""#) && html[6].contains(#"name="quota7" value="۱۰۰""#))
        #expect(html[7].contains(" selected>"))
        #expect(ForecastRows.funnel([], empty: "سرنخی نیست") == #"<tr><td colspan="5" class="empty">سرنخی نیست</td></tr>"#)
    }
}
