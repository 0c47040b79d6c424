import CMPPCore

/// The `message_id_watermark` rows as the writer last committed (or read) them, kept in memory by the
/// writer thread so a transaction does not read the row back before writing a later id (issue #6).
///
/// Only the store's single writer changes the table, so once a gateway's row has been read or written by
/// it, this copy equals the row. A transaction's new values are taken over only after it commits
/// (``SQLiteWriteBatch/flush()`` hands them over, ``adopt(_:)`` applies them); a rolled-back batch leaves it
/// as it was.
///
/// Used on the writer thread only.
final class SQLiteCommittedWatermarks {
    private var latest: [Int: CMPPMessageID] = [:]

    init() {}

    /// The committed watermark of `gateway`, when this writer has read or written it.
    func watermark(gateway: Int) -> CMPPMessageID? {
        latest[gateway]
    }

    /// Takes over what a committed transaction wrote (or found stored).
    func adopt(_ committed: [Int: CMPPMessageID]) {
        for (gateway, id) in committed {
            latest[gateway] = id
        }
    }
}
