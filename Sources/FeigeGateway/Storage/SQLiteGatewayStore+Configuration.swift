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

        /// - Parameters:
        ///   - path: the database file, e.g. `feige-data/gateway.sqlite`.
        ///   - synchronous: ``Synchronous-swift.enum/full`` unless power-loss durability may be traded for speed.
        ///   - maximumBatchSize: the most writes in one transaction, at least 1.
        ///   - maximumReaderCount: concurrent readers, at least 1.
        ///   - timeZone: the zone of QUERY days.
        public init(
            path: String,
            synchronous: Synchronous = .full,
            maximumBatchSize: Int = 8192,
            maximumReaderCount: Int = 4,
            timeZone: TimeZone = CMPPTimestamp.chinaStandardTime
        ) {
            self.path = path
            self.synchronous = synchronous
            self.maximumBatchSize = maximumBatchSize
            self.maximumReaderCount = maximumReaderCount
            self.timeZone = timeZone
        }

        /// The store in a data directory, as `feige gateway` keeps it (``GatewayDefaults/dataDirectory``).
        public init(directory: String, synchronous: Synchronous = .full) {
            self.init(path: (directory as NSString).appendingPathComponent("gateway.sqlite"), synchronous: synchronous)
        }
    }
}
