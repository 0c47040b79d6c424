import CMPPCore
import Foundation

/// One account's open outbox entries (§7.4.5 CMPP_DELIVER waiting for its SP) in the order
/// ``GatewayStore/claimDue(account:limit:now:lease:)`` takes them: by next attempt, then by Msg_Id in the
/// store's signed order. ``InMemoryGatewayStore`` keeps one per account.
///
/// A min-heap of `(next attempt, id)` marks, cleaned lazily: every time an entry becomes due at a new
/// moment (queued, claimed with a lease, released) a mark is pushed, and a mark is *current* only while its
/// entry is still open with that next attempt — the caller says which. Stale marks (an entry acknowledged,
/// expired or moved to another time) are dropped when they reach the top, and the heap is rebuilt from the
/// open entries when stale marks outnumber them, so memory stays proportional to the open entries.
///
/// Before this, every claim scanned all of an account's open entries; the pusher claims a window's worth
/// at a time, so a backlog of n reports cost O(n²) (issue #6: `feige bench --store memory --report` at
/// 200 000 messages ran for minutes). A claim now costs O(claimed · log n) plus the stale marks it drops.
struct OutboxDueQueue {
    /// When an entry is next due, and which entry.
    struct Mark {
        var due: Date
        var key: Int64
        var id: CMPPMessageID

        init(due: Date, id: CMPPMessageID) {
            self.due = due
            self.key = id.storeKey
            self.id = id
        }

        static func precedes(_ lhs: Mark, _ rhs: Mark) -> Bool {
            lhs.due < rhs.due || (lhs.due == rhs.due && lhs.key < rhs.key)
        }
    }

    private var heap: [Mark] = []

    init() {}

    /// How many marks are held, stale ones included.
    var markCount: Int { heap.count }

    /// Notes that entry `id` is due at `due` (any earlier mark of it becomes stale); returns ``markCount``.
    @discardableResult
    mutating func push(_ id: CMPPMessageID, due: Date) -> Int {
        heap.append(Mark(due: due, id: id))
        siftUp(heap.count - 1)
        return heap.count
    }

    /// Removes and returns, earliest first, the ids of at most `limit` current marks due at or before `now`;
    /// stale marks met on the way are dropped. An id comes out at most once per call.
    mutating func popDue(now: Date, limit: Int, isCurrent: (Mark) -> Bool) -> [CMPPMessageID] {
        var due: [CMPPMessageID] = []
        var taken = Set<CMPPMessageID>()
        while due.count < limit, let top = heap.first, top.due <= now {
            removeTop()
            if isCurrent(top), taken.insert(top.id).inserted { due.append(top.id) }
        }
        return due
    }

    /// When the earliest current mark is due, dropping the stale marks above it; `nil` when none is left.
    mutating func earliestDue(isCurrent: (Mark) -> Bool) -> Date? {
        while let top = heap.first {
            if isCurrent(top) { return top.due }
            removeTop()
        }
        return nil
    }

    /// Drops every mark, keeping the storage (when the account has no open entry left).
    mutating func removeAll() {
        heap.removeAll(keepingCapacity: true)
    }

    /// Whether stale marks outnumber the `openCount` open entries enough to ``compact(open:)``: O(n), so
    /// amortised over the pushes that made the marks stale.
    static func needsCompaction(markCount: Int, openCount: Int) -> Bool {
        markCount > 2 * openCount + 64
    }

    /// Rebuilds the heap from `open`, each open entry with its next attempt.
    mutating func compact(open: [Mark]) {
        heap = open
        guard heap.count > 1 else { return }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    private mutating func removeTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard Mark.precedes(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var first = parent
            if left < heap.count, Mark.precedes(heap[left], heap[first]) { first = left }
            if right < heap.count, Mark.precedes(heap[right], heap[first]) { first = right }
            guard first != parent else { return }
            heap.swapAt(parent, first)
            parent = first
        }
    }
}
