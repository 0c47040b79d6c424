import CMPPNIO
import Synchronization

/// The logged-in links of every account, across the long- and short-connection servers: what a login
/// counts against the account's maximum (§7.4.1, Status 5) and what the outbox sends DELIVERs over.
///
/// Only long connections carry DELIVERs: a short connection is one request and its response, then
/// TERMINATE (§6, fact sheet "Connection modes"), so the gateway pushes nothing on it.
final class ConnectionRegistry: Sendable {
    private struct Links {
        var long: [CMPPServerConnection] = []
        var short: [CMPPServerConnection] = []

        var isEmpty: Bool { long.isEmpty && short.isEmpty }
    }

    private let links = Mutex<[String: Links]>([:])

    init() {}

    func opened(_ connection: CMPPServerConnection, isShort: Bool) {
        links.withLock { links in
            if isShort {
                links[connection.account, default: Links()].short.append(connection)
            } else {
                links[connection.account, default: Links()].long.append(connection)
            }
        }
    }

    func closed(_ connection: CMPPServerConnection) {
        links.withLock { links in
            links[connection.account]?.long.removeAll { $0 === connection }
            links[connection.account]?.short.removeAll { $0 === connection }
            if links[connection.account]?.isEmpty == true { links[connection.account] = nil }
        }
    }

    /// The live long connections of `account`, in login order: where its DELIVERs go.
    func deliveryLinks(of account: String) -> [CMPPServerConnection] {
        links.withLock { $0[account]?.long ?? [] }
    }

    /// How many links, long and short, `account` has open.
    func count(of account: String) -> Int {
        links.withLock { links in links[account].map { $0.long.count + $0.short.count } ?? 0 }
    }
}
