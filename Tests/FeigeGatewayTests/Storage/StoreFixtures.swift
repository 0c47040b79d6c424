import CMPPCore
import FeigeGateway
import Foundation
import Logging
import NIOCore
import Testing

/// The stores every behavioural test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory
    case sqlite
    /// The SQLite store folding its outcomes in the background after every call that records some, so reads
    /// meet them folded, unfolded or halfway.
    case sqliteFolding

    var testDescription: String { rawValue }
}

/// A fresh directory under the system's temporary directory, removed by ``remove()``.
struct TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("feige-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var databasePath: String { (path as NSString).appendingPathComponent("gateway.sqlite") }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Opens (or reopens) the SQLite store at ``databasePath`` with the default configuration, except that it
    /// looks for a quiet moment to fold its outcomes only as often as `outcomeFoldCheckInterval` (an hour unless
    /// a test says otherwise: `mt_outcome` stays as the test leaves it), and folds once `outcomesPerFold` wait if
    /// given.
    func openStore(
        outcomesPerFold: Int? = nil,
        outcomeFoldCheckInterval: Duration = .seconds(3600),
        synchronous: SQLiteGatewayStore.Configuration.Synchronous = .full
    ) throws -> SQLiteGatewayStore {
        var configuration = SQLiteGatewayStore.Configuration(path: databasePath, synchronous: synchronous)
        if let outcomesPerFold {
            configuration.outcomesPerFold = outcomesPerFold
        }
        configuration.outcomeFoldCheckInterval = outcomeFoldCheckInterval
        return try SQLiteGatewayStore(configuration: configuration, logger: quietLogger)
    }
}

/// A logger that drops everything: the store takes a logger, tests do not read it.
let quietLogger = Logger(label: "feige.store.tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// Runs `body` with a new, empty store of `kind`, then closes it and removes its files.
func withStore(
    _ kind: StoreKind,
    _ body: (any GatewayStore) async throws -> Void
) async throws {
    switch kind {
    case .memory:
        let store = InMemoryGatewayStore()
        try await body(store)
        try await store.close()
    case .sqlite:
        try await withSQLiteStore { try await body($0) }
    case .sqliteFolding:
        try await withSQLiteStore(outcomesPerFold: 1) { try await body($0) }
    }
}

/// Runs `body` with a new, empty SQLite store in a temporary directory, then closes it and removes its files.
func withSQLiteStore(
    outcomesPerFold: Int? = nil,
    _ body: (SQLiteGatewayStore) async throws -> Void
) async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let store = try directory.openStore(outcomesPerFold: outcomesPerFold)
    do {
        try await body(store)
    } catch {
        try? await store.close()
        throw error
    }
    try await store.close()
}

/// Fixed instants and ids, so the tests do not depend on the clock.
enum Fixture {
    /// 2024-01-02 10:00:00 in China (02:00 UTC): QUERY day `20240102`.
    static let now = Date(timeIntervalSince1970: 1_704_160_800)
    static let day = "20240102"
    static let gateway = 7
    static let account = "900001"
    static let otherAccount = "900002"

    /// The `n`th Msg_Id made at ``now``.
    static func messageID(_ n: Int) -> CMPPMessageID {
        CMPPMessageID(
            CMPPMessageID.Parts(month: 1, day: 2, hour: 10, minute: 0, second: 0, gateway: gateway, sequence: n)
        )
    }

    /// An accepted MT message with `recipients` numbers.
    static func message(
        _ n: Int,
        account: String = Fixture.account,
        serviceID: String = "TEST",
        recipients: Int = 1,
        report: Bool = true,
        at date: Date = Fixture.now
    ) -> AcceptedMessage {
        AcceptedMessage(
            messageID: messageID(n),
            account: account,
            serviceID: serviceID,
            sourceID: "1065",
            messageFormat: .ucs2,
            registeredDelivery: report ? 1 : 0,
            feeType: "02",
            feeCode: "10",
            validityTime: "240103100000032+",
            validUntil: date.addingTimeInterval(86_400),
            content: ByteBuffer(bytes: [0x4F, 0x60, 0x59, 0x7D]),
            recipients: (0..<recipients).map { "1380000\(String(format: "%04d", n * 10 + $0))" },
            submittedAt: date
        )
    }

    /// The status report DELIVER (§7.4.5.1) for a recipient, with DELIVER Msg_Id `deliverID`.
    static func report(
        for key: RecipientKey,
        deliverID: CMPPMessageID,
        stat: CMPPStat = .delivered,
        account: String = Fixture.account,
        at date: Date = Fixture.now
    ) -> OutboxEntry {
        let deliver = CMPPDeliver(
            messageID: deliverID,
            destinationID: "1065",
            serviceID: "TEST",
            sourceTerminalID: "13800000000",
            content: .statusReport(
                CMPPStatusReport(
                    messageID: key.messageID,
                    stat: stat,
                    submitTime: "2401021000",
                    doneTime: "2401021001",
                    destinationTerminalID: "13800000000",
                    smscSequence: 0
                )
            )
        )
        return OutboxEntry(account: account, kind: .statusReport(key), deliver: deliver, createdAt: date)
    }

    /// Ids for DELIVERs, from a second the MT ids do not use.
    static func deliverID(_ n: Int) -> CMPPMessageID {
        CMPPMessageID(
            CMPPMessageID.Parts(month: 1, day: 2, hour: 10, minute: 0, second: 1, gateway: gateway, sequence: n)
        )
    }

    /// An MO message texted to `destinationID`.
    static func mobileOriginated(
        _ n: Int,
        routing: MobileOriginatedMessage.Routing,
        serviceID: String = "TEST",
        at date: Date = Fixture.now
    ) -> MobileOriginatedMessage {
        MobileOriginatedMessage(
            messageID: CMPPMessageID(
                CMPPMessageID.Parts(month: 1, day: 2, hour: 10, minute: 0, second: 2, gateway: gateway, sequence: n)
            ),
            sourceTerminalID: "13900000000",
            destinationID: "10651234",
            serviceID: serviceID,
            content: ByteBuffer(string: "TD"),
            receivedAt: date,
            routing: routing
        )
    }
}
