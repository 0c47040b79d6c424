import GRDB
import GRDBSQLite

/// Flushes a connection's write-ahead log to the disk without a transaction or a checkpoint: the one
/// `fdatasync` a `synchronous` FULL commit would have done.
///
/// The group-commit writer uses it when it went idle after a commit of relaxed writes only
/// (``SQLiteCommitDurability/relaxed``) and no full commit came to flush them.
enum SQLiteLogFlush {
    /// Syncs the log file of `db`'s main database through SQLite's VFS (`SQLITE_FCNTL_JOURNAL_POINTER`
    /// gives the write-ahead log in WAL mode). Call on the connection's own thread, outside a transaction.
    ///
    /// - Throws: ``GatewayStoreError/Code/database`` when SQLite or the disk reports an error.
    static func flush(_ db: Database) throws {
        var file: UnsafeMutablePointer<sqlite3_file>?
        let code = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_JOURNAL_POINTER, &file)
        guard code == SQLITE_OK else {
            throw GatewayStoreError.database(DatabaseError(resultCode: ResultCode(rawValue: code)))
        }
        // No log file open: nothing was written that needs flushing.
        guard let file, let methods = file.pointee.pMethods, let sync = methods.pointee.xSync else { return }
        let result = sync(file, SQLITE_SYNC_NORMAL)
        guard result == SQLITE_OK else {
            throw GatewayStoreError.database(DatabaseError(resultCode: ResultCode(rawValue: result)))
        }
    }
}
