import Foundation
import Testing

/// Every template a page renders exists, so no page can answer "template … is missing".
@Suite struct TemplatesTests {
    @Test("every template name passed to views.page or views.render has a .mustache file")
    func everyTemplateExists() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources/PeyvandWeb")
        let templates = sources.appendingPathComponent("Resources/templates")
        let existing = Set(try FileManager.default.contentsOfDirectory(atPath: templates.path)
            .filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(".mustache".count)) })
        let pattern = try NSRegularExpression(pattern: #"views\.(?:page|render)\("([a-z0-9-]+)""#)
        var used: Set<String> = []
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        #expect(used.count > 10, "the scan found too few page templates: \(used)")
        #expect(used.subtracting(existing).isEmpty, "missing templates: \(used.subtracting(existing).sorted())")
    }
}
