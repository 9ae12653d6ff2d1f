#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads files of the repository (docs/examples) relative to this source file,
/// so no test resources need declaring.
enum RepositoryFiles {
    static var root: URL {
        URL(fileURLWithPath: #filePath)  // …/Tests/PointsEngineTests/Support/RepositoryFiles.swift
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relativePath)))
    }
}
