import NIOConcurrencyHelpers

/// The links a ``CMPPClient`` has open, long-mode links and short-mode connections alike, so that a shutdown
/// still running at ``CMPPClient/Configuration/shutdownTimeout`` can close the ones left.
///
/// Once ``closeAll()`` has run, a link added later is closed at once: a connection that completes during the
/// shutdown does not outlive it.
package final class CMPPOpenLinks: Sendable {
    private struct State {
        var links: [Int: any CMPPClientLink] = [:]
        var nextKey = 0
        var isClosed = false
    }

    private let state = NIOLockedValueBox(State())

    package init() {}

    /// Registers `link` until ``remove(_:)``; returns its key, or `nil` when ``closeAll()`` has run (the link is
    /// then closed).
    package func add(_ link: any CMPPClientLink) -> Int? {
        let key = state.withLockedValue { state -> Int? in
            guard !state.isClosed else { return nil }
            defer { state.nextKey += 1 }
            state.links[state.nextKey] = link
            return state.nextKey
        }
        if key == nil { link.close() }
        return key
    }

    /// Forgets the link `key` names (`nil` does nothing).
    package func remove(_ key: Int?) {
        guard let key else { return }
        state.withLockedValue { _ = $0.links.removeValue(forKey: key) }
    }

    /// Closes every registered link, and any added from now on; returns how many were open.
    @discardableResult
    package func closeAll() -> Int {
        let links = state.withLockedValue { state -> [any CMPPClientLink] in
            state.isClosed = true
            defer { state.links = [:] }
            return Array(state.links.values)
        }
        for link in links { link.close() }
        return links.count
    }
}
