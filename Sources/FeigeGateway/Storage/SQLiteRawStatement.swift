import GRDB
import GRDBSQLite
import NIOCore

/// A prepared INSERT or UPDATE run through SQLite's C API, for the statements run once per message on the
/// hot paths (issue #6: "no per-message allocation that can be avoided").
///
/// GRDB's `StatementArguments` box every value in an existential and an array; binding straight from
/// Swift strings, integers and `ByteBuffer`s skips those allocations. Only statements that return no rows
/// use it; their only expected failure, a constraint violation, is reported as such.
///
/// Text and BLOB parameters are copied into a scratch buffer on the stack that lives for one run and bound
/// with `SQLITE_STATIC`: with `SQLITE_TRANSIENT` SQLite copied each one into memory of its own, a
/// `malloc`/`free` pair (and this SQLite's global memory mutex) per value, about a tenth of the writer's
/// instructions per message (issue #6, callgrind). The bindings are cleared before the buffer goes away.
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

    /// The cached statement for `sql` on `db`, failing with a typed ``Failure``.
    static func cached(_ db: Database, sql: String) throws(Failure) -> SQLiteRawStatement {
        do {
            return try SQLiteRawStatement(db, sql: sql)
        } catch let error as DatabaseError {
            throw .database(error)
        } catch {
            throw .database(DatabaseError(message: "\(error)"))
        }
    }

    /// Binds the parameters in order with `bind`, runs the statement and resets it; returns how many rows
    /// it changed.
    @discardableResult
    func run(_ bind: (inout Binder) -> Void) throws(Failure) -> Int {
        try run(scratchCapacity: Binder.scratchCapacity, bind)
    }

    /// ``run(_:)`` with a scratch buffer of `scratchCapacity` bytes for text and BLOB parameters, for
    /// statements that insert several rows at once.
    @discardableResult
    func run(scratchCapacity: Int, _ bind: (inout Binder) -> Void) throws(Failure) -> Int {
        let handle = statement.sqliteStatement
        let code = withUnsafeTemporaryAllocation(byteCount: scratchCapacity, alignment: 1) { scratch in
            var binder = Binder(handle: handle, scratch: scratch)
            bind(&binder)
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            binder.clearScratchBindings()
            return code
        }
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

    /// Binds the parameters with `bind`, then calls `read` for each result row; resets the statement.
    func query(_ bind: (inout Binder) -> Void, _ read: (Columns) throws -> Void) throws {
        let handle = statement.sqliteStatement
        try withUnsafeTemporaryAllocation(byteCount: Binder.scratchCapacity, alignment: 1) { scratch in
            var binder = Binder(handle: handle, scratch: scratch)
            defer {
                sqlite3_reset(handle)
                binder.clearScratchBindings()
            }
            bind(&binder)
            while true {
                let code = sqlite3_step(handle)
                switch code {
                case SQLITE_ROW:
                    try read(Columns(handle: handle))
                case SQLITE_DONE:
                    return
                default:
                    let message = connection.map { String(cString: sqlite3_errmsg($0)) }
                    throw GatewayStoreError.database(
                        DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
                    )
                }
            }
        }
    }

    /// The columns of the current result row, by position from 0.
    struct Columns {
        fileprivate let handle: SQLiteStatement

        func isNull(_ column: CInt) -> Bool {
            sqlite3_column_type(handle, column) == SQLITE_NULL
        }

        func int64(_ column: CInt) -> Int64 {
            sqlite3_column_int64(handle, column)
        }

        func int(_ column: CInt) -> Int {
            Int(sqlite3_column_int64(handle, column))
        }

        func text(_ column: CInt) -> String {
            guard let text = sqlite3_column_text(handle, column) else { return "" }
            let count = Int(sqlite3_column_bytes(handle, column))
            return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
        }

        func blob(_ column: CInt) -> ByteBuffer {
            let count = Int(sqlite3_column_bytes(handle, column))
            guard let bytes = sqlite3_column_blob(handle, column), count > 0 else { return ByteBuffer() }
            return ByteBuffer(bytes: UnsafeRawBufferPointer(start: bytes, count: count))
        }
    }

    /// Binds the parameters of one run, from the first.
    struct Binder {
        /// The bytes of text and BLOB parameters one run can hold in its scratch buffer: a stack allocation
        /// (Swift allocates temporaries of up to 1 KB on the stack). A SUBMIT's row needs ~350 bytes at most;
        /// values that no longer fit are copied by SQLite (`SQLITE_TRANSIENT`).
        static let scratchCapacity = 1024

        fileprivate let handle: SQLiteStatement
        private var index: CInt = 1
        /// Where the values of this run are copied; valid until the run ends.
        private let scratch: UnsafeMutableRawBufferPointer
        private var scratchUsed = 0

        fileprivate init(handle: SQLiteStatement, scratch: UnsafeMutableRawBufferPointer) {
            self.handle = handle
            self.scratch = scratch
        }

        /// SQLite copies the value before the call returns.
        private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        /// SQLite uses the value in place until the statement is reset or rebound.
        private static let inPlace: sqlite3_destructor_type? = nil

        /// Unbinds everything once the statement is reset, when values point into the scratch buffer.
        fileprivate func clearScratchBindings() {
            if scratchUsed > 0 {
                sqlite3_clear_bindings(handle)
            }
        }

        /// Copies `bytes` into the scratch buffer and returns where, or `nil` when they do not fit.
        private mutating func keep(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawPointer? {
            guard let base = scratch.baseAddress, bytes.count <= scratch.count - scratchUsed else { return nil }
            let target = base + scratchUsed
            if let source = bytes.baseAddress, !bytes.isEmpty {
                target.copyMemory(from: source, byteCount: bytes.count)
            }
            // At least one byte, so an empty value still has its own address.
            scratchUsed += max(bytes.count, 1)
            return UnsafeRawPointer(target)
        }

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
            value.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                if let kept = keep(raw) {
                    sqlite3_bind_text(handle, index, kept.assumingMemoryBound(to: CChar.self), CInt(raw.count), Self.inPlace)
                } else if let base = bytes.baseAddress, !bytes.isEmpty {
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
                if bytes.isEmpty {
                    sqlite3_bind_zeroblob(handle, index, 0)
                } else if let kept = keep(bytes) {
                    sqlite3_bind_blob(handle, index, kept, CInt(bytes.count), Self.inPlace)
                } else {
                    sqlite3_bind_blob(handle, index, bytes.baseAddress, CInt(bytes.count), Self.transient)
                }
            }
            index += 1
        }
    }
}
