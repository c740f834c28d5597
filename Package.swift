// swift-tools-version:6.0
import PackageDescription

// Dependencies are kept to the products we use: CI builds from a fresh clone every run.
let package = Package(
    name: "SanctionsGraph",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SanctionsGraph", targets: ["SanctionsGraph"]),
        .library(name: "GraphCore", targets: ["GraphCore"]),
        .library(name: "SanctionsModel", targets: ["SanctionsModel"]),
        .library(name: "GraphAlgorithms", targets: ["GraphAlgorithms"]),
        .library(name: "SanctionsRules", targets: ["SanctionsRules"]),
        .library(name: "GraphvizBinding", targets: ["GraphvizBinding"]),
        .library(name: "SanctionsDiagrams", targets: ["SanctionsDiagrams"]),
        .library(name: "GraphIO", targets: ["GraphIO"]),
        .executable(name: "sanctions-graph", targets: ["sanctions-graph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Relief package files in YAML (GraphIO's PackageFile); JSON files go through it too.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // The explorer (`serve`, Sources/SanctionsServer): HTTP on SwiftNIO.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
    ],
    targets: [
        // The processor's prefetch hint, which Swift lacks (one inline function, docs/ingest.md).
        .target(name: "CPrefetch"),
        .target(name: "GraphCore", dependencies: ["CPrefetch", "Platform"]),
        // The package's own platform layer (a lock, file output, stderr, the libc guards, trimming):
        // no dependencies, no product, `package` access only.
        .target(name: "Platform"),
        // The source registry (docs/sources.md) and the legal table (docs/legal.md) are compiled into the binary.
        .target(name: "SanctionsModel", dependencies: ["GraphCore", "Platform"], resources: [.embedInCode("Resources/sources.tsv"), .embedInCode("Resources/legal.tsv")]),
        .target(name: "GraphAlgorithms", dependencies: ["GraphCore", "Platform"]),
        .target(name: "SanctionsRules", dependencies: ["GraphCore", "SanctionsModel", "Platform"]),
        .systemLibrary(name: "CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
        // Graphviz's C library in process, the DOT model and its writer: nothing sanctions-specific.
        .target(name: "GraphvizBinding", dependencies: ["CGraphviz", "Platform"]),
        // The sanctions diagrams: views, styling and DOT built from a network and a rule's verdicts.
        .target(name: "SanctionsDiagrams", dependencies: ["GraphvizBinding", "GraphCore", "SanctionsModel", "SanctionsRules", "Platform"]),
        .target(name: "GraphIO", dependencies: ["GraphCore", "SanctionsModel", "SanctionsRules", "Platform", .product(name: "Yams", package: "Yams")]),
        // The explorer: pages, the JSON API and their routes, on Hummingbird; the CLI's `serve` starts it.
        .target(name: "SanctionsServer", dependencies: ["SanctionsGraph", "Platform", .product(name: "Hummingbird", package: "hummingbird")],
                resources: [.embedInCode("Assets/explorer.css"), .embedInCode("Assets/explorer.js"), .embedInCode("Assets/openapi.json")]),
        .target(name: "SanctionsGraph", dependencies: ["GraphCore", "SanctionsModel", "GraphAlgorithms", "SanctionsRules", "GraphIO", "GraphvizBinding", "SanctionsDiagrams", "Platform"]),
        .executableTarget(
            name: "sanctions-graph",
            dependencies: [
                "SanctionsGraph",
                "SanctionsServer",
                "Platform",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "RareEarthsRelief", dependencies: ["SanctionsGraph"], path: "Examples/RareEarthsRelief"),
        .executableTarget(name: "EnPlusRelief2019", dependencies: ["SanctionsGraph"], path: "Examples/EnPlusRelief2019",
                          exclude: ["en-plus-2019.package.json"]),
        .executableTarget(name: "RareEarthsPackages", dependencies: ["SanctionsGraph"], path: "Examples/RareEarthsPackages",
                          exclude: ["a-delist-oligarchs.yaml", "b-delist-companies.yaml", "c-divestments.yaml"]),
        .executableTarget(name: "KeyPlayers", dependencies: ["SanctionsGraph"], path: "Examples/KeyPlayers"),
        .executableTarget(name: "ExplainExposure", dependencies: ["SanctionsGraph"], path: "Examples/ExplainExposure"),
        .executableTarget(name: "OpenSanctionsImport", dependencies: ["SanctionsGraph"], path: "Examples/OpenSanctionsImport"),
        // Helpers the test targets share (temporary folders, the repository root, running a built executable).
        .target(name: "TestKit", path: "Tests/TestKit"),
        // What tests and fuzz targets check against: the slow reference rule engine, a
        // network's content in comparable form, reading options with small buffers. No product.
        .target(name: "TestOracles", dependencies: ["GraphCore", "SanctionsModel", "SanctionsRules", "GraphIO"], path: "Tests/TestOracles"),
        // The fuzz targets and their driver (README "Fuzzing", scripts/fuzz.sh): a normal build
        // replays inputs; scripts/fuzz.sh builds the driver for libFuzzer in .build-fuzz.
        .target(name: "FuzzTargets", dependencies: ["TestOracles", "GraphIO", "SanctionsRules", "SanctionsDiagrams", "GraphvizBinding"],
                path: "Tests/Fuzz/Targets"),
        .executableTarget(name: "sanctions-fuzz", dependencies: ["FuzzTargets"], path: "Tests/Fuzz/Driver"),
        .testTarget(name: "FuzzTests", dependencies: ["TestKit", "FuzzTargets", "GraphIO"]),
        .testTarget(name: "GraphCoreTests", dependencies: ["GraphCore"]),
        .testTarget(name: "PlatformTests", dependencies: ["TestKit", "Platform"]),
        .testTarget(name: "SanctionsModelTests", dependencies: ["SanctionsModel"]),
        .testTarget(name: "GraphAlgorithmsTests", dependencies: ["GraphAlgorithms"], exclude: ["Fixtures"]),
        .testTarget(name: "SanctionsRulesTests", dependencies: ["TestKit", "TestOracles", "SanctionsRules", "GraphIO"]),
        .testTarget(name: "ExamplesTests", dependencies: ["TestKit", "SanctionsGraph", "RareEarthsRelief", "EnPlusRelief2019", "RareEarthsPackages", "KeyPlayers", "ExplainExposure", "OpenSanctionsImport"]),
        .testTarget(name: "GraphvizBindingTests", dependencies: ["GraphvizBinding"]),
        .testTarget(name: "SanctionsDiagramsTests", dependencies: ["TestKit", "SanctionsDiagrams", "GraphIO"], exclude: ["Golden"]),
        .testTarget(name: "GraphIOTests", dependencies: ["TestKit", "TestOracles", "GraphIO"]),
        // HTTP-level tests of the explorer: a target of its own, so that only it compiles the test client.
        .testTarget(name: "ServerTests", dependencies: ["TestKit", "SanctionsServer", .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "SanctionsGraphTests", dependencies: ["TestKit", "SanctionsGraph", "sanctions-graph"]),
    ],
    swiftLanguageModes: [.v6]
)
