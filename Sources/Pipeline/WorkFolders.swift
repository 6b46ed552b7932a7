import Foundation
import Receivables
import Reports
import SystemIO

/// The working directory's folders (docs/ledger.md) and the moves between them.
struct WorkFolders {
    /// An archived copy that does not restore the file it was made from: the file stays where it was.
    struct ArchiveError: Error, CustomStringConvertible {
        let description: String
    }

    let root: String
    var inbox: String { root + "/inbox" }
    var decisions: String { root + "/inbox/decisions" }
    var quarantine: String { root + "/quarantine" }
    var state: String { root + "/state" }
    var ledger: String { state + "/saatava.sqlite" }
    /// The run lock's file (`RunLock`): one writer at a time.
    var lock: String { state + "/saatava.lock" }

    func create() throws {
        for folder in [inbox, decisions, quarantine, state, root + "/archive", root + "/outbox"] {
            try Self.makeFolder(folder)
        }
    }

    /// Creates `folder`, and the folders above it that are missing, readable by owner and group only whatever the
    /// umask (0750): what a run writes is for the company, not for every user of the machine.
    static func makeFolder(_ folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o750])
    }

    /// The inbox's files to process, by name: not folders, not dot-files, not partial uploads (`*.part`, `*.tmp`).
    func inboxFiles() throws -> [String] { try files(in: inbox) }

    /// The files the accountant put in inbox/decisions/, as `inboxFiles` finds them, but for Excel's lock files
    /// (`~$…`: a workbook open meanwhile). Every one is a decisions file, or refused (one saved as a workbook).
    func decisionFiles() throws -> [String] { try files(in: decisions).filter { !$0.hasPrefix("~$") } }

    /// A folder that is not there holds no file (a dry run creates none); a link to nothing in its place is an error.
    private func files(in folder: String) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            guard (try? FileManager.default.attributesOfItem(atPath: folder)) != nil else { return [] }
            throw error
        }
        return names.filter { name in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder), !isFolder.boolValue else {
                return false
            }
            return !name.hasPrefix(".") && !name.hasSuffix(".part") && !name.hasSuffix(".tmp")
        }.sorted()
    }

    /// The folder for a day's outputs: outbox/<day>/, or outbox/<day>/run-<n>/ (n = 2, 3 …) when a run for the
    /// day has finished writing there already: a past run's outputs are never overwritten. Temporary files a run
    /// killed while writing left behind are removed.
    func outbox(for day: LocalDate) throws -> String {
        var folder = root + "/outbox/\(day)"
        var run = 1
        while FileManager.default.fileExists(atPath: folder + "/run-summary.json") {
            run += 1
            folder = root + "/outbox/\(day)/run-\(run)"
        }
        try Self.makeFolder(folder)
        try removeTemporaryFiles(in: folder)
        return folder
    }

    /// zlib's level for the archive's copies: 6, zlib's default. A generated day of 10 000 invoices (57.9 MB of XML)
    /// becomes 2.7 % of its size in 0.19 s of zlib's time; level 1 leaves 5.6 % in 0.10 s, and 9 gains nothing more
    /// (docs/operations.md, "The archive").
    static let archiveCompressionLevel: Int32 = 6

    /// Archives a processed file: stores it gzip-compressed as archive/<as-of>/<name>.gz, never over another
    /// archived file of the same name (then `<name>.2.gz`, 3 …), with the original's SHA-256 added to the folder's
    /// SHA256SUMS (`sha256sum` format, naming the file as `gzip -d` restores it). The original is removed only once
    /// the compressed copy is on the disk and decompresses, its CRC-32 checked by zlib, to as many bytes.
    /// - Throws: `SystemError` when the copy cannot be written, `ArchiveError` when it does not restore the original.
    func archive(_ name: String, from folder: String? = nil, asOf: LocalDate) throws {
        let target = root + "/archive/\(asOf)"
        try Self.makeFolder(target)
        try removeTemporaryFiles(in: target)
        let source = (folder ?? inbox) + "/" + name
        let restored = freeName(name, in: target, suffix: ".gz")
        let compressed = restored + ".gz"
        var original = SHA256()
        var size = 0
        try GzipFile.compress(source, to: compressed, level: Self.archiveCompressionLevel) {
            original.update($0)
            size += $0.count
        }
        // zlib checks the CRC-32 and length gzip stored of the bytes it compressed (a second SHA-256 pass cost more
        // than the compression itself on a big day), and this the length it gives back.
        var restoredSize = 0
        try GzipFile.decompress(compressed) { restoredSize += $0.count }
        let sum = SHA256.hex(digest: original.finalize())
        guard restoredSize == size else {
            try? FileManager.default.removeItem(atPath: compressed)
            throw ArchiveError(description: "\(compressed): the compressed copy of \(source) does not decompress to the "
                + "same bytes; \(name) stays in \(folder ?? inbox)")
        }
        try addSum(sum, of: String(restored.dropFirst(target.count + 1)), in: target)
        try FileManager.default.removeItem(atPath: source)
    }

    /// Adds a line `<sum>  <name>` to the folder's SHA256SUMS, rewriting the whole file atomically. A name with a
    /// backslash or a line feed is escaped as `sha256sum` does (the line then starts with a backslash).
    private func addSum(_ sum: String, of name: String, in folder: String) throws {
        let path = folder + "/" + Self.sumsFile
        let before = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
        let line = (escaped == name ? "" : "\\") + sum + "  " + escaped + "\n"
        try AtomicFile.write(before + Array(line.utf8), to: path)
    }

    /// The file in each archive/<day>/ that lists the SHA-256 of each archived file as it was received.
    static let sumsFile = "SHA256SUMS"

    /// The days archive/ holds a folder for (`YYYY-MM-DD`), oldest first; other names are left alone.
    func archiveDays() throws -> [LocalDate] {
        let folder = root + "/archive"
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder).compactMap { name in
            name.utf8.count == 10 ? try? LocalDate(parsing: name) : nil
        }.sorted()
    }

    /// Deletes archive/<day>/ and everything in it.
    func deleteArchive(of day: LocalDate) throws {
        try FileManager.default.removeItem(atPath: root + "/archive/\(day)")
    }

    /// Removes what a run killed while writing left behind: `NAME.tmp-<pid>` (AtomicFile's temporary names), and
    /// nothing else (an archived `pay.tmp-1.xml.gz` stays).
    private func removeTemporaryFiles(in folder: String) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            guard let mark = name.range(of: ".tmp-", options: .backwards), Int32(name[mark.upperBound...]) != nil else {
                continue
            }
            try FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }

    /// Moves a refused file to quarantine/ with `<name>.error.txt` saying why.
    func quarantine(_ name: String, from folder: String? = nil, reason: String) throws {
        let destination = freeName(name, in: quarantine)
        try FileManager.default.moveItem(atPath: (folder ?? inbox) + "/" + name, toPath: destination)
        try AtomicFile.write(reason + "\n", to: destination + ".error.txt")
    }

    /// The quarantined files with their reasons, by name.
    func quarantined() throws -> [(file: String, reason: String)] {
        try FileManager.default.contentsOfDirectory(atPath: quarantine).filter { !$0.hasSuffix(".error.txt") }.sorted().map { name in
            let reason = (try? String(contentsOfFile: quarantine + "/" + name + ".error.txt", encoding: .utf8)) ?? ""
            return (name, reason.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// `folder/name`, or `folder/name.2` (3 …) when that is taken; with a `suffix`, a name is taken also when the
    /// name with the suffix is (the archive's `x.gz` takes `x`).
    private func freeName(_ name: String, in folder: String, suffix: String = "") -> String {
        var candidate = folder + "/" + name
        var counter = 1
        while FileManager.default.fileExists(atPath: candidate) || FileManager.default.fileExists(atPath: candidate + suffix) {
            counter += 1
            candidate = folder + "/" + name + ".\(counter)"
        }
        return candidate
    }
}
