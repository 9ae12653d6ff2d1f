import DurableFile
import Foundation
import SystemPackage
import Testing

@Suite("Replacing a file whole, on real files")
struct ReplaceTests {
    let old: [UInt8] = Array("the old image".utf8)
    let new: [UInt8] = Array("the new image, longer than the old one".utf8)

    @Test("a new file holds the bytes, with the permissions asked for, and no temporary file is left")
    func createsFile() throws {
        let folder = try ScratchFolder()
        try DurableFile.replace(FilePath(folder.file("card.img")), with: new, permissions: .ownerReadWrite)
        #expect(folder.bytes(of: "card.img") == new)
        #expect(try folder.mode(of: "card.img") == 0o600)
        #expect(!folder.exists("card.img.tmp"))
    }

    @Test("replacing a file readable by others leaves it readable by its owner only")
    func replacesPermissions() throws {
        let folder = try ScratchFolder()
        #expect(
            FileManager.default.createFile(atPath: folder.file("key.json"), contents: Data(old), attributes: [.posixPermissions: 0o644]))
        try DurableFile.replace(FilePath(folder.file("key.json")), with: new, permissions: .ownerReadWrite)
        #expect(folder.bytes(of: "key.json") == new)
        #expect(try folder.mode(of: "key.json") == 0o600)
    }

    @Test(
        "a write torn before any step leaves the old bytes or the new ones whole, and the next write succeeds",
        arguments: DurableFile.WriteStep.allCases)
    func tornWrite(step: DurableFile.WriteStep) throws {
        let folder = try ScratchFolder()
        let path = FilePath(folder.file("card.img"))
        try DurableFile.replace(path, with: old, permissions: .ownerReadWrite)
        #expect(throws: DurableFile.Failure.tornAt(step)) {
            try DurableFile.replace(path, with: self.new, permissions: .ownerReadWrite) { $0 != step }
        }
        // Torn before the rename: the old bytes. Torn after it (before the directory sync): the new.
        #expect(folder.bytes(of: "card.img") == (step == .syncDirectory ? new : old))
        // A temporary file left behind holds the new bytes whole once they were written.
        if step == .syncTemporary || step == .rename {
            #expect(folder.bytes(of: "card.img.tmp") == new)
        }
        let newest = Array("the newest image".utf8)
        try DurableFile.replace(path, with: newest, permissions: .ownerReadWrite)
        #expect(folder.bytes(of: "card.img") == newest)
        #expect(!folder.exists("card.img.tmp"))
    }

    @Test("a file in a folder that does not exist fails at open with ENOENT")
    func missingFolder() throws {
        let folder = try ScratchFolder()
        #expect(throws: DurableFile.Failure.system("open", .noSuchFileOrDirectory)) {
            try DurableFile.replace(FilePath(folder.file("gone/card.img")), with: self.new, permissions: .ownerReadWrite)
        }
    }

    @Test("a file that cannot be renamed over (a folder in its place) fails at rename, the folder untouched")
    func renameRefused() throws {
        let folder = try ScratchFolder()
        try FileManager.default.createDirectory(atPath: folder.file("card.img"), withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: folder.file("card.img/inside"), withIntermediateDirectories: false)
        #expect(throws: DurableFile.Failure.system("rename", .isDirectory)) {
            try DurableFile.replace(FilePath(folder.file("card.img")), with: self.new, permissions: .ownerReadWrite)
        }
        #expect(folder.exists("card.img/inside"))
    }
}
