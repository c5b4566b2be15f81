import Foundation
import PeyvandCore

/// The UI strings of one language, loaded from `Resources/i18n/<lang>.json` (flat key → text).
/// A test fails when a key is in one catalog and not the other.
struct Catalogs: @unchecked Sendable {
    let strings: [Language: [String: String]]
    /// The same tables typed as templates read them, made once: handing a `[String: String]` to
    /// the template engine would convert the whole table at every lookup.
    private let templateTables: [Language: [String: Any]]

    init(directory: URL) throws {
        var strings: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let data = try Data(contentsOf: directory.appendingPathComponent("\(language.rawValue).json"))
            strings[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        self.strings = strings
        self.templateTables = strings.mapValues { $0 as [String: Any] }
    }

    func table(_ language: Language) -> [String: Any] { templateTables[language] ?? [:] }

    /// The text for `key`, or the key itself so a missing string is visible rather than blank.
    func text(_ key: String, _ language: Language) -> String { strings[language]?[key] ?? key }

    /// A label for an enumerated value, e.g. `label("stage", "at-risk", .fa)`.
    func label(_ group: String, _ value: String, _ language: Language) -> String {
        text("\(group)_\(value.replacingOccurrences(of: "-", with: "_"))", language)
    }
}
