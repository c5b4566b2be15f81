import PeyvandCore
import PeyvandStore

/// How an import's bad row is said on a page (customers and sales history alike): pieces of text,
/// the ones taken from the file marked as data so the template isolates them.
enum ImportProblemText {
    struct Part { let text: String, data: Bool }

    /// A row's problems in the reader's language: each field's name and the catalog's message for
    /// its code, with the value from the file isolated; a problem the file reader found before any
    /// field (no code) as it was said, isolated as a whole.
    static func parts(_ problem: ImportReport.RowProblem, _ x: PageText) -> [Part] {
        guard !problem.issues.isEmpty else { return [.init(text: problem.reasons.joined(separator: "; "), data: true)] }
        let marker = "\u{E000}"
        var parts: [Part] = []
        for (n, issue) in problem.issues.enumerated() {
            if n > 0 { parts.append(.init(text: x.lang == .fa ? "؛ " : "; ", data: false)) }
            let key = "field_\(issue.field.split(separator: "[").first.map(String.init) ?? issue.field)"
            let label = x.t(key)
            parts.append(.init(text: (label != key ? label : issue.field) + ": ", data: false))
            var hidden = issue
            let value = issue.params?["value"]
            if value != nil { hidden.params?["value"] = marker }
            let message = x.views.issueText(hidden, x.lang)
            let pieces = message.components(separatedBy: marker)
            for (i, piece) in pieces.enumerated() {
                if !piece.isEmpty { parts.append(.init(text: piece, data: false)) }
                if i < pieces.count - 1, let value { parts.append(.init(text: value, data: true)) }
            }
        }
        return parts
    }
}
