// swift-tools-version:5.9
// A command-line app that uses UnifiedStore as an app outside this repository would: through
// the package at the repository root (`.package(url: "https://…/unified-store", from:
// "0.1.0")` there, a path here). Run with `swift run` on a Mac after scripts/xcframework.
// CI has no Swift compiler: scripts/swift-package-check checks its paths, imports and the
// calls of main.swift against the generated sources.
import PackageDescription

let package = Package(
    name: "App",
    platforms: [.macOS(.v12)],
    dependencies: [
        .package(path: "../../../.."),
    ],
    targets: [
        .executableTarget(
            name: "App",
            // The product of the root package, found by name among the dependencies.
            dependencies: ["UnifiedStore"],
            path: "Sources/App"
        ),
    ]
)
