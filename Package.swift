// swift-tools-version:6.1
import PackageDescription

/// Settings every Feige target shares (see ../shared/STYLE.md §16).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "feige",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SMSCodec", targets: ["SMSCodec"]),
        .library(name: "CMPPCore", targets: ["CMPPCore"]),
        .library(name: "CMPPNIO", targets: ["CMPPNIO"]),
        .library(name: "FeigeGateway", targets: ["FeigeGateway"]),
        .executable(name: "feige", targets: ["feige"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        // MARK: - Libraries

        /// 3GPP TS 23.038 alphabets and TS 23.040 TPDUs. No dependencies beyond Foundation.
        .target(
            name: "SMSCodec",
            swiftSettings: swiftSettings
        ),
        /// The CMPP 2.0 wire codec: header, framing, every message. Knows nothing of sockets.
        .target(
            name: "CMPPCore",
            dependencies: [
                "SMSCodec",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        /// CMPP on SwiftNIO: the session layer (window, T/N retries, ACTIVE_TEST) shared by both roles,
        /// the SP client and the ISMG server.
        .target(
            name: "CMPPNIO",
            dependencies: [
                "CMPPCore",
                "SMSCodec",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        /// The ISMG gateway application: accounts, durable store, simulator, outbox, QUERY/CANCEL.
        .target(
            name: "FeigeGateway",
            dependencies: [
                "CMPPNIO",
                "CMPPCore",
                "SMSCodec",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "HashTreeCollections", package: "swift-collections"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        /// `feige bench`'s engine: an embedded or remote gateway driven over K links, latency histograms,
        /// CPU attribution by thread, RSS, idle links.
        .target(
            name: "FeigeBench",
            dependencies: [
                "CMPPCore",
                "CMPPNIO",
                "FeigeGateway",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: swiftSettings
        ),
        /// One file per `feige` subcommand.
        .target(
            name: "FeigeCommands",
            dependencies: [
                "SMSCodec",
                "CMPPCore",
                "CMPPNIO",
                "FeigeGateway",
                "FeigeBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Executables

        .executableTarget(
            name: "feige",
            dependencies: [
                "FeigeCommands",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        /// Codec micro-benchmarks: `swift run -c release feige-codec-bench`.
        .executableTarget(
            name: "feige-codec-bench",
            dependencies: [
                "SMSCodec",
                "CMPPCore",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/CodecBenchmarks",
            swiftSettings: swiftSettings
        ),

        /// The SP client's throughput against an in-process ISMG: `swift run -c release feige-client-bench`.
        .executableTarget(
            name: "feige-client-bench",
            dependencies: [
                "CMPPNIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Benchmarks/ClientBenchmarks",
            swiftSettings: swiftSettings
        ),

        /// The gateway's SUBMIT throughput over loopback: `swift run -c release feige-gateway-bench`.
        .executableTarget(
            name: "feige-gateway-bench",
            dependencies: [
                "FeigeGateway",
                "CMPPNIO",
                "CMPPCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Benchmarks/GatewayBenchmarks",
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests

        .testTarget(
            name: "SMSCodecTests",
            dependencies: [
                "SMSCodec",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CMPPCoreTests",
            dependencies: [
                "CMPPCore",
                "SMSCodec",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CMPPNIOTests",
            dependencies: [
                "CMPPNIO",
                "CMPPCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeigeGatewayTests",
            dependencies: [
                "FeigeGateway",
                "CMPPNIO",
                "CMPPCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeigeBenchTests",
            dependencies: [
                "FeigeBench",
                "FeigeGateway",
                "CMPPNIO",
                "CMPPCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeigeCommandsTests",
            dependencies: [
                "FeigeCommands",
                "FeigeBench",
                "FeigeGateway",
                .product(name: "NIOCore", package: "swift-nio"),
                "CMPPNIO",
                "CMPPCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
