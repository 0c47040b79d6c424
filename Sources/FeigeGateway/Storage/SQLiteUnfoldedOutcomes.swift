/// The recipients whose outcome waits in `mt_outcome`, not yet folded into `mt_recipient`, with the `seq` of
/// that row, as the writer last committed them (see ``SQLiteGatewayStore/recordOutcomes(_:)``).
///
/// Only the store's single writer changes `mt_outcome`, and the store folds every row left over when it
/// opens, so this copy, empty when the writer starts, equals the table's rows. It is what lets the hot paths
/// ask "is this recipient decided but not folded?" without an index on the table. A transaction's changes
/// are taken over only after it commits (``SQLiteWriteBatch`` collects them, ``adopt(_:)`` applies them); a
/// rolled-back batch leaves it as it was.
///
/// Used on the writer thread only.
final class SQLiteUnfoldedOutcomes {
    private var rows: [RecipientKey: Int64] = [:]

    init() {}

    /// How many recipients have an unfolded outcome.
    var count: Int { rows.count }

    /// The `seq` of the unfolded outcome of `key`, if it has one.
    func row(of key: RecipientKey) -> Int64? {
        rows[key]
    }

    /// Takes over what a committed transaction changed: a `seq` for a new outcome, `nil` for a folded one.
    func adopt(_ changes: [RecipientKey: Int64?]) {
        for (key, row) in changes {
            rows[key] = row
        }
    }
}
