import Logging

/// Metadata keys of Feige's CMPP logs, in swift-log's dotted style (STYLE.md §C 12).
///
/// Library code logs at trace per frame and at debug for a link's lifecycle, never above. Phone numbers,
/// message content and secrets are never logged above debug, and secrets never at all.
package enum CMPPLogKey: String {
    case connectionID = "cmpp.connection.id"
    case peer = "cmpp.peer"
    case spID = "cmpp.sp.id"
    case command = "cmpp.command"
    case sequenceID = "cmpp.sequence.id"
    case messageID = "cmpp.message.id"
    case result = "cmpp.result"
    case status = "cmpp.status"
    case error = "cmpp.error"
    case link = "cmpp.link"
    case attempt = "cmpp.attempt"
}

extension Logger.Metadata {
    /// `metadata[.sequenceID] = "\(seq)"` with the keys above.
    package subscript(_ key: CMPPLogKey) -> Logger.MetadataValue? {
        get { self[key.rawValue] }
        set { self[key.rawValue] = newValue }
    }
}
