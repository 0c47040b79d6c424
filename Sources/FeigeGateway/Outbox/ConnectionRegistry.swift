import CMPPNIO
import NIOCore
import Synchronization

/// The logged-in links of every account, across the long- and short-connection servers: what a login
/// counts against the account's maximum (§7.4.1, Status 5) and what the outbox sends DELIVERs over.
///
/// A login that is accepted holds a reservation until its link opens, so that logins racing each other
/// cannot together exceed the maximum; a reservation whose link never opens (it closed during the login)
/// lapses after the login timeout.
///
/// Only long connections carry DELIVERs: a short connection is one request and its response, then
/// TERMINATE (§6, fact sheet "Connection modes"), so the gateway pushes nothing on it.
final class ConnectionRegistry: Sendable {
    private struct Links {
        var long: [CMPPServerConnection] = []
        var short: [CMPPServerConnection] = []
        /// When each accepted login's reservation lapses.
        var reservations: [NIODeadline] = []

        var isEmpty: Bool { long.isEmpty && short.isEmpty && reservations.isEmpty }
    }

    private let links = Mutex<[String: Links]>([:])
    private let reservationLifetime: TimeAmount

    /// - Parameter reservationLifetime: how long an accepted login may take to open its link.
    init(reservationLifetime: TimeAmount) {
        self.reservationLifetime = reservationLifetime
    }

    /// Decides a login for `account` with `decide`, given the account's open links and pending logins, and
    /// reserves a place when it is accepted — atomically.
    func admit(
        _ account: String,
        now: NIODeadline = .now(),
        _ decide: (_ activeConnections: Int) -> LoginDecision
    ) -> LoginDecision {
        links.withLock { links in
            var entry = links[account] ?? Links()
            entry.reservations.removeAll { $0 <= now }
            let decision = decide(entry.long.count + entry.short.count + entry.reservations.count)
            if decision.isAccepted { entry.reservations.append(now + reservationLifetime) }
            links[account] = entry.isEmpty ? nil : entry
            return decision
        }
    }

    func opened(_ connection: CMPPServerConnection, isShort: Bool) {
        links.withLock { links in
            var entry = links[connection.account] ?? Links()
            if !entry.reservations.isEmpty { entry.reservations.removeFirst() }
            if isShort {
                entry.short.append(connection)
            } else {
                entry.long.append(connection)
            }
            links[connection.account] = entry
        }
    }

    func closed(_ connection: CMPPServerConnection) {
        links.withLock { links in
            guard var entry = links[connection.account] else { return }
            entry.long.removeAll { $0 === connection }
            entry.short.removeAll { $0 === connection }
            links[connection.account] = entry.isEmpty ? nil : entry
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
