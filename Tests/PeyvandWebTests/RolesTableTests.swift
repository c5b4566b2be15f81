import Foundation
import PeyvandCore
import Testing

/// docs/roles.md and `AccessPolicy.table` are one table: every tick on the page is a permission in
/// the code and every permission in the code is a tick on the page.
@Suite struct RolesTableTests {
    static var page: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/roles.md"), encoding: .utf8)) ?? ""
    }

    static func cells(_ line: Substring) -> [String] {
        line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test("docs/roles.md lists every role with exactly the permissions and reach the code grants")
    func pageMatchesCode() throws {
        // The first table of the page: the access table.
        let lines = Self.page.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("| role |") }.prefix { $0.hasPrefix("|") }
        let header = try #require(lines.first.map(Self.cells))
        let permissions: [Permission?] = header.map { cell in
            guard let open = cell.range(of: "(`"), let close = cell.range(of: "`)", range: open.upperBound..<cell.endIndex) else { return nil }
            return Permission(rawValue: String(cell[open.upperBound..<close.lowerBound]))
        }
        #expect(Set(permissions.compactMap { $0 }) == Set(Permission.allCases), "every permission has a column")
        var seen: Set<Role> = []
        for line in lines.dropFirst(2) {
            let row = Self.cells(line)
            let role = try #require(Role(rawValue: row[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))), "unknown role \(row[1])")
            seen.insert(role)
            let ticked = Set(zip(permissions, row).compactMap { permission, cell in cell == "✓" ? permission : nil })
            #expect(ticked == AccessPolicy.grant(for: role).permissions, "\(role.rawValue): the page and AccessPolicy.table differ")
            let reach: RecordScope = row.last == "all" ? .all : .ownedOrShared
            #expect(reach == AccessPolicy.grant(for: role).customerScope, "\(role.rawValue): customers reached")
        }
        #expect(seen == Set(Role.allCases))
    }
}
