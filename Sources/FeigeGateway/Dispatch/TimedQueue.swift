import Foundation

/// A min-heap of items by due date: what the dispatcher (scheduled messages, At_Time) and the simulator
/// (outcomes, auto-replies) drain from one loop, so that thousands of pending events cost no timer each.
struct TimedQueue<Element> {
    private var heap: [(due: Date, order: UInt64, element: Element)] = []
    private var nextOrder: UInt64 = 0

    init() {}

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    /// When the earliest item is due.
    var nextDue: Date? { heap.first?.due }

    /// Adds `element`, due at `due`; items due at the same time come out in insertion order.
    mutating func insert(_ element: Element, due: Date) {
        heap.append((due, nextOrder, element))
        nextOrder &+= 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns every item due at or before `now`, earliest first.
    mutating func popDue(now: Date) -> [Element] {
        var due: [Element] = []
        while let first = heap.first, first.due <= now {
            due.append(first.element)
            removeFirst()
        }
        return due
    }

    private mutating func removeFirst() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, Self.precedes(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, Self.precedes(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }

    private static func precedes(
        _ lhs: (due: Date, order: UInt64, element: Element),
        _ rhs: (due: Date, order: UInt64, element: Element)
    ) -> Bool {
        lhs.due < rhs.due || (lhs.due == rhs.due && lhs.order < rhs.order)
    }
}

extension Date {
    /// The time from `now` until this date, zero if it has passed.
    func duration(since now: Date) -> Duration {
        let interval = timeIntervalSince(now)
        return interval > 0 ? .nanoseconds(Int64(interval * 1e9)) : .zero
    }
}
