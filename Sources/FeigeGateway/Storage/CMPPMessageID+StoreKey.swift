import CMPPCore

extension CMPPMessageID {
    /// The id as a signed 64-bit key (the same bits): how SQL databases, which have no unsigned 64-bit
    /// integer, keep it. Keys sort in this signed order.
    var storeKey: Int64 {
        Int64(bitPattern: rawValue)
    }

    /// The id stored as `key`.
    init(storeKey key: Int64) {
        self.init(rawValue: UInt64(bitPattern: key))
    }
}
