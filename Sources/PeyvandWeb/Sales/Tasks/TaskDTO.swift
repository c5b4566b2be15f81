import Foundation
import PeyvandCore

/// A task as the API writes it.
struct TaskDTO: Encodable {
    let id: String
    let title: String
    let notes: String?
    let dueAt: Date?
    let remindAt: Date?
    let remindedAt: Date?
    let assigneeId: String
    let assigneeName: String
    let customerId: String?
    let customerName: String?
    let dealId: String?
    let dealTitle: String?
    let status: String
    let doneAt: Date?
    let doneBy: String?
    let version: Int
    let createdAt: Date
    let updatedAt: Date

    init(_ t: SalesTask) {
        (id, title, notes, dueAt, remindAt, remindedAt) = (String(t.id), t.title, t.notes, t.dueAt, t.remindAt, t.remindedAt)
        (assigneeId, assigneeName, customerId, customerName) = (String(t.assigneeId), t.assigneeName, t.customerId.map(String.init), t.customerName)
        (dealId, dealTitle, status, doneAt, doneBy) = (t.dealId.map(String.init), t.dealTitle, t.status.rawValue, t.doneAt, t.doneBy.map(String.init))
        (version, createdAt, updatedAt) = (t.version, t.createdAt, t.updatedAt)
    }

    /// Optional members are written as null, so a client sees every field.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(title, forKey: .title); try c.encode(notes, forKey: .notes)
        try c.encode(dueAt, forKey: .dueAt); try c.encode(remindAt, forKey: .remindAt); try c.encode(remindedAt, forKey: .remindedAt)
        try c.encode(assigneeId, forKey: .assigneeId); try c.encode(assigneeName, forKey: .assigneeName)
        try c.encode(customerId, forKey: .customerId); try c.encode(customerName, forKey: .customerName)
        try c.encode(dealId, forKey: .dealId); try c.encode(dealTitle, forKey: .dealTitle); try c.encode(status, forKey: .status)
        try c.encode(doneAt, forKey: .doneAt); try c.encode(doneBy, forKey: .doneBy); try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt); try c.encode(updatedAt, forKey: .updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, title, notes, dueAt, remindAt, remindedAt, assigneeId, assigneeName, customerId, customerName, dealId, dealTitle, status
        case doneAt, doneBy, version, createdAt, updatedAt
    }
}
