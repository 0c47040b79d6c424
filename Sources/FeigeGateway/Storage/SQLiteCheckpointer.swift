import Dispatch
import Foundation
import GRDB
import Logging
import NIOConcurrencyHelpers

/// Copies a ``SQLiteGatewayStore``'s write-ahead log back into the database from its own thread and its own
/// connection, so the group-commit writer never does it inside a commit (issue #6: p99 at half the peak).
///
/// SQLite's automatic checkpoint runs in the commit that crosses `wal_autocheckpoint`: that commit — and
/// every SUBMIT queued behind it — waits while every page changed since the last checkpoint is copied and
/// the database file flushed. A PASSIVE checkpoint from another connection does the same work beside the
/// writer: it takes no write lock and copies only frames no reader still needs. Once everything is copied,
/// the writer's next transaction starts the log again from its beginning (overwriting blocks already on
/// disk, whose flush is cheaper than an append's). The writer keeps a high automatic threshold as a safety
/// net, for when this thread falls behind.
package final class SQLiteCheckpointer: Sendable {
    /// How often the log is checkpointed.
    static let interval: Duration = .milliseconds(100)

    /// What the last checkpoint found: frames in the log, and how many of them are in the database now.
    package struct Progress: Hashable, Sendable {
        /// Checkpoints run.
        package var checkpoints = 0
        /// Frames in the log at the last one.
        package var logFrames = 0
        /// Frames of the log copied into the database by then.
        package var copiedFrames = 0
    }

    private let progress = NIOLockedValueBox(Progress())
    private let stopped = NIOLockedValueBox(false)
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Opens a connection to the database at `path` (in WAL mode already) and starts checkpointing.
    /// - Throws: GRDB's error when the connection cannot be opened.
    init(path: String, logger: Logger) throws {
        var options = GRDB.Configuration()
        options.label = "feige.store.checkpointer"
        // A checkpoint flushes the log before it copies, and the database before the log may start again:
        // what FULL does (not left to the build's default).
        options.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let queue = try DatabaseQueue(path: path, configuration: options)
        let (progress, stopped, wake, finished) = (self.progress, self.stopped, self.wake, self.finished)
        NamedThread.start("feige.checkpt") {
            let timeout = Self.interval.timeInterval
            while !stopped.withLockedValue({ $0 }) {
                do {
                    let result = try queue.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                    progress.withLockedValue {
                        $0.checkpoints += 1
                        $0.logFrames = result.walFrameCount
                        $0.copiedFrames = result.checkpointedFrameCount
                    }
                } catch {
                    logger.debug("A checkpoint failed", metadata: ["feige.store.error": "\(error)"])
                }
                _ = wake.wait(timeout: .now() + timeout)
            }
            try? queue.close()
            finished.signal()
        }
    }

    /// What the checkpoints so far did.
    package var lastProgress: Progress {
        progress.withLockedValue { $0 }
    }

    /// Stops the thread after its current checkpoint and closes its connection; returns once it has.
    package func stop() {
        let wasRunning = stopped.withLockedValue { stopped -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard wasRunning else { return }
        wake.signal()
        finished.wait()
    }

    deinit {
        stop()
    }
}
