// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets for Feige's codecs, kept out of the main package so a plain `swift build` never needs
/// the fuzzer runtime. Build and run with `./do_build.sh` (see README.md).
let package = Package(
    name: "FuzzTesting",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "feige", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "FuzzCMPPDecoder",
            dependencies: [
                .product(name: "CMPPCore", package: "feige"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        )
    ]
)
