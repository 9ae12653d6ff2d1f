import DurableFile
import Foundation
import SystemPackage
import Testing

/// Secret files: written 0600 whatever was there before, refused when group or others may access them.
@Suite("Secret files")
struct SecretFileTests {
    @Test("written mode 0600, over a file and a left-over temporary file that others could read")
    func writtenPrivate() throws {
        let folder = try ScratchFolder()
        try SecretFile.write(FilePath(folder.file("key")), bytes: Array("first".utf8))
        #expect(try folder.mode(of: "key") == 0o600)
        #expect(folder.bytes(of: "key") == Array("first".utf8))

        try Data("old".utf8).write(to: URL(fileURLWithPath: folder.file("open")))
        chmod(folder.file("open"), 0o644)
        try Data("torn".utf8).write(to: URL(fileURLWithPath: folder.file("open.tmp")))
        chmod(folder.file("open.tmp"), 0o666)
        try SecretFile.write(FilePath(folder.file("open")), bytes: Array("secret".utf8))
        #expect(try folder.mode(of: "open") == 0o600)
        #expect(folder.bytes(of: "open") == Array("secret".utf8))
        #expect(!folder.exists("open.tmp"))
    }

    @Test(
        "refused when group or others have any access; the error names the file, its mode and chmod 600",
        arguments: [0o644, 0o640, 0o604, 0o660, 0o606, 0o620, 0o602, 0o610, 0o601, 0o777])
    func exposed(mode: Int) throws {
        let folder = try ScratchFolder()
        try Data("token".utf8).write(to: URL(fileURLWithPath: folder.file("token")))
        chmod(folder.file("token"), mode_t(mode))
        let error = #expect(throws: SecretFile.Exposed.self) { try SecretFile.checkPrivate(folder.file("token")) }
        #expect(error?.mode == UInt32(mode))
        #expect(error?.description.contains(folder.file("token")) == true)
        #expect(error?.description.contains("chmod 600 \(folder.file("token"))") == true)
        #expect(error?.description.contains("mode 0\(String(mode, radix: 8))") == true)
    }

    @Test("owner-only modes pass, and so does a missing file (its read reports it)", arguments: [0o600, 0o400, 0o700, 0o200])
    func privateModes(mode: Int) throws {
        let folder = try ScratchFolder()
        try Data("token".utf8).write(to: URL(fileURLWithPath: folder.file("token")))
        chmod(folder.file("token"), mode_t(mode))
        try SecretFile.checkPrivate(folder.file("token"))
        try SecretFile.checkPrivate(folder.file("missing"))
    }
}
