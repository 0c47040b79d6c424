import GRDB

extension SQLiteGatewayStore {
    /// The schema, migration by migration. Applied in order when a store opens; never edit a shipped one.
    ///
    /// Msg_Ids are `INTEGER` keys holding the id's 64 bits as a signed integer; instants are milliseconds
    /// since 1970; states are the raw values of ``RecipientDeliveryState``, ``StatusReportState``,
    /// ``OutboxEntry/State-swift.enum`` and ``MobileOriginatedMessage/State-swift.enum``.
    package static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // §7.4.3.1 CMPP_SUBMIT, one row per accepted SUBMIT.
            try db.execute(
                sql: """
                    CREATE TABLE mt_message (
                        id INTEGER PRIMARY KEY NOT NULL,
                        account TEXT NOT NULL,
                        service_id TEXT NOT NULL,
                        src_id TEXT NOT NULL,
                        msg_fmt INTEGER NOT NULL,
                        tp_pid INTEGER NOT NULL,
                        tp_udhi INTEGER NOT NULL,
                        pk_total INTEGER NOT NULL,
                        pk_number INTEGER NOT NULL,
                        registered_delivery INTEGER NOT NULL,
                        msg_level INTEGER NOT NULL,
                        fee_user_type INTEGER NOT NULL,
                        fee_terminal_id TEXT NOT NULL,
                        fee_type TEXT NOT NULL,
                        fee_code TEXT NOT NULL,
                        valid_time TEXT NOT NULL,
                        at_time TEXT NOT NULL,
                        valid_until INTEGER,
                        deliver_at INTEGER,
                        content BLOB NOT NULL,
                        submitted_at INTEGER NOT NULL,
                        day TEXT NOT NULL
                    );
                    CREATE TABLE mt_recipient (
                        message_id INTEGER NOT NULL,
                        idx INTEGER NOT NULL,
                        terminal_id TEXT NOT NULL,
                        state INTEGER NOT NULL,
                        stat TEXT,
                        sent_at INTEGER,
                        done_at INTEGER,
                        report_state INTEGER NOT NULL,
                        PRIMARY KEY (message_id, idx)
                    ) WITHOUT ROWID;
                    CREATE INDEX mt_recipient_open ON mt_recipient (state, message_id) WHERE state IN (0, 1);
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY NOT NULL,
                        account TEXT NOT NULL,
                        kind INTEGER NOT NULL,
                        report_message_id INTEGER,
                        report_index INTEGER,
                        body BLOB NOT NULL,
                        created_at INTEGER NOT NULL,
                        attempts INTEGER NOT NULL,
                        next_attempt_at INTEGER NOT NULL,
                        state INTEGER NOT NULL,
                        closed_at INTEGER
                    );
                    CREATE INDEX outbox_open ON outbox (account, next_attempt_at) WHERE state IN (0, 1);
                    CREATE TABLE mo_message (
                        id INTEGER PRIMARY KEY NOT NULL,
                        src_terminal_id TEXT NOT NULL,
                        dest_id TEXT NOT NULL,
                        service_id TEXT NOT NULL,
                        tp_pid INTEGER NOT NULL,
                        tp_udhi INTEGER NOT NULL,
                        msg_fmt INTEGER NOT NULL,
                        content BLOB NOT NULL,
                        received_at INTEGER NOT NULL,
                        day TEXT NOT NULL,
                        account TEXT,
                        state INTEGER NOT NULL
                    );
                    CREATE TABLE daily_statistics (
                        account TEXT NOT NULL,
                        day TEXT NOT NULL,
                        service_id TEXT NOT NULL,
                        mt_messages INTEGER NOT NULL,
                        mt_recipients INTEGER NOT NULL,
                        mt_delivered INTEGER NOT NULL,
                        mt_failed INTEGER NOT NULL,
                        mo_received INTEGER NOT NULL,
                        mo_delivered INTEGER NOT NULL,
                        mo_failed INTEGER NOT NULL,
                        PRIMARY KEY (account, day, service_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE message_id_watermark (
                        gateway INTEGER PRIMARY KEY NOT NULL,
                        message_id INTEGER NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v2") { db in
            // The messages with an At_Time, by it: the dispatcher reads them back as their time approaches
            // (``SQLiteGatewayStore/scheduledMessages(dueAfter:through:after:limit:)``). Partial: a SUBMIT without
            // At_Time, the usual one, adds no entry.
            try db.execute(
                sql: "CREATE INDEX mt_message_scheduled ON mt_message (deliver_at) WHERE deliver_at IS NOT NULL"
            )
        }
        migrator.registerMigration("v3") { db in
            // Delivery outcomes as they are decided, in arrival order, until they are folded into `mt_recipient`
            // (issue #6, fifth round; see ``SQLiteGatewayStore/recordOutcomes(_:)``). `report_state` is NULL
            // when the outcome leaves the recipient's report state as it is.
            try db.execute(
                sql: """
                    CREATE TABLE mt_outcome (
                        seq INTEGER PRIMARY KEY NOT NULL,
                        message_id INTEGER NOT NULL,
                        idx INTEGER NOT NULL,
                        state INTEGER NOT NULL,
                        stat TEXT NOT NULL,
                        done_at INTEGER NOT NULL,
                        report_state INTEGER
                    );
                    """
            )
        }
        return migrator
    }
}
