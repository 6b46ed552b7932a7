// swift-tools-version:6.0
import PackageDescription

/// saatava: a daily batch pipeline for receivables management (docs/design.md, "The map" is the map of these targets).
let package = Package(
    name: "saatava",
    products: [
        .executable(name: "saatava", targets: ["saatava"])
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .systemLibrary(
            name: "CSQLite3",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // glibc's own header; nothing to install.
        .systemLibrary(name: "CMalloc"),
        .target(name: "SystemIO", dependencies: ["CMalloc", "CZlib"]),
        .target(name: "XMLStreaming", dependencies: ["CLibXML2", "Receivables", "SystemIO"]),
        .target(name: "Receivables"),
        .target(name: "BankFiles", dependencies: ["XMLStreaming", "Receivables", "SystemIO"]),
        .target(name: "Finvoice", dependencies: ["XMLStreaming", "Receivables"]),
        .target(name: "Matching", dependencies: ["Receivables"]),
        .target(name: "Dunning", dependencies: ["Receivables"]),
        .target(name: "Insight", dependencies: ["Receivables"]),
        .target(name: "Ledger", dependencies: ["CSQLite3", "Dunning", "Matching", "Receivables"]),
        .target(name: "Reports", dependencies: ["Receivables"]),
        .target(name: "Delivery", dependencies: ["SystemIO", "Receivables"]),
        .target(name: "Workload", dependencies: ["SystemIO", "XMLStreaming", "Receivables"]),
        .target(
            name: "Pipeline",
            dependencies: [
                "BankFiles", "Delivery", "Dunning", "Finvoice", "Insight", "Ledger", "Matching", "Reports", "SystemIO", "XMLStreaming", "Receivables",
            ]),
        .executableTarget(
            name: "saatava", dependencies: ["Pipeline", "Reports", "SystemIO", "Workload", "Receivables"]),
        .target(name: "TestSupport", dependencies: ["Receivables"], path: "Tests/TestSupport"),
        .testTarget(name: "SystemIOTests", dependencies: ["SystemIO", "TestSupport"]),
        .testTarget(
            name: "XMLStreamingTests",
            dependencies: ["XMLStreaming", "CLibXML2", "Receivables", "TestSupport", "Workload"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "ReceivablesTests", dependencies: ["Receivables", "TestSupport", "Workload"], exclude: ["Fixtures"]),
        .testTarget(name: "BankFilesTests", dependencies: ["BankFiles", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "FinvoiceTests", dependencies: ["Finvoice", "TestSupport"], exclude: ["Fixtures", "Golden"]),
        .testTarget(
            name: "LedgerTests", dependencies: ["Ledger", "CSQLite3", "Matching", "Workload", "BankFiles", "Finvoice", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "DeliveryTests", dependencies: ["Delivery", "Receivables", "SystemIO", "TestSupport"]),
        .testTarget(name: "DunningTests", dependencies: ["Dunning", "Receivables"]),
        .testTarget(name: "InsightTests", dependencies: ["Insight", "Receivables", "Workload"]),
        .testTarget(name: "MatchingTests", dependencies: ["Matching", "Workload", "BankFiles", "Finvoice", "TestSupport"]),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["Pipeline", "Ledger", "Insight", "Receivables", "Reports", "TestSupport", "Workload"],
            exclude: ["Fixtures"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Receivables", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "WorkloadTests", dependencies: ["Workload", "BankFiles", "Finvoice", "TestSupport"]),
        .testTarget(
            name: "saatavaTests", dependencies: ["saatava", "SystemIO", "TestSupport", "Workload"], exclude: ["Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where [.regular, .executable, .test].contains(target.type) {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
