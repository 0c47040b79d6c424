import NIOCore

/// A Swift `TaskExecutor` that runs a task's jobs on one NIO event loop.
///
/// The bench's own tasks (the submitting callers, the delivery reader, the client's background work) run on
/// the client's event loops with this preference instead of Swift's cooperative pool, so the client's CPU is
/// exactly its loops' CPU and the pool is left to the gateway's dispatcher and store. It also spares each
/// SUBMIT_RESP a hop from the loop that read it to a pool thread.
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `loop` is immutable and EventLoop is Sendable; the class has no other state.
    let loop: any EventLoop

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
