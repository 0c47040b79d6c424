import Foundation

/// Items by due time, to the millisecond: what the dispatcher (scheduled messages, At_Time) and the simulator
/// (outcomes, auto-replies) drain from one loop, so that thousands of pending events cost no timer each.
///
/// Items are kept in one bucket per millisecond (appending is O(1)); a min-heap holds only the buckets'
/// times, so at high rates, with hundreds of items per millisecond, the heap stays small and cheap. An item
/// goes in the bucket of the millisecond its due time rounds up to: it never comes out early, and at most
/// one millisecond late. Items of one bucket come out in insertion order.
struct TimedQueue<Element> {
    /// Bucket times (milliseconds since 1970), a min-heap.
    private var times: [Int64] = []
    private var buckets: [Int64: [Element]] = [:]
    private(set) var count = 0

    init() {}

    var isEmpty: Bool { count == 0 }

    /// When the earliest item is due (the end of its millisecond).
    var nextDue: Date? { times.first.map { Date(timeIntervalSince1970: Double($0) / 1000) } }

    /// Adds `element`, due at `due`.
    mutating func insert(_ element: Element, due: Date) {
        let time = Int64((due.timeIntervalSince1970 * 1000).rounded(.up))
        count += 1
        if buckets[time]?.append(element) != nil { return }
        buckets[time] = [element]
        times.append(time)
        var child = times.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard times[child] < times[parent] else { break }
            times.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns every item due at or before `now`, earliest first.
    mutating func popDue(now: Date) -> [Element] {
        let limit = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        var due: [Element] = []
        while let first = times.first, first <= limit {
            removeFirstTime()
            if let bucket = buckets.removeValue(forKey: first) {
                if due.isEmpty { due = bucket } else { due.append(contentsOf: bucket) }
            }
        }
        count -= due.count
        return due
    }

    private mutating func removeFirstTime() {
        let last = times.removeLast()
        guard !times.isEmpty else { return }
        times[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < times.count, times[left] < times[smallest] { smallest = left }
            if right < times.count, times[right] < times[smallest] { smallest = right }
            guard smallest != parent else { return }
            times.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
