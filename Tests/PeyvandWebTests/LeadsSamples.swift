import Foundation
import PeyvandCore
@testable import PeyvandStore
@testable import PeyvandWeb

/// Fully populated models of the leads pages (list, new, a lead, import, the web-to-lead form
/// and its settings, the rules), for `TemplateKeysTests` and the view tests.
enum LeadsSamples {
    static func all(_ x: PageText) -> [(template: String, model: Any)] {
        [("leads-list", list(x)), ("lead-form", newLead(x)), ("lead", lead(x)), ("lead-import", importPage(x)),
         ("web-to-lead", webToLead(x)), ("lead-forms-settings", formsSettings(x)), ("lead-rules-settings", rulesSettings(x))]
    }

    static let t0 = PageModelSamples.instant
    static let user = User(id: 2, email: "rep@example.test", name: "سارا", role: .salesRep, language: .fa, active: true, createdAt: t0)

    static func sampleLead(_ status: LeadStatus = .qualified) -> Lead {
        Lead(id: 7, status: status, name: "مریم احمدی", company: "صنایع پارس", email: "maryam@example.com", phone: "+989121234567",
             province: "تهران", city: "تهران", message: "پیش‌فاکتور ۵۰ دستگاه", channel: .webForm, source: "وب‌سایت", campaign: "پاییز",
             ownerId: 2, ownerName: "سارا", score: 45, need: true, budget: true, authority: nil, timing: false, consent: true,
             consentText: "می‌پذیرم", disqualifyReason: "بودجه ندارد", customerId: 3, dealId: 4, convertedAt: t0, formId: 1, assignedAt: t0,
             version: 2, createdAt: t0, updatedAt: t0)
    }

    static func list(_ x: PageText) -> LeadsListModel {
        LeadsListModel(LeadsListData(page: Page(items: [sampleLead()], next: "c"), staff: [user], newForMe: 3),
                       query: LeadQuery(status: .new, ownerId: 2, source: "وب‌سایت", campaign: "پاییز", q: "مریم"),
                       principal: Principal(userId: 1, name: "Admin", role: .administrator), saved: true, text: x)
    }

    static func newLead(_ x: PageText) -> LeadFormPageModel {
        LeadFormPageModel(form: FormData("name=a&consent=yes&ownerId=2"), issues: [FieldIssue(field: "name", reason: "is required", code: "required")],
                          staff: [user], text: x)
    }

    static func lead(_ x: PageText) -> LeadModel {
        let rule = LeadScoringRule(id: 1, field: .budget, condition: .present, value: nil, points: 25)
        let data = LeadData(lead: sampleLead(), notes: [LeadNote(id: 1, body: "تماس گرفتم", authorName: "سارا", createdAt: t0)],
                            history: [AuditEntry(id: 1, at: t0, actorId: 1, actorName: "Admin", action: "update", field: "need", before: nil, after: "yes")],
                            rules: [rule], match: LeadMatch(contactId: 3, contactName: "مریم احمدی", organisationId: 5, organisationName: "صنایع پارس"),
                            pipelines: [(id: 1, name: "فروش")], staff: [user])
        return LeadModel(data, principal: Principal(userId: 1, name: "Admin", role: .administrator), form: nil,
                         issues: [FieldIssue(field: "reason", reason: "is required", code: "required")], saved: "updated", text: x)
    }

    static func importPage(_ x: PageText) -> LeadImportModel {
        LeadImportModel(report: LeadImportReport(imported: 2, leadIds: [1, 2],
                                                 problems: [LeadImportProblem(line: 3, issues: [FieldIssue(field: "name", reason: "is required", code: "required")])],
                                                 ignoredHeaders: ["رنگ"]),
                        issues: [FieldIssue(field: "file", reason: "choose a file", code: "file.missing")], text: x)
    }

    static let form = LeadForm(id: 1, publicKey: "w2l_abc", name: "فرم وب‌سایت", source: "وب‌سایت", campaign: "پاییز", language: "fa",
                               consentFa: "می‌پذیرم", consentEn: "I agree", consentChannels: ["email"], thankYouURL: nil, thankYouFa: "ممنون",
                               thankYouEn: "Thanks", perMinute: 5, perHour: 50, active: true, version: 1, createdAt: t0)

    static func webToLead(_ x: PageText) -> WebToLeadModel {
        WebToLeadModel(form: form, values: FormData("name=a&consent=yes&source=s&campaign=c"),
                       issues: [FieldIssue(field: "email", reason: "bad", code: "required")], sent: true, throttled: 30, text: x)
    }

    static func formsSettings(_ x: PageText) -> LeadFormsSettingsModel {
        LeadFormsSettingsModel([form], baseURL: "https://crm.example.com", principal: Principal(userId: 1, name: "Admin", role: .administrator),
                               form: FormData("name=a&consentChannels=email"), issues: [FieldIssue(field: "name", reason: "is required", code: "required")],
                               views: x.views, lang: x.lang)
    }

    static func rulesSettings(_ x: PageText) -> LeadRulesSettingsModel {
        LeadRulesSettingsModel(scoring: [LeadScoringRule(id: 1, field: .source, condition: .equals, value: "معرفی", points: 15)],
                               assignment: [LeadAssignmentRule(id: 1, position: 1, kind: .territory, province: "اصفهان", city: "کاشان", repIds: [2], active: true)],
                               staff: [user], principal: Principal(userId: 1, name: "Admin", role: .administrator), form: nil,
                               issues: [FieldIssue(field: "points", reason: "is required", code: "required")], text: x)
    }
}
