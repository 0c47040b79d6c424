import NIOCore

/// Where ``CMPPClient`` gets the time and how it waits: the seam that lets tests run the reconnect back-off,
/// the connect timeout, reassembly and report horizons without sleeping for real (STYLE.md §C 8).
///
/// Production uses ``continuous``; a test passes a clock that runs faster, or one it advances by hand.
package struct CMPPClientClock: Sendable {
    /// The current instant, on a monotonic clock.
    package var now: @Sendable () -> ContinuousClock.Instant
    /// Waits `duration`; throws `CancellationError` when the task is cancelled first.
    package var sleep: @Sendable (TimeAmount) async throws -> Void

    package init(
        now: @escaping @Sendable () -> ContinuousClock.Instant,
        sleep: @escaping @Sendable (TimeAmount) async throws -> Void
    ) {
        self.now = now
        self.sleep = sleep
    }

    /// The system's continuous clock and `Task.sleep`.
    package static let continuous = CMPPClientClock(
        now: { ContinuousClock.now },
        sleep: { duration in try await Task.sleep(for: Duration(duration)) }
    )
}
