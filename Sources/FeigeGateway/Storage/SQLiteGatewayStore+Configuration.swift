import CMPPCore
import Foundation

extension SQLiteGatewayStore {
    /// Where and how a ``SQLiteGatewayStore`` keeps its database.
    public struct Configuration: Sendable {
        /// SQLite's `synchronous` setting for the write-ahead log: how hard each commit waits for the disk.
        public enum Synchronous: String, Sendable, CaseIterable {
            /// Every commit is flushed to the disk before it completes: a message answered with Result 0
            /// survives a SIGKILL and a power loss. The default.
            case full = "FULL"
            /// The log is flushed at checkpoints only: a commit survives a SIGKILL of the gateway, but a
            /// power loss or an OS crash may take back the last commits. Faster on slow disks.
            case normal = "NORMAL"
        }

        /// The database file; its directory is created if missing. SQLite keeps `-wal` and `-shm` files
        /// beside it.
        public var path: String
        /// The durability of a commit. ``Synchronous-swift.enum/full`` by default.
        public var synchronous: Synchronous
        /// The most writes committed in one transaction; more wait for the next one.
        public var maximumBatchSize: Int
        /// How many connections may read at once (QUERY, recovery, lookups) beside the writer.
        public var maximumReaderCount: Int
        /// The zone QUERY days are counted in (§7.4.4.1 `Time`); China Standard Time by default.
        public var timeZone: TimeZone
        /// The most delivery outcomes that wait in arrival order, unfolded, while the store is busy (see
        /// ``SQLiteGatewayStore/recordOutcomes(_:)``): once so many wait, a fold carries them into the
        /// recipients' rows even under load. Otherwise a fold waits until the store is quiet
        /// (``outcomeFoldCheckInterval``). Each one waiting costs the writer ~50 bytes of memory, and a lookup
        /// of a message reads them all. 131 072 by default: ~13 s of outcomes at 10 000 messages a second.
        public var outcomesPerFold: Int
        /// How often the store checks whether it is quiet enough to fold the outcomes waiting: when its writer
        /// made fewer durable commits than ``quietDurableCommitsPerSecond`` in the last interval. 1 s by default.
        public var outcomeFoldCheckInterval: Duration

        /// - Parameters:
        ///   - path: the database file, e.g. `feige-data/gateway.sqlite`.
        ///   - synchronous: ``Synchronous-swift.enum/full`` unless power-loss durability may be traded for speed.
        ///   - maximumBatchSize: the most writes in one transaction, at least 1.
        ///   - maximumReaderCount: concurrent readers, at least 1.
        ///   - timeZone: the zone of QUERY days.
        ///   - outcomesPerFold: the unfolded outcomes that start a fold even under load, at least 1.
        ///   - outcomeFoldCheckInterval: how often the store looks for a quiet moment to fold, over zero.
        public init(
            path: String,
            synchronous: Synchronous = .full,
            maximumBatchSize: Int = 8192,
            maximumReaderCount: Int = 4,
            timeZone: TimeZone = CMPPTimestamp.chinaStandardTime,
            outcomesPerFold: Int = 131_072,
            outcomeFoldCheckInterval: Duration = .seconds(1)
        ) {
            self.path = path
            self.synchronous = synchronous
            self.maximumBatchSize = maximumBatchSize
            self.maximumReaderCount = maximumReaderCount
            self.timeZone = timeZone
            self.outcomesPerFold = outcomesPerFold
            self.outcomeFoldCheckInterval = outcomeFoldCheckInterval
        }

        /// Below this rate of durable commits (SUBMITs, CANCELs, MOs, over the last
        /// ``outcomeFoldCheckInterval``) the store counts as quiet, and folds the outcomes waiting.
        public static let quietDurableCommitsPerSecond = 100

        /// The store in a data directory, as `feige gateway` keeps it (``GatewayDefaults/dataDirectory``).
        public init(directory: String, synchronous: Synchronous = .full) {
            self.init(path: (directory as NSString).appendingPathComponent("gateway.sqlite"), synchronous: synchronous)
        }
    }
}
