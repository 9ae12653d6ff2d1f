import Foundation

/// The reader profiles the terminal knows, and the choice of one by reader name.
public struct ReaderProfileCatalog: Sendable {
    /// Why a profile folder could not be used.
    public enum LoadError: Error, CustomStringConvertible {
        case unreadableFolder(String, underlying: String)
        case invalidProfile(file: String, reason: String)

        public var description: String {
            switch self {
            case .unreadableFolder(let path, let underlying): "cannot read reader profiles in \(path): \(underlying)"
            case .invalidProfile(let file, let reason): "reader profile \(file) is invalid: \(reason)"
            }
        }
    }

    public let profiles: [ReaderProfile]
    /// Where the profiles came from, or `nil` for the built-in generic profile alone.
    public let source: URL?

    public init(profiles: [ReaderProfile], source: URL? = nil) {
        self.profiles = profiles
        self.source = source
    }

    /// Only the built-in generic profile.
    public static let builtIn = ReaderProfileCatalog(profiles: [.generic])

    /// Reads every `*.json` profile in `folder`.
    public static func load(from folder: URL) throws -> ReaderProfileCatalog {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw LoadError.unreadableFolder(folder.path, underlying: "\(error.localizedDescription)")
        }
        var profiles: [ReaderProfile] = []
        for file in files {
            do {
                let profile = try JSONDecoder().decode(ReaderProfile.self, from: Data(contentsOf: file))
                guard profile.formatVersion == 1 else {
                    throw LoadError.invalidProfile(file: file.lastPathComponent, reason: "formatVersion \(profile.formatVersion) is not 1")
                }
                guard Hex.decode(profile.uid.apdu) != nil else {
                    throw LoadError.invalidProfile(file: file.lastPathComponent, reason: "uid.apdu is not hex")
                }
                for (name, signal) in [("feedback.success", profile.feedback?.success), ("feedback.refusal", profile.feedback?.refusal)] {
                    if let signal, signal.readerCommand == nil {
                        throw LoadError.invalidProfile(
                            file: file.lastPathComponent,
                            reason: "\(name) is not a concrete command (apdu: a short APDU in hex; escape: controlCode and command in hex)")
                    }
                }
                profiles.append(profile)
            } catch let error as LoadError {
                throw error
            } catch {
                throw LoadError.invalidProfile(file: file.lastPathComponent, reason: "\(error)")
            }
        }
        return ReaderProfileCatalog(profiles: profiles, source: folder)
    }

    /// The folders searched by ``locate(explicit:)``, in order.
    public static func searchPath(explicit: String?) -> [URL] {
        var candidates: [URL] = []
        if let explicit { candidates.append(URL(fileURLWithPath: explicit)) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["LOYALTY_READER_PROFILES"] {
            candidates.append(URL(fileURLWithPath: fromEnvironment))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../share/loyalty-terminal/readers"))
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("hardware/readers"))
        return candidates
    }

    /// Loads the first folder of the search path that exists; the built-in catalogue when none does.
    /// An explicitly named folder must exist and be valid.
    public static func locate(explicit: String? = nil) throws -> ReaderProfileCatalog {
        for (index, folder) in searchPath(explicit: explicit).enumerated() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                if index == 0, let explicit {
                    throw LoadError.unreadableFolder(explicit, underlying: "no such folder")
                }
                continue
            }
            return try load(from: folder.standardizedFileURL)
        }
        return .builtIn
    }

    /// The profile for a reader: the longest matching name pattern wins; generic otherwise.
    public func profile(forReader name: String) -> ReaderProfile {
        let lowered = name.lowercased()
        var best: (profile: ReaderProfile, length: Int)?
        for profile in profiles {
            for pattern in profile.namePatterns where lowered.contains(pattern.lowercased()) {
                if pattern.count > best?.length ?? 0 { best = (profile, pattern.count) }
            }
        }
        return best?.profile ?? profiles.first { $0.namePatterns.isEmpty } ?? .generic
    }
}
