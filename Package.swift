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
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
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
        // Pure evaluation of worker records against rules: no I/O, no sentence (findings are data).
        .target(name: "PeerEngine", dependencies: ["PeerRules"]),
        // Every sentence, per audience: findings, shortfalls, data errors, renewal needs, transfer decisions.
        .target(name: "PeerWording", dependencies: ["PeerEngine", "PeerRules"]),
        // Deterministic synthetic populations as WorkerRecords (what `peercert seed` writes).
        .target(name: "PeerSynthetic", dependencies: ["PeerEngine", "PeerRules"]),
        // The SQL: migrations, streaming worker records out, writing runs and results in.
        .target(name: "PeerStore", dependencies: ["PGClient", "PeerEngine", .product(name: "Crypto", package: "swift-crypto")]),
        // Rule test cases (rules/<ST>/tests/*.yaml) run through the real engine; JUnit output.
        .target(name: "PeerRuleTesting", dependencies: ["PeerRules", "PeerEngine", "PeerWording", .product(name: "Yams", package: "Yams")]),
        // Report writers (JSON, CSV) and the atomic run directory.
        .target(name: "PeerReports", dependencies: ["PeerEngine", "PeerWording"]),
        // The employer's view: what is asked (one credential, a person, a staff list), what is answered
        // (public fields only), bulk CSV in and out.
        .target(name: "PeerVerification", dependencies: ["PeerStore", "PeerReports", "PGClient",
                                                         .product(name: "CSV", package: "CSV.swift"),
                                                         .product(name: "Crypto", package: "swift-crypto")]),
        // The read-only HTTP API for employers: routes, API-key and rate-limit middleware, access log, OpenAPI document.
        .target(name: "PeerServer", dependencies: ["PeerVerification", "PeerWording", "PeerStore", "PGClient",
                                                   .product(name: "Hummingbird", package: "hummingbird"),
                                                   .product(name: "NIOPosix", package: "swift-nio"),
                                                   .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                                                   .product(name: "Logging", package: "swift-log"),
                                                   .product(name: "Metrics", package: "swift-metrics"),
                                                   .product(name: "Prometheus", package: "swift-prometheus")],
                resources: [.copy("openapi.json")]),
        // The application layer: the nightly run as a pipeline of sinks, its lifecycle, signals, logging.
        .target(name: "PeerRun", dependencies: ["PeerStore", "PeerReports", "PeerEngine", "PeerWording", "PeerRules",
                                                .product(name: "Logging", package: "swift-log"),
                                                .product(name: "Prometheus", package: "swift-prometheus"),
                                                .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "peercert",
            dependencies: [
                "PGClient", "PeerRules", "PeerEngine", "PeerWording", "PeerStore", "PeerReports", "PeerRuleTesting", "PeerRun", "PeerSynthetic",
                "PeerVerification", "PeerServer",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // jemalloc (libjemalloc-dev) replaces glibc's malloc for the whole process: a run allocates
            // and frees millions of small objects across its threads, and measured 11 to 18 % less CPU with it.
            linkerSettings: [.linkedLibrary("jemalloc")]
        ),
        // Shared test helpers: throwaway databases on the private test cluster; the rule-file corpus.
        // enospc.c: preloaded into the tool by a test (a full disk on demand), compiled by that test, not by SwiftPM.
        .target(name: "PeerTestSupport", dependencies: ["PGClient", "PeerStore"], path: "Tests/Support", exclude: ["enospc.c"]),
        // An invented credential and a worker who meets it, for the engine's tests and the wording's.
        .target(name: "EngineFixtures", dependencies: ["PeerEngine", "PeerRules"], path: "Tests/EngineFixtures"),
        .testTarget(name: "PeerEngineTests", dependencies: ["PeerEngine", "PeerRules", "EngineFixtures"]),
        // The engine's findings in words, and the check that the engine itself holds no sentence.
        .testTarget(name: "PeerWordingTests", dependencies: ["PeerWording", "PeerEngine", "PeerRules", "EngineFixtures"]),
        // Corpus/: the valid rules directory the loader tests break one defect at a time (read from the checkout).
        .testTarget(name: "PeerRulesTests", dependencies: ["PeerRules", "PeerRuleTesting", "PeerEngine", "PeerWording", "PeerReports", "PeerSynthetic",
                                                             "PeerTestSupport"],
                    exclude: ["Corpus"]),
        .testTarget(name: "IntegrationTests", dependencies: ["PGClient", "PeerStore", "PeerEngine", "PeerRules", "PeerTestSupport", "PeerRun", "PeerReports",
                                                             "PeerSynthetic",
                                                             .product(name: "Logging", package: "swift-log"),
                                                             .product(name: "InMemoryLogging", package: "swift-log")]),
        // Report writers without a database: escaping, the summary rows, the shared credential JSON.
        .testTarget(name: "PeerReportsTests", dependencies: ["PeerReports", "PeerEngine", "PeerWording", "PeerRules",
                                                              .product(name: "CSV", package: "CSV.swift")]),
        // The merge of ordered evidence streams into workers, without a database.
        .testTarget(name: "PeerStoreTests", dependencies: ["PeerStore", "PeerEngine", "PeerRules", "PGClient"]),
        // The run's lifecycle, queue and logging without a database.
        .testTarget(name: "PeerRunTests", dependencies: ["PeerRun", .product(name: "Logging", package: "swift-log")]),
        // The HTTP API through Hummingbird's router test client (no socket) against a real database.
        .testTarget(name: "PeerServerTests", dependencies: ["PeerServer", "PeerVerification", "PeerStore", "PeerRules", "PGClient", "PeerTestSupport",
                                                            .product(name: "HummingbirdTesting", package: "hummingbird"),
                                                            .product(name: "Logging", package: "swift-log"),
                                                            .product(name: "InMemoryLogging", package: "swift-log")]),
        // The built tool end to end; CSV.swift reads its CSV back as a spreadsheet would, independently of our writer.
        .testTarget(name: "CommandLineTests", dependencies: ["PGClient", "PeerTestSupport", .product(name: "CSV", package: "CSV.swift")]),
    ],
    swiftLanguageModes: [.v6]
)
