import Foundation

/// Small charts drawn on the server as inline SVG (no script, no external files). Every text is
/// escaped here, so the markup can be placed in a page unescaped. Charts are laid out left to
/// right (`direction="ltr"`, so a right-to-left page does not flip the text anchors); Persian
/// labels still read right to left within themselves.
enum SVGChart {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Horizontal bars, one per (label, value, shown value), longest = full width.
    static func bars(_ items: [(label: String, value: Double, shown: String)], title: String, rightToLeft: Bool) -> String {
        let rowHeight = 22.0, labelWidth = 150.0, width = 560.0, barArea = width - labelWidth - 70
        let top = max(items.map(\.value).max() ?? 0, 1)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 \(Int(width)) \(Int(Double(items.count) * rowHeight + 8))" \
            aria-label="\(escape(title))" direction="ltr">
            """
        for (i, item) in items.enumerated() {
            let y = Double(i) * rowHeight + 4
            let length = max(barArea * item.value / top, item.value > 0 ? 1 : 0)
            let barX = rightToLeft ? width - labelWidth - length : labelWidth
            let labelX = rightToLeft ? width - 4 : labelWidth - 6
            let valueX = rightToLeft ? barX - 6 : barX + length + 6
            svg += """
                <text x="\(labelX)" y="\(y + 15)" text-anchor="end" class="chart-label">\(escape(item.label))</text>\
                <rect x="\(barX)" y="\(y + 3)" width="\(length)" height="\(rowHeight - 6)" class="chart-bar"/>\
                <text x="\(valueX)" y="\(y + 15)" text-anchor="\(rightToLeft ? "end" : "start")" class="chart-value">\(escape(item.shown))</text>
                """
        }
        return svg + "</svg>"
    }

    /// A curve of points in 0…1 × 0…1 (e.g. the share of profit against the share of customers),
    /// with the diagonal of an even spread for comparison.
    static func curve(_ points: [(x: Double, y: Double)], title: String, xLabel: String, yLabel: String) -> String {
        let size = 320.0, pad = 36.0
        let yTop = max(points.map(\.y).max() ?? 1, 1)
        func px(_ x: Double) -> Double { pad + x * (size - 2 * pad) }
        func py(_ y: Double) -> Double { size - pad - y / yTop * (size - 2 * pad) }
        let path = points.enumerated().map { i, p in "\(i == 0 ? "M" : "L")\(String(format: "%.1f", px(p.x))),\(String(format: "%.1f", py(p.y)))" }
            .joined(separator: " ")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 \(Int(size)) \(Int(size))" aria-label="\(escape(title))" direction="ltr">\
            <line x1="\(px(0))" y1="\(py(0))" x2="\(px(1))" y2="\(py(0))" class="chart-axis"/>\
            <line x1="\(px(0))" y1="\(py(0))" x2="\(px(0))" y2="\(py(yTop))" class="chart-axis"/>\
            <line x1="\(px(0))" y1="\(py(0))" x2="\(px(1))" y2="\(py(1))" class="chart-even"/>\
            <line x1="\(px(0))" y1="\(py(1))" x2="\(px(1))" y2="\(py(1))" class="chart-grid"/>\
            <path d="\(path)" class="chart-line"/>\
            <text x="\(size / 2)" y="\(size - 6)" text-anchor="middle" class="chart-label">\(escape(xLabel))</text>\
            <text x="12" y="\(size / 2)" text-anchor="middle" transform="rotate(-90 12 \(size / 2))" class="chart-label">\(escape(yLabel))</text>\
            </svg>
            """
    }
}
