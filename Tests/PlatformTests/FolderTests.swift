import Foundation
import Testing
import TestKit
import Platform

/// Folders: telling files from folders, and making a path of folders.
@Suite struct FolderTests {
    @Test func filesAndFoldersAreToldApart() throws {
        let dir = try TempDir("platform")
        defer { dir.remove() }
        let file = try dir.write("a.txt", "x")
        #expect(isRegularFile(file) && !isDirectory(file))
        #expect(isDirectory(dir.path) && !isRegularFile(dir.path))
        #expect(!isRegularFile(dir.file("missing")) && !isDirectory(dir.file("missing")))
    }

    @Test func makeDirectoriesCreatesEveryMissingParent() throws {
        let dir = try TempDir("platform")
        defer { dir.remove() }
        let nested = dir.file("a/b/c")
        try makeDirectories(nested)
        #expect(isDirectory(nested))
        try makeDirectories(nested)   // existing: fine
        try makeDirectories(nested + "/")
        #expect(isDirectory(nested))
    }

    @Test func makeDirectoriesNamesTheFolderItCouldNotMake() throws {
        let dir = try TempDir("platform")
        defer { dir.remove() }
        let file = try dir.write("plain", "x")
        // A file stands where a folder is needed.
        #expect(throws: FileError(step: .createFolder, code: ENOTDIR, path: file)) { try makeDirectories(file + "/sub") }
        #expect(throws: FileError(step: .createFolder, code: ENOTDIR, path: file)) { try makeDirectories(file) }
    }
}
