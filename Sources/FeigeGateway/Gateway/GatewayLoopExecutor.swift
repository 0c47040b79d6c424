import NIOCore

/// A Swift `TaskExecutor` that runs a task's jobs on one NIO event loop: the gateway's background loop, its
/// own, beside the loops that serve SP links.
///
/// The gateway's background loops — the dispatcher, the simulated network and the outbox pusher — run with
/// this preference instead of on Swift's global pool (issue #6). Each of them sleeps between batches and is
/// woken by a signal from an event loop (a committed batch of SUBMITs, an outcome, a DELIVER_RESP); on the
/// pool every such wake-up resumed the task on a pool thread, which had to be woken itself (a futex wake and
/// a task switch per batch). On a loop it is one more item in the loop's queue, and the loop thread is
/// usually awake already.
///
/// Nothing these tasks await may block a thread: the stores' calls complete through continuations.
final class GatewayLoopExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `loop` is immutable and Sendable; the class has no other state.
    private let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
