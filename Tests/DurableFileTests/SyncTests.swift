import DurableFile
import Foundation
import SystemPackage
import Testing

@Suite("fsync of files and folders, on real files")
struct SyncTests {
    @Test("a file written and synced reads back what was written")
    func syncsFile() throws {
        let folder = try ScratchFolder()
        let descriptor = try FileDescriptor.open(
            FilePath(folder.file("journal")), .writeOnly, options: [.create, .exclusiveCreate], permissions: .ownerReadWrite)
        _ = try descriptor.writeAll(Array(repeating: UInt8(0xA5), count: 4096))
        try DurableFile.sync(descriptor)
        try descriptor.close()
        #expect(folder.bytes(of: "journal") == Array(repeating: 0xA5, count: 4096))
    }

    @Test("fsync of a descriptor that is not open fails with EBADF")
    func syncClosedDescriptor() throws {
        let folder = try ScratchFolder()
        let descriptor = try FileDescriptor.open(
            FilePath(folder.file("journal")), .writeOnly, options: [.create], permissions: .ownerReadWrite)
        try descriptor.close()
        #expect(throws: Errno.badFileDescriptor) { try DurableFile.sync(descriptor) }
    }

    @Test("the folder holding a new file is synced")
    func syncsFolder() throws {
        let folder = try ScratchFolder()
        #expect(FileManager.default.createFile(atPath: folder.file("new"), contents: Data([1, 2, 3])))
        try DurableFile.syncDirectory(containing: FilePath(folder.file("new")))
    }

    @Test("a folder that does not exist fails at open with ENOENT")
    func missingFolder() throws {
        let folder = try ScratchFolder()
        #expect(throws: DurableFile.Failure.system("open directory", .noSuchFileOrDirectory)) {
            try DurableFile.syncDirectory(containing: FilePath(folder.file("gone/new")))
        }
    }

    @Test("a path whose parent is a file, not a folder, fails at open with ENOTDIR")
    func parentIsFile() throws {
        let folder = try ScratchFolder()
        #expect(FileManager.default.createFile(atPath: folder.file("plain"), contents: Data()))
        #expect(throws: DurableFile.Failure.system("open directory", .notDirectory)) {
            try DurableFile.syncDirectory(containing: FilePath(folder.file("plain/new")))
        }
    }

    @Test(
        "the folder of a bare name is the current one",
        arguments: [
            ("card.img", "."), ("/var/lib/terminal/journal", "/var/lib/terminal"), ("run/card.img", "run"), ("/journal", "/"),
        ])
    func folderOfName(path: String, folder: String) {
        #expect(DurableFile.directory(containing: FilePath(path)) == FilePath(folder))
    }
}
