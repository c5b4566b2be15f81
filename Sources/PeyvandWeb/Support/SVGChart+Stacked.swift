import Foundation

extension SVGChart {
    /// Vertical stacked bars, one column per label (a month), each split into `series` parts
    /// drawn bottom-up in order with the CSS class `chart-stack-<key>`; the total on top and a
    /// legend above. At most about a dozen column labels are written, so 36 months stay legible.
    static func stackedColumns(_ columns: [(label: String, values: [Double], total: String)], series: [(key: String, label: String)],
                               title: String) -> String {
        let width = 560.0, height = 260.0, left = 8.0, right = 8.0, top = 40.0, bottom = 34.0
        let peak = max(columns.map { $0.values.reduce(0, +) }.max() ?? 0, 1)
        let slot = (width - left - right) / Double(max(columns.count, 1))
        let barWidth = min(slot * 0.7, 48)
        let every = max(1, Int((Double(columns.count) / 12).rounded(.up)))
        func y(_ v: Double) -> Double { height - bottom - v / peak * (height - bottom - top) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart chart-stacked" role="img" viewBox="0 0 \(Int(width)) \(Int(height))" \
            aria-label="\(escape(title))" direction="ltr">
            """
        // The legend: a swatch and a name per series, spread over the width.
        let legendSlot = (width - left - right) / Double(max(series.count, 1))
        for (i, s) in series.enumerated() {
            let x = left + Double(i) * legendSlot
            svg += "<rect x=\"\(f(x))\" y=\"8\" width=\"12\" height=\"12\" class=\"chart-stack-\(escape(s.key))\"/>"
            svg += "<text x=\"\(f(x + 16))\" y=\"18\" class=\"chart-label\">\(escape(s.label))</text>"
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(height - bottom))\" x2=\"\(f(width - right))\" y2=\"\(f(height - bottom))\" class=\"chart-axis\"/>"
        for (i, column) in columns.enumerated() {
            let x = left + Double(i) * slot + (slot - barWidth) / 2
            var base = 0.0
            for (j, value) in column.values.enumerated() where value > 0 && j < series.count {
                svg += "<rect x=\"\(f(x))\" y=\"\(f(y(base + value)))\" width=\"\(f(barWidth))\" height=\"\(f(y(base) - y(base + value)))\" "
                    + "class=\"chart-stack-\(escape(series[j].key))\"><title>\(escape(column.label)): \(escape(series[j].label))</title></rect>"
                base += value
            }
            svg += "<text x=\"\(f(x + barWidth / 2))\" y=\"\(f(y(base) - 4))\" text-anchor=\"middle\" class=\"chart-value\">\(escape(column.total))</text>"
            if i % every == 0 {
                svg += "<text x=\"\(f(x + barWidth / 2))\" y=\"\(f(height - bottom + 16))\" text-anchor=\"middle\" class=\"chart-label\">\(escape(column.label))</text>"
            }
        }
        return svg + "</svg>"
    }
}
