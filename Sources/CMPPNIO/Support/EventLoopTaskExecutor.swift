import NIOCore

/// A Swift `TaskExecutor` that runs a task's jobs on one NIO event loop.
///
/// Tasks that mostly wait for an event loop — callers awaiting SUBMIT_RESPs, a gateway's background loops
/// woken by signals from its loops — run with this preference instead of on Swift's global pool (issue #6):
/// on the pool every wake-up resumes the task on a pool thread, which has to be woken itself (a futex wake
/// and a task switch); on a loop it is one more item in the loop's queue, and a request made from there is
/// issued in place. Used by `feige bench` for its callers (so the client's CPU is exactly its loops' CPU) and
/// by the gateway for its dispatcher, downstream and outbox pusher (on a loop of their own).
///
/// Nothing such a task awaits may block the loop's thread.
package final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `loop` is immutable and EventLoop is Sendable; the class has no other state.
    /// The loop the jobs run on.
    package let loop: any EventLoop

    package init(_ loop: any EventLoop) {
        self.loop = loop
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
