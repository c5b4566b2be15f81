import NIOConcurrencyHelpers

/// Remembers answers for a few seconds, so the same token or session presented many times a
/// second is checked against the database once. Removals on this instance take effect at once;
/// other instances see them within `lifetime`.
final class ShortCache<Value: Sendable>: Sendable {
    private let entries = NIOLockedValueBox([String: (value: Value, until: Int64)]())
    let lifetime: Int64
    let capacity: Int

    init(lifetimeMillis: Int64 = 10_000, capacity: Int = 10_000) {
        self.lifetime = lifetimeMillis
        self.capacity = capacity
    }

    func get(_ key: String) -> Value? {
        let now = Clock.nowMillis()
        return entries.withLockedValue { map in
            guard let entry = map[key] else { return nil }
            if entry.until < now { map[key] = nil; return nil }
            return entry.value
        }
    }

    func set(_ key: String, _ value: Value) {
        let until = Clock.nowMillis() + lifetime
        entries.withLockedValue { map in
            if map.count >= capacity { map.removeAll(keepingCapacity: true) }
            map[key] = (value, until)
        }
    }

    func remove(_ key: String) { entries.withLockedValue { $0[key] = nil } }
    func removeAll() { entries.withLockedValue { $0.removeAll() } }
}
