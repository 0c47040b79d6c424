import CMPPNIO
import Synchronization

/// The logged-in links of every account, across the long- and short-connection servers: what a login
/// counts against the account's maximum (§7.4.1, Status 5) and what the outbox sends DELIVERs over.
final class ConnectionRegistry: Sendable {
    private let connections = Mutex<[String: [CMPPServerConnection]]>([:])

    init() {}

    func opened(_ connection: CMPPServerConnection) {
        connections.withLock { $0[connection.account, default: []].append(connection) }
    }

    func closed(_ connection: CMPPServerConnection) {
        connections.withLock { connections in
            connections[connection.account]?.removeAll { $0 === connection }
            if connections[connection.account]?.isEmpty == true { connections[connection.account] = nil }
        }
    }

    /// The live links of `account`, in login order.
    func connections(of account: String) -> [CMPPServerConnection] {
        connections.withLock { $0[account] ?? [] }
    }

    /// How many links `account` has open.
    func count(of account: String) -> Int {
        connections.withLock { $0[account]?.count ?? 0 }
    }
}
