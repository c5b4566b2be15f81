import Foundation
import PeyvandCore
import PeyvandStore

/// A lead as the API shows it.
struct LeadDTO: Encodable {
    let id: String
    let status: String
    let name: String
    let company: String?
    let email: String?
    let phone: String?
    let province: String?
    let city: String?
    let message: String?
    let channel: String
    let source: String
    let campaign: String?
    let ownerId: String?
    let ownerName: String?
    let score: Int
    let need: Bool?
    let budget: Bool?
    let authority: Bool?
    let timing: Bool?
    let consent: Bool
    let consentText: String?
    let disqualifyReason: String?
    let customerId: String?
    let dealId: String?
    let convertedAt: Date?
    let formId: String?
    let assignedAt: Date?
    let version: Int
    let createdAt: Date
    let updatedAt: Date

    init(_ l: Lead) {
        id = String(l.id)
        status = l.status.rawValue
        (name, company, email, phone, province, city, message) = (l.name, l.company, l.email, l.phone, l.province, l.city, l.message)
        channel = l.channel.rawValue
        (source, campaign) = (l.source, l.campaign)
        ownerId = l.ownerId.map(String.init)
        ownerName = l.ownerName
        score = l.score
        (need, budget, authority, timing) = (l.need, l.budget, l.authority, l.timing)
        (consent, consentText, disqualifyReason) = (l.consent, l.consentText, l.disqualifyReason)
        customerId = l.customerId.map(String.init)
        dealId = l.dealId.map(String.init)
        convertedAt = l.convertedAt
        formId = l.formId.map(String.init)
        assignedAt = l.assignedAt
        (version, createdAt, updatedAt) = (l.version, l.createdAt, l.updatedAt)
    }
}

/// What a conversion made or found.
struct LeadConversionDTO: Encodable {
    let lead: LeadDTO
    let contactId: String
    let organisationId: String?
    let dealId: String
    let foundContact: Bool
    let foundOrganisation: Bool

    init(_ r: LeadConversionResult) {
        lead = LeadDTO(r.lead)
        contactId = String(r.contactId)
        organisationId = r.organisationId.map(String.init)
        dealId = String(r.dealId)
        (foundContact, foundOrganisation) = (r.foundContact, r.foundOrganisation)
    }
}

struct LeadNoteDTO: Encodable {
    let id: String
    let body: String
    let authorName: String?
    let createdAt: Date

    init(_ n: LeadNote) {
        (id, body, authorName, createdAt) = (String(n.id), n.body, n.authorName, n.createdAt)
    }
}

struct LeadImportDTO: Encodable {
    struct Problem: Encodable { let line: Int, errors: [Issue] }
    struct Issue: Encodable { let field: String, reason: String, code: String? }
    let imported: Int
    let leadIds: [String]
    let problems: [Problem]
    let ignoredHeaders: [String]

    init(_ r: LeadImportReport) {
        imported = r.imported
        leadIds = r.leadIds.map(String.init)
        problems = r.problems.map { p in Problem(line: p.line, errors: p.issues.map { Issue(field: $0.field, reason: $0.reason, code: $0.code) }) }
        ignoredHeaders = r.ignoredHeaders
    }
}

struct LeadFormDTO: Encodable {
    let id: String
    let publicKey: String
    let name: String
    let source: String
    let campaign: String?
    let language: String
    let consentFa: String?
    let consentEn: String?
    let consentChannels: [String]
    let thankYouUrl: String?
    let thankYouFa: String?
    let thankYouEn: String?
    let perMinute: Int
    let perHour: Int
    let active: Bool
    let version: Int
    let createdAt: Date
    /// Where the form posts (the public address of this installation).
    let action: String

    init(_ f: LeadForm, baseURL: String) {
        (id, publicKey, name, source, campaign, language) = (String(f.id), f.publicKey, f.name, f.source, f.campaign, f.language)
        (consentFa, consentEn, consentChannels) = (f.consentFa, f.consentEn, f.consentChannels)
        (thankYouUrl, thankYouFa, thankYouEn) = (f.thankYouURL, f.thankYouFa, f.thankYouEn)
        (perMinute, perHour, active, version, createdAt) = (f.perMinute, f.perHour, f.active, f.version, f.createdAt)
        action = baseURL + "/w2l/" + f.publicKey
    }
}

struct LeadScoringRuleDTO: Encodable {
    let id: String
    let field: String
    let condition: String
    let value: String?
    let points: Int

    init(_ r: LeadScoringRule) {
        (id, field, condition, value, points) = (String(r.id), r.field.rawValue, r.condition.rawValue, r.value, r.points)
    }
}

struct LeadAssignmentRuleDTO: Encodable {
    let id: String
    let position: Int
    let kind: String
    let province: String?
    let city: String?
    let repIds: [String]
    let active: Bool

    init(_ r: LeadAssignmentRule) {
        (id, position, kind, province, city) = (String(r.id), r.position, r.kind.rawValue, r.province, r.city)
        repIds = r.repIds.map(String.init)
        active = r.active
    }
}
