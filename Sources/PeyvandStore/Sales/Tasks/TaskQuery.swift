import Foundation
import PeyvandCore

/// Filters of the task list; all optional. Due bounds are half-open: `dueFrom ≤ due < dueTo`.
public struct TaskQuery: Sendable, Hashable {
    public var assigneeId: Int64?
    public var status: TaskStatus?
    public var dueFrom: Date?
    public var dueTo: Date?
    /// With `dueFrom`: undated tasks too (they come last).
    public var includeUndated: Bool
    public var customerId: Int64?
    public var dealId: Int64?
    public var after: TaskCursor?
    public var limit: Int

    public init(assigneeId: Int64? = nil, status: TaskStatus? = nil, dueFrom: Date? = nil, dueTo: Date? = nil, includeUndated: Bool = false,
                customerId: Int64? = nil, dealId: Int64? = nil, after: TaskCursor? = nil, limit: Int = 50) {
        (self.assigneeId, self.status, self.dueFrom, self.dueTo, self.includeUndated) = (assigneeId, status, dueFrom, dueTo, includeUndated)
        (self.customerId, self.dealId, self.after, self.limit) = (customerId, dealId, after, limit)
    }

    /// The tabs of the task page, for one member of staff.
    public enum View: String, CaseIterable, Sendable {
        /// Open and due today, in the person's zone.
        case today
        /// Open and due before now.
        case overdue
        /// Open and due after today, or undated.
        case upcoming
        /// Done, most recently due first is not kept: done tasks by due time.
        case done
    }

    public static func view(_ view: View, for userId: Int64, now: Date, zone: TimeZone, limit: Int = 50) -> TaskQuery {
        let day = SalesReach.day(containing: now, in: zone)
        switch view {
        case .today: return TaskQuery(assigneeId: userId, status: .open, dueFrom: day.start, dueTo: day.end, limit: limit)
        case .overdue: return TaskQuery(assigneeId: userId, status: .open, dueTo: now, limit: limit)
        case .upcoming: return TaskQuery(assigneeId: userId, status: .open, dueFrom: day.end, includeUndated: true, limit: limit)
        case .done: return TaskQuery(assigneeId: userId, status: .done, limit: limit)
        }
    }
}

/// Keyset cursor of the task list: the last task's due time (undated last) and id.
public struct TaskCursor: Sendable, Hashable {
    public let due: Int64
    public let id: Int64

    /// Undated tasks sort after every dated one.
    static let undated: Int64 = 9_007_199_254_740_991

    public var encoded: String { Cursor.encodeText("t:\(due):\(id)") }

    public static func decode(_ text: String) -> TaskCursor? {
        guard let raw = Cursor.decodeText(text), raw.hasPrefix("t:") else { return nil }
        let parts = raw.dropFirst(2).split(separator: ":")
        guard parts.count == 2, let due = Int64(parts[0]), let id = Int64(parts[1]), id > 0 else { return nil }
        return TaskCursor(due: due, id: id)
    }
}

/// How many of a person's open tasks are in each tab, and how many reminders are due.
public struct TaskCounts: Sendable, Hashable {
    public let today: Int
    public let overdue: Int
    public let upcoming: Int
    /// Open tasks whose reminder time has come.
    public let reminders: Int

    public init(today: Int, overdue: Int, upcoming: Int, reminders: Int) {
        (self.today, self.overdue, self.upcoming, self.reminders) = (today, overdue, upcoming, reminders)
    }
}
