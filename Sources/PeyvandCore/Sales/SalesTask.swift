import Foundation

/// Where a task stands: open until done or cancelled; either may be reopened.
public enum TaskStatus: String, CaseIterable, Sendable, Codable, Hashable {
    case open, done, cancelled
}

/// A follow-up a member of staff owes: a call to return, a quote to send. Due at a moment (or
/// undated), reminded once, linked to a customer and a deal when it concerns them.
public struct SalesTask: Sendable, Hashable {
    public let id: Int64
    public var title: String
    public var notes: String?
    public var dueAt: Date?
    public var remindAt: Date?
    public var remindedAt: Date?
    public var assigneeId: Int64
    public var assigneeName: String
    public var customerId: Int64?
    public var customerName: String?
    public var dealId: Int64?
    public var dealTitle: String?
    public var status: TaskStatus
    public var doneAt: Date?
    public var doneBy: Int64?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, title: String, notes: String?, dueAt: Date?, remindAt: Date?, remindedAt: Date?, assigneeId: Int64,
                assigneeName: String, customerId: Int64?, customerName: String?, dealId: Int64?, dealTitle: String?,
                status: TaskStatus, doneAt: Date?, doneBy: Int64?, version: Int, createdAt: Date, updatedAt: Date) {
        (self.id, self.title, self.notes, self.dueAt, self.remindAt, self.remindedAt) = (id, title, notes, dueAt, remindAt, remindedAt)
        (self.assigneeId, self.assigneeName, self.customerId, self.customerName) = (assigneeId, assigneeName, customerId, customerName)
        (self.dealId, self.dealTitle, self.status, self.doneAt, self.doneBy) = (dealId, dealTitle, status, doneAt, doneBy)
        (self.version, self.createdAt, self.updatedAt) = (version, createdAt, updatedAt)
    }

    /// Open and due before `now`.
    public func isOverdue(at now: Date) -> Bool { status == .open && (dueAt.map { $0 < now } ?? false) }
}
