// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "peercert",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "peercert", targets: ["peercert"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        // libpq from the system (Debian: libpq-dev); the shim finds the header even without pkg-config.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        // A thin, blocking libpq wrapper: connect, bound parameters, streaming reads, COPY, transactions.
        .target(name: "PGClient", dependencies: ["CLibPQ"]),
        // Rule files: model, strict YAML loading with file:line errors, version selection by date.
        .target(name: "PeerRules", dependencies: [.product(name: "Yams", package: "Yams")]),
        // Pure evaluation of worker records against rules: no I/O.
        .target(name: "PeerEngine", dependencies: ["PeerRules"]),
        // Deterministic synthetic populations as WorkerRecords (what `peercert seed` writes).
        .target(name: "PeerSynthetic", dependencies: ["PeerEngine", "PeerRules"]),
        // The SQL: migrations, streaming worker records out, writing runs and results in.
        .target(name: "PeerStore", dependencies: ["PGClient", "PeerEngine"]),
        // Rule test cases (rules/<ST>/tests/*.yaml) run through the real engine; JUnit output.
        .target(name: "PeerRuleTesting", dependencies: ["PeerRules", "PeerEngine", .product(name: "Yams", package: "Yams")]),
        // Report writers (JSON, CSV) and the atomic run directory.
        .target(name: "PeerReports", dependencies: ["PeerEngine"]),
        // The application layer: the nightly run as a pipeline of sinks, its lifecycle, signals, logging.
        .target(name: "PeerRun", dependencies: ["PeerStore", "PeerReports", "PeerEngine", "PeerRules",
                                                .product(name: "Logging", package: "swift-log"),
                                                .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "peercert",
            dependencies: [
                "PGClient", "PeerRules", "PeerEngine", "PeerStore", "PeerReports", "PeerRuleTesting", "PeerRun", "PeerSynthetic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shared test helpers: throwaway databases on the private test cluster; the rule-file corpus.
        .target(name: "PeerTestSupport", dependencies: ["PGClient", "PeerStore"], path: "Tests/Support"),
        .testTarget(name: "PeerEngineTests", dependencies: ["PeerEngine", "PeerRules"]),
        // Corpus/: the valid rules directory the loader tests break one defect at a time (read from the checkout).
        .testTarget(name: "PeerRulesTests", dependencies: ["PeerRules", "PeerRuleTesting", "PeerEngine", "PeerTestSupport"],
                    exclude: ["Corpus"]),
        .testTarget(name: "IntegrationTests", dependencies: ["PGClient", "PeerStore", "PeerEngine", "PeerRules", "PeerTestSupport", "PeerRun", "PeerReports",
                                                             "PeerSynthetic",
                                                             .product(name: "Logging", package: "swift-log"),
                                                             .product(name: "InMemoryLogging", package: "swift-log")]),
        // Report writers without a database: escaping, the summary rows, the shared credential JSON.
        .testTarget(name: "PeerReportsTests", dependencies: ["PeerReports", "PeerEngine", "PeerRules",
                                                              .product(name: "CSV", package: "CSV.swift")]),
        // The merge of ordered evidence streams into workers, without a database.
        .testTarget(name: "PeerStoreTests", dependencies: ["PeerStore", "PeerEngine"]),
        // The run's lifecycle, queue and logging without a database.
        .testTarget(name: "PeerRunTests", dependencies: ["PeerRun", .product(name: "Logging", package: "swift-log")]),
        // The built tool end to end; CSV.swift reads its CSV back as a spreadsheet would, independently of our writer.
        .testTarget(name: "CommandLineTests", dependencies: ["PGClient", "PeerTestSupport", .product(name: "CSV", package: "CSV.swift")]),
    ],
    swiftLanguageModes: [.v6]
)
