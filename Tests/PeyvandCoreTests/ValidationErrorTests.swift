import Foundation
import Testing
@testable import PeyvandCore

@Suite struct ValidationErrorTests {
    @Test func descriptionListsIssues() {
        let error = ValidationError([
            FieldIssue(field: "phone", reason: "empty"),
            FieldIssue(field: "email", reason: "missing '@'"),
        ])
        #expect(error.description == "phone: empty; email: missing '@'")
        #expect(error.reasons(for: "email") == ["missing '@'"])
    }

    @Test func singleIssueInitAndMerge() {
        let a = ValidationError(field: "amount", reason: "not a number")
        #expect(a.issues == [FieldIssue(field: "amount", reason: "not a number")])
        let merged = a.merging(ValidationError(field: "date", reason: "empty"))
        #expect(merged.description == "amount: not a number; date: empty")
    }

    @Test func fieldIssueCodable() throws {
        let data = try JSONEncoder().encode(FieldIssue(field: "f", reason: "r"))
        let back = try JSONDecoder().decode(FieldIssue.self, from: data)
        #expect(back == FieldIssue(field: "f", reason: "r"))
    }
}
