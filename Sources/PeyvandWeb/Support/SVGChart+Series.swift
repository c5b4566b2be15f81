import Foundation

extension SVGChart {
    static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    /// Vertical bars in pairs, one pair per group (e.g. purchases predicted and made by customers
    /// with 0, 1, 2… repeat purchases), with a legend naming the two series.
    static func pairedBars(
        _ groups: [(label: String, first: Double, second: Double)], series: (String, String), title: String, yLabel: String,
        digits: (String) -> String = { $0 }
    ) -> String {
        let width = 560.0, height = 260.0, left = 44.0, bottom = 40.0, top = 28.0
        let peak = max(groups.flatMap { [$0.first, $0.second] }.max() ?? 0, 1e-9)
        let slot = (width - left - 10) / Double(max(groups.count, 1)), bar = min(slot * 0.36, 28)
        func y(_ v: Double) -> Double { height - bottom - v / peak * (height - bottom - top) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 \(Int(width)) \(Int(height))" aria-label="\(escape(title))" direction="ltr">\
            <line x1="\(left)" y1="\(y(0))" x2="\(width - 10)" y2="\(y(0))" class="chart-axis"/>\
            <text x="\(left - 6)" y="\(f(y(peak) + 4))" text-anchor="end" class="chart-value">\(escape(digits(String(format: "%.2g", peak))))</text>\
            <text x="12" y="\(height / 2)" text-anchor="middle" transform="rotate(-90 12 \(height / 2))" class="chart-label">\(escape(yLabel))</text>\
            <rect x="\(left)" y="6" width="12" height="12" class="chart-bar"/>\
            <text x="\(left + 18)" y="16" class="chart-label">\(escape(series.0))</text>\
            <rect x="\(left + 200)" y="6" width="12" height="12" class="chart-bar-alt"/>\
            <text x="\(left + 218)" y="16" class="chart-label">\(escape(series.1))</text>
            """
        for (i, g) in groups.enumerated() {
            let x = left + Double(i) * slot + slot / 2
            svg += """
                <rect x="\(f(x - bar))" y="\(f(y(g.first)))" width="\(f(bar))" height="\(f(y(0) - y(g.first)))" class="chart-bar"/>\
                <rect x="\(f(x))" y="\(f(y(g.second)))" width="\(f(bar))" height="\(f(y(0) - y(g.second)))" class="chart-bar-alt"/>\
                <text x="\(f(x))" y="\(f(height - bottom + 16))" text-anchor="middle" class="chart-label">\(escape(g.label))</text>
                """
        }
        return svg + "</svg>"
    }

    /// Several step curves on 0…xMax × 0…1 (e.g. the share of customers still buying t days after
    /// their first purchase, one curve per segment), each with its name in the legend.
    static func steps(
        _ series: [(name: String, points: [(x: Double, y: Double)])], xMax: Double, title: String, xLabel: String, yLabel: String,
        digits: (String) -> String = { $0 }
    ) -> String {
        let width = 560.0, height = 300.0, left = 44.0, bottom = 40.0, top = 12.0, legend = 150.0
        let plotRight = width - legend
        func px(_ x: Double) -> Double { left + x / max(xMax, 1) * (plotRight - left) }
        func py(_ y: Double) -> Double { height - bottom - y * (height - bottom - top) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 \(Int(width)) \(Int(height))" aria-label="\(escape(title))" direction="ltr">\
            <line x1="\(left)" y1="\(py(0))" x2="\(plotRight)" y2="\(py(0))" class="chart-axis"/>\
            <line x1="\(left)" y1="\(py(0))" x2="\(left)" y2="\(py(1))" class="chart-axis"/>\
            <line x1="\(left)" y1="\(py(0.5))" x2="\(plotRight)" y2="\(py(0.5))" class="chart-grid"/>\
            <text x="\(left - 6)" y="\(f(py(1) + 4))" text-anchor="end" class="chart-value">\(digits("1"))</text>\
            <text x="\(left - 6)" y="\(f(py(0.5) + 4))" text-anchor="end" class="chart-value">\(digits("0.5"))</text>\
            <text x="\(plotRight)" y="\(f(py(0) + 16))" text-anchor="end" class="chart-value">\(digits(String(Int(xMax))))</text>\
            <text x="\((left + plotRight) / 2)" y="\(height - 6)" text-anchor="middle" class="chart-label">\(escape(xLabel))</text>\
            <text x="12" y="\(height / 2)" text-anchor="middle" transform="rotate(-90 12 \(height / 2))" class="chart-label">\(escape(yLabel))</text>
            """
        for (i, s) in series.enumerated() {
            var path = ""
            for (j, p) in s.points.enumerated() {
                path += j == 0 ? "M\(f(px(p.x))),\(f(py(p.y)))" : " H\(f(px(p.x))) V\(f(py(p.y)))"
            }
            let ly = top + 8 + Double(i) * 20
            svg += """
                <path d="\(path)" class="chart-series chart-series-\(i % 8)"/>\
                <line x1="\(plotRight + 10)" y1="\(ly)" x2="\(plotRight + 28)" y2="\(ly)" class="chart-series chart-series-\(i % 8)"/>\
                <text x="\(plotRight + 32)" y="\(ly + 4)" class="chart-label">\(escape(s.name))</text>
                """
        }
        return svg + "</svg>"
    }
}
