import GRDB
import GRDBSQLite
import NIOCore

/// A prepared INSERT or UPDATE run through SQLite's C API, for the statements run once per message on the
/// hot paths (issue #6: "no per-message allocation that can be avoided").
///
/// GRDB's `StatementArguments` box every value in an existential and an array; binding straight from
/// Swift strings, integers and `ByteBuffer`s skips those allocations. Only statements that return no rows
/// use it; their only expected failure, a constraint violation, is reported as such.
struct SQLiteRawStatement {
    /// Why a step failed.
    enum Failure: Error {
        /// A PRIMARY KEY or UNIQUE constraint (e.g. a Msg_Id already stored).
        case constraint
        /// Anything else, as SQLite reported it.
        case database(DatabaseError)
    }

    private let statement: Statement
    private let connection: SQLiteConnection?

    /// The cached statement for `sql` on `db`.
    init(_ db: Database, sql: String) throws {
        self.statement = try db.cachedStatement(sql: sql)
        self.connection = db.sqliteConnection
    }

    /// Binds the parameters in order with `bind`, runs the statement and resets it; returns how many rows
    /// it changed.
    @discardableResult
    func run(_ bind: (inout Binder) -> Void) throws(Failure) -> Int {
        let handle = statement.sqliteStatement
        var binder = Binder(handle: handle)
        bind(&binder)
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            if code & 0xFF == SQLITE_CONSTRAINT {
                throw .constraint
            }
            let message = connection.map { String(cString: sqlite3_errmsg($0)) }
            throw .database(DatabaseError(resultCode: ResultCode(rawValue: code), message: message))
        }
        return connection.map { Int(sqlite3_changes($0)) } ?? 0
    }

    /// Runs the statement, reporting a constraint violation as `duplicate` and any other failure as a
    /// ``GatewayStoreError/Code/database`` error.
    @discardableResult
    func run(duplicate: @autoclosure () -> GatewayStoreError, _ bind: (inout Binder) -> Void) throws -> Int {
        do {
            return try run(bind)
        } catch .constraint {
            throw duplicate()
        } catch .database(let error) {
            throw GatewayStoreError.database(error)
        }
    }

    /// Runs a statement that cannot violate a constraint; any failure is a
    /// ``GatewayStoreError/Code/database`` error.
    @discardableResult
    func execute(_ bind: (inout Binder) -> Void) throws -> Int {
        do {
            return try run(bind)
        } catch .constraint {
            throw GatewayStoreError(.database, reason: "a constraint failed")
        } catch .database(let error) {
            throw GatewayStoreError.database(error)
        }
    }

    /// Binds the parameters of one run, from the first.
    struct Binder {
        fileprivate let handle: SQLiteStatement
        private var index: CInt = 1

        fileprivate init(handle: SQLiteStatement) {
            self.handle = handle
        }

        /// SQLite copies the value before the call returns.
        private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

        mutating func bind(_ value: Int64) {
            sqlite3_bind_int64(handle, index, value)
            index += 1
        }

        mutating func bind(_ value: Int) {
            bind(Int64(value))
        }

        mutating func bind(_ value: UInt8) {
            bind(Int64(value))
        }

        mutating func bind(_ value: Int?) {
            bind(value.map(Int64.init))
        }

        mutating func bind(_ value: Int64?) {
            if let value {
                bind(value)
            } else {
                sqlite3_bind_null(handle, index)
                index += 1
            }
        }

        /// Binds text; an empty string is bound as empty text, not NULL.
        mutating func bind(_ value: String) {
            var value = value
            _ = value.withUTF8 { bytes in
                if let base = bytes.baseAddress, !bytes.isEmpty {
                    sqlite3_bind_text(handle, index, base, CInt(bytes.count), Self.transient)
                } else {
                    sqlite3_bind_text(handle, index, "", 0, Self.transient)
                }
            }
            index += 1
        }

        /// Binds the readable bytes as a BLOB; empty content as an empty BLOB, not NULL.
        mutating func bind(_ value: ByteBuffer) {
            _ = value.withUnsafeReadableBytes { bytes in
                if let base = bytes.baseAddress, !bytes.isEmpty {
                    sqlite3_bind_blob(handle, index, base, CInt(bytes.count), Self.transient)
                } else {
                    sqlite3_bind_zeroblob(handle, index, 0)
                }
            }
            index += 1
        }
    }
}
