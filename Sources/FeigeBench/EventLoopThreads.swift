import NIOCore
import NIOPosix

/// The kernel thread ids of an event loop group's loops, found by running `gettid()` on each loop, so their
/// CPU time can be read from `/proc/self/task/<tid>/stat`.
public struct EventLoopThreads: Hashable, Sendable {
    /// One id per loop; empty where thread ids are not available.
    public var threadIDs: [Int32]

    public init(threadIDs: [Int32]) {
        self.threadIDs = threadIDs
    }

    /// Asks every loop of `group` for its thread id.
    public static func of(_ group: MultiThreadedEventLoopGroup) async throws -> EventLoopThreads {
        var ids: [Int32] = []
        for loop in group.makeIterator() {
            if let id = try await loop.submit({ SystemProbe.currentThreadID() }).get() { ids.append(id) }
        }
        return EventLoopThreads(threadIDs: ids)
    }

    /// The CPU seconds these threads have used so far; `nil` when any cannot be read.
    public func cpuSeconds() -> Double? {
        guard !threadIDs.isEmpty else { return nil }
        var total = 0.0
        for id in threadIDs {
            guard let seconds = SystemProbe.threadCPUSeconds(id) else { return nil }
            total += seconds
        }
        return total
    }
}
